"""The Nu HTML checker (vnu, the W3C's validator) finds no error in the markup the survey writes,
on every kind of page. Material for MkDocs' own markup has errors of its own, listed in THEME as
known and not ours; any other error fails the test."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT
from survey.core.model import Survey

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
THEME = {
    r"^Attribute “autocomplete” is only allowed when the input type is":
        "Material's palette and drawer toggles are checkboxes with autocomplete=\"off\"",
    r"^Bad value “” for attribute “tabindex” on element “label”":
        "Material's drawer and search labels have tabindex=\"\"",
}


def _pages(site: Path, survey: Survey) -> list[Path]:
    """One page of every kind the site has, and every hand-written page."""
    facet = survey.taxonomy.facets[0]
    value = survey.used(facet.id)[0].value
    author = next(p for p in sorted((site / "authors").iterdir()) if (p / "index.html").is_file())
    listing = next(p for p in sorted((site / "authors" / "by-name").iterdir()) if (p / "index.html").is_file())
    kinds = ["index.html", "papers/index.html", f"{facet.id}/index.html", f"{facet.id}/{value.id}/index.html",
             "authors/index.html", f"authors/{author.name}/index.html", f"authors/by-name/{listing.name}/index.html",
             "overview/index.html", "map/index.html", "datasets/index.html", "results/index.html",
             "results/all/index.html",
             "whats-new/index.html", "schema/index.html", "404.html"]
    papers = [f"{p.url}index.html" for p in survey.papers if not p.authors][:1] + [
        f"{p.url}index.html" for p in survey.papers if p.venue and p.arxiv][:2]
    written = ["about/index.html", "contributing/index.html", "performance/index.html"]
    return [site / page for page in [*kinds, *papers, *written]]


def _vnu() -> list[str]:
    java = shutil.which("java")
    if java and VNU.is_file():
        return [java, "-jar", str(VNU)]
    message = "the Nu HTML checker needs Java and vnu-jar (apt-get install default-jre-headless; npm ci)"
    if os.environ.get("SURVEY_REQUIRE_BROWSER"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def _errors(pages: list[Path]) -> list[str]:
    """The checker's errors that are not the theme's, as 'page:line: message'."""
    done = subprocess.run([*_vnu(), "--format", "json", "--stdout", *map(str, pages)], capture_output=True,
                          text=True, check=False)
    messages = json.loads(done.stdout)["messages"]
    return [f"{m.get('url', '?').rsplit('/site/', 1)[-1]}:{m.get('lastLine')}: {m['message']}" for m in messages
            if m["type"] == "error" and not any(re.search(pattern, m["message"]) for pattern in THEME)]


def test_the_nu_checker_finds_no_error_in_our_markup(built_site: Path, built_survey: Survey) -> None:
    pages = _pages(built_site, built_survey)
    assert all(page.is_file() for page in pages)
    assert _errors(pages) == []


def test_the_check_would_see_an_error_of_ours(tmp_path: Path) -> None:
    """The same check on a page with the mistake the overview once had: it is found."""
    page = tmp_path / "site" / "page.html"
    page.parent.mkdir()
    page.write_text("<!doctype html><html lang=en><title>t</title><figure><p>chart</p><figcaption>c</figcaption>"
                    "<details><summary>s</summary>d</details><p>after</p></figure></html>", encoding="utf-8")
    assert any("“details” not allowed as child of element “figure”" in e for e in _errors([page]))
