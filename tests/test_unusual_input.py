"""Valid but unusual paper files go in unchanged: BOM, CRLF, non-ASCII, quotes, long author lists."""

from __future__ import annotations

import io
import json

import pytest

from conftest import TODAY
from survey.commands import build
from survey.read.reader import read_survey

BASE = """\
title: {title}
authors: {authors}
year: 2023
abstract: "An abstract with \\"quotes\\", a backslash \\\\ and 'apostrophes'."
topics: segmentation
modalities: [ct]
types: [method]
tasks: [screening]
added: "2026-11-01"
"""

CASES = {
    "accents": ('"Segmentação rápida de órgãos: análise"', "[José Ñúñez, Zoë Ørsted, Łukasz Żółć]"),
    "cjk": ("医学画像のセグメンテーション：大規模データセット", "[田中 太郎, 김민준, 王小明]"),
    "emoji-and-math": ("'🧠 Brain MRI ∀x ∈ ℝ³: ∑ᵢ λᵢ ≤ ∞ — “quoted” ‘words’'", "[O'Brien, D'Angelo]"),
    "quotes-and-backslashes": ('''"Title with \\\\backslash\\\\, \\"double\\" and 'single' quotes"''', "[A \\\\ B]"),
}


@pytest.mark.parametrize("name", CASES)
def test_unusual_text_is_kept_exactly(name: str, make_project) -> None:
    title, authors = CASES[name]
    project = make_project({f"papers/{name}.yaml": BASE.format(title=title, authors=authors)})
    paper = read_survey(project, today=TODAY).papers[0]
    expected_title = title.strip("'\"").replace("\\\\", "\\").replace('\\"', '"')
    assert paper.title == expected_title
    assert paper.facets["topics"] == ("segmentation",)


def test_bom_and_crlf_are_accepted(make_project) -> None:
    text = BASE.format(title="Windows file", authors="[Ada Lovelace]").replace("\n", "\r\n")
    project = make_project({"papers/windows.yaml": "\ufeff".encode() + text.encode("utf-8")})
    paper = read_survey(project, today=TODAY).papers[0]
    assert (paper.title, paper.authors) == ("Windows file", ("Ada Lovelace",))


def test_errors_in_crlf_files_have_the_right_line(make_project, run_cli) -> None:
    text = BASE.format(title="Windows file", authors="[Ada Lovelace]").replace("\n", "\r\n")
    text = text.replace("topics: segmentation", "topics: segmentaton")
    project = make_project({"papers/windows.yaml": "\ufeff".encode() + text.encode("utf-8")})
    code, out = run_cli(project, "check")
    assert out.splitlines()[0] == ("papers/windows.yaml:5:9: topics: unknown value 'segmentaton' "
                                   "(did you mean 'segmentation'?)")


def test_a_thousand_authors_build(make_project) -> None:
    authors = "\n".join(f"  - Author Number{i} Ünïcödé" for i in range(1000))
    text = BASE.format(title="A consortium paper", authors="\n" + authors)
    project = make_project({"papers/consortium.yaml": text}, survey="fixture")
    assert build.run(project, out=io.StringIO()) == 0
    record = next(p for p in json.loads((project.site_dir / "papers.json").read_text(encoding="utf-8"))["papers"]
                  if p["id"] == "consortium")
    assert len(record["authors"]) == 1000
    page = (project.site_dir / "papers" / "consortium" / "index.html").read_text(encoding="utf-8")
    assert "Author Number999 Ünïcödé" in page


def test_unicode_pages_build_and_read_back(make_project) -> None:
    files = {f"papers/{name}.yaml": BASE.format(title=t, authors=a) for name, (t, a) in CASES.items()}
    project = make_project(files, survey="fixture")
    assert build.run(project, out=io.StringIO()) == 0
    page = (project.site_dir / "papers" / "cjk" / "index.html").read_text(encoding="utf-8")
    assert "医学画像のセグメンテーション：大規模データセット" in page
    for name in ("田中 太郎", "김민준", "王小明"):
        assert f">{name}</a>" in page  # each links to the authors' page
    authors = "".join(page.read_text(encoding="utf-8")
                      for page in sorted((project.site_dir / "authors" / "by-name").glob("*/index.html")))
    assert "田中 太郎" in authors and "Segmentação rápida de órgãos" in authors


def test_an_unquoted_arxiv_id_keeps_every_digit(make_project) -> None:
    # YAML alone would read 2403.18190 as the number 2403.1819.
    text = BASE.format(title="Unquoted", authors="[Ada Lovelace]") + "arxiv: 2403.18190\n"
    project = make_project({"papers/unquoted.yaml": text})
    assert read_survey(project, today=TODAY).papers[0].arxiv == "2403.18190"
