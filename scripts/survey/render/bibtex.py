"""BibTeX entries for papers and for the survey itself.

The citation key is the paper's id: unique by construction and stable, since it
does not change when authors or titles are corrected.

Usage::

    bibtex.entry(paper, site)   # '@article{totalsegmentator,\\n  title = {{TotalSegmentator: …}},\\n …}'
"""

from __future__ import annotations

import re

from ..core import names
from ..core.model import Citation, Paper, Site
from . import citation

# LaTeX's special characters, written so that braces in the result stay balanced.
_LATEX = {
    "\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}",
    "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
    "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
}
_LATEX_CHARS = re.compile("|".join(re.escape(c) for c in _LATEX))

def latex(text: str) -> str:
    """Text with LaTeX specials escaped; non-ASCII letters are kept (biber and BibTeX 0.99+ read UTF-8)."""
    return _LATEX_CHARS.sub(lambda m: _LATEX[m.group()], text)


_TYPES = {citation.ARTICLE: "article", citation.CONFERENCE: "inproceedings"}


def entry_type(paper: Paper) -> str:
    return _TYPES.get(citation.kind_of(paper), "misc")


def entry(paper: Paper, site: Site) -> str:
    """The paper's BibTeX entry: @article or @inproceedings in its venue and the venue's year,
    else @misc, with the arXiv id as eprint; names "Family, Given", which every BibTeX reader splits right."""
    cited = citation.cite(paper)
    kind = _TYPES.get(cited.kind, "misc")
    fields: list[tuple[str, str]] = [("title", "{" + latex(cited.title) + "}")]
    if paper.authors:
        authors = [author_name(name) for name in cited.authors] + ([] if cited.complete else ["others"])
        fields.append(("author", " and ".join(authors)))
    if kind == "inproceedings":
        fields.append(("booktitle", latex(cited.container)))
    elif kind == "article":
        fields.append(("journal", latex(cited.container)))
    fields.append(("year", str(cited.year)))
    if cited.month:
        fields.append(("month", str(cited.month)))
    if cited.doi:
        fields.append(("doi", latex(cited.doi)))
    if cited.arxiv:
        fields += [("eprint", cited.arxiv), ("archiveprefix", "arXiv")]
    if cited.url:
        fields.append(("url", _url(cited.url)))
    return _format(kind, paper.id, fields)


def author_name(name: names.Name) -> str:
    """A name as BibTeX reads it: "von Last, Jr, First"; braced when it has no given name."""
    if not name.given:
        return "{" + latex(name.family) + "}"
    return ", ".join(latex(part) for part in (name.family, name.suffix, name.given) if part)


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
