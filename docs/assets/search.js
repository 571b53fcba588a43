/*
 * The survey's search: a dialog over the survey's search index (search-index/, read by
 * search-index.js), which is loaded in chunks only when a reader searches, so opening a page
 * costs nothing. The button, the / key and a ?q= address (the browser's "search this site", see
 * opensearch.xml) open it. Results are built with text nodes only.
 */
(function () {
  "use strict";

  var PAGE = 10;
  var SHORT = 3;  // letters: a word shorter than this waits for a pause before it is searched
  var PAUSE = 250;  // ms without a keystroke before a search that half-matches is corrected
  var loading = null;

  // The index's client (search-index.js) and the index's entry and meta.json, loaded when a
  // reader shows an intent to search (the button is hovered or focused, the dialog opens), so
  // that by the first keystroke only the words typed are left to fetch.
  function loadIndex(dialog) {
    if (!loading) {
      var at = function (path) { return new URL(path, document.baseURI).href; };
      loading = import(at(dialog.dataset.engine)).then(function (engine) { return engine.open(dialog.dataset.bundle); });
      loading.catch(function () { loading = null; });  // a reader may try again
    }
    return loading;
  }

  // Whether b is one edit from a: a letter wrong, missing or extra, or two neighbours swapped.
  function oneEdit(a, b) {
    if (a === b || Math.abs(a.length - b.length) > 1) return false;
    var i = 0;
    while (i < a.length && i < b.length && a.charAt(i) === b.charAt(i)) i++;
    if (a.length === b.length) {
      return a.slice(i + 1) === b.slice(i + 1) ||
        (a.charAt(i) === b.charAt(i + 1) && a.charAt(i + 1) === b.charAt(i) && a.slice(i + 2) === b.slice(i + 2));
    }
    return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }

  // The words of a query as render/vocabulary.py splits the records' text.
  var WORD = /[\p{L}\p{M}\p{N}]+/gu;

  /*
   * Typo correction, asked only when a search finds nothing: each word of four or more letters
   * that the survey does not have is replaced by a word one edit away, from the shards of words
   * that share its first or its last letter (render/vocabulary.py; most frequent first, those
   * that keep the first letter before those that keep only the last). The first corrected query
   * that finds something wins. Resolves to [corrected query, the index's answer] or null.
   */
  function corrector(dialog) {
    function shard(kind, letter) {
      var name = kind + "-" + letter.codePointAt(0).toString(16) + ".json";
      return loadIndex(dialog).then(function (index) { return index.file("survey-words/" + name); })
        .catch(function () { return []; });
    }
    // `open`: the query's last word, which may still be typed: a beginning of a word is no typo.
    function candidates(word, open) {
      var letters = Array.from(word);
      return shard("first", letters[0]).then(function (first) {
        var known = first.indexOf(word) >= 0 || (open && first.some(function (w) { return w.lastIndexOf(word, 0) === 0; }));
        if (known) return null;  // the survey has it: not a typo
        return shard("last", letters[letters.length - 1]).then(function (last) { return [first, last]; });
      }).then(function (lists) {
        if (!lists) return null;
        var found = [];
        lists.forEach(function (list) {
          for (var i = 0; i < list.length && found.length < 3; i++) {
            if (oneEdit(word, list[i]) && found.indexOf(list[i]) < 0) found.push(list[i]);
          }
        });
        return found;
      });
    }
    return function (query, search) {
      var all = query.toLowerCase().match(WORD) || [];
      var typed = all.filter(function (w, i) {
        return Array.from(w).length >= 4 && !/^\p{N}+$/u.test(w) && all.indexOf(w) === i;
      });
      var last = /[\p{L}\p{M}\p{N}]$/u.test(query) ? all[all.length - 1] : null;
      return Promise.all(typed.map(function (w) { return candidates(w, w === last); })).then(function (lists) {
        var fixes = {};  // typed word: its candidates
        typed.forEach(function (word, i) { if (lists[i] && lists[i].length) fixes[word] = lists[i]; });
        var words = Object.keys(fixes);
        if (!words.length) return null;
        // The best candidate for every word first, then each word's next ones in turn.
        var tries = [words.map(function () { return 0; })];
        words.forEach(function (word, w) {
          for (var k = 1; k < fixes[word].length; k++) {
            tries.push(words.map(function (_, v) { return v === w ? k : 0; }));
          }
        });
        function attempt(n) {
          if (n >= tries.length) return null;
          var chosen = {};
          words.forEach(function (word, w) { chosen[word] = fixes[word][tries[n][w]]; });
          var corrected = query.replace(WORD, function (token) {
            return chosen[token.toLowerCase()] || token;
          });
          return search(corrected).then(function (found) {
            return found.results.length ? [corrected, found] : attempt(n + 1);
          });
        }
        return attempt(0);
      });
    };
  }

  // The index's excerpt: [text, whether it is a word of the query], in order.
  function excerptNodes(excerpt) {
    return excerpt.map(function (part) {
      var text = document.createTextNode(part[0]);
      if (!part[1]) return text;
      var mark = document.createElement("mark");
      mark.appendChild(text);
      return mark;
    });
  }

  function init() {
    var dialog = document.getElementById("survey-search");
    if (!dialog || dialog.dataset.ready) return;
    dialog.dataset.ready = "1";
    var input = document.getElementById("survey-search-input");
    var status = document.getElementById("survey-search-status");
    var list = document.getElementById("survey-search-results");
    var more = dialog.querySelector(".survey-search__more");
    var base = dialog.dataset.base;
    var current = { query: "", results: [], shown: 0 }, generation = 0, correct = corrector(dialog);

    function open(query) {
      if (!dialog.open) dialog.showModal();
      if (typeof query === "string") input.value = query;
      input.focus();
      input.select();
      loadIndex(dialog);
      if (input.value.trim()) search(input.value);
    }

    function resultItem(data) {
      var meta = data.meta || {};
      var parts = [surveyElement("span", { class: "survey-search__title" }, [meta.title || data.url])];
      if (meta.detail) parts.push(surveyElement("span", { class: "survey-search__detail" }, [meta.detail]));
      parts.push(surveyElement("span", { class: "survey-search__excerpt" }, excerptNodes(data.excerpt || [])));
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

    // The facet filters (the search records' filters), shown when first opened.
    var filterBox = dialog.querySelector(".survey-search__filters"), chosen = {};
    function narrowing() {
      return Object.keys(chosen).map(function (name) { return name + ": " + chosen[name]; }).join(", ");
    }
    filterBox.addEventListener("toggle", function () {
      if (!filterBox.open || filterBox.dataset.ready) return;
      filterBox.dataset.ready = "1";
      var holder = filterBox.querySelector(".survey-search__filter-list");
      loadIndex(dialog).then(function (index) { return index.filters(); }).then(function (filters) {
        Object.keys(filters).sort().forEach(function (name) {
          var values = Object.keys(filters[name]).sort(function (a, b) {
            return filters[name][b] - filters[name][a] || a.localeCompare(b);
          });
          var select = surveyElement("select", { "data-filter": name }, [surveyElement("option", { value: "" }, ["Any"])]
            .concat(values.map(function (value) {
              return surveyElement("option", { value: value }, [value + " (" + filters[name][value] + ")"]);
            })));
          select.addEventListener("change", function () {
            if (select.value) chosen[name] = select.value; else delete chosen[name];
            search(input.value);
          });
          holder.appendChild(surveyElement("label", {}, [name + " ", select]));
        });
      }).catch(function () { holder.textContent = "The filters could not load."; });
    });

    function show(mine, query, found, parts) {
      current = { query: query, results: found.results, shown: 0 };
      list.textContent = "";
      more.hidden = true;  // until this search's first results are in: a click must not reach the last one's
      status.textContent = "";
      parts.forEach(function (part) { status.appendChild(typeof part === "string" ? document.createTextNode(part) : part); });
      return showMore(mine);
    }

    function choice(text, query, exactly) {
      var button = surveyElement("button", { type: "button", class: "survey-search__instead" }, [text]);
      button.addEventListener("click", function () { input.value = query; search(query, exactly); input.focus(); });
      return button;
    }

    // `exactly`: as typed, without correction (the reader chose "search instead for").
    function search(query, exactly) {
      var mine = ++generation;
      query = query.trim();
      var narrowed = narrowing();
      if (!query && !narrowed) {
        list.textContent = "";
        more.hidden = true;
        status.textContent = "Type to search every paper, topic and page.";
        return;
      }
      var options = { filters: Object.assign({}, chosen) };
      var ask = function (q) { return loadIndex(dialog).then(function (index) { return index.search(q, options); }); };
      var asked = (query ? "“" + query + "”" : "every paper") + (narrowed ? " (" + narrowed + ")" : "");
      var results = function (n) { return n + " result" + (n === 1 ? "" : "s"); };
      ask(query).then(function (found) {
        if (mine !== generation) return;
        var n = found.results.length;
        // The results as typed show at once. A query that finds nothing is corrected at once, as
        // the reader has nothing to read meanwhile; one that half-matches only once they pause
        // (while they type, each new last letter would fetch its words).
        var said = n ? results(n) + " for " + asked : "Nothing found for " + asked + ".";
        return show(mine, query, found, [said]).then(function () {
          if (!query || exactly) return null;
          return new Promise(function (resolve) { window.setTimeout(resolve, n ? PAUSE : 0); }).then(function () {
            return mine === generation ? correct(query, ask) : null;
          });
        }).then(function (fixed) {
          if (mine === generation) dialog.dataset.checked = query;  // the correction is done (tests wait for it)
          if (!fixed || mine !== generation) return;
          var m = fixed[1].results.length;
          return show(mine, fixed[0], fixed[1], n
            ? ["Did you mean ", choice("“" + fixed[0] + "”", fixed[0], true), "? Showing its " + results(m) +
               ", since no paper has every word of " + asked + ". ",
               choice("Show the " + results(n) + " for “" + query + "” instead", query, true), "."]
            : ["Nothing found for " + asked + ". Did you mean ", choice("“" + fixed[0] + "”", fixed[0], true),
               "? Showing its " + results(m) + "."]);
        });
      }).catch(function () {
        if (mine === generation) status.textContent = "Search could not load; reload the page and try again.";
      });
    }

    document.querySelectorAll(".survey-search-open").forEach(function (button) {
      button.addEventListener("click", function () { open(); });
      ["pointerenter", "focus", "touchstart"].forEach(function (type) {
        button.addEventListener(type, function () { loadIndex(dialog); }, { once: true, passive: true });
      });
    });
    // Every keystroke searches at once (a search takes a few milliseconds once the index is
    // loaded); an answer that arrives after a newer question is dropped (see `generation`). A
    // query of only one- or two-letter words waits for a pause: such a word is found only whole
    // ("s" finds the papers with an "s" on its own), which is rarely what a reader typing "seg"
    // is after, and its results would flash by.
    input.addEventListener("input", function () {
      var words = input.value.trim().split(/\s+/);
      if (!words.every(function (word) { return word && Array.from(word).length < SHORT; })) {
        search(input.value, false);
        return;
      }
      var mine = ++generation;
      window.setTimeout(function () { if (mine === generation) search(input.value, false); }, PAUSE);
    });
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
