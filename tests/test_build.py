"""`survey generate` and `survey build` end to end on the small fixture survey."""

from __future__ import annotations

import gzip
import hashlib
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import pytest
from markupsafe import escape

from conftest import generate_docs, new_project
from survey.builder import generate, mkdocs, sitemap
from survey.commands import build
from survey.core.problems import ProblemsFound
from survey.read.project import Project


def _digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@dataclass(frozen=True)
class Built:
    project: Project
    output: str
    """What `survey build` printed, standard output and error."""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The fixture survey, built once by `survey build` as a maintainer runs it; tests only read it."""
    project = new_project(tmp_path_factory.mktemp("built") / "survey", survey="fixture")
    done = subprocess.run([sys.executable, "-m", "survey", "build"], cwd=project.root, capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return Built(project, done.stdout + done.stderr)


@pytest.fixture
def built_copy(built: Built, tmp_path: Path) -> Project:
    """A copy of the built project, site included, for a test that changes it."""
    shutil.copytree(built.project.root, tmp_path / "survey", symlinks=True)
    return Project(tmp_path / "survey")


def test_build_writes_every_page(built: Built) -> None:
    site = built.project.site_dir
    for page in ["index.html", "papers/index.html", "overview/index.html", "whats-new/index.html",
                 "schema/index.html", "about/index.html", "contributing/index.html"]:
        assert (site / page).is_file(), page
    for paper in ["totalsegmentator", "chexagent", "quilt-1m", "roentgen", "nwpu-resisc45"]:
        assert (site / "papers" / paper / "index.html").is_file()
    # Facet pages exist exactly for the values in use, including the taxonomy-only facet `tasks`.
    assert sorted(p.name for p in (site / "topics").iterdir() if p.is_dir()) == [
        "general-vision", "generative-models", "report-generation", "segmentation", "vision-language"]
    assert sorted(p.name for p in (site / "tasks").iterdir() if p.is_dir()) == ["planning", "screening"]
    assert not (site / "modalities" / "ct-scan").exists()
    exports = ["feed.xml", "papers.json", "papers.schema.json", "papers.bib", "papers.csv", "papers/index.json",
               "search-index/entry.json", "assets/search-index.js"]
    for export in exports:
        assert (site / export).is_file(), export


def test_the_index_and_facet_pages_link_to_every_paper(built: Built) -> None:
    project = built.project
    index = (project.site_dir / "papers" / "index.html").read_text(encoding="utf-8")
    segmentation = (project.site_dir / "topics" / "segmentation" / "index.html").read_text(encoding="utf-8")
    for paper in ["totalsegmentator", "chexagent", "quilt-1m", "roentgen", "nwpu-resisc45"]:
        assert f'href="../papers/{paper}/"' in index
    assert 'href="../../papers/totalsegmentator/"' in segmentation
    assert 'href="../../papers/chexagent/"' not in segmentation


def test_two_builds_are_byte_identical(built: Built, make_project) -> None:
    second = make_project(survey="fixture", name="b")
    assert build.run(second, out=open(os.devnull, "w")) == 0  # noqa: SIM115
    a, b = _digest(built.project.site_dir), _digest(second.site_dir)
    assert a.keys() == b.keys()
    assert {k for k in a if a[k] != b[k]} == set()


def test_pages_there_are_many_of_are_made_one_at_a_time_where_they_are_written_and_as_when_made_ahead(
        built: Built, make_project, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """`survey build` gives MkDocs the pages there are many of (papers, facet values, the
    authors' list and authors) to make as it writes each (mkdocs.DeferredPage), in processes
    that each write a batch of them and exit, so that no process holds more than one such
    page's text at a time, or grows with the survey; the exports are written to files; the
    site is the one a build from pages and exports in memory writes."""
    log, filled = tmp_path / "writers.log", set()
    fill, empty = mkdocs.DeferredPage.fill, mkdocs.DeferredPage.empty
    monkeypatch.setattr(mkdocs.DeferredPage, "read_source", lambda page, config: (
        filled.add(page.file.src_uri), setattr(page, "markdown", ""), setattr(page, "meta", {})))

    def noting(what: str, page: mkdocs.DeferredPage) -> None:  # from whichever process writes the page
        with log.open("a", encoding="utf-8") as stream:
            stream.write(f"{os.getpid()} {what} {page.file.src_uri}\n")

    monkeypatch.setattr(mkdocs.DeferredPage, "fill", lambda page, made: (noting("fill", page), fill(page, made)))
    monkeypatch.setattr(mkdocs.DeferredPage, "empty", lambda page: (noting("empty", page), empty(page)))
    monkeypatch.setattr(mkdocs, "BATCH", 5)
    deferred = make_project(survey="repo", name="deferred")
    assert build.run(deferred, out=open(os.devnull, "w")) == 0  # noqa: SIM115
    held: dict[str, set[str]] = {}
    most, written = 0, {}
    for line in log.read_text(encoding="utf-8").splitlines():
        pid, what, path = line.split(" ", 2)
        pages = held.setdefault(pid, set())
        if what == "fill":
            pages.add(path)
            written[pid] = written.get(pid, 0) + 1
        else:
            pages.discard(path)
        most = max(most, len(pages))
    assert most == 1 and not any(held.values())
    assert os.getpid() not in {int(pid) for pid in written}
    assert sum(written.values()) == len(filled) and len(written) > 2
    assert max(written.values()) <= mkdocs.BATCH
    kinds = {path.split("/")[0] + ("/by-name" if "/by-name/" in path else "") for path in filled}
    assert {"papers", "modalities", "authors", "authors/by-name"} <= kinds
    render = generate.render
    monkeypatch.setattr(generate, "render", lambda project, survey, **_: render(project, survey))  # all in memory
    ahead = make_project(survey="repo", name="ahead")
    assert build.run(ahead, out=open(os.devnull, "w")) == 0  # noqa: SIM115
    a, b = _digest(deferred.site_dir), _digest(ahead.site_dir)
    assert any(path.startswith("papers/") and path.endswith("/index.html") for path in a)
    assert a == b


def test_the_only_dates_in_the_site_come_from_the_data(built: Built) -> None:
    sitemap = (built.project.site_dir / "sitemap.xml").read_text(encoding="utf-8")
    # The newest paper of the fixture survey was added on 2026-11-28, whatever day this runs.
    assert set(re.findall(r"<lastmod>(.*?)</lastmod>", sitemap)) == {"2026-11-28"}


def _locs(text: str, tag: str) -> list[str]:
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    return [e.findtext(f"{namespace}loc") for e in ElementTree.fromstring(text).iter(f"{namespace}{tag}")]


def test_a_sitemap_over_the_limit_becomes_an_index_of_parts_within_it(make_project, monkeypatch) -> None:
    """The sitemaps protocol allows 50,000 URLs a file: 100,000 papers make 128,000 pages."""
    project = make_project(survey="fixture")
    assert build.run(project, out=open(os.devnull, "w")) == 0  # noqa: SIM115
    whole = _locs((project.site_dir / "sitemap.xml").read_text(encoding="utf-8"), "url")
    monkeypatch.setattr(sitemap, "LIMIT", 4)
    assert build.run(project, out=open(os.devnull, "w")) == 0  # noqa: SIM115
    site = project.site_dir
    index = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert gzip.decompress((site / "sitemap.xml.gz").read_bytes()).decode("utf-8") == index
    names = [f"sitemap-{n}.xml" for n in range(1, -(-len(whole) // 4) + 1)]
    assert len(whole) > 8 and _locs(index, "sitemap") == [project.site_settings().url.rstrip("/") + "/" + name
                                                          for name in names]
    listed = [_locs((site / name).read_text(encoding="utf-8"), "url") for name in names]
    assert all(0 < len(urls) <= 4 for urls in listed)
    assert [url for urls in listed for url in urls] == whole  # every page, once, in MkDocs' order
    assert sorted(p.name for p in site.glob("sitemap*")) == sorted([*names, "sitemap.xml", "sitemap.xml.gz"])


def test_a_noop_generate_rewrites_no_file(make_project) -> None:
    project = make_project(survey="fixture")
    generate_docs(project)
    before = {p: p.stat().st_mtime_ns for p in project.docs_dir.rglob("*") if p.is_file()}
    report = generate_docs(project)
    assert report.written == [] and report.removed == []
    after = {p: p.stat().st_mtime_ns for p in project.docs_dir.rglob("*") if p.is_file()}
    assert after == before


def test_a_removed_paper_leaves_no_stale_page_or_link(built_copy: Project) -> None:
    project = built_copy
    assert (project.site_dir / "papers" / "quilt-1m" / "index.html").exists()
    (project.papers_dir / "quilt-1m.yaml").unlink()
    build.run(project, out=open(os.devnull, "w"))  # noqa: SIM115
    assert not (project.docs_dir / "papers" / "quilt-1m.md").exists()
    assert not (project.site_dir / "papers" / "quilt-1m").exists()
    # Its only modality had no other paper: that value's page is gone too.
    assert not (project.docs_dir / "modalities" / "pathology.md").exists()
    for page in project.site_dir.rglob("*"):
        if page.suffix in (".html", ".xml", ".json", ".csv", ".bib"):
            text = page.read_text(encoding="utf-8")
            assert "papers/quilt-1m" not in text and "One Million Image-Text Pairs" not in text, page


def test_a_failed_build_leaves_the_previous_site_and_hand_written_docs_untouched(built_copy: Project,
                                                                                  run_cli) -> None:
    project = built_copy
    site_before = _digest(project.site_dir)
    hand_written = {p: p.read_bytes() for p in (project.docs_dir / "about.md", project.docs_dir / "contributing.md")}
    (project.papers_dir / "broken.yaml").write_text("title: [oops\n", encoding="utf-8")
    code, out = run_cli(project, "build")
    assert code == 1
    assert "papers/broken.yaml:2:1: YAML syntax error" in out
    assert _digest(project.site_dir) == site_before
    assert all(path.read_bytes() == content for path, content in hand_written.items())


def test_a_failing_mkdocs_build_keeps_the_previous_site(built_copy: Project, run_cli) -> None:
    project = built_copy
    site_before = _digest(project.site_dir)
    # A hand-written page with a broken link fails `mkdocs build --strict`.
    (project.docs_dir / "about.md").write_text("# About\n\n[gone](missing-page.md)\n", encoding="utf-8")
    code, out = run_cli(project, "build")
    assert code == 1
    assert "missing-page.md" in out
    assert _digest(project.site_dir) == site_before
    assert not list(project.root.glob(".site-*"))


def test_generate_never_overwrites_a_hand_written_file(make_project) -> None:
    project = make_project(survey="fixture")
    (project.docs_dir / "whats-new.md").write_text("# My own page\n", encoding="utf-8")
    with pytest.raises(ProblemsFound) as found:
        generate_docs(project)
    assert str(found.value.problems[0]) == (
        "docs/whats-new.md: a generated page would overwrite this hand-written file "
        "(rename or move the hand-written file; this path belongs to the generator)")
    assert (project.docs_dir / "whats-new.md").read_text(encoding="utf-8") == "# My own page\n"


def test_generated_files_are_listed_for_git_to_ignore(make_project) -> None:
    project = make_project(survey="fixture")
    generate_docs(project)
    ignored = (project.docs_dir / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert {"/papers/", "/topics/", "/tasks/", "/index.md", "/feed.xml", "/.gitignore", "/.generated"} <= set(ignored)
    assert "/about.md" not in ignored and "/assets/" not in ignored


def test_build_output_hides_the_theme_notice_but_not_real_warnings(built: Built) -> None:
    assert "end of life" not in built.output
    assert "WARNING" not in built.output
    assert built.output.splitlines()[-1] == "✓ site built into site/"


def test_whats_new_lists_the_newest_papers_and_counts_the_months_before() -> None:
    from survey.render.pages import recent_months

    months = [("2026-11", ["a", "b"]), ("2026-10", ["c", "d", "e"]), ("2026-09", ["f"]), ("2026-08", ["g"])]
    shown = recent_months(months, 4)
    assert shown["recent"] == [("2026-11", ["a", "b"], 2), ("2026-10", ["c", "d"], 3)]
    assert shown["earlier"] == [("2026-09", 1), ("2026-08", 1)]
    assert recent_months(months, 100) == {"recent": [(m, p, len(p)) for m, p in months], "earlier": []}


def test_a_facet_value_with_more_papers_than_a_page_goes_on_over_numbered_pages(tmp_path: Path, monkeypatch) -> None:
    import io

    from survey.read.reader import read_survey
    from survey.render import pages

    monkeypatch.setattr(pages, "FACET_PAGE", 2)
    project = new_project(tmp_path / "survey", survey="fixture")
    assert build.run(project, out=io.StringIO()) == 0  # the build's check found every paper on its value's pages
    survey = read_survey(project)
    use = max((u for f in survey.taxonomy.facets for u in survey.used(f.id)), key=lambda u: len(u.papers))
    assert len(use.papers) > 2
    listed, number = [], 1
    while (page := project.site_dir / use.page_url(number) / "index.html").is_file():
        text = page.read_text(encoding="utf-8")
        rows = re.findall(r'\sid="row-([^"]+)"', text)
        assert 0 < len(rows) <= 2
        listed += rows
        links = re.findall(r'<nav class="survey-pager"[^>]*>(.*?)</nav>', text, flags=re.S)
        assert links, page  # above and below the list, plain links to every other page
        assert all(f'aria-current="page">{number}<' in nav for nav in links)
        number += 1
    assert listed == [p.id for p in use.papers]
    second = (project.site_dir / use.page_url(2) / "index.html").read_text(encoding="utf-8")
    assert f'href="../../../../{use.url}" rel="prev"' in second


def test_results_go_on_over_numbered_pages(tmp_path: Path, monkeypatch) -> None:
    import io

    from survey.core import catalogue
    from survey.read.reader import read_survey
    from survey.render import pages

    monkeypatch.setattr(pages, "RESULTS_PAGE", 1)
    project = new_project(tmp_path / "survey", survey="repo+unusual")  # the unusual papers compare results
    assert build.run(project, out=io.StringIO()) == 0
    survey = read_survey(project)

    def walk(url) -> list[str]:
        texts, number = [], 1
        while (page := project.site_dir / url(number) / "index.html").is_file():
            texts.append(page.read_text(encoding="utf-8"))
            number += 1
        return texts

    every = walk(catalogue.reported_url)
    results = [r for p in survey.papers for r in p.value("results")]
    assert len(every) == len(results) > 1
    quotes = [q for text in every for q in re.findall(r'<td data-label="From the abstract"><q>(.*?)</q>', text)]
    assert sorted(quotes) == sorted(str(escape(r["quote"])) for r in results)
    compared = walk(catalogue.compared_url)
    groups = catalogue.compared_results(survey)
    assert groups and max(len(g.results) for g in groups) > 1  # a group goes on over the next page
    rows = [re.findall(r'<td data-label="Paper">.*?</tr>', text) for text in compared]
    assert all(len(page) == 1 for page in rows)
    assert sum(map(len, rows)) == sum(len(g.results) for g in groups)
    anchors = [a for text in compared for a in re.findall(r'<h3 id="([^"]+)"', text)]
    assert len(anchors) == len(set(anchors)) == len(groups)  # each group's anchor once, where it starts
    assert sum(text.count("(continued)") for text in compared) == sum(len(g.results) - 1 for g in groups)
    assert all('<nav class="survey-pager"' in text for text in every)


def test_no_list_item_of_a_hand_written_page_is_folded_into_a_paragraph(built_project: Project) -> None:
    """Markdown reads a list item written straight after a paragraph, with no blank line, as more
    of that paragraph: the reader sees "2. Fill in …" run on at the end of step 1."""
    for page in built_project.docs_dir.glob("*.md"):
        html = (built_project.site_dir / page.stem / "index.html").read_text(encoding="utf-8")
        for paragraph in re.findall(r"<p>(.*?)</p>", html, flags=re.S):
            folded = re.search(r"\n(?:\d+\.|[-*+]) \S.*", paragraph)
            assert folded is None, f"docs/{page.name}: a list item is part of a paragraph: {folded.group(0)!r}"
