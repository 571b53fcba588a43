/*
 * The reader's reading list, kept in this browser (localStorage), with no server: a "Reading
 * list" toggle on every paper page, index row and search result (buttons with data-keep and
 * aria-pressed, which this script shows and keeps in step), the /list/ page, which shows it,
 * sorts it, shares it as /list/?ids=a,b,c, exports it and opens a comparison, and the
 * /compare/?ids=a,b page, which sets 2 to 5 papers side by side from their own pages.
 */
var surveyReading = (function () {
  "use strict";
  var KEY = "survey-reading-list";

  function ids() {
    try {
      var stored = JSON.parse(window.localStorage.getItem(KEY) || "[]");
      return Array.isArray(stored) ? stored.filter(function (id) { return typeof id === "string"; }) : [];
    } catch (error) {
      return [];
    }
  }
  function save(list) {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(list));
    } catch (error) { /* private mode: the list lasts as long as the page */ }
    sync(document);
  }
  function has(id) { return ids().indexOf(id) >= 0; }
  function toggle(id) {
    var list = ids(), at = list.indexOf(id);
    if (at >= 0) list.splice(at, 1); else list.push(id);
    save(list);
    return at < 0;
  }

  // Every toggle in `root` shown, and saying whether its paper is on the list.
  function sync(root) {
    var kept = ids();
    Array.prototype.forEach.call(root.querySelectorAll("[data-keep]"), function (button) {
      var on = kept.indexOf(button.dataset.keep) >= 0;
      button.hidden = false;
      button.setAttribute("aria-pressed", on ? "true" : "false");
      var icon = button.querySelector(".survey-keep__icon");
      if (icon) icon.textContent = on ? "★" : "☆";
    });
  }

  function announce(text) {
    var status = document.getElementById("survey-keep-status");
    if (!status) {
      status = surveyElement("div", { id: "survey-keep-status", class: "survey-visually-hidden", role: "status" });
      document.body.appendChild(status);
    }
    status.textContent = text;
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-keep]");
    if (!button) return;
    event.preventDefault();
    var added = toggle(button.dataset.keep);
    announce((added ? "Added to" : "Removed from") + " your reading list: " + (button.dataset.title || ""));
  });
  window.addEventListener("storage", function (event) { if (event.key === KEY) sync(document); });
  surveyOnEveryPage(function () { sync(document); });

  // A toggle for one paper, as the page templates' keep_button macro writes it (keep the two in step).
  function button(id, title) {
    var on = has(id);
    return surveyElement("button", { type: "button", class: "survey-keep", "data-keep": id, "data-title": title,
                                     "aria-pressed": on ? "true" : "false", "aria-label": "Reading list: " + title }, [
      surveyElement("span", { class: "survey-keep__icon", "aria-hidden": "true" }, [on ? "★" : "☆"])]);
  }

  return { ids: ids, has: has, toggle: toggle, set: save, sync: sync, button: button };
})();

/*
 * The /list/ page: the list as papers/index.json describes its papers, sorted as the reader
 * chooses; a shared /list/?ids=… is shown as it is, with an offer to keep it; ids the survey
 * does not have are named, not dropped.
 */
(function () {
  "use strict";

  function initList() {
    var root = document.getElementById("survey-list");
    if (!root || root.dataset.ready) return;
    root.dataset.ready = "1";
    var base = root.dataset.base;
    var params = new URLSearchParams(window.location.search);
    var shared = params.has("ids") ? params.get("ids").split(",").map(function (id) { return id.trim(); })
      .filter(Boolean) : null;
    var sort = document.getElementById("survey-list-sort");
    var items = document.getElementById("survey-list-items");
    var summary = document.getElementById("survey-list-summary");
    var offer = document.getElementById("survey-list-offer");
    var unknown = document.getElementById("survey-list-unknown");
    var status = document.getElementById("survey-list-status");
    var byId = {};

    function current() { return shared || surveyReading.ids(); }

    function render() {
      var listed = current();
      var missing = listed.filter(function (id) { return !byId[id]; });
      var known = listed.filter(function (id) { return byId[id]; }).map(function (id) { return byId[id]; });
      if (sort.value === "year") known.sort(function (a, b) { return b.year - a.year || a.title.localeCompare(b.title); });
      if (sort.value === "title") known.sort(function (a, b) { return a.title.localeCompare(b.title); });
      items.textContent = "";
      known.forEach(function (paper) {
        var detail = [paper.short_authors, String(paper.year), paper.venue].filter(Boolean).join(" · ");
        var check = surveyElement("input", { type: "checkbox", name: "compare", value: paper.id,
                                             "aria-label": "Compare " + paper.title });
        var keep = surveyReading.button(paper.id, paper.title);
        var title = [];
        (paper.flags || []).forEach(function (flag) {  // as the flag_tags macro writes them
          title.push(surveyElement("span", { class: "survey-flag survey-flag--" + flag[0] }, [flag[1]]), " ");
        });
        title.push(surveyElement("a", { href: base + "papers/" + paper.id + "/" }, [paper.title]),
                   surveyElement("br"), surveyElement("span", { class: "survey-muted" }, [detail]));
        items.appendChild(surveyElement("li", { "data-id": paper.id }, [check, surveyElement("span", {}, title), keep]));
      });
      surveyReading.sync(items);
      summary.textContent = (shared ? "A shared list of " : "Your reading list: ") + known.length + " paper" +
        (known.length === 1 ? "" : "s") + (shared ? "." : ", kept in this browser.");
      unknown.hidden = !missing.length;
      unknown.textContent = missing.length ? missing.length + " id" + (missing.length === 1 ? " is" : "s are") +
        " not in the survey (a paper may have been renamed or removed): " + missing.join(", ") : "";
      offer.hidden = !shared;
      root.querySelector(".survey-list-actions").hidden = !known.length;
    }

    document.getElementById("survey-list-keep").addEventListener("click", function () {
      surveyReading.set(shared.filter(function (id) { return byId[id]; }));
      shared = null;
      window.history.replaceState(null, "", window.location.pathname);
      status.textContent = "Kept as your reading list.";
      render();
    });
    document.getElementById("survey-list-merge").addEventListener("click", function () {
      var mine = surveyReading.ids();
      shared.forEach(function (id) { if (byId[id] && mine.indexOf(id) < 0) mine.push(id); });
      surveyReading.set(mine);
      shared = null;
      window.history.replaceState(null, "", window.location.pathname);
      status.textContent = "Added to your reading list.";
      render();
    });
    document.getElementById("survey-list-share").addEventListener("click", function () {
      var ids = current().filter(function (id) { return byId[id]; });
      var link = new URL("?ids=" + ids.join(","), window.location.href).href;
      (navigator.clipboard ? navigator.clipboard.writeText(link) : Promise.reject()).then(function () {
        status.textContent = "Copied a link to this list: " + link;
      }, function () { status.textContent = "The link to this list: " + link; });
    });
    document.getElementById("survey-list-compare").addEventListener("click", function () {
      var chosen = Array.prototype.map.call(items.querySelectorAll('input[name="compare"]:checked'),
                                            function (box) { return box.value; });
      if (!chosen.length) chosen = current().filter(function (id) { return byId[id]; });  // the whole list
      if (chosen.length < 2 || chosen.length > 5) {
        status.textContent = "Choose two to five papers to compare.";
        return;
      }
      window.location.href = base + "compare/?ids=" + chosen.join(",");
    });
    root.querySelector(".survey-list-export").addEventListener("click", function (event) {
      var how = event.target.dataset && event.target.dataset.export;
      if (!how) return;
      var ids = current().filter(function (id) { return byId[id]; });
      surveyExport.text(base, how, ids).then(function (text) {
        surveyExport.download("reading-list." + surveyExport.FORMATS[how].extension, surveyExport.FORMATS[how].type, text);
        status.textContent = "Downloaded the " + surveyExport.FORMATS[how].name + " of " + ids.length + " paper" +
          (ids.length === 1 ? "" : "s") + ".";
      }).catch(function () { status.textContent = "That did not work; reload the page and try again."; });
    });
    sort.addEventListener("change", render);
    window.addEventListener("storage", function () { if (!shared) render(); });
    document.addEventListener("click", function (event) {
      if (!shared && event.target.closest && event.target.closest("#survey-list-items [data-keep]")) {
        window.setTimeout(render, 0);  // after the toggle has saved the list
      }
    });

    fetch(root.dataset.index).then(function (r) { return r.json(); }).then(function (data) {
      data.papers.forEach(function (row) {
        var paper = {};
        data.fields.forEach(function (field, i) { paper[field] = row[i]; });
        byId[paper.id] = paper;
      });
      root.hidden = false;
      render();
    }).catch(function () { summary.textContent = "The list could not load; reload the page and try again."; });
  }

  /*
   * /compare/?ids=a,b[,…]: each paper's own page, fetched and read, gives its year and venue,
   * facets, datasets, results, links and takeaway; the parts are copied as the page has them
   * (the page's own markup, built by the survey's escaping templates).
   */
  function initCompare() {
    var root = document.getElementById("survey-compare");
    if (!root || root.dataset.ready) return;
    root.dataset.ready = "1";
    var base = root.dataset.base;
    var ids = (new URLSearchParams(window.location.search).get("ids") || "").split(",")
      .map(function (id) { return id.trim(); }).filter(function (id) { return /^[a-z0-9]+(-[a-z0-9]+)*$/.test(id); });
    var status = document.getElementById("survey-compare-status");
    if (ids.length < 2 || ids.length > 5) {
      status.textContent = "Choose two to five papers to compare, on your reading list.";
      return;
    }
    var parser = new DOMParser();
    var aspects = [["Year and venue", "article > .survey-meta"], ["Authors", "article > .survey-authors"], ["Facets", "article > .survey-facets"],
                   ["Takeaway", ".survey-tldr p:last-child"], ["Links", "article > .survey-links"], ["Code", null],
                   ["Datasets", ".survey-dataset"], ["Reported results", "table.survey-results"]];
    Promise.all(ids.map(function (id) {
      return fetch(base + "papers/" + id + "/").then(function (r) {
        return r.ok ? r.text().then(function (html) { return [id, parser.parseFromString(html, "text/html")]; }) : [id, null];
      });
    })).then(function (pages) {
      var missing = pages.filter(function (p) { return !p[1]; }).map(function (p) { return p[0]; });
      var found = pages.filter(function (p) { return p[1]; });
      root.style.setProperty("--survey-compare-columns", String(found.length));
      found.forEach(function (pair) {
        var page = pair[1], id = pair[0];
        var title = page.querySelector("article h1").textContent;
        var heading = surveyElement("h2", {}, [surveyElement("a", { href: base + "papers/" + id + "/" }, [title]),
                                               " ", surveyReading.button(id, title)]);
        var card = surveyElement("section", { class: "survey-compare__paper", "data-id": id }, [heading]);
        var code = Array.prototype.filter.call(page.querySelectorAll("article .survey-links a"),
                                               function (a) { return a.textContent.trim() === "Code"; })[0];
        var pageUrl = new URL(base + "papers/" + id + "/", document.baseURI);
        aspects.forEach(function (aspect) {
          var body = surveyElement("div", { class: "survey-compare__aspect" }, [surveyElement("h3", {}, [aspect[0]])]);
          var copies = (aspect[1] ? Array.prototype.slice.call(page.querySelectorAll(aspect[1].indexOf("article") === 0 ? aspect[1] : "article " + aspect[1])) : [])
            .map(function (part) {
              var copy = document.importNode(part, true);
              copy.querySelectorAll("a[href]").forEach(function (a) {  // the page's relative links, made absolute
                a.setAttribute("href", new URL(a.getAttribute("href"), pageUrl).href);
              });
              copy.querySelectorAll("[data-keep]").forEach(function (node) { node.remove(); });  // one per paper, above
              copy.querySelectorAll("[id]").forEach(function (node) { node.removeAttribute("id"); });
              copy.removeAttribute("id");
              return copy;
            }).filter(function (copy) { return copy.textContent.trim(); });
          if (aspect[0] === "Authors" && copies.length) {  // the first three, and how many more
            var names = copies[0].textContent.split(/,\s*/).map(function (n) { return n.trim(); }).filter(Boolean);
            copies = [surveyElement("p", {}, [names.slice(0, 3).join(", ") +
                                              (names.length > 3 ? " and " + (names.length - 3) + " more" : "")])];
          }
          if (aspect[0] === "Reported results" && copies.length) {  // a narrow column reads a line per result
            copies = Array.prototype.map.call(copies[0].querySelectorAll("tbody tr"), function (row) {
              var cells = Array.prototype.map.call(row.cells, function (cell) { return cell.textContent; });
              var n = cells.length;  // [task,] dataset, metric, value, quote
              return surveyElement("p", {}, [cells.slice(0, n - 2).join(" · ") + " ", surveyElement("strong", {}, [cells[n - 2]]),
                                             " ", surveyElement("q", {}, [cells[n - 1]])]);
            });
          }
          if (aspect[0] === "Code") {
            copies = [surveyElement("p", {}, code ? ["Available: ", surveyElement("a", { href: code.getAttribute("href"), rel: "noopener" },
                                                                                    [code.getAttribute("href")])]
                                                  : ["No code link in the survey"])];
          }
          if (!copies.length) copies = [surveyElement("p", { class: "survey-muted" }, ["Not stated"])];
          copies.forEach(function (copy) { body.appendChild(copy); });
          card.appendChild(body);
        });
        root.appendChild(card);
      });
      status.textContent = "Comparing " + found.length + " papers." + (missing.length ?
        " Not in the survey: " + missing.join(", ") + "." : "");
    }).catch(function () { status.textContent = "The papers could not load; reload the page and try again."; });
  }

  surveyOnEveryPage(initList);
  surveyOnEveryPage(initCompare);
})();
