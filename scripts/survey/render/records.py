"""The search records: one small HTML file per paper, facet value and hand-written page, which
builder/search.py hands to Pagefind. Only these are indexed: no BibTeX, related-paper lists or
navigation, so a search matches what a reader would call the paper's text. A paper's facet
values are Pagefind filters, not text: the search dialog can narrow by them, and a search for a
facet's name does not match every paper filed under it.

Usage::

    records.search_records(survey, [("about/", "About", "…")])   # {"papers/x/index.html": "<…>", …}
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..core import names, schema
from ..core.fields import ET_AL
from ..core.model import Survey
from . import templating


def search_records(survey: Survey, pages: Iterable[tuple[str, str, str]] = (),
                   overrides: Iterable[Path] = ()) -> dict[str, str]:
    """The search entries, one small HTML file per paper, facet value and hand-written page,
    as {path of the page they stand for + "index.html": HTML}. Only these are indexed: no
    BibTeX, related-paper lists or navigation. `pages` are hand-written pages as (url, title, text)."""
    template = templating.environment(overrides).get_template("search-record.html.j2")
    records = {}
    for paper in survey.papers:
        flags = [label for _, label in survey.health.badges(paper.id)]  # a retraction shows in results too
        detail = " · ".join(filter(None, [*flags, names.short_authors(paper.authors), str(paper.year), paper.venue]))
        records[paper.url + "index.html"] = template.render(title=paper.title, detail=detail, texts=[
            (", ".join(names.display(a) for a in paper.authors if a != ET_AL), 4),
            (" ".join(filter(None, [paper.venue, paper.arxiv and f"arXiv:{paper.arxiv} {paper.arxiv}", paper.doi])), 3),
            (paper.tldr, 2), (" ".join(d["name"] for d in paper.value(schema.DATASETS)), 2), (paper.abstract, 0)],
            filters=[(facet.title, facet.value(v).title) for facet in survey.taxonomy.facets
                     for v in paper.facets[facet.id]])
    for facet in survey.taxonomy.facets:
        for use in survey.used(facet.id):
            count = f"{len(use.papers)} paper{'s' if len(use.papers) != 1 else ''}"
            records[use.url + "index.html"] = template.render(
                title=use.value.title, detail=f"{facet.singular} · {count}",
                texts=[(use.value.description, 2), (use.value.overview, 0)], filters=[])
    for url, title, text in pages:
        records[url + "index.html"] = template.render(title=title, detail="Page", texts=[(text, 0)], filters=[])
    return records
