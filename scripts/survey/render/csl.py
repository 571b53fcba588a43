"""CSL-JSON items of the papers: what citation processors (citeproc) and Zotero read.

A journal article is `article-journal` in its `container-title`; a conference paper
`paper-conference` in its conference's (not also as `event-title`, which citeproc-py does not
know and APA would print twice); a preprint is
`article` (CSL's type for preprints) with its server as `publisher` and `number` "arXiv:…",
which Zotero imports as a preprint with its repository and archive id. Names have `family` and
`given` (particles inside the family name, which Zotero keeps), or `literal` for a name that has
no family name.

Usage::

    csl.item(paper, survey)   # {"id": "totalsegmentator", "type": "article-journal", …}
"""

from __future__ import annotations

from typing import Any

from ..core.model import Paper, Survey
from . import citation

_TYPES = {citation.ARTICLE: "article-journal", citation.CONFERENCE: "paper-conference",
          citation.PREPRINT: "article", citation.OTHER: "document"}


def item(paper: Paper, survey: Survey, abstract: bool = True) -> dict[str, Any]:
    """The paper's item; without its abstract where the page shows the abstract already."""
    cited = citation.cite(paper)
    found: dict[str, Any] = {"id": paper.id, "type": _TYPES[cited.kind], "title": cited.title}
    if cited.authors:
        found["author"] = [_name(name) for name in cited.authors]
    found["issued"] = {"date-parts": [[int(part) for part in cited.date.split("-")]]}
    if cited.container:
        found["container-title"] = cited.container
    if cited.kind == citation.PREPRINT:
        found.update(publisher="arXiv", number=f"arXiv:{cited.arxiv}")
    if cited.doi:
        found["DOI"] = cited.doi
    if cited.url:
        found["URL"] = cited.url
    if abstract:
        found["abstract"] = cited.abstract
    return found


def _name(name: Any) -> dict[str, str]:
    if not name.given:
        return {"literal": name.family}
    parts = {"family": name.family, "given": name.given}
    if name.suffix:
        parts["suffix"] = name.suffix
    return parts
