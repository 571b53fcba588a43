/*
 * The survey's interactive parts, layered on pages that work without JavaScript:
 * sortable paper tables (tablesort, vendored) and the filters of the paper index,
 * whose state lives in the URL (?topics=a,b&modalities=ct&text=lung&code=1&from=2020&to=2024)
 * so a filtered view is a link one can share (not `q`: the theme's search box claims that one).
 * Facet names are read from the page,
 * never written here.
 */
(function () {
  "use strict";

  function makeSortable() {
    if (typeof Tablesort === "undefined") return;
    document.querySelectorAll("table.survey-papers").forEach(function (table) {
      if (!table.dataset.sortable) {
        table.dataset.sortable = "1";
        new Tablesort(table);
      }
    });
  }

  function splitList(value) {
    return (value || "").split(",").map(function (v) { return v.trim(); }).filter(Boolean);
  }

  function initFilters() {
    var form = document.getElementById("survey-filters");
    if (!form || form.dataset.ready) return;
    form.dataset.ready = "1";
    form.hidden = false;

    var rows = Array.prototype.slice.call(document.querySelectorAll("table.survey-papers tbody tr"));
    var groups = Array.prototype.slice.call(form.querySelectorAll("[data-facet]"));
    var facets = groups.map(function (g) { return g.dataset.facet; });
    var count = document.getElementById("survey-count");
    var total = rows.length;

    function readUrl() {
      var params = new URLSearchParams(window.location.search);
      facets.forEach(function (facet) {
        var wanted = splitList(params.get(facet));
        form.querySelectorAll('input[name="' + facet + '"]').forEach(function (box) {
          box.checked = wanted.indexOf(box.value) !== -1;
        });
      });
      form.elements.text.value = params.get("text") || "";
      form.elements.code.checked = params.get("code") === "1";
      form.elements.from.value = params.get("from") || "";
      form.elements.to.value = params.get("to") || "";
    }

    function state() {
      var selected = {};
      facets.forEach(function (facet) {
        selected[facet] = Array.prototype.slice
          .call(form.querySelectorAll('input[name="' + facet + '"]:checked'))
          .map(function (box) { return box.value; });
      });
      return {
        selected: selected,
        words: form.elements.text.value.toLowerCase().split(/\s+/).filter(Boolean),
        code: form.elements.code.checked,
        from: parseInt(form.elements.from.value, 10),
        to: parseInt(form.elements.to.value, 10)
      };
    }

    function matches(row, s) {
      for (var i = 0; i < facets.length; i++) {
        var wanted = s.selected[facets[i]];
        if (wanted.length) {
          var has = (row.dataset[facets[i]] || "").split(" ");
          if (!wanted.some(function (v) { return has.indexOf(v) !== -1; })) return false;
        }
      }
      var text = row.dataset.text || "";
      if (!s.words.every(function (w) { return text.indexOf(w) !== -1; })) return false;
      if (s.code && row.dataset.code !== "1") return false;
      var year = parseInt(row.dataset.year, 10);
      if (!isNaN(s.from) && year < s.from) return false;
      if (!isNaN(s.to) && year > s.to) return false;
      return true;
    }

    function writeUrl(s) {
      var parts = [];
      facets.forEach(function (facet) {
        if (s.selected[facet].length) {
          parts.push(facet + "=" + s.selected[facet].map(encodeURIComponent).join(","));
        }
      });
      if (s.words.length) parts.push("text=" + encodeURIComponent(form.elements.text.value.trim()));
      if (s.code) parts.push("code=1");
      if (!isNaN(s.from)) parts.push("from=" + s.from);
      if (!isNaN(s.to)) parts.push("to=" + s.to);
      var query = parts.length ? "?" + parts.join("&") : "";
      window.history.replaceState(null, "", window.location.pathname + query + window.location.hash);
    }

    function apply(updateUrl) {
      var s = state();
      var shown = 0;
      rows.forEach(function (row) {
        var visible = matches(row, s);
        row.hidden = !visible;
        if (visible) shown++;
      });
      groups.forEach(function (group) {
        var n = s.selected[group.dataset.facet].length;
        group.querySelector(".survey-selected").textContent = n ? "(" + n + " selected)" : "";
      });
      count.textContent = shown === total
        ? "Showing all " + total + " papers."
        : "Showing " + shown + " of " + total + " papers.";
      count.dataset.shown = String(shown);
      if (updateUrl) writeUrl(s);
    }

    readUrl();
    apply(false);
    form.addEventListener("input", function () { apply(true); });
    form.addEventListener("change", function () { apply(true); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () {
      window.setTimeout(function () { apply(true); }, 0);
    });
  }

  function labelSearchDialog() {
    // The theme's search overlay has role="dialog" but no accessible name.
    var dialog = document.querySelector(".md-search[role=dialog]");
    if (dialog && !dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", "Search the survey");
  }

  function init() {
    labelSearchDialog();
    makeSortable();
    initFilters();
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
