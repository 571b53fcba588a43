"""A paper's metadata looked up by its identifier: arXiv's API or Crossref's.

Each reader returns the paper's field values (title, authors, year, date, venue, arxiv, doi,
abstract, links) with only what the source states; nothing is guessed. The network readers
take their base address from settings, so tests point them at a local server.

Usage::

    kind, ident = lookup.identifier("https://arxiv.org/abs/2208.05868v2")   # ("arxiv", "2208.05868")
    values = lookup.from_arxiv("2208.05868", Services())                   # {"title": "TotalSegmentator: …", …}
    lookup.arxiv_publications(["2208.05868", …], Services())   # {"2208.05868": {"journal_ref": …, "doi": …}}
    lookup.crossref_venue("10.1148/ryai.230024", Services())     # "Radiology: Artificial Intelligence 2023"
"""

from __future__ import annotations

import html
import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ElementTree
from typing import Any

from ..core import names
from ..core.fields import ARXIV_PATTERN, DOI_PATTERN
from ..core.problems import ServiceUnavailable, UsageError
from ..core.text import clean_line, clean_text, excerpt
from ..read.settings import ServiceSettings as Services
from . import web

_ATOM = "{http://www.w3.org/2005/Atom}"
_ARXIV = "{http://arxiv.org/schemas/atom}"
_YEAR = re.compile(r"\b(1[89]|20)\d\d\b")
_TAG = re.compile(r"<[^>]+>")


def identifier(text: str) -> tuple[str, str]:
    """('arxiv', id) or ('doi', doi) from what a person pastes: an id, a prefixed id or a link,
    with or without a version. Anything else is a UsageError."""
    value = text.strip()
    arxiv = re.sub(r"^(https?://(www\.|export\.)?arxiv\.org/(abs|pdf)/|arxiv:)", "", value, flags=re.I)
    arxiv = re.sub(r"(v\d+)?(\.pdf)?/?$", "", arxiv)
    if re.match(ARXIV_PATTERN, arxiv):
        return "arxiv", arxiv
    doi = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:\s*)", "", value, flags=re.I)
    if re.match(DOI_PATTERN, doi):
        return "doi", urllib.parse.unquote(doi)
    raise UsageError(f"'{excerpt(text)}' is neither an arXiv id nor a DOI; "
                     "give one such as 2208.05868, arXiv:2208.05868, 10.1148/ryai.230024 or a link to either")


def by_identifier(query: str, services: Services) -> tuple[dict[str, Any], str]:
    """The looked-up fields of an arXiv id or DOI, and where they came from."""
    kind, ident = identifier(query)
    if kind == "arxiv":
        return from_arxiv(ident, services), f"arXiv {ident}"
    return from_crossref(ident, services), f"Crossref {ident}"


def _get(url: str, service: str, services: Services, accept: str,
         instead: str = ", or use --bibtex FILE") -> tuple[int, bytes]:
    """(HTTP status, body) of a GET; a status of 404 or 400 is returned, since it means 'no such paper'.
    `instead` ends the message when the service cannot answer: what else the reader can do."""
    status, _, body = web.fetch(url, service, services, accept, instead=instead)
    return status, body


def from_arxiv(arxiv_id: str, services: Services) -> dict[str, Any]:
    """The paper's fields from arXiv's API (an Atom feed); a UsageError if arXiv has no such paper."""
    _, entries = _arxiv_entries([arxiv_id], services)
    entry = entries[0] if entries else None
    if entry is None or "/api/errors" in (entry.findtext(f"{_ATOM}id") or ""):
        why = f" ({excerpt(entry.findtext(f'{_ATOM}summary') or '', 60)})" if entry is not None else ""
        raise UsageError(f"arXiv has no paper {arxiv_id}{why}; check the id")
    published = (entry.findtext(f"{_ATOM}published") or "")[:10]
    values: dict[str, Any] = {
        "title": clean_line(entry.findtext(f"{_ATOM}title") or ""),
        "authors": [names.readable(clean_line(a.findtext(f"{_ATOM}name") or ""))
                    for a in entry.findall(f"{_ATOM}author")],
        "year": int(published[:4]) if published[:4].isdigit() else None,
        "date": published or None,
        "venue": clean_line(entry.findtext(f"{_ARXIV}journal_ref") or "") or None,
        "arxiv": arxiv_id,
        "doi": clean_line(entry.findtext(f"{_ARXIV}doi") or "") or None,
        "abstract": clean_line(entry.findtext(f"{_ATOM}summary") or ""),
        "links": {"paper": f"https://arxiv.org/abs/{arxiv_id}"},
    }
    return values


def _arxiv_entries(arxiv_ids: list[str], services: Services,
                   instead: str = ", or use --bibtex FILE") -> tuple[int, list[ElementTree.Element]]:
    """(HTTP status, the feed's entries) of one arXiv API request for these ids."""
    query = urllib.parse.urlencode({"id_list": ",".join(arxiv_ids), "max_results": len(arxiv_ids)})
    status, body = _get(f"{services.arxiv}?{query}", "arXiv", services, "application/atom+xml", instead)
    try:
        feed = ElementTree.fromstring(body)
    except ElementTree.ParseError:
        raise ServiceUnavailable(f"arXiv answered HTTP {status} with something that is not an Atom feed; "
                                 f"try again later{instead}") from None
    return status, feed.findall(f"{_ATOM}entry")


def arxiv_publications(arxiv_ids: list[str], services: Services) -> dict[str, dict[str, str]]:
    """What arXiv says about where each paper was published: {id: {"journal_ref": …, "doi": …}},
    with only the elements arXiv sends (both are optional); ids arXiv does not know are left out."""
    found: dict[str, dict[str, str]] = {}
    for start in range(0, len(arxiv_ids), services.arxiv_batch):
        if start:
            time.sleep(services.arxiv_pause)
        status, entries = _arxiv_entries(arxiv_ids[start:start + services.arxiv_batch], services, instead="")
        if status != 200 or any("/api/errors" in (e.findtext(f"{_ATOM}id") or "") for e in entries):
            why = excerpt(entries[0].findtext(f"{_ATOM}summary") or "", 60) if entries else f"HTTP {status}"
            raise ServiceUnavailable(f"arXiv refused the request ({why}); check the arXiv ids in the papers")
        for entry in entries:
            ident = entry.findtext(f"{_ATOM}id") or ""
            ident = re.sub(r"v\d+$", "", ident.rsplit("/abs/", 1)[-1])
            values = {"journal_ref": clean_line(entry.findtext(f"{_ARXIV}journal_ref") or ""),
                      "doi": clean_line(entry.findtext(f"{_ARXIV}doi") or "")}
            found[ident] = {k: v for k, v in values.items() if v}
    return found


def crossref_venue(doi: str, services: Services) -> str:
    """The journal or proceedings a DOI was published in, with the year, as Crossref gives them;
    "" when Crossref does not know the DOI or names no container (a preprint, a dataset)."""
    try:
        work = from_crossref(doi, services, instead="")
    except UsageError:
        return ""
    return work["venue"] or ""


def from_crossref(doi: str, services: Services, instead: str = ", or use --bibtex FILE") -> dict[str, Any]:
    """The paper's fields from Crossref's works API; a UsageError if Crossref has no such DOI."""
    status, body = _get(f"{services.crossref}/works/{urllib.parse.quote(doi, safe='/')}", "Crossref", services,
                        "application/json", instead)
    if status in (400, 404):
        raise UsageError(f"Crossref has no work with the DOI {doi}; check the DOI")
    try:
        work = json.loads(body)["message"]
    except (ValueError, KeyError, TypeError):
        raise ServiceUnavailable(f"Crossref answered with something that is not a work record; try again later"
                                 f"{instead}") from None
    date = _crossref_date(work)
    venue = _first(work.get("container-title")) if work.get("type") != "posted-content" else ""
    return {
        "title": clean_line(html.unescape(_TAG.sub("", _first(work.get("title"))))),
        "authors": [_crossref_name(a) for a in work.get("author", []) if isinstance(a, dict)],
        "year": int(date[:4]) if date else None,
        "date": date or None,
        "venue": _with_year(clean_line(html.unescape(venue)), date[:4]) if venue else None,
        "doi": work.get("DOI") or doi,
        "abstract": _jats_text(work.get("abstract") or "") or None,
        "links": {"paper": f"https://doi.org/{work.get('DOI') or doi}"},
    }


def _crossref_name(author: dict[str, Any]) -> str:
    """A Crossref author as a paper file writes it, keeping the family name Crossref gives."""
    given, family = (clean_line(str(author.get(k) or "")) for k in ("given", "family"))
    if family:
        return names.Name(given, family, clean_line(str(author.get("suffix") or ""))).written
    return names.Name("", clean_line(str(author.get("name") or given))).written


def _first(values: Any) -> str:
    return values[0] if isinstance(values, list) and values and isinstance(values[0], str) else ""


def _crossref_date(work: dict[str, Any]) -> str:
    """The earliest publication date Crossref gives, as precisely as it gives it (YYYY-MM-DD, YYYY-MM or YYYY)."""
    dates = []
    for key in ("published-print", "published-online", "issued", "published"):
        parts = ((work.get(key) or {}).get("date-parts") or [[]])[0]
        if parts and all(isinstance(p, int) for p in parts):
            dates.append(tuple(parts[:3]))
    if not dates:
        return ""
    earliest = min(dates)
    return "-".join([f"{earliest[0]:04d}", *(f"{p:02d}" for p in earliest[1:])])


def _jats_text(jats: str) -> str:
    """Plain text from a JATS abstract: paragraphs kept, tags and a leading 'Abstract' title dropped."""
    text = re.sub(r"<jats:title>\s*Abstract\s*</jats:title>", "", jats, flags=re.I)
    text = re.sub(r"</jats:p>\s*<jats:p[^>]*>", "\n\n", text)
    return clean_text(html.unescape(_TAG.sub("", text)))


def _with_year(venue: str, year: str) -> str:
    """A venue as the schema asks for it, with its year."""
    return venue if not year or _YEAR.search(venue) else f"{venue} {year}"
