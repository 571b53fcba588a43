"""The search records: what the search index (render/searchindex.py) holds of each paper, facet
value and hand-written page. Only these are indexed: no BibTeX, related-paper lists or
navigation, so a search matches what a reader would call the paper's text. A paper's facet
values are filters, not text: the search dialog can narrow by them, and a search for a facet's
name does not match every paper filed under it.

Usage::

    records.search_records(survey, [("about/", "About", "…")])   # [Record(url="/papers/x/", …), …]
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..core import names, schema
from ..core.fields import ET_AL
from ..core.model import Survey


@dataclass(frozen=True, slots=True)
class Record:
    """One page as the search knows it: `title` and `detail` are what a result shows, `texts`
    are (text, weight) what a search finds (a weight of 0 counts as 1), `filters` are (facet,
    value) titles the search dialog can narrow by."""

    url: str
    title: str
    detail: str
    texts: tuple[tuple[str, int], ...]
    filters: tuple[tuple[str, str], ...] = ()


def search_records(survey: Survey, pages: Iterable[tuple[str, str, str]] = ()) -> list[Record]:
    """The search records of every paper, facet value and hand-written page, in that order.
    `pages` are hand-written pages as (url, title, text)."""
    records = []
    for paper in survey.papers:
        flags = [label for _, label in survey.health.badges(paper.id)]  # a retraction shows in results too
        detail = " · ".join(filter(None, [*flags, names.short_authors(paper.authors), str(paper.year), paper.venue]))
        records.append(Record("/" + paper.url, paper.title, detail, (
            (", ".join(names.display(a) for a in paper.authors if a != ET_AL), 4),
            (" ".join(filter(None, [paper.venue, paper.arxiv and f"arXiv:{paper.arxiv}", paper.doi])), 3),
            (paper.tldr, 2), (" ".join(d["name"] for d in paper.value(schema.DATASETS)), 2), (paper.abstract, 0)),
            tuple((facet.title, facet.value(v).title) for facet in survey.taxonomy.facets
                  for v in paper.facets[facet.id])))
    for facet in survey.taxonomy.facets:
        for use in survey.used(facet.id):
            count = f"{len(use.papers)} paper{'s' if len(use.papers) != 1 else ''}"
            records.append(Record("/" + use.url, use.value.title, f"{facet.singular} · {count}",
                                  ((use.value.description, 2), (use.value.overview, 0))))
    for url, title, text in pages:
        records.append(Record("/" + url, title, "Page", ((text, 0),)))
    return records
