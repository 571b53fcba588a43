"""How a paper is cited: what every export (BibTeX, RIS, CSL-JSON, the meta tags a reference
manager reads, JSON-LD) says about it, worked out once.

A paper with a venue is cited as published there: in its journal or proceedings, named without
the year the venue field carries, in the venue's year (the paper's own `year` is its first
publication, often the preprint's). A paper with only an arXiv id is cited as an arXiv preprint,
and arXiv is never its venue. Names keep the split their file gives (core/names.py).

Usage::

    cited = citation.cite(paper)
    cited.kind, cited.container, cited.year       # 'conference', 'ICLR', 2024
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote

from ..core import names
from ..core.fields import DOI_URL_SAFE, ET_AL
from ..core.model import Paper

ARTICLE, CONFERENCE, PREPRINT, OTHER = "article", "conference", "preprint", "other"
_YEAR = re.compile(r"\(?\b((?:1[89]|20)\d\d)\b\)?")
_YEAR_INSIDE = re.compile(r"(?<!\d)((?:1[89]|20)\d\d)(?!\d)")
# Venues whose proceedings are cited as conference papers; anything else with a venue is a journal.
_CONFERENCE = re.compile(
    r"\b(conference|workshops?|symposium|proceedings of the \w+ conference|findings of|track|"
    r"MICCAI|CVPR|ICCV|ECCV|NeurIPS|NIPS|ICLR|ICML|AAAI|IJCAI|ACL|EMNLP|NAACL|WACV|BMVC|MIDL|"
    r"CHIL|MLHC|ISBI|IPMI|KDD|CHI|DEMI|MLMI)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Cited:
    kind: str
    """ARTICLE, CONFERENCE, PREPRINT (an arXiv id and no venue) or OTHER."""
    title: str
    authors: tuple[names.Name, ...]
    complete: bool
    """False when the paper file's list ends with "et al."."""
    container: str
    """The journal or proceedings, without a year; '' for a preprint."""
    year: int
    date: str
    """The cited version's date as precisely as known: YYYY-MM-DD, YYYY-MM or YYYY."""
    doi: str
    arxiv: str
    url: str
    """The paper's own page: its `paper` link, else its DOI's or arXiv's."""
    pdf: str
    abstract: str

    @property
    def month(self) -> int:
        return int(self.date[5:7]) if len(self.date) >= 7 else 0

    @property
    def doi_url(self) -> str:
        return f"https://doi.org/{quote(self.doi, safe=DOI_URL_SAFE)}" if self.doi else ""

    @property
    def arxiv_url(self) -> str:
        return f"https://arxiv.org/abs/{self.arxiv}" if self.arxiv else ""


def venue_parts(venue: str) -> tuple[str, int]:
    """A venue field split into its name and its year: ("Nature Methods", 2024); year 0 if none."""
    found = list(_YEAR.finditer(venue))
    if not found:  # a year only inside a word ("CLSSTS2020") is the venue's year, but stays in its name
        inside = _YEAR_INSIDE.findall(venue)
        return venue, int(inside[-1]) if inside else 0
    last = found[-1]
    name = (venue[:last.start()] + venue[last.end():]).strip()
    name = re.sub(r"\s{2,}", " ", re.sub(r"\s+([,:;.)])", r"\1", name)).strip(" ,;:-–")
    return name or venue, int(last.group(1))


def kind_of(paper: Paper) -> str:
    if paper.venue:
        return CONFERENCE if _CONFERENCE.search(paper.venue) else ARTICLE
    return PREPRINT if paper.arxiv else OTHER


@lru_cache(maxsize=1 << 17)
def cite(paper: Paper) -> Cited:
    # Kept per paper (a Paper is immutable and hashed once): a page and the exports ask seven times.
    kind = kind_of(paper)
    container, venue_year = venue_parts(paper.venue) if paper.venue else ("", 0)
    if kind in (ARTICLE, CONFERENCE):
        # The published version's date is its venue's year; the file's date is the first version's.
        year = venue_year or paper.year
        date = paper.published if year == paper.year and not venue_year else str(year)
    else:
        year, date = paper.year, paper.published
    arxiv_url = f"https://arxiv.org/abs/{paper.arxiv}" if paper.arxiv else ""
    doi_url = f"https://doi.org/{quote(paper.doi, safe=DOI_URL_SAFE)}" if paper.doi else ""
    return Cited(
        kind=kind, title=paper.title,
        authors=tuple(names.parse(a) for a in paper.authors if a != ET_AL),
        complete=ET_AL not in paper.authors,
        container=container, year=year, date=date, doi=paper.doi, arxiv=paper.arxiv,
        url=paper.link("paper") or doi_url or arxiv_url,
        pdf=paper.link("pdf") or (f"https://arxiv.org/pdf/{paper.arxiv}" if paper.arxiv else ""),
        abstract=paper.abstract,
    )
