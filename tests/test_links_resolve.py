"""Link integrity: every internal link and asset of every built page resolves."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from conftest import new_project
from survey.builder import search, verify
from survey.core.problems import ProblemsFound
from survey.read.reader import read_survey


class Links(HTMLParser):
    def __init__(self, text: str):
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.add(attributes["id"])
        for name in ("href", "src"):
            if attributes.get(name) and tag in ("a", "link", "script", "img", "source", "iframe"):
                self.links.append(attributes[name])


def _target(site: Path, url: str) -> Path:
    path = site / unquote(urlsplit(url).path).lstrip("/")
    return path / "index.html" if url.split("?")[0].split("#")[0].endswith("/") or path.is_dir() else path


def test_every_internal_link_and_asset_resolves(built_site: Path) -> None:
    base = "http://site.invalid/survey/"  # the path of site_url: 404.html links from the root
    pages = {p: Links(p.read_text(encoding="utf-8")) for p in built_site.rglob("*.html")}
    ids = {p: links.ids for p, links in pages.items()}
    broken, checked = [], 0
    for page, links in pages.items():
        page_url = base + page.relative_to(built_site).as_posix()
        for link in links.links:
            url = urljoin(page_url, link)
            if not url.startswith(base):
                continue  # external: checked by `survey links`
            checked += 1
            target = _target(built_site, url[len(base):])
            if not target.exists():
                broken.append(f"{page.relative_to(built_site)} → {link}")
                continue
            fragment = urlsplit(url).fragment
            if fragment and target.suffix == ".html" and fragment not in ids.get(target, set()):
                broken.append(f"{page.relative_to(built_site)} → {link} (no such anchor)")
    assert checked > 5000
    assert broken == []


def test_the_consistency_check_catches_a_lost_paper(tmp_path: Path) -> None:
    from survey.commands import build

    project = new_project(tmp_path / "survey", survey="fixture")
    build.run(project)
    survey = read_survey(project)
    verify.check_site(project.site_dir, survey)  # a good build passes
    (project.site_dir / "topics" / "segmentation" / "index.html").write_text("<p>nothing</p>", encoding="utf-8")
    (project.site_dir / "papers.csv").write_text("id\n", encoding="utf-8")
    with pytest.raises(ProblemsFound) as found:
        verify.check_site(project.site_dir, survey)
    fix = "(this is a bug in the generator or a theme override; please report it)"
    assert [str(p) for p in found.value.problems] == [
        f"papers/chexagent.yaml: build: missing from papers.csv {fix}",
        f"papers/nwpu-resisc45.yaml: build: missing from papers.csv {fix}",
        f"papers/quilt-1m.yaml: build: missing from papers.csv {fix}",
        f"papers/roentgen.yaml: build: missing from papers.csv {fix}",
        f"papers/totalsegmentator.yaml: build: missing from papers.csv {fix}",
        f"papers/totalsegmentator.yaml: build: missing from the page of topics/segmentation {fix}",
    ]


def test_a_paper_gone_from_each_export_is_named_with_it(tmp_path: Path) -> None:
    """The exports are read a line at a time: a paper's record, key or ID line taken out of
    each is found missing there, and nothing else is."""
    from survey.commands import build

    project = new_project(tmp_path / "survey", survey="fixture")
    build.run(project)
    survey = read_survey(project)
    lines_of = {"papers.json": '{"id": "roentgen"', "papers.csl.json": '{"id": "roentgen"',
                "papers.bib": "{roentgen,", "papers.ris": "ID  - roentgen"}
    for name, mark in lines_of.items():
        file = project.site_dir / name
        kept = [line for line in file.read_text(encoding="utf-8").splitlines(keepends=True) if mark not in line]
        assert len(kept) == len(file.read_text(encoding="utf-8").splitlines()) - 1, name
        file.write_text("".join(kept), encoding="utf-8")
    with pytest.raises(ProblemsFound) as found:
        verify.check_site(project.site_dir, survey)
    assert sorted(str(p).split(" (")[0] for p in found.value.problems) == [
        f"papers/roentgen.yaml: build: missing from {name}" for name in sorted(lines_of)]


def test_the_search_index_read_while_it_is_built_is_what_the_site_holds(tmp_path: Path) -> None:
    project = new_project(tmp_path / "survey", survey="fixture")
    survey = read_survey(project)
    work = tmp_path / "work"
    work.mkdir()
    indexing = search.Indexing(project, survey, work).start(fork=True)
    site = tmp_path / "site"
    site.mkdir()
    searched = indexing.install(site)
    assert searched == verify.search_urls(site / "search-index")
    assert {f"/{p.url}" for p in survey.papers} <= searched
    with pytest.raises(ProblemsFound) as found:
        verify.check_site(site, survey, searched=lambda: searched - {"/papers/roentgen/"})
    assert "papers/roentgen.yaml: build: missing from the search index" in [str(p).split(" (")[0]
                                                                          for p in found.value.problems]
