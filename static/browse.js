// Filter and sort the councils table. Progressive enhancement: without this
// script the full table reads as it is. The state lives in the URL query
// (?region=london&grade=2&sort=grade) so a filtered view can be shared.
(function () {
  "use strict";
  var form = document.querySelector("form[data-browse]");
  var table = document.querySelector("table.councils");
  if (!form || !table || !window.URLSearchParams) return;
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var count = form.querySelector(".browse-count");
  var fields = { region: form.elements.region, grade: form.elements.grade, sort: form.elements.sort };

  function compare(sort) {
    return function (a, b) {
      var byName = a.dataset.name.localeCompare(b.dataset.name, "en-GB");
      if (sort === "grade") return (Number(a.dataset.grade) - Number(b.dataset.grade)) || byName;
      if (sort === "latest") return b.dataset.latest.localeCompare(a.dataset.latest) || byName;
      return byName;
    };
  }

  function apply(push) {
    var region = fields.region.value, grade = fields.grade.value, sort = fields.sort.value || "name";
    var shown = 0;
    rows.slice().sort(compare(sort)).forEach(function (row) {
      var visible = (!region || row.dataset.region === region) && (!grade || row.dataset.grade === grade);
      row.hidden = !visible;
      if (visible) shown += 1;
      body.appendChild(row);
    });
    count.textContent = shown + (shown === 1 ? " council shown" : " councils shown");
    if (push) {
      var query = new URLSearchParams();
      if (region) query.set("region", region);
      if (grade) query.set("grade", grade);
      if (sort !== "name") query.set("sort", sort);
      var text = query.toString();
      history.replaceState(null, "", text ? "?" + text : window.location.pathname);
    }
  }

  var params = new URLSearchParams(window.location.search);
  Object.keys(fields).forEach(function (name) {
    var value = params.get(name);
    if (value && fields[name].querySelector('option[value="' + CSS.escape(value) + '"]')) fields[name].value = value;
    fields[name].addEventListener("change", function () { apply(true); });
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.hidden = false;
  apply(false);
})();
