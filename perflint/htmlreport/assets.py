"""The report's stylesheet and script, inlined into the page so that it loads nothing."""

from __future__ import annotations

STYLE = """
:root {
  --text: #1f2933; --muted: #616e7c; --line: #e4e7eb; --panel: #fff; --page: #f5f7fa;
  --error: #c81e1e; --error-soft: #fde8e8; --warning: #b45309; --warning-soft: #fef3c7;
  --info: #2563eb; --info-soft: #e0ecff; --good: #0f9d58; --within: #3b82f6;
}
* { box-sizing: border-box; }
body {
  margin: 0; background: var(--page); color: var(--text); line-height: 1.5;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
header.summary { background: #1f2933; color: #fff; padding: 28px 0 20px; }
.wrap { max-width: 1120px; margin: 0 auto; padding: 0 24px; }
h1 { margin: 0 0 4px; font-size: 26px; }
h2 { margin: 40px 0 4px; font-size: 21px; }
.lead { margin: 0 0 16px; color: var(--muted); }
header .lead { color: #cbd2d9; }
.totals { display: flex; flex-wrap: wrap; gap: 12px; margin: 20px 0 0; padding: 0; }
.total { background: #323f4b; border-radius: 10px; padding: 10px 16px; min-width: 150px; }
.total dt { font-size: 13px; color: #cbd2d9; }
.total dd { margin: 0; font-size: 24px; font-weight: 650; }
.total.error dd { color: #ff8a8a; }
.total.warning dd { color: #fcd34d; }
.total.saving dd { color: #7ee2a8; }
nav { margin-top: 16px; display: flex; gap: 18px; font-size: 14px; }
nav a { color: #cbd2d9; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(440px, 1fr)); gap: 16px; }
.card {
  background: var(--panel); border: 1px solid var(--line); border-left: 5px solid var(--line);
  border-radius: 10px; padding: 14px;
}
.card-top { display: flex; gap: 16px; align-items: flex-start; }
.card.error { border-left-color: var(--error); }
.card.warning { border-left-color: var(--warning); }
.card.info { border-left-color: var(--info); }
.preview {
  flex: 0 0 160px; height: 160px; display: flex; align-items: center; justify-content: center;
  background: repeating-conic-gradient(#eef1f4 0% 25%, #fff 0% 50%) 0 0 / 16px 16px; border-radius: 6px;
}
.preview img { max-width: 160px; max-height: 160px; display: block; }
.preview.missing { background: #eef1f4; color: var(--muted); font-size: 13px; text-align: center; padding: 8px; }
.card h3 { margin: 0; font-size: 15px; overflow-wrap: anywhere; }
.card .folder { margin: 0 0 6px; color: var(--muted); font-size: 12px; overflow-wrap: anywhere; }
.facts { margin: 0; display: grid; grid-template-columns: auto 1fr; gap: 2px 10px; font-size: 13px; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; }
.over-text { color: var(--error); font-weight: 600; }
.good-text { color: var(--good); font-weight: 600; }
.card ul { margin: 12px 0 0; padding: 10px 0 0 18px; font-size: 13px; border-top: 1px solid var(--line); }
.card li { overflow-wrap: anywhere; }
.page {
  background: var(--panel); border: 1px solid var(--line); border-radius: 10px;
  padding: 12px 16px; margin-bottom: 12px;
}
.page-head { display: flex; justify-content: space-between; gap: 16px; flex-wrap: wrap; }
.page-head .name { font-weight: 600; overflow-wrap: anywhere; }
.page-head .weight { color: var(--muted); }
.page.over .weight { color: var(--error); font-weight: 600; }
.bar { position: relative; height: 18px; margin: 8px 0 6px; background: #e9edf1; border-radius: 9px; }
.bar .fill { position: absolute; top: 0; bottom: 0; left: 0; background: var(--within); border-radius: 9px 0 0 9px; }
.bar .excess {
  position: absolute; top: 0; bottom: 0; border-radius: 0 9px 9px 0;
  background: repeating-linear-gradient(135deg, var(--error) 0 8px, #e24b4b 8px 16px);
}
.page.over .bar .fill { background: #f08c8c; }
.bar .limit { position: absolute; top: -4px; bottom: -4px; width: 3px; margin-left: -1px; background: #1f2933; }
.breakdown { margin: 0; font-size: 13px; color: var(--muted); }
.breakdown span { margin-right: 14px; white-space: nowrap; }
.breakdown .over-text { color: var(--error); }
.problem { color: var(--error); font-size: 13px; margin: 4px 0 0; }
table { width: 100%; border-collapse: collapse; background: var(--panel); font-size: 14px; table-layout: fixed; }
th, td { text-align: left; vertical-align: top; padding: 7px 10px; border-bottom: 1px solid var(--line); }
th { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
td { overflow-wrap: anywhere; }
th.number, td.number { text-align: right; white-space: nowrap; width: 92px; }
th.file { width: 30%; }
td.severity { width: 96px; }
td.line { width: 96px; white-space: nowrap; }
td.rule { width: 220px; }
td.where { width: 30%; }
.filters {
  display: flex; flex-wrap: wrap; gap: 10px 24px; align-items: center; background: var(--panel);
  border: 1px solid var(--line); border-radius: 10px; padding: 10px 16px; margin-bottom: 14px; font-size: 14px;
}
.filters fieldset { border: 0; margin: 0; padding: 0; display: flex; gap: 12px; align-items: center; }
.filters legend { float: left; margin-right: 8px; font-weight: 600; }
.filters select { font: inherit; padding: 3px 6px; }
details.group {
  background: var(--panel); border: 1px solid var(--line); border-radius: 10px;
  margin-bottom: 10px; overflow: hidden;
}
details.group summary { cursor: pointer; padding: 10px 14px; font-weight: 600; overflow-wrap: anywhere; }
details.group summary .count { color: var(--muted); font-weight: 400; margin-left: 8px; }
details.group summary .about { display: block; color: var(--muted); font-weight: 400; font-size: 13px; }
.badge { display: inline-block; border-radius: 999px; padding: 1px 9px; font-size: 12px; font-weight: 600; }
.badge.error { background: var(--error-soft); color: var(--error); }
.badge.warning { background: var(--warning-soft); color: var(--warning); }
.badge.info { background: var(--info-soft); color: var(--info); }
.empty { color: var(--muted); }
footer { margin: 40px 0; color: var(--muted); font-size: 13px; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.92em; }
"""

# Filters: severity checkboxes, a rule select and the grouping. The URL fragment holds them
# (#severity=error&rule=image-bytes&group=rule), so a filtered view can be bookmarked or sent.
SCRIPT = """
(function () {
  var form = document.getElementById("filters");
  if (!form) { return; }
  var boxes = Array.prototype.slice.call(form.querySelectorAll("input[name=severity]"));
  var select = form.querySelector("select[name=rule]");
  var groupings = Array.prototype.slice.call(form.querySelectorAll("input[name=group]"));
  var empty = document.getElementById("no-match");

  function grouping() {
    var chosen = groupings.filter(function (radio) { return radio.checked; })[0];
    return chosen ? chosen.value : "file";
  }

  function severities() {
    return boxes.filter(function (box) { return box.checked; }).map(function (box) { return box.value; });
  }

  function apply() {
    var wanted = severities();
    var shown = 0;
    document.querySelectorAll("[data-view]").forEach(function (view) {
      var current = view.getAttribute("data-view") === grouping();
      view.hidden = !current;
      view.querySelectorAll("details.group").forEach(function (group) {
        var visible = 0;
        group.querySelectorAll("tr[data-severity]").forEach(function (row) {
          var match = wanted.indexOf(row.getAttribute("data-severity")) >= 0 &&
            (!select.value || row.getAttribute("data-rule") === select.value);
          row.hidden = !match;
          if (match) { visible += 1; }
        });
        group.hidden = visible === 0;
        group.querySelector(".count").textContent = visible === 1 ? "1 finding" : visible + " findings";
        if (current) { shown += visible; }
      });
    });
    empty.hidden = shown > 0;
  }

  function readFragment() {
    var fragment = window.location.hash.slice(1);
    if (fragment.indexOf("=") < 0) { return; }
    var params = new URLSearchParams(fragment);
    if (params.has("severity")) {
      var wanted = params.get("severity").split(",");
      boxes.forEach(function (box) { box.checked = wanted.indexOf(box.value) >= 0; });
    }
    if (params.has("rule")) {
      var rule = params.get("rule");
      var known = Array.prototype.some.call(select.options, function (option) { return option.value === rule; });
      select.value = known ? rule : "";
    }
    if (params.has("group")) {
      groupings.forEach(function (radio) { radio.checked = radio.value === params.get("group"); });
    }
  }

  function writeFragment() {
    var params = new URLSearchParams();
    params.set("severity", severities().join(","));
    if (select.value) { params.set("rule", select.value); }
    params.set("group", grouping());
    try {
      history.replaceState(null, "", "#" + params.toString());
    } catch (error) {
      // Some browsers refuse to change the address of a local file: the filters still work.
    }
  }

  form.addEventListener("change", function () { apply(); writeFragment(); });
  window.addEventListener("hashchange", function () { readFragment(); apply(); });
  readFragment();
  apply();
})();
"""
