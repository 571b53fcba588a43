"""The search index made in parts and merged (builder/searchparts.py) holds what one Pagefind run
over the same records holds, and Pagefind in Chromium answers every query from it as from the
one run: the same pages with the same scores, filters, accented names and prefixes included.

The records are those of this repository's real papers and the unusual ones of tests/corpus.py:
accented author names (Išgum, Jiménez) give Pagefind's variants of a word."""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page

from conftest import new_project, serve
from survey.builder import search, searchparts
from survey.builder.filterorder import read
from survey.commands import build
from survey.read.project import Project
from survey.read.reader import read_survey

PART = 25
"""Records a part in these tests: the survey's records make several parts."""


def _decoded(bundle: Path) -> dict[str, object]:
    """What a bundle holds, by page address rather than page number: every word's pages with
    their positions, the variants of each word, every filter value's pages, each page's text and
    word count, and the meta fields by name."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    ((language, about),) = entry["languages"].items()
    meta = read(bundle / f"pagefind.{about['hash']}.pf_meta")
    texts = [gzip.decompress((bundle / "fragment" / f"{name}.pf_fragment").read_bytes()).decode("utf-8")
             for name, _ in meta[1]]
    urls = [json.loads(text[text.index("{"):])["url"] for text in texts]
    fields = meta[5]

    def pages_of(entries: list) -> list[tuple]:
        """Each page of a word: its number is the difference from the one before."""
        number, pages = 0, []
        for difference, positions, field_positions in entries:
            number += difference
            named = [f"field {fields[-p - 1]}" if p < 0 else p for p in field_positions]
            pages.append((urls[number], tuple(positions), tuple(named)))
        return sorted(pages)

    words, previous = {}, ""
    for first, last, digest in meta[2]:
        (chunk,) = read(bundle / "index" / f"{digest}.pf_index")
        assert chunk and first <= chunk[0][0] and chunk[-1][0][:len(last)] <= last
        for word, pages, variants in chunk:
            assert word > previous, "the words are in order, each once"
            previous = word
            words[word] = (pages_of(pages), sorted((v, pages_of(vp)) for v, vp in variants))
    filters = {}
    for _, digest in meta[3]:
        filter_name, values = read(bundle / "filter" / f"{digest}.pf_filter")
        filters[filter_name] = {value: sorted(urls[n] for n in numbers) for value, numbers in values}
    return {"language": language, "pages": about["page_count"], "words": words, "filters": filters,
            "texts": dict(zip(urls, texts, strict=True)),
            "word counts": {url: count for url, (_, count) in zip(urls, meta[1], strict=True)},
            "fields": sorted(fields), "sorts": meta[4]}


@pytest.fixture(scope="module")
def monkeypatch_module() -> Iterator[pytest.MonkeyPatch]:
    with pytest.MonkeyPatch.context() as patch:
        yield patch


@pytest.fixture(scope="module")
def parts_site(tmp_path_factory: pytest.TempPathFactory, monkeypatch_module: pytest.MonkeyPatch) -> Path:
    """The same survey as the built site, built by `survey build` with its search index in parts."""
    monkeypatch_module.setattr(searchparts, "PART", PART)
    project = new_project(tmp_path_factory.mktemp("parts-site") / "survey", survey="repo+unusual")
    assert build.run(project, out=io.StringIO()) == 0
    return project.site_dir


@pytest.fixture(scope="module")
def indexes(built_site: Path, parts_site: Path) -> tuple[Path, Path]:
    """The built site's search index, made by one Pagefind run, and the same survey's made in parts."""
    return built_site / search.BUNDLE, parts_site / search.BUNDLE


def test_the_merged_index_holds_what_one_run_holds(indexes: tuple[Path, Path]) -> None:
    whole, parts = map(_decoded, indexes)
    assert whole["pages"] > 3 * PART, "the records make more than three parts"
    assert any(variants for _, variants in whole["words"].values()), "some words have accented variants"
    assert len(whole["filters"]) >= 3
    for key in whole:
        assert parts[key] == whole[key], key


def test_the_merged_index_is_cut_into_chunks_as_pagefind_cuts_them(indexes: tuple[Path, Path]) -> None:
    """A search downloads the chunk that holds its word: the parts' chunks are not kept side by
    side, and the merged chunks begin and end where one run's do. Pagefind's search for a word
    opens only the first chunk that may hold it, so a chunk cut elsewhere can hide the words
    that begin with it ("chest" ending one chunk, "chestxray8" beginning the next)."""
    whole, parts = (read(next(bundle.glob("*.pf_meta")))[2] for bundle in indexes)
    assert len(whole) > 2
    assert [(first, last) for first, last, _ in parts] == [(first, last) for first, last, _ in whole]


def test_two_merges_of_the_same_records_are_byte_identical(built_project: Project, indexes: tuple[Path, Path],
                                                           tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(searchparts, "PART", PART)
    returncode, output, urls = search.index(built_project, read_survey(built_project), tmp_path)
    assert returncode == 0, output
    assert urls == search.verify.search_urls(indexes[0])
    again, built = tmp_path / search.BUNDLE, indexes[1]
    files = sorted(p.relative_to(again).as_posix() for p in again.rglob("*") if p.is_file()
                   and p.name not in search.UNUSED)
    assert files == sorted(p.relative_to(built).as_posix() for p in built.rglob("*") if p.is_file())
    assert all((again / f).read_bytes() == (built / f).read_bytes() for f in files)


def test_a_fragment_name_taken_by_another_part_gets_a_longer_one(tmp_path: Path) -> None:
    """Pagefind names a page by the first 7 hex digits of its hash, so two parts can give two
    different pages one name; the merge keeps both."""
    parts = []
    for n, text in enumerate(["first page", "second page"]):
        part = tmp_path / f"part{n}"
        (part / "fragment").mkdir(parents=True)
        data = gzip.compress(b"pagefind_dcd" + json.dumps({"url": f"/p{n}/", "content": text}).encode())
        (part / "fragment" / "en_1234567.pf_fragment").write_bytes(data)
        parts.append(part)
    taken: dict[str, bytes] = {}
    out = tmp_path / "out"
    (out / "fragment").mkdir(parents=True)
    names = [searchparts._move_fragment("en", part / "fragment" / "en_1234567.pf_fragment", "en_1234567", out,
                                        taken) for part in parts]
    assert names[0] == "en_1234567" and names[1] != names[0] and names[1].startswith("en_")
    assert {p.name for p in (out / "fragment").iterdir()} == {f"{name}.pf_fragment" for name in names}


QUERIES = ["segmentation", "chest x-ray", "jiménez", "jimenez", "išgum", "isgum", "transf", "dataset benchmark",
           "mri brain tumour", "pathology foundation"]
_SEARCH = """async ([query, filters]) => {
  const pagefind = await import("./pagefind/pagefind.js");
  const found = await pagefind.search(query, {filters});
  const pages = await Promise.all(found.results.map(async r => [(await r.data()).url, Math.round(r.score * 1e4)]));
  return {pages: pages.sort(), filters: found.filters, total: found.unfilteredResultCount};
}"""


@pytest.mark.browser
def test_pagefind_answers_from_the_merged_index_as_from_one_run(page: Page, built_site: Path,
                                                                parts_site: Path) -> None:
    answers = []
    for site in (built_site, parts_site):
        with serve(site) as url:
            page.goto(url)
            answers.append([page.evaluate(_SEARCH, [query, {}]) for query in QUERIES]
                           + [page.evaluate(_SEARCH, [None, {"Modalities": "CT"}]),
                              page.evaluate(_SEARCH, ["segmentation", {"Anatomy": "Chest"}])])
    whole, parts = answers
    assert all(answer["pages"] for answer in whole), "every query finds something"
    assert parts == whole
