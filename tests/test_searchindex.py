"""The search index's files (render/searchindex.py) hold what assets/search-index.js reads: every
word of every record under its stem, in a chunk whose range holds it, scores that rank a title's
word above an abstract's, and filters with their counts. test_browser_search.py searches it."""

from __future__ import annotations

import json
import math

from survey.render.records import Record
from survey.render.searchindex import files, words


def _index(records: list[Record]) -> dict[str, object]:
    return {path: json.loads(text) for path, text in files(records)}


def _pages(index: dict[str, object], word: str) -> dict[int, float]:
    """A word's pages and scores, as search-index.js finds a word typed whole."""
    meta = index["meta.json"]
    found: dict[int, float] = {}
    for n, (first, last) in enumerate(meta["chunks"]):
        if not first <= word <= last:
            continue
        chunk = index[f"words/{n}.json"]
        for written, stem in chunk["w"]:
            if written == word:
                gaps, steps = chunk["p"][stem]
                pages = [sum(gaps[:i + 1]) for i in range(len(gaps))]
                low, step = meta["scale"]
                found.update({p: math.exp(low + (s - 1) * step) for p, s in zip(pages, steps, strict=True)})
    return found


RECORDS = [
    Record("/papers/a/", "Lung nodule detection", "A · 2020", (("Ann Lee", 4), ("We detect nodules in CT.", 0)),
           (("Modalities", "CT"), ("Anatomy", "Chest"))),
    Record("/papers/b/", "Brain tumour segmentation", "B · 2021", (("Bo Li", 4), ("A lung study of the brain.", 0)),
           (("Modalities", "MRI"), ("Anatomy", "Brain"))),
    Record("/papers/c/", "Café naïve Ångström", "C · 2022", (("", 4), ("Nodular CT segmentations", 0)),
           (("Modalities", "CT"),)),
    Record("/about/", "About", "Page", (("The survey's own page.", 0),)),
]


def test_a_word_finds_the_pages_of_its_stem_and_a_title_outranks_the_text() -> None:
    index = _index(RECORDS)
    assert set(_pages(index, "nodule")) == {0}  # "nodules" in page 0's text, "nodule" in its title
    assert set(_pages(index, "nodules")) == {0}
    assert set(_pages(index, "segmentation")) == set(_pages(index, "segmentations")) == {1, 2}
    lung = _pages(index, "lung")
    assert set(lung) == {0, 1} and lung[0] > lung[1]  # in page 0's title, in page 1's text
    assert set(_pages(index, "cafe")) == set(_pages(index, "angstrom")) == {2}  # diacritics dropped
    assert _pages(index, "ct") and not _pages(index, "c")


def test_every_word_is_in_one_chunk_whose_range_holds_it_and_the_ranges_are_in_order() -> None:
    many = [Record(f"/p{n}/", f"Paper {n}", "", ((" ".join(f"w{(n * k) % 997}" for k in range(40)), 0),))
            for n in range(600)]
    index = _index(many)
    chunks = index["meta.json"]["chunks"]
    assert len(chunks) > 2
    seen: list[str] = []
    for n, (first, last) in enumerate(chunks):
        listed = [w for w, _ in index[f"words/{n}.json"]["w"]]
        assert listed == sorted(listed) and first == listed[0] and last == listed[-1]
        seen += listed
    assert sorted(seen) == sorted({w for r in many for t in (r.title, *(t for t, _ in r.texts)) for w in words(t)})
    assert [first for first, _ in chunks] == sorted(first for first, _ in chunks)


def test_the_pages_and_filters_hold_what_a_result_shows_and_narrows_by() -> None:
    index = _index(RECORDS)
    assert index["page/2.json"] == {"url": "/papers/c/", "title": "Café naïve Ångström", "detail": "C · 2022",
                                    "text": "Nodular CT segmentations"}
    meta = index["meta.json"]
    assert meta["pages"] == 4
    assert meta["filters"] == [["Anatomy", {"Brain": 1, "Chest": 1}], ["Modalities", {"CT": 2, "MRI": 1}]]
    assert index["filter/1.json"] == {"CT": [0, 2], "MRI": [1]}  # pages 0 and 2, as gaps


def test_the_same_records_give_the_same_bytes() -> None:
    assert list(files(RECORDS)) == list(files(list(RECORDS)))
    assert dict(files(RECORDS)) != dict(files(RECORDS[::-1]))  # the pages' numbers follow the records


def test_an_empty_survey_has_an_index_that_finds_nothing() -> None:
    index = _index([])
    assert index == {"meta.json": {"pages": 0, "chunks": [], "filters": [], "scale": [0.0, 1.0]}}
