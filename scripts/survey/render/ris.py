"""RIS records of the papers, as reference managers import them (Zotero's RIS translator's mapping).

A journal article is `JOUR` with its journal in `T2`, a conference paper `CONF` with the
conference in `T2`; a preprint is `GEN` with its server as publisher (`PB  - arXiv`), as Zotero
itself exports one, and `M2  - Type: preprint`, which Zotero reads into the item's type (RIS has
no preprint type). Names are `AU  - Family, Given`; RIS lines cannot break, so an abstract's
paragraphs are joined by a space.

Usage::

    ris.record(paper, survey)      # 'TY  - JOUR\\r\\nID  - totalsegmentator\\r\\n…ER  - \\r\\n'
"""

from __future__ import annotations

from ..core.model import Paper, Survey
from . import citation

_TYPES = {citation.ARTICLE: "JOUR", citation.CONFERENCE: "CONF", citation.PREPRINT: "GEN", citation.OTHER: "GEN"}
END = "\r\n"


def record(paper: Paper, survey: Survey, abstract: bool = True) -> str:
    """The paper's record; without its abstract where the page shows the abstract already."""
    cited = citation.cite(paper)
    tags: list[tuple[str, str]] = [("TY", _TYPES[cited.kind]), ("ID", paper.id), ("TI", cited.title)]
    tags += [("AU", name.inverted) for name in cited.authors]
    if cited.container:
        tags.append(("T2", cited.container))
    if abstract:
        tags.append(("AB", " ".join(cited.abstract.split())))
    tags.append(("DA", "/".join(cited.date.split("-")) + "/"))
    tags.append(("PY", str(cited.year)))
    if cited.doi:
        tags.append(("DO", cited.doi))
    if cited.kind == citation.PREPRINT:
        tags += [("PB", "arXiv"), ("M2", "Type: preprint"), ("M2", f"arXiv:{cited.arxiv}")]
    if cited.url:
        tags.append(("UR", cited.url))
    tags += [("KW", survey.taxonomy.facet(f).value(v).title) for f, values in paper.facets.items() for v in values]
    return "".join(f"{tag}  - {_line(value)}{END}" for tag, value in tags) + f"ER  - {END}"


def _line(value: str) -> str:
    return " ".join(value.split())
