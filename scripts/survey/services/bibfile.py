"""`survey add --bibtex`: one entry of a BibTeX file, as a paper file's fields, with nothing silently wrong.

What real exporters write (Zotero, Better BibTeX, Mendeley, Google Scholar, DBLP, the ACL
Anthology, arXiv, JabRef, hand-written files) comes in as follows; the format page lists it too.

- Text fields (title, abstract, venue, names) are LaTeX made plain Unicode (services/latex.py);
  a field with a command that cannot be written as text is refused, naming the command.
- URLs and DOIs are kept verbatim, apart from the escapes exporters add (`{\\_}`, `{\\&}`, `\\%`).
  Of several URLs in one field (Mendeley), the DOI's link is chosen, else the publisher's page,
  else arXiv's; the others are named in a note.
- The arXiv id comes from wherever an exporter puts it (`eprint` with `archivePrefix` or
  `eprinttype`, Mendeley's `arxivId`, `journal = {arXiv preprint arXiv:…}`, DBLP's CoRR volume
  `abs/…`, an arxiv.org link, arXiv's own DOI 10.48550/arXiv.…), without its version.
- A preprint server (arXiv, CoRR, bioRxiv, medRxiv, SSRN …) is never the venue.
- "and others" ends the list as "et al."; names keep the split BibTeX gives them
  ("von Last, Jr, First"), written as core/names.py says.
- The file is read as UTF-8, or in the encoding it declares (JabRef's `% Encoding: …`) or that
  `--encoding` names; otherwise it is refused with the encoding it most likely has.

Usage::

    imported = bibfile.read(Path("refs.bib").read_bytes(), "refs.bib", key="wasserthal2023")
    imported.values["title"], imported.notes
"""

from __future__ import annotations

import codecs
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from ..core import names
from ..core.fields import ARXIV_PATTERN, DOI_PATTERN, DOI_URL_SAFE, ET_AL
from ..core.listkinds import url_problem
from ..core.problems import Problem, ProblemsFound, UsageError
from ..core.text import clean_line, clean_text, excerpt
from . import latex

_ARXIV_ID = r"(\d{4}\.\d{4,5}|[a-z]+(?:-[a-z]+)*(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?"
_ARXIV_IN_TEXT = re.compile(rf"(?:arxiv\s*(?:preprint)?\s*:?\s*(?:arxiv\s*:)?|\babs/)\s*{_ARXIV_ID}", re.I)
_ARXIV_IN_URL = re.compile(rf"^https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/{_ARXIV_ID}(?:\.pdf)?/?$", re.I)
_ARXIV_DOI = re.compile(rf"^10\.48550/arxiv\.{_ARXIV_ID}$", re.I)
_PREPRINT = re.compile(r"\b(arxiv|corr|biorxiv|medrxiv|chemrxiv|techrxiv|psyarxiv|socarxiv|eartharxiv|engrxiv|"
                       r"ssrn|research\s*square|preprints?)\b", re.I)
_DECLARED = re.compile(rb"^%\s*Encoding:\s*([\w.-]+)", re.M)
_MONTHS = {name: i for i, name in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
_NOT_PAPER_PAGES = ("arxiv.org", "doi.org", "scholar.google", "semanticscholar.org", "researchgate.net",
                    "ncbi.nlm.nih.gov", "europepmc.org", "dblp.org", "mendeley.com", "zotero.org")
_YEAR = re.compile(r"(?<!\d)(1[89]|20)\d\d(?!\d)")


@dataclass
class Imported:
    values: dict[str, Any]
    notes: list[str] = field(default_factory=list)
    """What was found but not used, or what else in the file could not be read, each with where."""


def decode(raw: bytes, display: str, encoding: str | None = None) -> str:
    """The file's text: UTF-8 (a BOM dropped), or the encoding given or declared in it."""
    declared = _DECLARED.search(raw[:4096])
    chosen = encoding or (declared.group(1).decode("ascii") if declared else None)
    if chosen:
        try:
            return raw.decode(_codec(chosen, display)).removeprefix("\ufeff")
        except UnicodeDecodeError as error:
            raise UsageError(f"{display} is not {chosen} either ({_where(raw, error)}); "
                             "give the encoding it is in with --encoding") from None
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        likely = "Windows-1252 (cp1252)" if any(0x80 <= b <= 0x9F for b in raw) else "Latin-1 (latin-1)"
        option = "cp1252" if "1252" in likely else "latin-1"
        raise UsageError(f"{display} is not UTF-8 ({_where(raw, error)}); it looks like {likely}, as older "
                         f"exporters write: give --encoding {option}, or save the file as UTF-8") from None


def _codec(name: str, display: str) -> str:
    aliases = {"cp1252": "cp1252", "iso8859_1": "latin-1", "iso-8859-1": "latin-1", "latin1": "latin-1"}
    try:
        return codecs.lookup(aliases.get(name.lower(), name)).name
    except LookupError:
        raise UsageError(f"{display}: unknown encoding '{excerpt(name, 40)}'; "
                         "give one such as utf-8, latin-1 or cp1252 with --encoding") from None


def _where(raw: bytes, error: UnicodeDecodeError) -> str:
    line = raw.count(b"\n", 0, error.start) + 1
    column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
    return f"byte 0x{raw[error.start]:02X} on line {line}, column {column}"


def read(raw: bytes, display: str, key: str | None = None, encoding: str | None = None) -> Imported:
    """The fields of one entry of a BibTeX file: the only one, or the one `key` names ('#3' for
    the third entry, for an entry without a key)."""
    text = decode(raw, display, encoding)
    entries, notes = _parse(text, display)
    entry = _choose(entries, key, display)
    problems: list[Problem] = []
    values = _values(entry, _inherited(entry, entries, display, notes), display, problems, notes)
    if problems:
        raise ProblemsFound(problems)
    return Imported(values, notes)


def _parse(text: str, display: str) -> tuple[list[Any], list[str]]:
    import bibtexparser
    from bibtexparser import middlewares

    # bibtexparser logs what it cannot parse, without the file's name: kept here and said with it.
    said = _Said()
    logger = logging.getLogger("bibtexparser")
    logger.addHandler(said)
    propagate, logger.propagate = logger.propagate, False
    try:
        library = bibtexparser.parse_string(text, append_middleware=[middlewares.NormalizeFieldKeys(),
                                                                    middlewares.SeparateCoAuthors()])
    finally:
        logger.removeHandler(said)
        logger.propagate = propagate
    notes = [_said_where(display, message) for message in said.messages]
    entries = list(library.entries)
    for block in library.failed_blocks:
        if type(block).__name__ == "ParsingFailedBlock":
            continue  # a syntax error: bibtexparser said so above
        failed = getattr(block, "ignore_error_block", None)
        if type(block).__name__ == "DuplicateBlockKeyBlock" and failed is not None and not failed.key:
            entries.append(failed)  # one more entry without a key, not a second copy of one
            continue
        what = f"the entry '{failed.key}'" if getattr(failed, "key", "") else "an entry"
        line = block.start_line + 1 if block.start_line is not None else "?"
        notes.append(f"{display}:{line}: {what} could not be read ({excerpt(str(block.error), 100)}); "
                     "it was skipped")
    return sorted(entries, key=lambda e: e.start_line), notes


def _said_where(display: str, message: str) -> str:
    """A message of bibtexparser's, with the file's name and its lines counted from 1, as editors do."""
    text = re.sub(r"\bline (\d+)", lambda m: f"line {int(m.group(1)) + 1}", " ".join(message.split()))
    line = re.search(r"\bline (\d+)", text)
    return f"{display}:{line.group(1) if line else '?'}: {text}; that part was skipped"


class _Said(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _label(entry: Any, index: int) -> str:
    return entry.key or f"#{index} (no key, line {entry.start_line + 1})"


def _choose(entries: list[Any], key: str | None, display: str) -> Any:
    labelled = [(_label(e, i), e) for i, e in enumerate(entries, start=1)]
    if key is not None:
        chosen = [e for i, (label, e) in enumerate(labelled, start=1) if e.key == key or key == f"#{i}"]
        if not chosen:
            found = ", ".join(label for label, _ in labelled) or "none"
            raise UsageError(f"no BibTeX entry {key!r} in {display} (entries: {excerpt(found)})")
        return chosen[0]
    if not entries:
        raise UsageError(f"no BibTeX entry in {display}")
    if len(entries) > 1:
        listed = excerpt(", ".join(label for label, _ in labelled))
        raise UsageError(f"{display} holds {len(entries)} entries ({listed}); "
                         "choose one with --key (an entry without a key by its number: --key '#2')")
    return entries[0]


def _inherited(entry: Any, entries: list[Any], display: str, notes: list[str]) -> dict[str, Any]:
    """The entry's fields, with those it lacks taken from the entry its `crossref` names, as BibTeX does."""
    fields = {f.key.lower(): f for f in entry.fields}
    named = fields["crossref"].value if "crossref" in fields else ""
    parent = next((e for e in entries if isinstance(named, str) and named.strip() and e.key == named.strip()), None)
    if parent is not None:
        taken = [f for f in parent.fields if f.key.lower() not in fields]
        fields.update({f.key.lower(): f for f in taken})
        if taken:
            notes.append(f"{display}:{entry.start_line + 1}: {', '.join(f.key.lower() for f in taken)} taken from "
                         f"'{parent.key}', the entry that crossref names")
    return fields


def _values(entry: Any, fields: dict[str, Any], display: str, problems: list[Problem],
            notes: list[str]) -> dict[str, Any]:
    def raw(name: str) -> str:
        value = fields[name].value if name in fields else ""
        return value if isinstance(value, str) else ""

    def text(name: str, paragraphs: bool = False) -> str:
        if not raw(name):
            return ""
        try:
            plain = latex.to_text(raw(name))
        except latex.NotText as error:
            problems.append(Problem(display, fields[name].start_line + 1, None, name, str(error),
                                    "rewrite that part of the entry as plain text, then run survey add again"))
            return ""
        return clean_text(plain) if paragraphs else clean_line(plain)

    title = text("title")
    if not title and "title" not in fields:
        problems.append(Problem(display, entry.start_line + 1, None, entry.key or "entry", "the entry has no title",
                                "add its title to the entry"))
    year, month = _year_and_month(raw("date"), raw("year"), raw("month"))
    arxiv = _arxiv(entry, fields, display, problems)
    venue = text("journal") or text("journaltitle") or text("booktitle")
    if venue and (_PREPRINT.search(venue) or _PREPRINT.search(raw("publisher"))):
        where = next((fields[n].start_line + 1 for n in ("journal", "journaltitle", "booktitle") if n in fields), "?")
        notes.append(f"{display}:{where}: '{excerpt(venue, 60)}' is a preprint server, not a venue; "
                     "no venue was written")
        venue = ""
    doi = _doi(fields, display, problems)
    return {
        "title": title,
        "authors": _authors(fields.get("author"), display, problems),
        "year": year,
        "date": f"{year}-{month:02d}" if year and month else None,
        "venue": (venue if _YEAR.search(venue) or not year else f"{venue} {year}") if venue else None,
        "arxiv": arxiv,
        "doi": doi,
        "abstract": text("abstract", paragraphs=True) or None,
        "links": _links(fields, doi, arxiv, display, notes),
    }


def _year_and_month(date: str, year: str, month: str) -> tuple[int | None, int]:
    """From biblatex's `date` (YYYY, YYYY-MM, YYYY-MM-DD), else `year` and `month` (a number or a name)."""
    dated = re.match(r"^\s*(\d{4})(?:-(\d{2}))?", date)
    if dated:
        found, number = int(dated.group(1)), int(dated.group(2) or 0)
    else:
        plain = re.fullmatch(r"\s*(\d{4})\s*", year)
        found, number = (int(plain.group(1)) if plain else None), 0
    if found and not number:
        word = re.sub(r"[^a-z0-9]", "", month.lower())
        number = _MONTHS.get(word[:3], 0) or (int(word) if word.isdigit() and 1 <= int(word) <= 12 else 0)
    return found, number if 1 <= number <= 12 else 0


def _arxiv(entry: Any, fields: dict[str, Any], display: str, problems: list[Problem]) -> str | None:
    """The arXiv id, from wherever the exporter put it; a problem if two places disagree."""
    found: dict[str, str] = {}

    def value(name: str) -> str:
        got = fields[name].value if name in fields else ""
        return latex.verbatim(got) if isinstance(got, str) else ""

    prefix = (value("archiveprefix") or value("eprinttype")).strip().lower()
    eprint = value("eprint").strip()
    if eprint and prefix in ("arxiv", "") and re.fullmatch(rf"(?:arxiv:)?{_ARXIV_ID}", eprint, re.I):
        found["eprint"] = eprint
    if value("arxivid").strip():
        found["arxivId"] = value("arxivid").strip()
    for name in ("journal", "journaltitle", "booktitle", "volume", "note", "howpublished"):
        match = _ARXIV_IN_TEXT.search(value(name))
        if match:
            found[name] = match.group(1)
    for url in value("url").split():
        match = _ARXIV_IN_URL.match(url)
        if match:
            found["url"] = match.group(1)
    match = _ARXIV_DOI.match(value("doi").strip())
    if match:
        found["doi"] = match.group(1)
    ids = {name: re.sub(r"v\d+$", "", re.sub(r"^arxiv:", "", ident, flags=re.I)) for name, ident in found.items()}
    distinct = sorted(set(ids.values()))
    if len(distinct) > 1:
        where = ", ".join(f"{name} {ident}" for name, ident in ids.items())
        problems.append(Problem(display, entry.start_line + 1, None, "arxiv",
                                f"the entry names two arXiv ids ({where})", "correct the entry so that it names one"))
        return None
    if distinct and not re.fullmatch(ARXIV_PATTERN, distinct[0]):
        return None
    return distinct[0] if distinct else None


def _doi(fields: dict[str, Any], display: str, problems: list[Problem]) -> str | None:
    if "doi" not in fields or not isinstance(fields["doi"].value, str):
        return None
    doi = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:\s*)", "", latex.verbatim(fields["doi"].value).strip(), flags=re.I)
    if _ARXIV_DOI.match(doi):
        return None  # arXiv's own DOI names the preprint, whose id the arxiv field holds
    if not re.match(DOI_PATTERN, doi):
        problems.append(Problem(display, fields["doi"].start_line + 1, None, "doi", f"'{excerpt(doi)}' is not a DOI",
                                "correct the entry's doi field, or remove it"))
        return None
    return doi


def _authors(found: Any, display: str, problems: list[Problem]) -> list[str]:
    from bibtexparser.middlewares.names import InvalidNameError, parse_single_name_into_parts

    written = []
    for person in (found.value if found is not None and isinstance(found.value, list) else []):
        if person.strip().lower() in ("others", "{others}"):
            written.append(ET_AL)
            continue
        try:
            parts = parse_single_name_into_parts(person)
            given, von, last, jr = (latex.to_text(" ".join(p)) for p in (parts.first, parts.von, parts.last, parts.jr))
        except (InvalidNameError, latex.NotText) as error:
            problems.append(Problem(display, found.start_line + 1, None, "author",
                                    f"cannot read the name '{excerpt(person, 60)}' ({error})",
                                    "correct the name in the entry"))
            continue
        name = names.Name(clean_line(given), clean_line(" ".join(filter(None, [von, last]))), clean_line(jr))
        shown = clean_line(latex.to_text(person)) if "," not in person and "{" not in person else ""
        # "Pedersen A" without a comma: BibTeX takes "A" as the family name; `survey check` asks which it is.
        written.append(shown if shown and names.family_initials(shown) else name.written)
    return written


def _links(fields: dict[str, Any], doi: str | None, arxiv: str | None, display: str,
           notes: list[str]) -> dict[str, str] | None:
    urls = list(_urls(fields))
    where = next((f"{display}:{fields[n].start_line + 1}" for n in ("url", "howpublished") if n in fields), display)
    usable = [u for u in urls if url_problem(u) is None]
    for url in urls:
        if url not in usable:
            notes.append(f"{where}: '{excerpt(url, 60)}' is not an http(s) link; not used")
    if doi:
        usable.append(f"https://doi.org/{quote(doi, safe=DOI_URL_SAFE)}")
    if arxiv:
        usable.append(f"https://arxiv.org/abs/{arxiv}")
    if not usable:
        return None
    chosen = min(usable, key=_preference)
    others = [u for u in dict.fromkeys(urls) if u != chosen and u in usable]
    if len(urls) > 1 and others:  # Mendeley's several links in one field
        notes.append(f"{where}: the entry gives {len(urls)} links; the paper's link is {chosen}, "
                     f"and not used: {', '.join(others)}")
    return {"paper": chosen}


def _urls(fields: dict[str, Any]) -> Iterator[str]:
    for name in ("url", "howpublished"):
        value = fields[name].value if name in fields else ""
        if isinstance(value, str):
            inner = re.findall(r"\\url\s*\{((?:[^{}]|\{[^{}]*\})*)\}", value)
            bare = value.split() if name == "url" or re.fullmatch(r"\s*https?://\S+\s*", value) else []
            for candidate in inner or bare:
                yield latex.verbatim(candidate).strip()


def _preference(url: str) -> int:
    """The DOI's link first, then the publisher's page, then arXiv's, then anything else."""
    host = re.sub(r"^https?://", "", url).split("/")[0].lower()
    if host.endswith("doi.org"):
        return 0
    if host.endswith("arxiv.org"):
        return 2
    if not any(host.endswith(other) for other in _NOT_PAPER_PAGES) and not url.lower().endswith(".pdf"):
        return 1
    return 3
