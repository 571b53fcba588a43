"""The site's search index, as files a browser loads only as a search needs them (assets/
search-index.js reads them): what a search downloads is the few words it asks for and the pages it
shows, whatever the size of the survey.

- `meta.json`: the number of pages, the word chunks as [first word, last word], the filters as
  [name, {value: pages}], and the scale of the scores;
- `words/<n>.json`: a chunk of words: {"w": [[word, its stem's place in the chunk]], "p": [[page
  numbers, each less the one before it], [scores]] for each stem};
- `page/<n>.json`: what a result shows of page n: its address, title, detail and text;
- `filter/<n>.json`: the n-th filter's values, as {value: [page numbers, each less the one before]}.

A word is found by its stem (Snowball's English, as the records' words are stemmed here), so
"nodules" finds "nodule"; the browser does no stemming: each chunk lists the words of its stems
as they are written, and a typed word, or the start of one, finds the stems of the words it is
or begins. A stem's score on a page is its BM25 over the page's words, a title's word counting
for TITLE, a field's by its weight, stored as one of 255 steps of its logarithm: a search adds
the scores of its words, so a page ranks by what it is about, not by its length.

Usage::

    for path, text in searchindex.files(records):    # ("page/0.json", '{"url":…}'), …, ("meta.json", …)
        …
"""

from __future__ import annotations

import json
import re
import unicodedata
from array import array
from collections import Counter
from collections.abc import Iterator, Sequence

import numpy as np
import snowballstemmer

from .records import Record

TITLE = 7
"""A title's word counts as this many of the text's."""
CHUNK = 8_000
"""Pages a chunk of words lists, at least, before the next chunk begins: a search for a rare word
downloads one chunk, a few KB compressed."""
_K1, _B = 1.2, 0.75
"""BM25's saturation of a word's count and its weight of a page's length, as usual."""
_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """The words of a text as search-index.js splits a query: runs of letters and digits,
    lowercased, without diacritics."""
    text = text.lower()
    if not text.isascii():
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return _WORD.findall(text)


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def files(records: Sequence[Record]) -> Iterator[tuple[str, str]]:
    """The index's files as (path, text): the pages' first, as each is read, then the words',
    the filters' and meta.json."""
    stemmer = snowballstemmer.stemmer("english")
    stem_of: dict[str, int] = {}  # a word as written: its stem's number
    stems: dict[str, int] = {}
    posting_stem, posting_page, posting_count = array("I"), array("I"), array("I")
    lengths = array("I")
    filters: dict[str, dict[str, list[int]]] = {}
    for page, record in enumerate(records):
        counts: Counter[int] = Counter()
        length = 0
        for text, weight in ((record.title, TITLE), *record.texts):
            found = words(text)
            length += len(found)
            for word, count in Counter(found).items():
                stem = stem_of.get(word)
                if stem is None:
                    written = word if any(c.isdigit() for c in word) else stemmer.stemWord(word)
                    stem = stem_of[word] = stems.setdefault(written, len(stems))
                counts[stem] += count * (weight or 1)
        for stem, count in counts.items():
            posting_stem.append(stem)
            posting_page.append(page)
            posting_count.append(count)
        lengths.append(length)
        for name, value in record.filters:
            filters.setdefault(name, {}).setdefault(value, []).append(page)
        yield f"page/{page}.json", _dumps({"url": record.url, "title": record.title, "detail": record.detail,
                                          "text": " ".join(" ".join(text.split()) for text, _ in record.texts if text)})
    chunks, scale = yield from _chunks(stem_of, len(stems), len(lengths), np.frombuffer(posting_stem, np.uint32),
                                       np.frombuffer(posting_page, np.uint32),
                                       np.frombuffer(posting_count, np.uint32), np.frombuffer(lengths, np.uint32))
    named = []
    for n, name in enumerate(sorted(filters)):
        values = filters[name]
        yield f"filter/{n}.json", _dumps({value: _gaps(pages) for value, pages in sorted(values.items())})
        named.append([name, {value: len(pages) for value, pages in sorted(values.items())}])
    yield "meta.json", _dumps({"pages": len(lengths), "chunks": chunks, "filters": named, "scale": scale})


def _gaps(pages: list[int]) -> list[int]:
    return [page - before for before, page in zip([0, *pages], pages, strict=False)]


def _chunks(stem_of: dict[str, int], stem_count: int, page_count: int, stem: np.ndarray, page: np.ndarray,
            count: np.ndarray, lengths: np.ndarray) -> Iterator[tuple[str, str]]:
    """Yield the chunks of words; return their [first word, last word] and the scores' scale."""
    pages = np.bincount(stem, minlength=stem_count)
    idf = np.log1p((page_count - pages + 0.5) / (pages + 0.5))
    average = max(float(lengths.mean()), 1.0) if page_count else 1.0
    count = count.astype(np.float64)
    score = idf[stem] * count * (_K1 + 1) / (count + _K1 * (1 - _B + _B * lengths[page] / average))
    logs = np.log(np.maximum(score, 1e-9))
    low, high = (float(logs.min()), float(logs.max())) if len(logs) else (0.0, 0.0)
    step = (high - low) / 254 or 1.0
    steps = (1 + np.rint((logs - low) / step)).astype(np.int64)
    order = np.argsort(stem, kind="stable")  # each stem's pages stay in order
    page, steps = page[order].astype(np.int64), steps[order]
    ends = np.cumsum(pages)
    written: dict[int, list[str]] = {}
    for word, number in stem_of.items():
        written.setdefault(number, []).append(word)
    for each in written.values():
        each.sort()
    by_first_word = sorted(range(stem_count), key=lambda number: written[number][0])
    chunks: list[list[str]] = []
    held: list[int] = []
    size = 0

    def chunk() -> Iterator[tuple[str, str]]:
        listed = sorted((word, place) for place, number in enumerate(held) for word in written[number])
        postings = []
        for number in held:
            start, end = int(ends[number] - pages[number]), int(ends[number])
            mine = page[start:end]
            postings.append([np.diff(mine, prepend=0).tolist(), steps[start:end].tolist()])
        chunks.append([listed[0][0], listed[-1][0]])
        yield f"words/{len(chunks) - 1}.json", _dumps({"w": [list(each) for each in listed], "p": postings})

    for number in by_first_word:
        held.append(number)
        size += int(pages[number])
        if size >= CHUNK:
            yield from chunk()
            held, size = [], 0
    if held:
        yield from chunk()
    return chunks, [round(low, 6), round(step, 6)]
