// Marks the page as running scripts before it is drawn, so the search page hides what is there for
// browsers without JavaScript (`.js [data-search-fallback]` in style.css) with no flash of it. A
// file, not an inline script: the pages' Content-Security-Policy runs only the site's own files.
document.documentElement.className += " js";
