"""Machine-readable metadata of a paper page: Highwire Press tags and schema.org JSON-LD.

Reference managers (Zotero) and scholarly indexes read `citation_*` meta tags; search
engines read the JSON-LD. Both are plain data here; the theme override prints them.

Usage::

    metadata.citation_tags(paper, survey)   # [["citation_title", "…"], ["citation_author", "…"], …]
    metadata.scholarly_article(paper, survey)
"""

from __future__ import annotations

from typing import Any

from ..core.fields import ET_AL
from ..core.model import Paper, Survey
from . import bibtex


def pdf_url(paper: Paper) -> str:
    """The PDF link if the paper file gives one, else arXiv's PDF for an arXiv paper."""
    return paper.link("pdf") or (f"https://arxiv.org/pdf/{paper.arxiv}" if paper.arxiv else "")


def citation_tags(paper: Paper, survey: Survey) -> list[list[str]]:
    tags = [["citation_title", paper.title]]
    tags += [["citation_author", a] for a in paper.authors if a != ET_AL]
    tags.append(["citation_publication_date", paper.published.replace("-", "/")])
    if paper.venue:
        kind = bibtex.entry_type(paper)
        tags.append(["citation_conference_title" if kind == "inproceedings" else "citation_journal_title",
                     paper.venue])
    if paper.arxiv:
        tags.append(["citation_arxiv_id", paper.arxiv])
    if paper.doi:
        tags.append(["citation_doi", paper.doi])
    if pdf_url(paper):
        tags.append(["citation_pdf_url", pdf_url(paper)])
    if survey.site.url:
        tags.append(["citation_abstract_html_url", survey.site.absolute(paper.url)])
    return tags


def scholarly_article(paper: Paper, survey: Survey) -> dict[str, Any]:
    same_as = []
    if paper.arxiv:
        same_as.append(f"https://arxiv.org/abs/{paper.arxiv}")
    if paper.doi:
        same_as.append(f"https://doi.org/{paper.doi}")
    article: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "name": paper.title,
        "headline": paper.title if len(paper.title) <= 110 else paper.title[:109] + "…",
        "author": [{"@type": "Person", "name": a} for a in paper.authors if a != ET_AL],
        "datePublished": paper.published,
        "abstract": paper.abstract,
        "keywords": [survey.taxonomy.facet(f).value(v).title for f, values in paper.facets.items() for v in values],
    }
    if survey.site.url:
        article["url"] = article["@id"] = survey.site.absolute(paper.url)
    if same_as:
        article["sameAs"] = same_as
    if paper.venue:
        article["isPartOf"] = {"@type": "CreativeWork", "name": paper.venue}
    if paper.doi:
        article["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI", "value": paper.doi}
    return article
