/*
 * The survey's search: a dialog over Pagefind's index (pagefind/), which is loaded in chunks
 * only when a reader searches, so opening a page costs nothing. The button, the / key and a
 * ?q= address (the browser's "search this site", see opensearch.xml) open it. Results are
 * built with text nodes only; Pagefind's excerpt is decoded as text and only its <mark>
 * highlights become elements.
 */
(function () {
  "use strict";

  var PAGE = 10;
  var pagefind = null;

  // Loaded when a reader shows an intent to search (the button is hovered or focused, the
  // dialog opens), so that by the first keystroke the index's entry point is ready.
  function loadPagefind(bundle) {
    if (!pagefind) {
      pagefind = import(new URL(bundle + "pagefind.js", document.baseURI).href).then(function (pf) {
        return pf.init().then(function () { return pf; });
      });
    }
    return pagefind;
  }

  // Pagefind's excerpt is HTML: entity-escaped text with <mark> around the matched words.
  function excerptNodes(excerpt) {
    var decoder = document.createElement("textarea");
    var parts = excerpt.split(/<mark>|<\/mark>/);
    var nodes = [];
    parts.forEach(function (part, i) {
      decoder.innerHTML = part.replace(/<[^>]*>/g, "");
      var text = document.createTextNode(decoder.value);
      if (i % 2 === 1) {
        var mark = document.createElement("mark");
        mark.appendChild(text);
        nodes.push(mark);
      } else {
        nodes.push(text);
      }
    });
    return nodes;
  }

  function init() {
    var dialog = document.getElementById("survey-search");
    if (!dialog || dialog.dataset.ready) return;
    dialog.dataset.ready = "1";
    var input = document.getElementById("survey-search-input");
    var status = document.getElementById("survey-search-status");
    var list = document.getElementById("survey-search-results");
    var more = dialog.querySelector(".survey-search__more");
    var bundle = dialog.dataset.bundle, base = dialog.dataset.base;
    var current = { query: "", results: [], shown: 0 }, generation = 0;

    function open(query) {
      if (!dialog.open) dialog.showModal();
      if (typeof query === "string") input.value = query;
      input.focus();
      input.select();
      loadPagefind(bundle);
      if (input.value.trim()) search(input.value);
    }

    function resultItem(data) {
      var meta = data.meta || {};
      var parts = [surveyElement("span", { class: "survey-search__title" }, [meta.title || data.url])];
      if (meta.detail) parts.push(surveyElement("span", { class: "survey-search__detail" }, [meta.detail]));
      parts.push(surveyElement("span", { class: "survey-search__excerpt" }, excerptNodes(data.excerpt || "")));
      var item = [surveyElement("a", { href: base + data.url.replace(/^\//, "") }, parts)];
      var paper = /^\/?papers\/([a-z0-9-]+)\/$/.exec(data.url);
      if (paper) item.push(surveyReading.button(paper[1], meta.title || paper[1]));
      return surveyElement("li", { class: paper ? "survey-search__paper" : "" }, item);
    }

    function showMore(mine) {
      var batch = current.results.slice(current.shown, current.shown + PAGE);
      current.shown += batch.length;
      return Promise.all(batch.map(function (result) { return result.data(); })).then(function (data) {
        if (mine !== generation) return;
        data.forEach(function (d) { list.appendChild(resultItem(d)); });
        more.hidden = current.shown >= current.results.length;
      });
    }

    function search(query) {
      var mine = ++generation;
      query = query.trim();
      if (!query) {
        list.textContent = "";
        more.hidden = true;
        status.textContent = "Type to search every paper, topic and page.";
        return;
      }
      loadPagefind(bundle).then(function (pf) { return pf.search(query); }).then(function (found) {
        if (mine !== generation) return;
        current = { query: query, results: found.results, shown: 0 };
        list.textContent = "";
        var n = found.results.length;
        status.textContent = n ? n + " result" + (n === 1 ? "" : "s") + " for “" + query + "”"
                               : "Nothing found for “" + query + "”.";
        return showMore(mine);
      }).catch(function () {
        if (mine === generation) status.textContent = "Search could not load; reload the page and try again.";
      });
    }

    document.querySelectorAll(".survey-search-open").forEach(function (button) {
      button.addEventListener("click", function () { open(); });
      ["pointerenter", "focus", "touchstart"].forEach(function (type) {
        button.addEventListener(type, function () { loadPagefind(bundle); }, { once: true, passive: true });
      });
    });
    // Every keystroke searches at once (a search takes a few milliseconds once the index is
    // loaded); an answer that arrives after a newer question is dropped (see `generation`).
    input.addEventListener("input", function () { search(input.value); });
    more.addEventListener("click", function () { showMore(generation); });
    dialog.querySelector("form").addEventListener("submit", function (event) { event.preventDefault(); });
    dialog.querySelector(".survey-search__close").addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("click", function (event) { if (event.target === dialog) dialog.close(); });
    dialog.addEventListener("keydown", function (event) {
      var links = Array.prototype.slice.call(list.querySelectorAll("a"));
      var at = links.indexOf(document.activeElement);
      if (event.key === "ArrowDown" && links.length) {
        event.preventDefault();
        links[Math.min(at + 1, links.length - 1)].focus();
      } else if (event.key === "ArrowUp" && (at > 0 || at === 0)) {
        event.preventDefault();
        if (at === 0) input.focus(); else links[at - 1].focus();
      } else if (event.key === "Enter" && document.activeElement === input && links.length) {
        event.preventDefault();
        links[0].click();
      }
    });
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
      if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        open();
      }
    });
    var asked = new URLSearchParams(window.location.search).get("q");
    if (asked) open(asked);
  }

  surveyOnEveryPage(init);
})();
