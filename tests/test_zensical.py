"""The generated docs/ also build with Zensical, Material for MkDocs' successor, from the same mkdocs.yml.

Material for MkDocs has announced its end of life. This test keeps the way off it open: Zensical
reads our unchanged mkdocs.yml, theme override and generated pages, and its site has every paper
page, every facet page and every export. Moving the build to Zensical is then a configuration
change (the command `survey build` runs, and where `verify` finds the search index), not a
rewrite of the generator.

Zensical has no option for the output folder and refuses a `site_dir` outside the project root,
so it writes its default `site/` inside the temporary project; its cache goes to `.cache/` there.
Its build makes no network request (checked with strace for the pinned version).
"""

from __future__ import annotations

import html
import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from markupsafe import escape

from conftest import generate_docs, new_project
from survey.read.reader import read_survey

EXPORTS = ["papers.json", "papers.csv", "papers.bib", "feed.xml", "papers.schema.json"]
# Zensical writes one search index at the site root (MkDocs writes search/search_index.json):
# {"config": {...}, "items": [{"location": "papers/x/#anchor", "title": ..., "text": ...}, ...]}.
SEARCH_INDEX = "search.json"
TIMEOUT = 120  # seconds; the fixture survey builds in well under one
ANSI = re.compile(r"\x1b\[[0-9;]*m")  # Zensical colours its diagnostics even when not on a terminal


def zensical_build(root: Path) -> str:
    """Run `zensical build --strict` on root/mkdocs.yml as it is; returns its output.
    --strict: a warning (a broken link, an unknown setting) fails the build, as `survey build` does."""
    if importlib.util.find_spec("zensical") is None:
        pytest.fail("zensical is not installed; install the test dependencies: pip install -e '.[test]'",
                    pytrace=False)
    command = [sys.executable, "-m", "zensical", "build", "--strict", "--config-file", "mkdocs.yml"]
    result = subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    output = ANSI.sub("", result.stdout + result.stderr)
    assert result.returncode == 0, f"zensical build failed:\n{output}"
    return output


def test_zensical_builds_every_page_and_export(tmp_path: Path) -> None:
    project = new_project(tmp_path / "project", survey="fixture")
    generate_docs(project)
    survey = read_survey(project)
    assert survey.papers, "the fixture survey has papers"
    site = project.root / "site"
    assert not site.exists()

    output = zensical_build(project.root)
    assert "warning" not in output.lower(), output

    def page(path: str) -> str:
        file = site / path
        assert file.is_file(), f"Zensical wrote no {path}"
        return file.read_text(encoding="utf-8")

    page("index.html")
    index = page("papers/index.html")
    for paper in survey.papers:
        assert str(escape(paper.title)) in page(f"papers/{paper.id}/index.html"), paper.id
        assert f'id="row-{paper.id}"' in index, paper.id

    for facet in survey.taxonomy.facets:
        page(f"{facet.id}/index.html")
        used = survey.used(facet.id)
        # A page for every value in use, listing its papers, and none for a value without papers.
        assert sorted(p.name for p in (site / facet.id).iterdir() if p.is_dir()) == sorted(u.value.id for u in used)
        for use in used:
            listing = page(f"{use.url}index.html")
            for paper in use.papers:
                assert f'id="row-{paper.id}"' in listing, (use.url, paper.id)

    for export in EXPORTS:
        assert (site / export).is_file(), f"Zensical did not copy {export}"
        assert (site / export).read_bytes() == (project.docs_dir / export).read_bytes(), export

    search = json.loads(page(SEARCH_INDEX))
    items = search["items"]
    located = {item["location"].split("#")[0] for item in items}
    titles = {html.unescape(item["title"]) for item in items}
    for paper in survey.papers:
        assert paper.url in located, f"{paper.id} is not in the search index"
        assert paper.title in titles, f"{paper.title!r} is not a title in the search index"
