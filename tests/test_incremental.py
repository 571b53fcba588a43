"""What `survey serve` and `survey build` do to be fast gives the same result as doing it all
again: the incremental reader, the render cache, the forked renderer and the forked related papers."""

from __future__ import annotations

import hashlib
import io
import json
import os
import threading
import time
from pathlib import Path

import pytest

import hostile
from conftest import generate_docs, new_project
from survey.builder import build as builder
from survey.builder import generate, mkdocs
from survey.builder.serve import Session, edited_papers
from survey.commands import build
from survey.core import analysis, background
from survey.core.problems import ProblemsFound
from survey.core.relations import Citations, Health, Update
from survey.read import reader as reader_module
from survey.read.reader import SurveyReader, read_survey
from survey.render import datafiles, pages
from survey.render.cache import RenderCache


def _render(survey, cache=None):  # noqa: ANN001, ANN202
    return pages.render_site(survey, analysis.analyse(survey.papers), cache=cache)


def _digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _touch_later(path: Path, text: str) -> None:
    """Write a file so that its modification time differs from the previous one's."""
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text, encoding="utf-8")
    while path.stat().st_mtime_ns == before:
        time.sleep(0.01)
        path.write_text(text, encoding="utf-8")


def test_the_reader_reads_again_only_what_changed_and_agrees_with_a_fresh_read(make_project) -> None:
    project = make_project(survey="fixture")
    reader = SurveyReader(project)
    first = reader.read()
    unchanged = {p.id: p for p in first.papers}
    paper = project.papers_dir / "quilt-1m.yaml"
    _touch_later(paper, paper.read_text(encoding="utf-8").replace("Quilt-1M: One Million", "Quilt-1M: A Million"))
    (project.papers_dir / "roentgen.yaml").unlink()
    second = reader.read()
    again = {p.id: p for p in second.papers}
    assert set(again) == set(unchanged) - {"roentgen"}
    assert again["chexagent"] is unchanged["chexagent"]  # not read again
    assert again["quilt-1m"] is not unchanged["quilt-1m"] and again["quilt-1m"].title.startswith("Quilt-1M: A Million")
    fresh = read_survey(project)
    assert [(p.id, p.fields, p.facets) for p in fresh.papers] == [(p.id, p.fields, p.facets) for p in second.papers]


def test_the_reader_reads_the_citations_again_only_when_their_file_changed(make_project, monkeypatch) -> None:
    project = make_project(survey="fixture")
    reads = []
    real = reader_module.relations.read_citations
    monkeypatch.setattr(reader_module.relations, "read_citations", lambda p: reads.append(1) or real(p))
    _touch_later(project.papers_dir / "_citations.yaml", datafiles.citations_yaml(
        Citations("Semantic Scholar", "2026-12-01", {"roentgen": ("quilt-1m",)})))
    reader = SurveyReader(project)
    reader.read()
    paper = project.papers_dir / "quilt-1m.yaml"
    _touch_later(paper, paper.read_text(encoding="utf-8").replace("Quilt-1M: One Million", "Quilt-1M: A Million"))
    reader.read()
    assert len(reads) == 1
    _touch_later(project.papers_dir / "_citations.yaml", datafiles.citations_yaml(
        Citations("Semantic Scholar", "2026-12-01", {"roentgen": ("chexagent",)})))
    assert reader.read().citations.cites == {"roentgen": ("chexagent",)} and len(reads) == 2


def test_a_broken_edit_is_reported_and_the_next_good_one_read(make_project) -> None:
    project = make_project(survey="fixture")
    reader = SurveyReader(project)
    reader.read()
    paper = project.papers_dir / "quilt-1m.yaml"
    good = paper.read_text(encoding="utf-8")
    _touch_later(paper, "title: [broken\n")
    with pytest.raises(ProblemsFound):
        reader.read()
    _touch_later(paper, good)
    assert len(reader.read().papers) == 5


def test_rendering_with_a_warm_cache_gives_the_same_pages(make_project) -> None:
    project = make_project(survey="fixture")
    reader, cache = SurveyReader(project), RenderCache()
    _render(reader.read(), cache)
    paper = project.papers_dir / "chexagent.yaml"
    _touch_later(paper, paper.read_text(encoding="utf-8").replace("CheXagent: Towards", "CheXagent (renamed): Towards"))
    warm = _render(reader.read(), cache)
    cold = _render(read_survey(project))
    assert warm == cold
    assert "CheXagent (renamed)" in warm["papers/chexagent.md"] and "CheXagent (renamed)" in warm["papers/index.md"]
    # What refresh writes changes pages and exports of papers whose own files did not change.
    _touch_later(project.papers_dir / "_citations.yaml", datafiles.citations_yaml(
        Citations("Semantic Scholar", "2026-12-01", {"roentgen": ("chexagent",)})))
    _touch_later(project.papers_dir / "_health.yaml", datafiles.health_yaml(
        Health("GitHub", "2026-12-01", {"totalsegmentator": "archived"},
               {"quilt-1m": (Update("retraction", "10.1/x", "2026-11-30"),)})))
    warm = _render(reader.read(), cache)
    assert warm == _render(read_survey(project))
    records = {r["id"]: r for r in json.loads(warm["papers.json"])["papers"]}
    assert records["roentgen"]["cites"] == ["chexagent"] and records["totalsegmentator"]["code_state"] == "archived"
    related = [path for path, text in warm.items() if path.startswith("papers/") and path != "papers/quilt-1m.md"
               and 'href="../../papers/quilt-1m/"' in text]
    assert related and all("Retracted</span> <a href=\"../../papers/quilt-1m/\"" in warm[path] for path in related)


def test_pages_and_exports_made_in_a_forked_process_are_the_same(make_project) -> None:
    project = make_project(survey="fixture")
    forked = generate.render(project, read_survey(project), parallel=True)
    assert forked == _render(read_survey(make_project(survey="fixture", name="again")))


def test_a_failure_in_the_forked_process_is_raised_here() -> None:
    def broken() -> None:
        raise ValueError("no related papers today")

    with pytest.raises(ValueError, match="no related papers today"):
        background.fork(broken)()
    assert background.fork(lambda: {"a": ["b"]})() == {"a": ["b"]}
    assert background.fork(lambda: 42, enabled=False)() == 42


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_the_two_process_build_equals_the_one_process_build(make_project, monkeypatch) -> None:
    one, two = make_project(survey="fixture", name="one"), make_project(survey="fixture", name="two")
    monkeypatch.setattr(builder, "WORKERS", 1)
    assert build.run(one, out=io.StringIO()) == 0
    monkeypatch.setattr(builder, "WORKERS", 2)
    assert build.run(two, out=io.StringIO()) == 0
    assert _digest(one.site_dir) == _digest(two.site_dir)


def test_build_leaves_docs_alone_and_generate_writes_the_same_pages(make_project) -> None:
    project = make_project(survey="fixture")
    before = _digest(project.docs_dir)
    assert build.run(project, out=io.StringIO()) == 0
    assert _digest(project.docs_dir) == before  # the pages went to MkDocs from memory
    built = (project.site_dir / "papers" / "chexagent" / "index.html").read_text(encoding="utf-8")
    generate_docs(project)
    assert (project.docs_dir / "papers" / "chexagent.md").is_file()
    assert build.run(project, out=io.StringIO()) == 0  # and a build next to generated files is the same
    assert (project.site_dir / "papers" / "chexagent" / "index.html").read_text(encoding="utf-8") == built


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_page_that_fails_in_the_second_renderer_fails_the_build(make_project, monkeypatch) -> None:
    import mkdocs.commands.build as mkdocs_build

    project, parent, real = make_project(survey="fixture"), os.getpid(), mkdocs_build._build_page

    def fails_in_the_child(page, *args, **kwargs):  # noqa: ANN001, ANN202 - MkDocs' signature
        if os.getpid() != parent:
            raise ValueError("no page today")
        return real(page, *args, **kwargs)

    monkeypatch.setattr(mkdocs_build, "_build_page", fails_in_the_child)
    monkeypatch.setattr(builder, "WORKERS", 2)
    with pytest.raises(ProblemsFound) as found:
        build.run(project, out=io.StringIO())
    assert any("ValueError: no page today" in p.message for p in found.value.problems)
    assert not project.site_dir.exists()


def _served(project) -> tuple[Session, io.StringIO]:  # noqa: ANN001
    out = io.StringIO()
    session = Session(project, project.root / "served", "127.0.0.1:8000", out)
    session.build()
    return session, out


def test_serve_shows_an_edited_paper_at_once_as_the_rebuild_behind_it_makes_it(make_project) -> None:
    project = make_project(survey="fixture")
    session, out = _served(project)
    page = project.root / "served" / "papers" / "totalsegmentator" / "index.html"
    listing = project.root / "served" / "topics" / "segmentation" / "index.html"
    paper = project.papers_dir / "totalsegmentator.yaml"
    # The venue: related papers are not found from it, so the page shown at once is already final.
    _touch_later(paper, paper.read_text(encoding="utf-8").replace(
        "venue: 'Radiology: Artificial Intelligence 2023'", "venue: 'Radiology: AI (edited)'"))
    session.build()
    assert "✓ updated papers/totalsegmentator/; rebuilding the rest" in out.getvalue()
    shown = page.read_text(encoding="utf-8")
    assert "Radiology: AI (edited)" in shown
    assert session.catching_up is not None
    session.catching_up.join(timeout=120)
    assert "Radiology: AI (edited)" in listing.read_text(encoding="utf-8")  # the rest of the site, rebuilt behind
    assert page.read_text(encoding="utf-8") == shown
    session.stop()


def test_serve_rebuilds_everything_at_once_when_more_than_a_paper_changed(make_project) -> None:
    project = make_project(survey="fixture")
    session, out = _served(project)
    (project.papers_dir / "_citations.yaml").write_text(
        "source: Semantic Scholar\nretrieved: 2026-11-29\ncites:\n  quilt-1m: [roentgen]\n", encoding="utf-8")
    paper = project.papers_dir / "quilt-1m.yaml"
    _touch_later(paper, paper.read_text(encoding="utf-8").replace("Quilt-1M: One Million", "Quilt-1M: A Million"))
    session.build()
    assert "updated papers/" not in out.getvalue() and session.catching_up is None
    assert "RoentGen" in (project.root / "served" / "papers" / "quilt-1m" / "index.html").read_text(encoding="utf-8")
    session.stop()


def test_only_papers_whose_values_changed_and_nothing_else_count_as_edited(make_project) -> None:
    project = make_project(survey="fixture")
    before = read_survey(project)
    assert edited_papers(before, read_survey(project)) == []
    paper = project.papers_dir / "quilt-1m.yaml"
    paper.write_text(paper.read_text(encoding="utf-8").replace("Quilt-1M: One Million", "Quilt-1M: A Million"),
                     encoding="utf-8")
    assert [p.id for p in edited_papers(before, read_survey(project))] == ["quilt-1m"]
    (project.papers_dir / "roentgen.yaml").unlink()  # a paper gone: other pages list it
    assert edited_papers(before, read_survey(project)) == []
    after = read_survey(project)
    (project.papers_dir / "_health.yaml").write_text(
        "source: Software Heritage\nretrieved: 2026-11-29\ncode:\n  quilt-1m: archived\n", encoding="utf-8")
    health_changed = read_survey(project)  # its code is archived now: its page and every list of it say so
    assert after.health != health_changed.health and edited_papers(after, health_changed) == []


def test_a_broken_save_after_an_edit_does_not_stop_the_rebuild_behind_it(make_project) -> None:
    project = make_project(survey="fixture")
    session, out = _served(project)
    next_save_read = threading.Event()
    session.settle = next_save_read.wait  # the rebuild behind the edit starts once the broken save is read
    paper = project.papers_dir / "totalsegmentator.yaml"
    _touch_later(paper, paper.read_text(encoding="utf-8").replace(
        "venue: 'Radiology: Artificial Intelligence 2023'", "venue: 'Radiology: AI (edited)'"))
    session.build()
    assert "✓ updated papers/totalsegmentator/" in out.getvalue()
    _touch_later(project.papers_dir / "quilt-1m.yaml", "title: [broken\n")
    session.build()
    assert "YAML syntax error" in out.getvalue()
    next_save_read.set()
    assert session.catching_up is not None
    session.catching_up.join(timeout=120)
    listing = project.root / "served" / "topics" / "segmentation" / "index.html"
    assert "Radiology: AI (edited)" in listing.read_text(encoding="utf-8")
    session.stop()


def test_the_theme_parts_shared_by_pages_in_a_folder_change_no_byte(tmp_path, monkeypatch) -> None:
    """A hostile title, like any other, reaches the page's header as the theme itself writes it."""
    files = {"papers/hostile.yaml": hostile.PAPER}
    shared = new_project(tmp_path / "shared" / "survey", files, survey="fixture")
    assert build.run(shared, out=io.StringIO()) == 0
    monkeypatch.setattr(mkdocs.SurveyPlugin, "shared", lambda self, page, part, caller: caller())
    alone = new_project(tmp_path / "alone" / "survey", files, survey="fixture")
    assert build.run(alone, out=io.StringIO()) == 0
    assert _digest(shared.site_dir) == _digest(alone.site_dir)
    header = (shared.site_dir / "papers" / "hostile" / "index.html").read_text(encoding="utf-8")
    assert header.count('data-md-component="header-topic"') == 1
