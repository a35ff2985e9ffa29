// Search as you type, in the search form of the search page, the home page and the page-not-found
// page. Progressive enhancement: without this script the form goes to the search page.
// A council's name is answered at once from a directory of names (search/councils.json, a few KB);
// words are searched with Pagefind's JavaScript API, loaded when the box is first focused, so no
// page loads it before it is needed. Enter on a council's name goes straight to its page. On the
// search page the query is kept in the address (?q=...), so a search can be shared.
(function () {
  "use strict";
  var form = document.querySelector("form[data-search]");
  var results = document.querySelector("[data-search-results]");
  if (!form || !results || !window.fetch || !window.URLSearchParams || !window.Promise) return;
  var input = form.elements.q;
  var base = new URL(form.getAttribute("data-root"), document.baseURI);
  var onSearchPage = new URL(form.getAttribute("action"), document.baseURI).pathname === window.location.pathname;
  var PAGES_SHOWN = 8;
  var directory = null; // a promise of the directory of names
  var engine = null; // a promise of Pagefind, ready to search
  var latest = 0; // the number of the latest query: answers to earlier ones are dropped

  var status = element("p", "search-status");
  status.setAttribute("role", "status");
  status.setAttribute("data-search-status", "");
  var found = element("div", "search-found");
  results.appendChild(status);
  results.appendChild(found);

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function loadDirectory() {
    if (!directory) {
      directory = fetch(new URL("search/councils.json", base)).then(function (response) {
        if (!response.ok) throw new Error("The list of councils could not be loaded");
        return response.json();
      });
    }
    return directory;
  }

  function loadEngine() {
    if (!engine) {
      var loading = import(new URL("pagefind/pagefind.js", base).href);
      engine = Promise.all([loading, loadDirectory()]).then(function (loaded) {
        var pagefind = loaded[0];
        // A large site's index comes in shards (see councilprofiles/search.py), merged here into one search.
        return pagefind.options({ excerptLength: 24 })
          .then(function () { return pagefind.init(); })
          .then(function () {
            return Promise.all(loaded[1].indexes.map(function (folder) {
              return pagefind.mergeIndex(new URL(folder, base).pathname);
            }));
          })
          .then(function () { return pagefind; });
      });
      engine.catch(function () { engine = null; });
    }
    return engine;
  }

  function prepare() {
    loadDirectory().catch(function () {});
    loadEngine().catch(function () {});
  }

  function normalise(text) {
    return text.toLowerCase().replace(/&/g, " and ").replace(/[^a-z0-9]+/g, " ").trim();
  }

  // Councils whose name (or the name of a council they replaced) matches: the whole name, its
  // start, or every word typed starting a word of it. Best first.
  function matchCouncils(query, councils) {
    var typed = normalise(query);
    if (!typed) return [];
    var words = typed.split(" ");
    var matches = [];
    councils.forEach(function (council) {
      var best = { score: 0 };
      [council.name].concat(council.formerly || []).forEach(function (name, index) {
        var said = normalise(name);
        var saidWords = said.split(" ");
        var score = said === typed ? 3 : said.indexOf(typed) === 0 ? 2
          : words.every(function (word) { return saidWords.some(function (w) { return w.indexOf(word) === 0; }); }) ? 1 : 0;
        if (score > best.score) best = { score: score, formerly: index ? name : null };
      });
      if (best.score) matches.push({ council: council, score: best.score, formerly: best.formerly });
    });
    matches.sort(function (a, b) { return b.score - a.score || a.council.name.localeCompare(b.council.name, "en-GB"); });
    return matches;
  }

  // Where Enter goes: the council named exactly, or the only council that matches.
  function destination(query, councils) {
    var matches = matchCouncils(query, councils);
    if (matches.length && matches[0].score === 3 && (matches.length === 1 || matches[1].score < 3)) return matches[0].council;
    if (matches.length === 1 && normalise(query).length >= 3) return matches[0].council;
    return null;
  }

  function plural(count, one, many) {
    return count + " " + (count === 1 ? one : many);
  }

  function say(query, councils, pages, shown, searching) {
    var parts = [];
    if (councils) parts.push(plural(councils, "council", "councils"));
    if (pages) parts.push(plural(pages, "page", "pages"));
    var text;
    if (parts.length) {
      text = parts.join(" and ") + (councils + pages === 1 ? " matches" : " match") + " “" + query + "”";
      text += searching ? ". Searching the profiles…" : pages > shown ? ". The " + shown + " best pages are shown; “Show more” lists the next." : ".";
    } else {
      text = searching ? "Searching for “" + query + "”…" : "Nothing matches “" + query + "”. Check the spelling, or try other words.";
    }
    status.textContent = text;
    status.setAttribute("data-query", query);
  }

  function councilList(matches) {
    var list = element("ul", "search-councils");
    matches.slice(0, 6).forEach(function (match) {
      var item = element("li");
      var link = element("a", null, match.council.name);
      link.href = new URL(match.council.url, base).href;
      item.appendChild(link);
      var about = match.formerly ? ", which took over from " + match.formerly : "";
      item.appendChild(element("span", "muted", " " + match.council.region + about));
      list.appendChild(item);
    });
    return list;
  }

  function pageList(pages) {
    var list = element("ol", "search-hits");
    pages.forEach(function (page) {
      var item = element("li");
      var link = element("a", null, page.meta && page.meta.title ? page.meta.title : page.url);
      var best = page.sub_results && page.sub_results.length ? page.sub_results[0] : null;
      link.href = best ? best.url : page.url;
      item.appendChild(link);
      if (best && best.title && best.title !== link.textContent) item.appendChild(element("span", "muted", ": " + best.title));
      var excerpt = element("p", "excerpt");
      excerpt.innerHTML = best ? best.excerpt : page.excerpt; // Pagefind's excerpt: the page's text, escaped, with <mark>
      item.appendChild(excerpt);
      list.appendChild(item);
    });
    return list;
  }

  function show(query, matches, pages, total, searching) {
    found.textContent = "";
    if (matches.length) {
      found.appendChild(element("h2", "search-heading", "Councils"));
      found.appendChild(councilList(matches));
    }
    if (pages && pages.length) {
      found.appendChild(element("h2", "search-heading", "In the profiles"));
      found.appendChild(pageList(pages));
      if (!searching && pages.length < total) {
        var more = element("button", "search-more", "Show more pages (" + Math.min(PAGES_SHOWN, total - pages.length) + " of " + (total - pages.length) + " more)");
        more.type = "button";
        more.addEventListener("click", showMore);
        found.appendChild(more);
      }
    }
    say(query, matches.length, total, pages ? pages.length : 0, searching);
  }

  // The search whose pages are shown: every match can be listed, PAGES_SHOWN more at each request.
  var shownSearch = null;

  function showMore() {
    var current = shownSearch;
    if (!current || current.number !== latest) return;
    var start = current.loaded.length;
    var next = current.results.slice(start, start + PAGES_SHOWN).map(function (result) { return result.data(); });
    Promise.all(next).then(function (loaded) {
      if (current.number !== latest) return;
      current.loaded = current.loaded.concat(loaded);
      show(current.query, current.matches, current.loaded, current.results.length, false);
      // Focus goes to the first page added, so a keyboard or screen reader user reads on from there.
      var links = found.querySelectorAll(".search-hits > li > a");
      if (links[start]) links[start].focus();
    }).catch(function () {});
  }

  var searching = false; // a search of the pages is under way
  var waiting = null; // the query typed meanwhile: searched next, those typed before it are skipped

  function run(query) {
    var number = ++latest;
    query = query.trim();
    if (!query) {
      found.textContent = "";
      status.textContent = "";
      status.removeAttribute("data-query");
      return;
    }
    var words = query.length > 1;
    loadDirectory().then(function (data) {
      if (number === latest) show(query, matchCouncils(query, data.councils), null, 0, words);
    }).catch(function () {});
    // One letter matches nearly every page and is slow to search: its councils are shown, words wait for a second letter.
    if (words) searchPages(query, number);
  }

  function searchPages(query, number) {
    if (searching) {
      waiting = { query: query, number: number };
      return;
    }
    searching = true;
    loadEngine().then(function (pagefind) {
      return number === latest ? pagefind.search(query) : null;
    }).then(function (search) {
      if (number !== latest || !search) return null;
      return loadDirectory().then(function (data) {
        var matches = matchCouncils(query, data.councils);
        var total = search.results.length;
        var pages = search.results.slice(0, PAGES_SHOWN).map(function (result) { return result.data(); });
        if (pages.length > 1) {
          // The best page as soon as it is loaded, the rest when they are.
          pages[0].then(function (first) {
            if (number === latest && searching) show(query, matches, [first], total, true);
          });
        }
        return Promise.all(pages).then(function (loaded) {
          if (number !== latest) return;
          shownSearch = { number: number, query: query, matches: matches, results: search.results, loaded: loaded };
          show(query, matches, loaded, total, false);
        });
      });
    }).catch(function () {
      if (number !== latest) return;
      status.textContent = "The search could not load. Every council is listed on the home page.";
    }).then(function () {
      searching = false;
      var next = waiting;
      waiting = null;
      if (next && next.number === latest) searchPages(next.query, next.number);
    });
  }

  // Pagefind loads when a reader comes to the box; on the search page, as soon as the page is idle.
  input.addEventListener("focus", prepare);
  form.addEventListener("pointerenter", prepare);
  form.addEventListener("pointerdown", prepare);
  if (onSearchPage) (window.requestIdleCallback || window.setTimeout)(prepare);
  input.addEventListener("input", function () {
    run(input.value);
    if (onSearchPage) {
      var value = input.value.trim();
      history.replaceState(null, "", value ? "?q=" + encodeURIComponent(value) : window.location.pathname);
    }
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var query = input.value.trim();
    loadDirectory().then(function (data) {
      var council = destination(query, data.councils);
      if (council) window.location.assign(new URL(council.url, base).href);
      else if (onSearchPage) run(query);
      else window.location.assign(new URL("search/?q=" + encodeURIComponent(query), base).href);
    }).catch(function () { form.submit(); });
  });

  var query = onSearchPage ? new URLSearchParams(window.location.search).get("q") : null;
  if (query) {
    input.value = query;
    run(query);
  }
})();
