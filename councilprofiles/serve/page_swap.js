
(function () {
  function assets(doc) {
    return Array.prototype.map.call(
      doc.querySelectorAll("link[rel~=stylesheet], style, script:not([data-preview])"),
      function (element) { return element.outerHTML; }
    ).join("\n");
  }
  function PageSwap(window) { this.window = window; }
  PageSwap.identifier = "page-swap";
  PageSwap.version = "1.0";
  PageSwap.prototype.reload = function (path) {
    var window = this.window, document = window.document;
    if (/\.(css|jpe?g|png|gif|svg)$/i.test(path) || document.querySelector("script:not([data-preview])")) {
      return false;
    }
    window.fetch(window.location.href, {cache: "no-store"})
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var fresh = new window.DOMParser().parseFromString(html, "text/html");
        if (assets(fresh) !== assets(document)) { window.location.reload(); return; }
        document.title = fresh.title;
        document.documentElement.replaceChild(document.adoptNode(fresh.body), document.body);
      })
      .catch(function () { window.location.reload(); });
    return true;
  };
  window.LiveReloadPluginPageSwap = PageSwap;
})();
