// Start Pagefind's search box, keeping the query in the URL (?q=...) so a search can be shared.
(function () {
  "use strict";
  var target = document.querySelector("[data-search-target]");
  if (!target || !window.PagefindUI) return;
  var fallback = document.querySelector("[data-search-fallback]");
  if (fallback) fallback.hidden = true;
  // A large site's index comes in shards (see councilprofiles/search.py), merged here into one search.
  var merged = (target.getAttribute("data-merge-indexes") || "").split(" ").filter(Boolean).map(function (path) {
    return { bundlePath: new URL(path, document.baseURI).pathname };
  });
  var ui = new PagefindUI({
    element: target,
    showSubResults: true,
    showImages: false,
    resetStyles: false,
    mergeIndex: merged
  });
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) ui.triggerSearch(query);
  target.addEventListener("input", function (event) {
    if (!event.target || event.target.tagName !== "INPUT") return;
    var value = event.target.value;
    history.replaceState(null, "", value ? "?q=" + encodeURIComponent(value) : window.location.pathname);
  });
})();
