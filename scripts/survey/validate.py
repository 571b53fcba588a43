"""Check paper files against the schema and the taxonomy: normalise, then validate.

Every check appends to a list of problems instead of stopping, so one run reports
everything wrong in every file. Functions here are pure: documents in, papers and
problems out.

Usage::

    papers, problems = validate.check_papers(docs, taxonomy, today=date.today())
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from . import schema
from .load import Document
from .model import Paper
from .problems import Problem, did_you_mean
from .taxonomy import Taxonomy
from .text import clean_line, clean_text, describe, normalised_title, text_problem

_ID = re.compile(schema.ID_PATTERN)
_ARXIV = re.compile(schema.ARXIV_PATTERN)
_DOI = re.compile(schema.DOI_PATTERN)
_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
_SAFE_URL = re.compile(r"^[^\s<>\"`\\\x00-\x1f\x7f]+$")  # RFC 3986 never allows these
EARLIEST_YEAR = 1800


def check_file_name(name: str) -> tuple[str, str] | None:
    """Why a file in papers/ cannot be a paper, as (message, fix), or None for a good name."""
    stem, dot, ext = name.rpartition(".")
    if not dot or ext != "yaml":
        if ext == "yml":
            return "paper files end in .yaml", f"rename it to {stem}.yaml"
        return "not a paper file", "papers are YAML files named papers/<id>.yaml; move other files elsewhere"
    if len(stem) > schema.ID_MAX_LENGTH or not _ID.match(stem):
        suggestion = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")[: schema.ID_MAX_LENGTH] or "my-paper"
        return (f"file name '{stem}' is not a valid paper id",
                f"use lowercase letters, digits and single hyphens, at most {schema.ID_MAX_LENGTH} characters, "
                f"e.g. {suggestion}.yaml")
    return None


def check_papers(docs: Iterable[Document], taxonomy: Taxonomy, today: dt.date) -> tuple[list[Paper], list[Problem]]:
    """Check every paper document, then the papers against each other."""
    papers: list[Paper] = []
    problems: list[Problem] = []
    located: dict[str, Document] = {}
    for doc in docs:
        paper, found = check_paper(doc, taxonomy, today)
        problems += found
        if paper is not None:
            papers.append(paper)
            located[paper.id] = doc
    problems += check_duplicates(papers, located)
    return papers, problems


def check_paper(doc: Document, taxonomy: Taxonomy, today: dt.date) -> tuple[Paper | None, list[Problem]]:
    """Normalise and check one paper document; the Paper is None when anything is wrong."""
    problems: list[Problem] = []
    data = doc.data
    if not isinstance(data, dict):
        problems.append(doc.problem((), f"expected a mapping of fields at the top level, got {describe(data)}",
                                    "write one 'field: value' per line; see papers/_template.yaml"))
        return None, problems
    fields = {f.name: f for f in schema.all_fields(taxonomy)}
    for key in data:
        if key not in fields:
            problems.append(doc.problem((key,), f"unknown field '{key}'", did_you_mean(key, fields), key=True))
    values: dict[str, Any] = {}
    for name, field in fields.items():
        if name not in data:
            if field.required:
                problems.append(Problem(doc.path, None, None, name, "missing required field",
                                        f"add '{name}: …'; see papers/_template.yaml"))
            continue
        check = _KINDS[field.kind]
        values[name] = check(_Context(doc, (name,), field, taxonomy, today, problems), data[name])
        for path in _placeholders_left(field, values[name]):
            problems.append(doc.problem(path, "still holds the template's placeholder",
                                        "write the paper's own value" + ("" if field.required else ", or remove it")))
    _check_consistency(doc, values, problems)
    if problems:
        return None, problems
    stem = doc.path.rsplit("/", 1)[-1].removesuffix(".yaml")
    return Paper(
        id=stem,
        source=doc.path,
        title=values["title"],
        authors=tuple(values.get("authors", ())),
        year=values["year"],
        date=values.get("date", ""),
        venue=values.get("venue", ""),
        arxiv=values.get("arxiv", ""),
        doi=values.get("doi", ""),
        abstract=values["abstract"],
        tldr=values.get("tldr", ""),
        links=tuple(values.get("links", ())),
        facets={f.id: tuple(values[f.id]) for f in taxonomy.facets},
        added=values["added"],
    ), problems


def _placeholders_left(field: schema.Field, value: Any) -> list[tuple]:
    """Where a value (or one of its items) is still the text papers/_template.yaml put there."""
    placeholder = field.placeholder
    if isinstance(placeholder, dict) and isinstance(value, list):
        return [(field.name, kind) for kind, url in value if url == placeholder.get(kind)]
    if isinstance(placeholder, list) and isinstance(value, list) and placeholder:
        return [(field.name, i) for i, item in enumerate(value) if item in placeholder]
    return [(field.name,)] if placeholder and value == placeholder else []


def check_duplicates(papers: list[Paper], docs: dict[str, Document]) -> list[Problem]:
    """The same arXiv id, DOI or title in two files: reported on every file after the first."""
    problems = []
    keys = (("arxiv", "arXiv id", lambda p: p.arxiv),
            ("doi", "DOI", lambda p: p.doi.casefold()),
            ("title", "title", lambda p: normalised_title(p.title)))
    for field, label, key in keys:
        first: dict[str, Paper] = {}
        for paper in sorted(papers, key=lambda p: p.source):
            value = key(paper)
            if not value:
                continue
            if value in first:
                other = first[value].source
                problems.append(docs[paper.id].problem(
                    (field,), f"same {label} as {other}",
                    "a paper is listed once: remove one of the two files, or correct the value"))
            else:
                first[value] = paper
    return problems


class _Context:
    """What a field check needs to know and where it reports."""

    def __init__(self, doc, path, field, taxonomy, today, problems):
        self.doc, self.path, self.field = doc, path, field
        self.taxonomy, self.today, self.problems = taxonomy, today, problems

    def report(self, message: str, fix: str = "", path: tuple = ()) -> None:
        self.problems.append(self.doc.problem(path or self.path, message, fix))

    def as_written(self, path: tuple = ()) -> str | None:
        """How an unquoted value that YAML did not read as text was written in the file."""
        return self.doc.plain.get(path or self.path)

    def text_problem(self, raw: Any, path: tuple = ()) -> tuple[str, str] | None:
        written = self.as_written(path)
        if written is not None and isinstance(raw, (bool, int, float)):
            return (f"YAML reads {written} as {describe(raw)}, not text",
                    f"put it in quotes: \"{written}\"")
        return text_problem(raw, self.field.max_length)


def _as_list(ctx: _Context, raw: Any) -> list | None:
    """A single value where a list is expected is taken as a one-item list."""
    if raw is None:
        ctx.report("is empty", "list one or more items" + ("" if ctx.field.required else ", or remove the field"))
        return None
    if isinstance(raw, (str, int, float)) and not isinstance(raw, bool):
        return [raw]
    if not isinstance(raw, list):
        ctx.report(f"expected a list, got {describe(raw)}", "write one item per line, each starting with '- '")
        return None
    if not raw:
        optional = "" if ctx.field.required else ", or remove the field"
        ctx.report("is an empty list", f"list at least one item{optional}")
        return None
    return raw


def _item_path(ctx: _Context, raw: Any, index: int) -> tuple:
    """Where item `index` is reported: the list item, or the field itself for a single value."""
    return (*ctx.path, index) if isinstance(raw, list) else ctx.path


def kind_line(ctx: _Context, raw: Any) -> str:
    problem = ctx.text_problem(raw)
    if problem:
        ctx.report(*problem)
        return ""
    return clean_line(raw)


def kind_text(ctx: _Context, raw: Any) -> str:
    problem = ctx.text_problem(raw)
    if problem:
        ctx.report(*problem)
        return ""
    return clean_text(raw)


def kind_authors(ctx: _Context, raw: Any) -> list[str]:
    items = _as_list(ctx, raw) or []
    authors = []
    for i, item in enumerate(items):
        path = _item_path(ctx, raw, i)
        problem = ctx.text_problem(item, path)
        if problem:
            ctx.report(*problem, path=path)
            continue
        name = clean_line(item)
        if name.casefold() in ("et al", "et al.", "et. al.") and i != len(items) - 1:
            ctx.report("'et al.' can only end the list", "move it to the end", path=path)
        authors.append(schema.ET_AL if name.casefold() in ("et al", "et al.", "et. al.") else name)
    if authors == [schema.ET_AL]:
        ctx.report("lists no author before 'et al.'", "name at least the first author")
    return authors


def kind_year(ctx: _Context, raw: Any) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int):
        fix = "remove the quotes" if isinstance(raw, str) and raw.strip().isdigit() else "write the year, e.g. 2024"
        ctx.report(f"expected a year as a number, got {describe(raw)}", fix)
        return 0
    if not EARLIEST_YEAR <= raw <= ctx.today.year + 1:
        ctx.report(f"year {raw} is out of range", f"use a year from {EARLIEST_YEAR} to {ctx.today.year + 1}")
    return raw


def kind_date(ctx: _Context, raw: Any, *, day_only: bool = False) -> str:
    if isinstance(raw, dt.date):  # YAML readers may already have made it a date
        raw = raw.isoformat()
    shape = "YYYY-MM-DD" if day_only else "YYYY-MM-DD or YYYY-MM"
    match = _DATE.match(raw) if isinstance(raw, str) else None
    if not match or (day_only and match.group(3) is None):
        ctx.report(f"expected a date as {shape}, got {describe(raw)}", "e.g. 2024-03-27")
        return ""
    year, month, day = int(match.group(1)), int(match.group(2)), int(match.group(3) or 1)
    try:
        date = dt.date(year, month, day)
    except ValueError:
        ctx.report(f"'{raw}' is not a real date", "check the month and day")
        return ""
    if date > ctx.today:
        ctx.report(f"{raw} is in the future", "use the date it happened")
    if year < EARLIEST_YEAR:
        ctx.report(f"year {year} is out of range", f"use a date from {EARLIEST_YEAR} on")
    return raw


def kind_day(ctx: _Context, raw: Any) -> str:
    return kind_date(ctx, raw, day_only=True)


def kind_arxiv(ctx: _Context, raw: Any) -> str:
    if isinstance(raw, float):
        # Unquoted, YAML reads 2403.18190 as a number and drops the final zero; the id as
        # written in the file is still exact, so take that.
        raw = ctx.as_written() or str(raw)
    if not isinstance(raw, str):
        ctx.report(f"expected an arXiv id, got {describe(raw)}", "e.g. arxiv: \"2403.18198\"")
        return ""
    value = raw.strip()
    bare = re.sub(r"^(https?://arxiv\.org/(abs|pdf)/|arxiv:)", "", value, flags=re.I)
    if _ARXIV.match(value):
        return value
    unversioned = re.sub(r"v\d+$", "", bare)
    if unversioned != bare and _ARXIV.match(unversioned):
        ctx.report(f"'{raw}' includes a version", f"write it without the version: \"{unversioned}\"")
    elif bare != value and _ARXIV.match(bare):
        ctx.report(f"'{raw}' is a link or prefixed id", f"write just the id: \"{bare}\"")
    else:
        ctx.report(f"'{raw}' is not an arXiv id",
                   "new-style ids look like \"2403.18198\", old ones like \"cs/0112017\"")
    return ""


def kind_doi(ctx: _Context, raw: Any) -> str:
    if not isinstance(raw, str):
        ctx.report(f"expected a DOI, got {describe(raw)}", "e.g. doi: 10.1038/s41592-020-01008-z")
        return ""
    value = raw.strip()
    bare = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:\s*)", "", value, flags=re.I)
    if _DOI.match(value):
        return value
    if bare != value and _DOI.match(bare):
        ctx.report(f"'{raw}' is a link or prefixed DOI", f"write just the DOI: {bare}")
    else:
        ctx.report(f"'{raw}' is not a DOI",
                   "DOIs start with '10.' and a registrant code, e.g. 10.1038/s41592-020-01008-z")
    return ""


def kind_links(ctx: _Context, raw: Any) -> list[tuple[str, str]]:
    if not isinstance(raw, dict) or not raw:
        ctx.report(f"expected a mapping of links, got {describe(raw)}",
                   f"write one 'kind: URL' per line, indented; kinds: {', '.join(schema.LINK_KINDS)}")
        return []
    links = {}
    for kind, url in raw.items():
        path = (*ctx.path, kind)
        if kind not in schema.LINK_KINDS:
            ctx.problems.append(ctx.doc.problem(path, f"unknown link kind '{kind}'",
                                                did_you_mean(kind, schema.LINK_KINDS), key=True))
            continue
        problem = url_problem(url)
        if problem:
            ctx.report(*problem, path=path)
            continue
        links[kind] = url.strip()
    return [(kind, links[kind]) for kind in schema.LINK_KINDS if kind in links]


def url_problem(url: Any) -> tuple[str, str] | None:
    """Why a value cannot be a link on the site, as (message, fix), or None for a good http(s) URL."""
    if not isinstance(url, str):
        return f"expected a URL, got {describe(url)}", "write a full address starting with https://"
    value = url.strip()
    parts = urlsplit(value) if _SAFE_URL.match(value) else None
    if parts is None:
        return (f"'{url}' contains spaces, double quotes, angle brackets or control characters",
                "remove them; write a space as %20")
    if parts.scheme.lower() not in ("http", "https"):
        what = f"a '{parts.scheme}:' URL" if parts.scheme else "a relative address"
        return f"{what} is not allowed", "only http:// and https:// links are accepted"
    if not parts.hostname or "." not in parts.hostname:
        return f"'{url}' has no valid host", "write a full address, e.g. https://github.com/owner/repo"
    return None


def kind_ids(ctx: _Context, raw: Any) -> list[str]:
    facet = ctx.taxonomy.facet(ctx.field.name)
    items = _as_list(ctx, raw) or []
    ids: list[str] = []
    for i, item in enumerate(items):
        path = _item_path(ctx, raw, i)
        if not isinstance(item, str):
            ctx.report(f"expected a {facet.singular.lower()} id, got {describe(item)}",
                       did_you_mean(str(item), facet.ids), path=path)
        elif item not in facet.ids:
            ctx.report(f"unknown value '{item}'", did_you_mean(item, facet.ids), path=path)
        elif item in ids:
            ctx.report(f"'{item}' is listed twice", "remove one", path=path)
        else:
            ids.append(item)
    return ids


_KINDS = {
    "line": kind_line, "text": kind_text, "authors": kind_authors, "year": kind_year,
    "date": kind_date, "day": kind_day, "arxiv": kind_arxiv, "doi": kind_doi,
    "links": kind_links, "ids": kind_ids,
}


def _check_consistency(doc: Document, values: dict[str, Any], problems: list[Problem]) -> None:
    year, date = values.get("year"), values.get("date")
    if year and date and int(date[:4]) != year:
        problems.append(doc.problem(("year",), f"year {year} does not match date {date}",
                                    "year is the year of first publication; correct one of them"))
