"""After a build, prove that nothing was lost: every paper reached every place it belongs.

Checked for each paper: its page (with its title), the index's data, the page of every
facet value it claims, the search index, the feeds (the survey's and each of its facet
values', when among their newest), papers.json,
papers.bib, papers.ris, papers.csl.json and papers.csv; and no page exists for a paper that is gone.

Usage::

    verify.check_site(Path("site"), survey)   # raises ProblemsFound naming what is missing where
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from markupsafe import escape

from ..core import catalogue
from ..core.model import FacetUse, Survey
from ..core.problems import Problem, ProblemsFound

_ROW = re.compile(r'\sid="row-([^"]+)"')
_BIB_KEY = re.compile(r"@\w+\{([^,\s]+),")
_RIS_ID = re.compile(r"ID  - (.+?)")
_ID = re.compile(r'\sid="([^"]+)"')


def check_site(site: Path, survey: Survey, searched: Callable[[], set[str]] | None = None) -> None:
    """`searched`: gives the page addresses the search index holds (search.index reads them in
    the background), asked once the rest of the site is read, so that reading it overlaps the
    index's last steps; without it they are read from site/search-index."""
    missing: list[Problem] = []

    def read(path: str) -> str:
        file = site / path
        return file.read_text(encoding="utf-8") if file.is_file() else ""

    def lacks(paper_source: str, where: str) -> None:
        missing.append(Problem(paper_source, None, None, "build", f"missing from {where}",
                               "this is a bug in the generator or a theme override; please report it"))

    index = _index_ids(read("papers/index.json"))
    exported = _record_ids(site / "papers.json")
    bib = _line_ids(site / "papers.bib", _BIB_KEY)
    with _open(site / "papers.csv") as rows:
        csv_ids = {row[0] for row in csv.reader(rows) if row}
    ris_ids = _line_ids(site / "papers.ris", _RIS_ID)
    csl_ids = _record_ids(site / "papers.csl.json")
    feed = read("feed.xml")
    in_feed = {p.id for p in survey.feed_papers}
    uses = [use for f in survey.taxonomy.facets for use in survey.used(f.id)]
    facet_pages = {use.url: _rows(read, use) for use in uses}
    value_feeds = {(use.facet.id, use.value.id): (read(use.feed_url), {p.id for p in use.feed_papers}) for use in uses}

    catalogue_rows = _pages_ids(read, catalogue.datasets_url)  # one search a page, not one per dataset
    pages = {paper.id: str(escape(paper.title)) in read(paper.url + "index.html") for paper in survey.papers}
    search = search_urls(site / "search-index") if searched is None else searched()
    for entry in catalogue.datasets(survey):
        if entry.anchor not in catalogue_rows:
            lacks(entry.paper.source, f"the datasets page (its dataset '{entry.dataset['name']}')")
    for paper in survey.papers:
        if not pages[paper.id]:
            lacks(paper.source, f"its page site/{paper.url}")
        if paper.id not in index:
            lacks(paper.source, "the index of all papers")
        for facet_id, values in paper.facets.items():
            for value in values:
                if paper.id not in facet_pages.get(f"{facet_id}/{value}/", ()):
                    lacks(paper.source, f"the page of {facet_id}/{value}")
                value_feed, newest = value_feeds.get((facet_id, value), ("", set()))
                if paper.id in newest and f"/{paper.url}</id>" not in value_feed:
                    lacks(paper.source, f"the feed of {facet_id}/{value}")
        if f"/{paper.url}" not in search:
            lacks(paper.source, "the search index")
        if paper.id in in_feed and f"/{paper.url}</id>" not in feed:
            lacks(paper.source, "the Atom feed")
        if paper.id not in exported:
            lacks(paper.source, "papers.json")
        if paper.id not in bib:
            lacks(paper.source, "papers.bib")
        if paper.id not in csv_ids:
            lacks(paper.source, "papers.csv")
        if paper.id not in ris_ids:
            lacks(paper.source, "papers.ris")
        if paper.id not in csl_ids:
            lacks(paper.source, "papers.csl.json")

    expected = {p.id for p in survey.papers}
    papers_dir = site / "papers"
    if papers_dir.is_dir():
        for folder in sorted(papers_dir.iterdir()):
            if folder.is_dir() and folder.name not in expected:
                missing.append(Problem(f"site/papers/{folder.name}/", None, None, "build",
                                       "page of a paper that no longer exists",
                                       "remove the stale file from docs/papers/"))
    if missing:
        raise ProblemsFound(missing)


def _rows(read: Callable[[str], str], use: FacetUse) -> set[str]:
    """The papers a facet value's pages list: its own page, then page/2/ and on while they exist."""
    return _pages_ids(read, use.page_url, _ROW)


def _pages_ids(read: Callable[[str], str], url: Callable[[int], str], pattern: re.Pattern = _ID) -> set[str]:
    """What `pattern` finds on the pages of a list split over pages: page 1, 2, … while they exist."""
    found, number = set(), 1
    while text := read(url(number) + "index.html"):
        found |= set(pattern.findall(text))
        number += 1
    return found


def _open(file: Path) -> TextIO:
    """The file to read line by line (exports of 100,000 papers are hundreds of megabytes, never
    held whole); an empty one if it is missing."""
    return file.open(encoding="utf-8", newline="") if file.is_file() else io.StringIO()


def _line_ids(file: Path, pattern: re.Pattern) -> set[str]:
    """What `pattern` finds in the whole of each line of the file."""
    with _open(file) as lines:
        return {found.group(1) for line in lines if (found := pattern.fullmatch(line.rstrip("\r\n")))}


def _record_ids(file: Path) -> set[str]:
    """The "id" of each paper record of a JSON export (papers.json, papers.csl.json), which
    writes each record on a line of its own (json.dumps escapes the line breaks inside one)."""
    ids = set()
    with _open(file) as lines:
        for line in lines:
            record = line.strip().removesuffix(",")
            if record.startswith("{") and record.endswith("}"):
                with contextlib.suppress(ValueError):
                    if isinstance(item := json.loads(record), dict) and isinstance(item.get("id"), str):
                        ids.add(item["id"])
    return ids


def _index_ids(text: str) -> set[str]:
    try:
        data = json.loads(text)
        return {row[data["fields"].index("id")] for row in data["papers"]}
    except (ValueError, KeyError, TypeError):
        return set()


def search_urls(bundle: Path) -> set[str]:
    """The page addresses in the search index (builder/search.py): each of its pages' files names one."""
    try:
        version = json.loads((bundle / "entry.json").read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError, TypeError):
        return set()
    urls = set()
    for page in sorted((bundle / str(version) / "page").glob("*.json")):
        try:
            urls.add(json.loads(page.read_text(encoding="utf-8"))["url"])
        except (OSError, ValueError, KeyError, TypeError):
            continue
    return urls
