/*
 * The client of the survey's search index (scripts/survey/render/searchindex.py writes it): it
 * loads the index's entry and its small meta.json when opened, then only the chunks of words a
 * query asks for and the pages it shows. search.js imports it when a reader shows an intent to
 * search.
 *
 *   const index = await open("…/search-index/");
 *   index.filters();                                 // {facet: {value: pages}}
 *   const found = await index.search("lung nodule", {filters: {Modalities: "CT"}});
 *   await found.results[0].data();                   // {url, meta: {title, detail}, excerpt: [[text, marked], …]}
 */

var PREFIX = 3;  // letters a word needs before it also finds the words it begins
var BEGUN = 0.5;  // a word found as the start of a longer one scores this much of a word found whole
var EXCERPT = 30;  // words an excerpt shows

var WORD = /[\p{L}\p{N}]+/gu;

// A text's words as searchindex.words splits them: lowercased, without diacritics.
export function words(text) {
  return text.toLowerCase().normalize("NFKD").replace(/\p{M}/gu, "").match(WORD) || [];
}

function json(url, fresh) {
  return fetch(url, fresh ? { cache: "no-cache" } : {}).then(function (response) {
    if (!response.ok) throw new Error(url + ": " + response.status);
    return response.json();
  });
}

export function open(bundle) {
  var root = new URL(bundle, document.baseURI);
  return json(new URL("entry.json", root).href, true).then(function (entry) {
    var base = new URL(entry.version + "/", root);
    return json(new URL("meta.json", base).href).then(function (meta) { return new Index(base, meta); });
  });
}

function Index(base, meta) {
  this.base = base;
  this.meta = meta;
  this.cache = {};
  this.scores = new Float64Array(256);
  for (var q = 1; q < 256; q++) this.scores[q] = Math.exp(meta.scale[0] + (q - 1) * meta.scale[1]);
}

Index.prototype.file = function (path) {
  if (!this.cache[path]) this.cache[path] = json(new URL(path, this.base).href);
  return this.cache[path];
};

Index.prototype.filters = function () {
  var out = {};
  this.meta.filters.forEach(function (filter) { out[filter[0]] = Object.assign({}, filter[1]); });
  return out;
};

// The chunks that may hold `word`, or, when `begun`, any word it begins.
Index.prototype.chunksFor = function (word, begun) {
  var last = begun ? word + "\uffff" : word, found = [];
  this.meta.chunks.forEach(function (chunk, n) {
    if (chunk[0] <= last && chunk[1] >= word) found.push(n);
  });
  return found;
};

// For one query word: {stem's key: how much it counts} of the stems it finds, and every word as
// written of those stems (an excerpt marks them: "nodules" marks "nodule" too).
Index.prototype.match = function (word) {
  var self = this, begun = Array.from(word).length >= PREFIX;
  var numbers = this.chunksFor(word, begun);
  return Promise.all(numbers.map(function (n) { return self.file("words/" + n + ".json"); })).then(function (chunks) {
    var stems = {};
    chunks.forEach(function (chunk, i) {
      chunk.w.forEach(function (entry) {
        var exact = entry[0] === word;
        if (!exact && !(begun && entry[0].lastIndexOf(word, 0) === 0)) return;
        var key = i + ":" + entry[1], weight = exact ? 1 : BEGUN;
        if (!(stems[key] >= weight)) stems[key] = weight;
      });
    });
    var written = [];
    chunks.forEach(function (chunk, i) {
      chunk.w.forEach(function (entry) { if (stems[i + ":" + entry[1]]) written.push(entry[0]); });
    });
    return { stems: Object.keys(stems).map(function (key) {
      var at = key.split(":");
      return [chunks[+at[0]].p[+at[1]], stems[key]];
    }), written: written };
  });
};

// The pages of a stem, added into `best` (page: the word's best score there) as its score times `weight`.
Index.prototype.add = function (postings, weight, best) {
  var pages = postings[0], steps = postings[1], page = 0;
  for (var i = 0; i < pages.length; i++) {
    page += pages[i];
    var score = this.scores[steps[i]] * weight;
    if (score > best[page]) best[page] = score;
  }
};

Index.prototype.allowed = function (filters) {
  var self = this, names = Object.keys(filters || {});
  if (!names.length) return Promise.resolve(null);
  return Promise.all(names.map(function (name) {
    var n = self.meta.filters.findIndex(function (filter) { return filter[0] === name; });
    return n < 0 ? Promise.resolve({}) : self.file("filter/" + n + ".json");
  })).then(function (files) {
    var count = new Uint8Array(self.meta.pages);
    files.forEach(function (values, i) {
      var page = 0;
      (values[filters[names[i]]] || []).forEach(function (gap) { page += gap; count[page]++; });
    });
    return count.map(function (c) { return c === names.length ? 1 : 0; });
  });
};

Index.prototype.search = function (query, options) {
  var self = this, terms = [];
  words(query || "").forEach(function (w) { if (terms.indexOf(w) < 0) terms.push(w); });
  return Promise.all([Promise.all(terms.map(function (w) { return self.match(w); })),
                      this.allowed((options || {}).filters)]).then(function (both) {
    var matches = both[0], allowed = both[1], total = new Float64Array(self.meta.pages), order = [];
    var marked = new Set();
    if (!terms.length) {
      for (var p = 0; p < self.meta.pages; p++) if (!allowed || allowed[p]) order.push(p);
    } else {
      var times = new Uint8Array(self.meta.pages);
      matches.forEach(function (match) {
        var best = new Float64Array(self.meta.pages);
        match.stems.forEach(function (stem) { self.add(stem[0], stem[1], best); });
        match.written.forEach(function (word) { marked.add(word); });
        for (var p = 0; p < best.length; p++) if (best[p] > 0) { total[p] += best[p]; times[p]++; }
      });
      for (var q = 0; q < total.length; q++) {
        if (times[q] === terms.length && (!allowed || allowed[q])) order.push(q);
      }
      order.sort(function (a, b) { return total[b] - total[a] || a - b; });
    }
    return {
      results: order.map(function (page) {
        return { id: page, score: total[page], data: function () { return self.page(page, marked); } };
      }),
    };
  });
};

// What a result shows of a page: its address, title and detail, and the stretch of its text
// with the most of the query's words, as [text, whether it is one of them] in order.
Index.prototype.page = function (number, marked) {
  return this.file("page/" + number + ".json").then(function (page) {
    var text = page.text || "", spans = [], each = new RegExp(WORD.source, "gu"), m;
    while ((m = each.exec(text))) spans.push([m.index, m.index + m[0].length, marked.has(words(m[0])[0] || "")]);
    var start = 0, best = -1, inside = 0;
    for (var i = 0; i < spans.length; i++) {
      if (spans[i][2]) inside++;
      if (i >= EXCERPT && spans[i - EXCERPT][2]) inside--;
      if (i >= EXCERPT - 1 || i === spans.length - 1) {
        if (inside > best) { best = inside; start = Math.max(0, i - EXCERPT + 1); }
      }
    }
    // The window with the most of them, moved to put them in its middle: words on both sides.
    var first = start, last = Math.min(start + EXCERPT, spans.length) - 1;
    while (first < last && !spans[first][2]) first++;
    while (last > first && !spans[last][2]) last--;
    if (spans.length && spans[first][2]) {
      start = Math.max(0, Math.min(spans.length - EXCERPT, first - Math.floor((EXCERPT - (last - first + 1)) / 2)));
    }
    var shown = spans.slice(start, start + EXCERPT), excerpt = [], at = shown.length ? shown[0][0] : 0;
    if (start > 0) excerpt.push(["… ", false]);
    shown.forEach(function (span) {
      if (span[0] > at) excerpt.push([text.slice(at, span[0]), false]);
      excerpt.push([text.slice(span[0], span[1]), span[2]]);
      at = span[1];
    });
    if (shown.length && start + EXCERPT < spans.length) excerpt.push([" …", false]);
    return { url: page.url, meta: { title: page.title, detail: page.detail }, excerpt: excerpt };
  });
};
