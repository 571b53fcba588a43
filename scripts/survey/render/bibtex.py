"""BibTeX entries for papers and for the survey itself.

The citation key is the paper's id: unique by construction and stable, since it
does not change when authors or titles are corrected.

Usage::

    bibtex.entry(paper, site)   # '@misc{totalsegmentator,\\n  title = {{TotalSegmentator: …}},\\n …}'
"""

from __future__ import annotations

import re

from ..core.fields import ET_AL
from ..core.model import Citation, Paper, Site

# LaTeX's special characters, written so that braces in the result stay balanced.
_LATEX = {
    "\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}",
    "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
    "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
}
_LATEX_CHARS = re.compile("|".join(re.escape(c) for c in _LATEX))

# Venues whose proceedings are cited as @inproceedings; anything else with a venue is a journal.
_CONFERENCE = re.compile(
    r"\b(conference|workshops?|symposium|proceedings of the \w+ conference|findings of|track|"
    r"MICCAI|CVPR|ICCV|ECCV|NeurIPS|NIPS|ICLR|ICML|AAAI|IJCAI|ACL|EMNLP|NAACL|WACV|BMVC|MIDL|"
    r"CHIL|MLHC|ISBI|IPMI|KDD|CHI|DEMI|MLMI)\b",
    re.IGNORECASE,
)


def latex(text: str) -> str:
    """Text with LaTeX specials escaped; non-ASCII letters are kept (biber and BibTeX 0.99+ read UTF-8)."""
    return _LATEX_CHARS.sub(lambda m: _LATEX[m.group()], text)


def entry_type(paper: Paper) -> str:
    if not paper.venue:
        return "misc"
    return "inproceedings" if _CONFERENCE.search(paper.venue) else "article"


def entry(paper: Paper, site: Site) -> str:
    """The paper's BibTeX entry."""
    kind = entry_type(paper)
    fields: list[tuple[str, str]] = [("title", "{" + latex(paper.title) + "}")]
    if paper.authors:
        names = ["others" if a == ET_AL else latex(a) for a in paper.authors]
        fields.append(("author", " and ".join(names)))
    if kind == "inproceedings":
        fields.append(("booktitle", latex(paper.venue)))
    elif kind == "article":
        fields.append(("journal", latex(paper.venue)))
    fields.append(("year", str(paper.year)))
    if paper.date[5:7]:
        fields.append(("month", str(int(paper.date[5:7]))))
    if paper.doi:
        fields.append(("doi", latex(paper.doi)))
    if paper.arxiv:
        fields += [("eprint", paper.arxiv), ("archiveprefix", "arXiv")]
    url = paper.link("paper") or (f"https://arxiv.org/abs/{paper.arxiv}" if paper.arxiv else "")
    if url:
        fields.append(("url", _url(url)))
    return _format(kind, paper.id, fields)


def survey_entry(citation: Citation, key: str = "survey") -> str:
    """The survey's own BibTeX entry, from CITATION.cff."""
    fields = [("title", "{" + latex(citation.title) + "}")]
    if citation.authors:
        fields.append(("author", " and ".join("{" + latex(a) + "}" for a in citation.authors)))
    if citation.year:
        fields.append(("year", citation.year))
    if citation.version:
        fields.append(("version", latex(citation.version)))
    if citation.url:
        fields.append(("url", _url(citation.url)))
    return _format("misc", key, fields)


def _url(url: str) -> str:
    # URLs keep their characters (the url package reads them verbatim) but braces must balance.
    return url.replace("{", "%7B").replace("}", "%7D").replace("\\", "%5C")


def _format(kind: str, key: str, fields: list[tuple[str, str]]) -> str:
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{kind}{{{key},\n{body}\n}}\n"
