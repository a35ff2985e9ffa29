// Filter and sort the councils table. Progressive enhancement: without this
// script the full table reads as it is. The state lives in the URL query
// (?region=london&grade=4&area=any&send=3&sort=grade) so a filtered view can be shared.
// Each row carries its grades as data attributes (overall, leaders, help, care,
// leavers: Ofsted's numbers, 1 outstanding to 4 inadequate) and `order`, the
// sort rule worked out at build time (see CouncilView.grade_data). Apart from the
// grades, `send` is the newest area SEND inspection's outcome (Ofsted's 1 to 3, not
// a grade), `unknown` or `none` (see CouncilView.send_filter).
(function () {
  "use strict";
  var form = document.querySelector("form[data-browse]");
  var table = document.querySelector("table.councils");
  if (!form || !table || !window.URLSearchParams) return;
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var count = form.querySelector(".browse-count");
  var fields = { region: form.elements.region, grade: form.elements.grade, area: form.elements.area, send: form.elements.send, sort: form.elements.sort };
  var AREAS = ["overall", "leaders", "help", "care", "leavers"];
  var NONE = 9; // no grade in the area sorted by: last

  function gradeIn(row, area) {
    if (area === "overall") return Number(row.dataset.order);
    return Number(row.dataset[area]) || NONE;
  }

  function matches(row, grade, area) {
    if (!grade) return true;
    if (area === "any") return AREAS.some(function (name) { return row.dataset[name] === grade; });
    return row.dataset[area] === grade;
  }

  function compare(sort, area) {
    var by = area === "any" ? "overall" : area;
    return function (a, b) {
      var byName = a.dataset.name.localeCompare(b.dataset.name, "en-GB");
      if (sort === "grade") return (gradeIn(a, by) - gradeIn(b, by)) || byName;
      if (sort === "latest") return b.dataset.latest.localeCompare(a.dataset.latest) || byName;
      return byName;
    };
  }

  function apply(push) {
    var region = fields.region.value, grade = fields.grade.value, area = fields.area.value || "overall";
    var send = fields.send.value, sort = fields.sort.value || "name";
    var shown = 0;
    rows.slice().sort(compare(sort, area)).forEach(function (row) {
      var visible = (!region || row.dataset.region === region) && matches(row, grade, area) && (!send || row.dataset.send === send);
      row.hidden = !visible;
      if (visible) shown += 1;
      body.appendChild(row);
    });
    count.textContent = shown + (shown === 1 ? " council shown" : " councils shown");
    if (push) {
      var query = new URLSearchParams();
      if (region) query.set("region", region);
      if (grade) query.set("grade", grade);
      if (area !== "overall") query.set("area", area);
      if (send) query.set("send", send);
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
