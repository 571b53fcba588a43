"""Machine-readable metadata of a paper page: Highwire Press tags and schema.org JSON-LD.

Reference managers (Zotero) and scholarly indexes read `citation_*` meta tags; search
engines read the JSON-LD. Both are plain data here; the theme override prints them.

Usage::

    metadata.citation_tags(paper, survey)   # [["citation_title", "…"], ["citation_author", "…"], …]
    metadata.scholarly_article(paper, survey)
"""

from __future__ import annotations

from typing import Any

from ..core import names
from ..core.model import Paper, Survey
from . import citation

_META_TITLE = {citation.ARTICLE: "citation_journal_title", citation.CONFERENCE: "citation_conference_title"}


def citation_tags(paper: Paper, survey: Survey) -> list[list[str]]:
    """Highwire Press tags, as Zotero and Google Scholar read them: names as "Family, Given", the
    venue without its year, the cited version's date."""
    cited = citation.cite(paper)
    tags = [["citation_title", cited.title]]
    tags += [["citation_author", name.inverted] for name in cited.authors]
    tags.append(["citation_publication_date", cited.date.replace("-", "/")])
    if cited.kind in _META_TITLE:
        tags.append([_META_TITLE[cited.kind], cited.container])
    if cited.kind == citation.PREPRINT:
        # No citation_* tag says "preprint": Zotero takes the type from Dublin Core, and the
        # server as the publisher (its repository); Google Scholar reads the rest as it is.
        tags += [["citation_publisher", "arXiv"], ["DC.type", "preprint"]]
    if cited.arxiv:
        tags.append(["citation_arxiv_id", cited.arxiv])
    if cited.doi:
        tags.append(["citation_doi", cited.doi])
    if cited.pdf:
        tags.append(["citation_pdf_url", cited.pdf])
    if survey.site.url:
        tags.append(["citation_abstract_html_url", survey.site.absolute(paper.url)])
    return tags


def scholarly_article(paper: Paper, survey: Survey) -> dict[str, Any]:
    """What search engines read of the paper. Not its abstract, which the page shows as text:
    a second copy would be a kilobyte more on every paper's page."""
    cited = citation.cite(paper)
    same_as = [url for url in (cited.arxiv_url, cited.doi_url) if url]
    article: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "name": paper.title,
        "headline": paper.title if len(paper.title) <= 110 else paper.title[:109] + "…",
        "author": [_person(name) for name in cited.authors],
        "datePublished": cited.date,
        "keywords": [survey.taxonomy.facet(f).value(v).title for f, values in paper.facets.items() for v in values],
    }
    if survey.site.url:
        article["url"] = article["@id"] = survey.site.absolute(paper.url)
    if same_as:
        article["sameAs"] = same_as
    if cited.container:
        article["isPartOf"] = {"@type": "Periodical" if cited.kind == citation.ARTICLE else "CreativeWork",
                               "name": cited.container}
    if paper.doi:
        article["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI", "value": paper.doi}
    return article


def _person(name: names.Name) -> dict[str, str]:
    person = {"@type": "Person", "name": name.display}
    if name.given:
        person.update(givenName=name.given, familyName=name.family)
    return person
