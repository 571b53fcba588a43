/*
 * Runs `init` on every page a reader opens: with Material's instant navigation pages are
 * swapped without a load event, and document$ says when; without it, once the page is parsed.
 * search.js, loaded after this file, uses it too.
 */
function surveyOnEveryPage(init) {
  "use strict";
  if (typeof document$ !== "undefined") {
    document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
}

/*
 * An element with these attributes and children; a string child becomes a text node, so text
 * from the data is never read as HTML.
 */
function surveyElement(tag, attributes, children) {
  "use strict";
  var node = document.createElement(tag);
  Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
  (children || []).forEach(function (child) {
    node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
  });
  return node;
}

/*
 * The index of all papers: filters, sorting and "show more" over papers/index.json, layered on
 * a page whose HTML already shows the first rows (and the facet pages list every paper for
 * readers without JavaScript). The state lives in the URL
 * (?topics=a,b&modalities=ct&text=lung&code=1&from=2020&to=2024&sort=-year), so a filtered
 * view is a link one can share (not `q`: that one opens the search). The data is fetched when
 * a reader first uses the index, or at once when the address asks for a filtered view. Facet
 * names are read from the page and the data, never written here. Rows are built from text
 * nodes; keep them in step with the paper_row macro of the page templates.
 */
(function () {
  "use strict";

  var PAGE = 100;

  function splitList(value) {
    return (value || "").split(",").map(function (v) { return v.trim(); }).filter(Boolean);
  }

  var element = surveyElement;

  function initIndex() {
    var form = document.getElementById("survey-filters");
    var table = document.querySelector("table.survey-papers[data-src]");
    if (!form || !table || form.dataset.ready) return;
    form.dataset.ready = "1";

    var tbody = table.tBodies[0];
    var base = table.dataset.base || "../";
    var total = parseInt(table.dataset.total, 10);
    var count = document.getElementById("survey-count");
    var more = document.getElementById("survey-show-more");
    var groups = Array.prototype.slice.call(form.querySelectorAll("fieldset[data-facet]"));
    var facets = groups.map(function (g) { return g.dataset.facet; });
    var headers = Array.prototype.slice.call(table.querySelectorAll("th[data-sort]"));
    var data = null, loading = null, matches = [], shown = 0, sort = "", drawn = null;

    function load() {
      if (!loading) {
        loading = fetch(table.dataset.src).then(function (response) { return response.json(); })
          .then(function (json) {
            var at = {};
            json.fields.forEach(function (name, i) { at[name] = i; });
            var order = json.facets.map(function (f) { return f.id; });
            data = {
              titles: {},
              papers: json.papers.map(function (row, position) {
                var paper = { position: position, facets: {} };
                json.fields.forEach(function (name) { paper[name] = row[at[name]]; });
                order.forEach(function (id, i) { paper.facets[id] = row[at.facets][i]; });
                paper.text = [paper.title, paper.authors, paper.venue, paper.arxiv, paper.doi, paper.id]
                  .join(" ").toLowerCase();
                return paper;
              })
            };
            json.facets.forEach(function (f) { data.titles[f.id] = f.values; });
            return data;
          });
      }
      return loading;
    }

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
      sort = params.get("sort") || "";
      return facets.some(function (f) { return params.has(f); }) ||
        ["text", "code", "from", "to", "sort"].some(function (k) { return params.has(k); });
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

    function matchesState(paper, s) {
      for (var i = 0; i < facets.length; i++) {
        var wanted = s.selected[facets[i]];
        var has = paper.facets[facets[i]] || [];
        if (wanted.length && !wanted.some(function (v) { return has.indexOf(v) !== -1; })) return false;
      }
      if (!s.words.every(function (w) { return paper.text.indexOf(w) !== -1; })) return false;
      if (s.code && !paper.code) return false;
      if (!isNaN(s.from) && paper.year < s.from) return false;
      if (!isNaN(s.to) && paper.year > s.to) return false;
      return true;
    }

    function compare(a, b) {
      var key = sort.replace(/^-/, ""), sign = sort.charAt(0) === "-" ? -1 : 1, result = 0;
      if (key === "year") result = sign * (a.year - b.year);
      else if (!a[key] !== !b[key]) result = a[key] ? -1 : 1;  // papers without a venue come last either way
      else if (a[key]) result = sign * a[key].localeCompare(b[key], undefined, { sensitivity: "base" });
      return result || a.position - b.position;
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
      if (sort) parts.push("sort=" + sort);
      var query = parts.length ? "?" + parts.join("&") : "";
      window.history.replaceState(null, "", window.location.pathname + query + window.location.hash);
    }

    function row(paper) {
      var title = [];
      (paper.flags || []).forEach(function (flag) {  // as the flag_tags macro writes them
        title.push(element("span", { class: "survey-flag survey-flag--" + flag[0] }, [flag[1]]), " ");
      });
      title.push(element("a", { href: base + "papers/" + paper.id + "/" }, [paper.title]), " ",
                 surveyReading.button(paper.id, paper.title));
      if (paper.short_authors) {
        title.push(element("br"), element("span", { class: "survey-authors-short" }, [paper.short_authors]));
      }
      var cells = [element("td", {}, title), element("td", {}, [String(paper.year)]),
                   element("td", {}, [paper.venue || ""])];
      facets.forEach(function (facet) {
        var badges = [];
        (paper.facets[facet] || []).forEach(function (value, i) {
          if (i) badges.push(" ");
          badges.push(element("a", { class: "survey-badge", href: base + facet + "/" + value + "/" },
                              [data.titles[facet][value] || value]));
        });
        cells.push(element("td", {}, badges));
      });
      var code = /^https?:\/\//.test(paper.code || "")
        ? [element("a", { href: paper.code, rel: "noopener", "aria-label": "Code for " + paper.title }, ["code"])] : [];
      cells.push(element("td", {}, code));
      var retracted = (paper.flags || []).some(function (flag) { return flag[0] === "retracted"; });
      return element("tr", retracted ? { id: "row-" + paper.id, "data-id": paper.id, class: "survey-retracted" }
                                     : { id: "row-" + paper.id, "data-id": paper.id }, cells);
    }

    function showRows(upTo) {
      var fragment = document.createDocumentFragment();
      matches.slice(shown, upTo).forEach(function (paper) { fragment.appendChild(row(paper)); });
      tbody.appendChild(fragment);
      shown = Math.min(upTo, matches.length);
      var left = matches.length - shown;
      more.hidden = left <= 0;
      more.textContent = "Show " + Math.min(PAGE, left) + " more (" + left + " not shown)";
    }

    function headings() {
      headers.forEach(function (th) {
        var key = th.dataset.sort;
        th.setAttribute("aria-sort", sort === key ? "ascending" : sort === "-" + key ? "descending" : "none");
      });
    }

    function apply(updateUrl) {
      return load().then(function () {
        var s = state();
        // A field's "change" on blur repeats its last "input": redrawing then would replace the
        // row the reader is clicking between the press and the release, and lose the click.
        var key = JSON.stringify([s, sort]);
        if (key === drawn) return;
        drawn = key;
        matches = data.papers.filter(function (paper) { return matchesState(paper, s); });
        if (sort) matches.sort(compare);
        tbody.textContent = "";
        shown = 0;
        showRows(PAGE);
        var selected = 0;
        groups.forEach(function (group) {
          var n = s.selected[group.dataset.facet].length;
          group.querySelector(".survey-selected").textContent = n ? "(" + n + " selected)" : "";
          selected += n;
        });
        var chosen = document.getElementById("survey-selected-total");
        if (chosen) chosen.textContent = selected ? "(" + selected + " selected)" : "";
        count.textContent = matches.length === total
          ? "Showing all " + total + " papers."
          : "Showing " + matches.length + " of " + total + " papers.";
        var what = document.querySelector(".survey-export-what");
        if (what) what.textContent = matches.length === total ? "all " + total + " papers"
          : "these " + matches.length + " paper" + (matches.length === 1 ? "" : "s");
        count.dataset.shown = String(matches.length);
        headings();
        if (updateUrl) writeUrl(s);
      });
    }

    headers.forEach(function (th) {
      var button = element("button", { type: "button", class: "survey-sort" }, Array.prototype.slice.call(th.childNodes));
      th.appendChild(button);
      button.addEventListener("click", function () {
        var key = th.dataset.sort;
        sort = sort === key ? "-" + key : key;
        apply(true);
      });
    });
    headings();
    form.addEventListener("input", function () { apply(true); });
    form.addEventListener("change", function () { apply(true); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () {
      sort = "";
      window.setTimeout(function () { apply(true); }, 0);
    });
    more.addEventListener("click", function () {
      if (data) showRows(shown + PAGE);
      else apply(false);  // its first page is already longer than the rows the HTML shows
    });
    // The data is fetched on the reader's first move, so merely opening the page costs nothing more.
    ["pointerdown", "focusin", "keydown"].forEach(function (type) {
      form.addEventListener(type, load, { once: true, passive: true });
    });
    more.textContent = "Show more papers";
    if (readUrl()) apply(false);
    initExport(function () {
      return (data ? Promise.resolve() : apply(false)).then(function () { return matches; });
    });
  }

  // BibTeX, RIS, CSL-JSON and CSV for exactly the papers the filters show, cut from the whole
  // survey's files (fetched when asked for), so the keys and columns are those of those files.
  function initExport(selection) {
    var bar = document.querySelector(".survey-export");
    if (!bar) return;
    var status = bar.querySelector(".survey-export-status");

    bar.addEventListener("click", function (event) {
      var how = event.target.dataset && event.target.dataset.export;
      if (!how) return;
      selection().then(function (papers) {
        var ids = papers.map(function (p) { return p.id; });
        var n = ids.length + " paper" + (ids.length === 1 ? "" : "s");
        return surveyExport.text(bar.dataset.base, how === "copy" ? "bib" : how, ids).then(function (text) {
          if (how === "copy") {
            return navigator.clipboard.writeText(text).then(function () {
              status.textContent = "Copied the BibTeX of " + n + ".";
            });
          }
          surveyExport.download("papers." + surveyExport.FORMATS[how].extension, surveyExport.FORMATS[how].type, text);
          status.textContent = "Downloaded the " + surveyExport.FORMATS[how].name + " of " + n + ".";
        });
      }).catch(function () { status.textContent = "That did not work; reload the page and try again."; });
    });
  }

  // A paper page's downloads: the entry as the page shows it, or the paper's record of a file.
  function initCiteDownloads() {
    var bar = document.querySelector(".survey-cite-downloads");
    if (!bar) return;
    bar.addEventListener("click", function (event) {
      var how = event.target.dataset && event.target.dataset.download;
      if (!how) return;
      var block = document.querySelector({ bib: "pre.survey-bibtex", ris: "pre.survey-ris", json: "pre.survey-csl" }[how]);
      var format = surveyExport.FORMATS[how];
      surveyExport.download(bar.dataset.paper + "." + format.extension, format.type, block.textContent);
    });
  }
  surveyOnEveryPage(initCiteDownloads);

  // The datasets page: its first page of rows is in the HTML; the filters and sorting work on
  // every dataset, rendered from datasets/rows.json as dataset_row() writes them (loaded when
  // the reader first reaches for the form, or when the address asks for a view). The filters
  // show those with any chosen value of each group (and every group at once); the view is in
  // the URL (?modalities=ct&released=yes&sort=size); "Download" gives every matching dataset,
  // from datasets.json.
  function initDatasets() {
    var table = document.querySelector("table.survey-datasets[data-rows]");
    var form = document.getElementById("survey-dataset-filters");
    if (!table || !form || form.dataset.ready) return;
    form.dataset.ready = "1";
    var body = table.tBodies[0], base = table.dataset.base, total = parseInt(table.dataset.total, 10);
    var step = body.rows.length || 1;
    var count = document.getElementById("survey-dataset-count");
    var more = document.getElementById("survey-dataset-more");
    var groups = Array.prototype.map.call(form.querySelectorAll("fieldset[data-key]"), function (f) { return f.dataset.key; });
    var data = null, loading = null, matches = [], shown = 0;

    function load() {
      if (!loading) {
        loading = fetch(table.dataset.rows).then(function (response) { return response.json(); }).then(function (json) {
          var at = {};
          json.fields.forEach(function (name, i) { at[name] = i; });
          var column = {};
          json.columns.forEach(function (c, i) { column[c.key] = i; });
          data = {
            columns: json.columns, column: column,
            rows: json.rows.map(function (row, position) {
              var item = { position: position };
              json.fields.forEach(function (name) { item[name] = row[at[name]]; });
              return item;
            })
          };
        });
        loading.catch(function () { loading = null; });
      }
      return loading;
    }
    function chosen(key) {
      return Array.prototype.map.call(form.querySelectorAll('input[name="' + key + '"]:checked'),
                                      function (input) { return input.value; });
    }
    function values(item, key) {
      if (key === "licence") return [item.licence || "unstated"];
      if (key === "released") return [item.released];
      return item.values[data.column[key]] || [];
    }
    function compare(how) {
      return function (a, b) {
        if (how === "size") {
          var x = a.size_number === null ? -1 : a.size_number, y = b.size_number === null ? -1 : b.size_number;
          if (x !== y) return y - x;
        } else if (how === "name") {
          var m = a.name.toLowerCase(), n = b.name.toLowerCase();
          if (m !== n) return m < n ? -1 : 1;
        } else if (a.year !== b.year) {
          return b.year - a.year;
        }
        return a.position - b.position;
      };
    }
    function badges(ids, c) {
      var cell = element("td", { "data-label": c.title });
      ids.forEach(function (id, i) {
        if (i) cell.appendChild(document.createTextNode(" "));
        cell.appendChild(element("a", { class: "survey-badge", href: base + c.folder + "/" + id + "/" }, [c.values[id] || id]));
      });
      return cell;
    }
    function row(item) {  // as the dataset_row macro writes it
      var tr = element("tr", { id: item.id, "data-id": item.id });
      var th = element("th", { scope: "row", "data-label": "Dataset" }, [item.name + " "]);
      if (item.released === "yes") th.appendChild(element("span", { class: "survey-tag survey-released" }, ["released"]));
      if (item.released === "no") th.appendChild(element("span", { class: "survey-tag" }, ["not public"]));
      th.appendChild(element("br"));
      item.flags.forEach(function (flag) {
        th.appendChild(element("span", { class: "survey-flag survey-flag--" + flag[0] }, [flag[1]]));
        th.appendChild(document.createTextNode(" "));
      });
      th.appendChild(element("a", { class: "survey-dataset-paper", href: base + item.paper_url + "#" + item.id }, [item.paper_title]));
      tr.appendChild(th);
      tr.appendChild(element("td", { "data-label": "Year" }, [String(item.year)]));
      var tasks = null;
      data.columns.forEach(function (c, i) {
        if (c.key === "tasks") tasks = badges(item.values[i], c); else tr.appendChild(badges(item.values[i], c));
      });
      tr.appendChild(element("td", { "data-label": "Size" }, [item.size]));
      tr.appendChild(element("td", { "data-label": "Annotations" }, [item.annotations]));
      if (tasks) tr.appendChild(tasks);
      tr.appendChild(element("td", { "data-label": "Licence" }, [item.licence]));
      var access = element("td", { "data-label": "Access" });
      if (/^https?:\/\//i.test(item.access)) {
        access.appendChild(element("a", { href: item.access, rel: "noopener" },
          ["Get it", element("span", { class: "survey-visually-hidden" }, [": " + item.name])]));
      }
      tr.appendChild(access);
      return tr;
    }
    function showRows(upTo) {
      var fragment = document.createDocumentFragment();
      matches.slice(shown, upTo).forEach(function (item) { fragment.appendChild(row(item)); });
      body.appendChild(fragment);
      shown = Math.min(upTo, matches.length);
      more.hidden = shown >= matches.length;
      var what = document.querySelector(".survey-datasets-page .survey-export-what");
      count.textContent = (matches.length === total ? "All " + total + " datasets" : matches.length + " of " + total + " datasets") +
        (shown < matches.length ? ", the first " + shown + " shown" : "");
      if (what) what.textContent = "these " + matches.length + " dataset" + (matches.length === 1 ? "" : "s");
    }
    function apply(write) {
      return load().then(function () {
        matches = data.rows.filter(function (item) {
          return groups.every(function (key) {
            var wanted = chosen(key);
            if (!wanted.length) return true;
            var has = values(item, key);
            return wanted.some(function (value) { return has.indexOf(value) >= 0; });
          });
        }).sort(compare(form.elements.sort.value));
        body.textContent = "";
        shown = 0;
        showRows(step);
        // The plain pages list every dataset unfiltered: not this view.
        document.querySelectorAll(".survey-datasets-page .survey-pager").forEach(function (nav) { nav.hidden = true; });
        if (!write) return;
        var params = new URLSearchParams();
        groups.forEach(function (key) { if (chosen(key).length) params.set(key, chosen(key).join(",")); });
        if (form.elements.sort.value !== "year") params.set("sort", form.elements.sort.value);
        var query = params.toString();
        window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
      });
    }
    var params = new URLSearchParams(window.location.search);
    var asked = false;
    groups.forEach(function (key) {
      var wanted = (params.get(key) || "").split(",");
      form.querySelectorAll('input[name="' + key + '"]').forEach(function (input) {
        input.checked = wanted.indexOf(input.value) >= 0;
        asked = asked || input.checked;
      });
    });
    if (params.get("sort") && form.elements.sort.querySelector('option[value="' + CSS.escape(params.get("sort")) + '"]')) {
      form.elements.sort.value = params.get("sort");
      asked = true;
    }
    if (asked) apply(false);
    form.addEventListener("change", function () { apply(true); });
    ["pointerdown", "focusin"].forEach(function (type) {  // load while the reader chooses
      form.addEventListener(type, function () { load(); }, { once: true });
    });
    document.getElementById("survey-dataset-clear").addEventListener("click", function () {
      form.querySelectorAll("input:checked").forEach(function (input) { input.checked = false; });
      form.elements.sort.value = "year";
      apply(true);
    });
    more.addEventListener("click", function () { showRows(shown + step); });

    var bar = document.querySelector(".survey-datasets-page .survey-export");
    var status = bar.querySelector(".survey-export-status");
    bar.addEventListener("click", function (event) {
      var how = event.target.dataset && event.target.dataset.export;
      if (!how) return;
      (data ? Promise.resolve() : apply(false)).then(function () {
        return fetch(table.dataset.src).then(function (r) { return r.json(); });
      }).then(function (all) {
        var byId = {};
        all.forEach(function (item) { byId[item.id] = item; });
        var items = matches.map(function (item) { return byId[item.id]; }).filter(Boolean);
        if (how === "json") {
          surveyExport.download("datasets.json", "application/json", JSON.stringify(items, null, 2) + "\n");
        } else {
          surveyExport.download("datasets.csv", "text/csv", datasetsCsv(items));
        }
        status.textContent = "Downloaded " + items.length + " dataset" + (items.length === 1 ? "" : "s") + ".";
      }).catch(function () { status.textContent = "That did not work; reload the page and try again."; });
    });
  }

  // Datasets as CSV: a column per field of any dataset, lists joined with "; ", cells quoted,
  // and a cell that a spreadsheet would run as a formula prefixed with an apostrophe.
  function datasetsCsv(items) {
    var columns = [];
    items.forEach(function (item) {
      Object.keys(item).forEach(function (key) { if (columns.indexOf(key) < 0) columns.push(key); });
    });
    function cell(value) {
      var text = value === null || value === undefined ? "" : Array.isArray(value) ? value.join("; ") : String(value);
      if (/^[=+\-@\t\r]/.test(text)) text = "'" + text;
      return /[",\n\r]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
    }
    return [columns.join(",")].concat(items.map(function (item) {
      return columns.map(function (key) { return cell(item[key]); }).join(",");
    })).join("\n") + "\n";
  }
  surveyOnEveryPage(initDatasets);

  surveyOnEveryPage(initIndex);
})();

/*
 * The survey's citation files, cut to a selection of papers: papers.bib, papers.ris, papers.csl.json
 * and papers.csv, fetched once when first asked for. The index's export bar uses it, and any page
 * that offers a selection of papers (the reading list) can.
 */
var surveyExport = (function () {
  "use strict";
  var FORMATS = {
    bib: { file: "papers.bib", extension: "bib", type: "application/x-bibtex", name: "BibTeX" },
    ris: { file: "papers.ris", extension: "ris", type: "application/x-research-info-systems", name: "RIS" },
    json: { file: "papers.csl.json", extension: "json", type: "application/vnd.citationstyles.csl+json",
            name: "CSL-JSON" },
    csv: { file: "papers.csv", extension: "csv", type: "text/csv", name: "CSV" }
  };
  var files = {};

  function fetchText(url) {
    if (!files[url]) files[url] = fetch(url).then(function (r) { return r.text(); });
    return files[url];
  }

  function bibEntries(text, ids) {
    var starts = [], pattern = /^@\w+\{([^,\s]+),$/gm, found;
    while ((found = pattern.exec(text))) starts.push([found.index, found[1]]);
    var byKey = {};
    starts.forEach(function (start, i) {
      byKey[start[1]] = text.slice(start[0], i + 1 < starts.length ? starts[i + 1][0] : text.length).trim() + "\n";
    });
    return ids.map(function (id) { return byKey[id]; }).filter(Boolean).join("\n");
  }

  function csvRecords(text) {  // records as source text, quoted newlines included
    var records = [], start = 0, quoted = false;
    for (var i = 0; i < text.length; i++) {
      var c = text.charAt(i);
      if (c === '"') quoted = !quoted;
      else if (c === "\n" && !quoted) { records.push(text.slice(start, i)); start = i + 1; }
    }
    if (start < text.length) records.push(text.slice(start));
    return records;
  }

  function csvRows(text, ids) {  // each record starts with its paper's id, which has no comma or quote
    var records = csvRecords(text), byId = {};
    records.slice(1).forEach(function (record) { byId[record.split(",")[0]] = record; });
    return [records[0]].concat(ids.map(function (id) { return byId[id]; }).filter(Boolean)).join("\n") + "\n";
  }

  function risRecords(text, ids) {  // records end with "ER  - "; each names its paper in "ID  - "
    var byId = {};
    text.split(/^ER {2}- *\r?\n/m).forEach(function (record) {
      var id = /^ID {2}- (.*?)\r?$/m.exec(record);
      if (id) byId[id[1]] = record.replace(/^\s+/, "") + "ER  - \r\n";
    });
    return ids.map(function (id) { return byId[id]; }).filter(Boolean).join("\r\n");
  }

  function cslItems(text, ids) {
    var byId = {};
    JSON.parse(text).forEach(function (item) { byId[item.id] = item; });
    return JSON.stringify(ids.map(function (id) { return byId[id]; }).filter(Boolean), null, 2) + "\n";
  }

  var CUT = { bib: bibEntries, ris: risRecords, json: cslItems, csv: csvRows };

  // The text of one format for these papers, in the order given.
  function text(base, how, ids) {
    return fetchText(base + FORMATS[how].file).then(function (whole) { return CUT[how](whole, ids); });
  }

  function download(name, type, content) {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([content], { type: type + ";charset=utf-8" }));
    link.download = name;
    document.body.appendChild(link);
    link.click();
    window.setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 0);
  }

  return { FORMATS: FORMATS, text: text, download: download };
})();

/*
 * The map of the papers: zoom and pan by changing the SVG's viewBox, a legend that shows only
 * the papers of the chosen main values (in the URL, as on the index: ?topics=a,b), and
 * ?paper=id to find one paper (the link on each paper page). A large survey's map (data-tiles)
 * starts as an overview of where the papers are, one link an area; zoomed in to an area or two,
 * it shows the points of the areas in view, loaded from map/tiles/ (core/maptiles.py).
 */
(function () {
  "use strict";

  var SVG = "http://www.w3.org/2000/svg";

  // FNV-1a of a paper's id: which map/find/ file holds its place (as core/maptiles.bucket).
  function bucket(id, buckets) {
    var h = 0x811c9dc5;
    for (var i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193) >>> 0;
    return h % buckets;
  }

  function initMap() {
    var svg = document.getElementById("survey-map");
    var legend = document.getElementById("survey-map-legend");
    if (!svg || !legend || svg.dataset.ready) return;
    svg.dataset.ready = "1";
    var size = svg.viewBox.baseVal.width;
    var view = { x: 0, y: 0, w: size };
    var facet = legend.dataset.facet;
    var points = Array.prototype.slice.call(svg.querySelectorAll("a[data-v]"));
    var count = document.getElementById("survey-map-count");
    var side = parseInt(svg.dataset.tiles || "0", 10), tile = size / (side || 1);
    var values = (svg.dataset.values || "").split(" ");
    var layer = svg.querySelector(".survey-map-points");
    var cells = Array.prototype.slice.call(svg.querySelectorAll(".survey-map-overview circle"));
    var areas = {}, loaded = {};
    svg.querySelectorAll(".survey-map-areas a").forEach(function (area) {
      areas[area.dataset.column + "-" + area.dataset.row] = area;
    });
    var total = side ? cells.reduce(function (sum, cell) { return sum + cellCounts(cell).all; }, 0) : points.length;

    function cellCounts(cell) {
      var counts = { all: 0 };
      cell.dataset.c.split(" ").forEach(function (part) {
        var pair = part.split(":");
        counts[values[pair[0]]] = (counts[values[pair[0]]] || 0) + Number(pair[1]);
        counts.all += Number(pair[1]);
      });
      return counts;
    }

    function load(key) {
      if (loaded[key] || !areas[key]) return loaded[key] || Promise.resolve();
      loaded[key] = fetch(svg.dataset.src + "tiles/" + key + ".json").then(function (r) { return r.json(); })
        .then(function (data) {
          var fragment = document.createDocumentFragment(), wanted = selected();
          data.points.forEach(function (p) {
            var link = document.createElementNS(SVG, "a");
            link.setAttribute("href", svg.dataset.base + p[1]);
            link.id = "p-" + p[0];
            link.dataset.v = values[p[5]] || "";
            link.setAttribute("aria-label", p[2]);
            var circle = document.createElementNS(SVG, "circle");
            circle.setAttribute("class", "c" + p[5]);
            circle.setAttribute("cx", p[3]);
            circle.setAttribute("cy", p[4]);
            circle.setAttribute("r", "6");
            link.appendChild(circle);
            fragment.appendChild(link);
            show(link, wanted);
            points.push(link);
          });
          layer.appendChild(fragment);
        }).catch(function () { delete loaded[key]; });
      return loaded[key];
    }

    // The areas in view, once zoomed in to two areas' width or less.
    function inView() {
      var keys = [];
      if (view.w > tile * 2) return keys;
      for (var c = Math.floor(view.x / tile); c <= Math.min(side - 1, Math.floor((view.x + view.w) / tile)); c++) {
        for (var r = Math.floor(view.y / tile); r <= Math.min(side - 1, Math.floor((view.y + view.w) / tile)); r++) {
          keys.push(c + "-" + r);
        }
      }
      return keys;
    }

    function draw() {
      view.w = Math.min(size, Math.max(size / 64, view.w));
      view.x = Math.min(size - view.w, Math.max(0, view.x));
      view.y = Math.min(size - view.w, Math.max(0, view.y));
      svg.setAttribute("viewBox", [view.x, view.y, view.w, view.w].map(function (v) { return v.toFixed(1); }).join(" "));
      svg.style.setProperty("--survey-map-scale", String(view.w / size));
      if (!side) return Promise.resolve();
      var keys = inView();
      svg.classList.toggle("survey-map-detailed", keys.length > 0);
      return Promise.all(keys.map(load));
    }

    function zoom(factor, cx, cy) {
      cx = cx === undefined ? view.x + view.w / 2 : cx;
      cy = cy === undefined ? view.y + view.w / 2 : cy;
      var w = Math.min(size, Math.max(size / 64, view.w / factor));
      view.x = cx - (cx - view.x) * w / view.w;
      view.y = cy - (cy - view.y) * w / view.w;
      view.w = w;
      draw();
    }

    function toMap(event) {
      var box = svg.getBoundingClientRect();
      return { x: view.x + (event.clientX - box.left) / box.width * view.w,
               y: view.y + (event.clientY - box.top) / box.height * view.w };
    }

    function selected() {
      return Array.prototype.slice.call(legend.querySelectorAll('input[name="' + facet + '"]:checked'))
        .map(function (box) { return box.value; });
    }

    function show(point, wanted) {
      var visible = !wanted.length || wanted.indexOf(point.dataset.v) !== -1;
      point.classList.toggle("survey-map-hidden", !visible);
      if (visible) point.removeAttribute("tabindex"); else point.setAttribute("tabindex", "-1");
      return visible;
    }

    // The overview, for the chosen values: each cell as large as its chosen papers are many.
    function overview(wanted) {
      var shown = 0, counted = cells.map(function (cell) {
        var counts = cellCounts(cell);
        var n = wanted.length ? wanted.reduce(function (sum, v) { return sum + (counts[v] || 0); }, 0) : counts.all;
        shown += n;
        return n;
      });
      var most = Math.max.apply(null, counted.concat([1]));
      cells.forEach(function (cell, i) {
        cell.style.display = counted[i] ? "" : "none";
        cell.setAttribute("r", (3 + 9 * Math.sqrt(counted[i] / most)).toFixed(1));
      });
      return shown;
    }

    function filter(updateUrl) {
      var wanted = selected();
      var shown = 0;
      points.forEach(function (point) { if (show(point, wanted)) shown++; });
      if (side) shown = overview(wanted);
      legend.querySelector(".survey-selected").textContent = wanted.length ? "(" + wanted.length + " selected)" : "";
      count.textContent = shown === total ? total + " papers" : shown + " of " + total + " papers";
      if (updateUrl) {
        var params = new URLSearchParams(window.location.search);
        if (wanted.length) params.set(facet, wanted.join(",")); else params.delete(facet);
        var query = params.toString().replace(/%2C/g, ",");
        window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
      }
    }

    var params = new URLSearchParams(window.location.search);
    var wanted = (params.get(facet) || "").split(",");
    legend.querySelectorAll('input[name="' + facet + '"]').forEach(function (box) {
      box.checked = wanted.indexOf(box.value) !== -1;
    });
    filter(false);
    legend.addEventListener("change", function () { filter(true); });
    legend.addEventListener("submit", function (event) { event.preventDefault(); });
    legend.querySelectorAll("[data-zoom]").forEach(function (button) {
      button.addEventListener("click", function () {
        var how = button.dataset.zoom;
        if (how === "reset") { view = { x: 0, y: 0, w: size }; draw(); } else zoom(how === "in" ? 2 : 0.5);
      });
    });
    // An area of the overview zooms in to it; by keyboard, to its first paper shown.
    Object.keys(areas).forEach(function (key) {
      var area = areas[key];
      area.addEventListener("click", function (event) {
        event.preventDefault();
        if (drag && drag.moved) return;
        var byKeyboard = event.detail === 0;
        view = { x: area.dataset.column * tile, y: area.dataset.row * tile, w: tile };
        draw().then(function () {
          var first = byKeyboard && layer.querySelector("a:not(.survey-map-hidden)");
          if (first) first.focus();
        });
      });
    });
    svg.addEventListener("wheel", function (event) {
      event.preventDefault();
      var at = toMap(event);
      zoom(event.deltaY < 0 ? 1.25 : 0.8, at.x, at.y);
    }, { passive: false });
    var drag = null;
    svg.addEventListener("pointerdown", function (event) {
      drag = { x: event.clientX, y: event.clientY, view: { x: view.x, y: view.y }, moved: false };
    });
    window.addEventListener("pointermove", function (event) {
      if (!drag) return;
      var box = svg.getBoundingClientRect();
      var dx = event.clientX - drag.x, dy = event.clientY - drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 4) drag.moved = true;
      if (!drag.moved) return;
      view.x = drag.view.x - dx / box.width * view.w;
      view.y = drag.view.y - dy / box.height * view.w;
      draw();
    });
    window.addEventListener("pointerup", function () { window.setTimeout(function () { drag = null; }, 0); });
    svg.addEventListener("click", function (event) { if (drag && drag.moved) event.preventDefault(); }, true);
    svg.addEventListener("keydown", function (event) {
      if (event.key === "+" || event.key === "=") { zoom(2); event.preventDefault(); }
      if (event.key === "-" || event.key === "_") { zoom(0.5); event.preventDefault(); }
    });
    // The citation lines are a file of their own (map/citations.json), loaded when first shown.
    var edges = svg.querySelector(".survey-map-edges");
    var toggle = document.getElementById("survey-map-citations");
    if (edges && toggle) {
      toggle.closest("p").hidden = false;
      toggle.addEventListener("change", function () {
        if (!toggle.checked || edges.dataset.loaded) return;
        edges.dataset.loaded = "1";
        fetch(edges.dataset.src).then(function (r) { return r.json(); }).then(function (data) {
          edges.setAttribute("d", data.d);
        }).catch(function () { delete edges.dataset.loaded; toggle.checked = false; });
      });
    }
    var paper = params.get("paper");
    if (!paper) return;
    // Where the paper is: in the page, or, on a large map, in its map/find/ file.
    var place = document.getElementById("p-" + paper) ? Promise.resolve(null) : side ?
      fetch(svg.dataset.src + "find/" + bucket(paper, side * side) + ".json").then(function (r) { return r.json(); })
        .then(function (found) { return found[paper] || null; }).catch(function () { return null; }) : Promise.resolve(null);
    place.then(function (at) {
      var target = document.getElementById("p-" + paper);
      var circle = target && target.querySelector("circle");
      if (circle) at = [parseFloat(circle.getAttribute("cx")), parseFloat(circle.getAttribute("cy"))];
      if (!at) return;
      view.w = side ? Math.min(size / 4, tile) : size / 4;
      view.x = at[0] - view.w / 2;
      view.y = at[1] - view.w / 2;
      return draw().then(function () {
        target = document.getElementById("p-" + paper);
        if (!target) return;
        target.classList.add("survey-map-found");
        target.classList.remove("survey-map-hidden");
        target.focus();
      });
    });
  }

  surveyOnEveryPage(initMap);
})();

/*
 * The coverage map with axes the reader chooses: counted again from papers/index.json, with
 * the same links as the table the page starts with (which shows the taxonomy's own axes).
 * The choice is in the URL: ?rows=<facet>&columns=<facet>.
 */
(function () {
  "use strict";

  var element = surveyElement;

  function initCoverage() {
    var form = document.querySelector(".survey-coverage-axes");
    var table = document.querySelector("table.survey-coverage[data-src]");
    if (!form || !table || form.dataset.ready) return;
    form.dataset.ready = "1";
    var base = table.dataset.base, data = null;

    function load() {
      return data ? Promise.resolve(data) : fetch(table.dataset.src).then(function (r) { return r.json(); })
        .then(function (json) { data = json; return json; });
    }

    function draw(json, rowsId, colsId) {
      var at = json.fields.indexOf("facets");
      var index = {}, facets = {};
      json.facets.forEach(function (f, i) { index[f.id] = i; facets[f.id] = f; });
      var rows = facets[rowsId], cols = facets[colsId], counts = {}, max = 0;
      json.papers.forEach(function (paper) {
        paper[at][index[rowsId]].forEach(function (r) {
          paper[at][index[colsId]].forEach(function (c) {
            var key = r + "\u0000" + c;
            counts[key] = (counts[key] || 0) + 1;
            max = Math.max(max, counts[key]);
          });
        });
      });
      var head = element("tr");
      var corner = element("th", { scope: "col" });
      corner.appendChild(element("span", { class: "survey-visually-hidden" }, [rows.singular]));
      head.appendChild(corner);
      Object.keys(cols.values).forEach(function (c) {
        var th = element("th", { scope: "col" });
        th.appendChild(element("a", { href: base + "papers/?" + colsId + "=" + encodeURIComponent(c) }, [cols.values[c]]));
        head.appendChild(th);
      });
      var body = document.createDocumentFragment();
      Object.keys(rows.values).forEach(function (r) {
        var tr = element("tr");
        var th = element("th", { scope: "row" });
        th.appendChild(element("a", { href: base + "papers/?" + rowsId + "=" + encodeURIComponent(r) }, [rows.values[r]]));
        tr.appendChild(th);
        Object.keys(cols.values).forEach(function (c) {
          var n = counts[r + "\u0000" + c] || 0;
          var td = element("td", { class: "survey-heat-" + (n ? Math.min(Math.ceil(n * 5 / max), 5) : 0) });
          var label = n + " paper" + (n === 1 ? "" : "s") + ": " + rows.values[r] + ", " + cols.values[c];
          if (n && rowsId !== colsId) {
            var query = rowsId + "=" + encodeURIComponent(r) + "&" + colsId + "=" + encodeURIComponent(c);
            td.appendChild(element("a", { href: base + "papers/?" + query, "aria-label": label }, [String(n)]));
          } else if (n) {  // one facet on both axes: papers with both values, which the index cannot ask for
            td.appendChild(element("span", { "aria-hidden": "true" }, [String(n)]));
            td.appendChild(element("span", { class: "survey-visually-hidden" }, [label]));
          } else {
            td.appendChild(element("span", { class: "survey-visually-hidden" },
              ["no papers: " + rows.values[r] + ", " + cols.values[c]]));
          }
          tr.appendChild(td);
        });
        body.appendChild(tr);
      });
      table.tHead.textContent = "";
      table.tHead.appendChild(head);
      table.tBodies[0].textContent = "";
      table.tBodies[0].appendChild(body);
      table.caption.textContent = "Papers per " + rows.singular.toLowerCase() + " (rows) and " +
        cols.singular.toLowerCase() + " (columns). Each number links to those papers in the index.";
    }

    function apply(updateUrl) {
      var rowsId = form.elements.rows.value, colsId = form.elements.columns.value;
      load().then(function (json) { draw(json, rowsId, colsId); });
      if (updateUrl) {
        var params = new URLSearchParams(window.location.search);
        params.set("rows", rowsId);
        params.set("columns", colsId);
        window.history.replaceState(null, "", window.location.pathname + "?" + params.toString() + window.location.hash);
      }
    }

    var params = new URLSearchParams(window.location.search);
    var asked = false;
    ["rows", "columns"].forEach(function (name) {
      var value = params.get(name);
      if (value && form.elements[name].querySelector('option[value="' + CSS.escape(value) + '"]')) {
        form.elements[name].value = value;
        asked = true;
      }
    });
    if (asked) apply(false);
    form.addEventListener("change", function () { apply(true); });
  }

  surveyOnEveryPage(initCoverage);
})();
