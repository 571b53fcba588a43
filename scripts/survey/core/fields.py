"""Field kinds: one object per kind of value in a YAML file, carrying everything about it.

A kind normalises and checks a raw YAML value (reporting each problem at the value's line),
gives its JSON Schema, writes a value back as YAML, exports it to JSON and CSV, and says in
one sentence what it accepts. A `Field` pairs a name with a kind. Paper files (schema.py)
and the taxonomy (taxonomy.py) are both declared as tuples of fields and checked by
`check_record`, so a new field is one declaration.

Usage::

    fields = (Field("title", LINE, required=True, description="The title."),)
    problems: list[Problem] = []
    values = check_record(Context(doc, problems, today), (), doc.data, fields)
    LINE.json_schema(fields[0]), LINE.yaml(fields[0], "A title")
"""

from __future__ import annotations

import datetime as dt
import json
import re
import textwrap
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from .document import Document
from .problems import Problem, did_you_mean
from .text import clean_line, clean_text, describe, excerpt, text_problem

EARLIEST_YEAR = 1895
"""The first year a medical image was made (Röntgen's radiographs); an earlier year is a typo."""
ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
ID_MAX_LENGTH = 80
ARXIV_PATTERN = r"^(\d{4}\.\d{4,5}|[a-z]+(-[a-z]+)*(\.[A-Z]{2})?/\d{7})$"
DOI_PATTERN = r"^10\.\d{4,9}/\S+$"
ET_AL = "et al."

_ID = re.compile(ID_PATTERN)
_ARXIV = re.compile(ARXIV_PATTERN)
_DOI = re.compile(DOI_PATTERN)
_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
_SAFE_URL = re.compile(r"^[^\s<>\"`\\\x00-\x1f\x7f]+$")  # RFC 3986 never allows these
# Safe to write unquoted in YAML: no spaces, and no ':' at the end (which YAML would read as a key).
_PLAIN_URL = re.compile(r"^https?://[\w.~:/?\[\]@!$&'()*+,;=%-]*[\w.~/?\[\]@!$&'()*+,;=%-]$")


@dataclass
class Context:
    """What a check needs to know, and where it reports: one document's problem list."""

    doc: Document
    problems: list[Problem]
    today: dt.date = field(default_factory=dt.date.today)
    hint: str = ""
    """Where to look for help, appended to 'missing field' fixes, e.g. 'see papers/_template.yaml'."""

    def report(self, path: tuple, message: str, fix: str = "", *, key: bool = False) -> None:
        self.problems.append(self.doc.problem(path, message, fix, key=key))

    def as_written(self, path: tuple) -> str | None:
        """How an unquoted value that YAML did not read as text was written in the file."""
        return self.doc.plain.get(path)


@dataclass(frozen=True)
class Field:
    """One named field of a record: a paper file's `title`, a facet's `values`."""

    name: str
    kind: Kind
    required: bool = False
    description: str = ""
    example: Any = None
    """A value of the right form, shown on the schema page."""
    placeholder: Any = None
    """What papers/_template.yaml shows: left unchanged, `survey check` asks for a real value."""
    max_length: int = 0
    """For text: the longest value accepted, in characters."""
    choices: tuple[str, ...] = ()
    """For ids: the accepted values."""


class Kind:
    """How one kind of value is checked, described, written and exported. Subclasses override."""

    name = "value"
    docs = ""
    empty: Any = ""
    """The value of an absent optional field."""

    def check(self, ctx: Context, path: tuple, f: Field, raw: Any) -> Any:
        raise NotImplementedError

    def json_schema(self, f: Field) -> dict[str, Any]:
        raise NotImplementedError

    def yaml(self, f: Field, value: Any) -> str:
        """The value as YAML, to follow 'name:' on the same line (multi-line values start with a newline)."""
        return " " + _quoted(value)

    def comments(self, f: Field) -> list[str]:
        """Comment lines a paper file shows above the field, after its description."""
        return []

    def export(self, value: Any) -> Any:
        """The value in papers.json: null when absent."""
        return value if value not in ("", 0, None) else None

    def export_schema(self, f: Field) -> dict[str, Any]:
        schema = self.json_schema(f)
        return schema if f.required else {"anyOf": [schema, {"type": "null"}]}

    def csv(self, f: Field, value: Any) -> list[tuple[str, str]]:
        """(column, cell) pairs of papers.csv."""
        exported = self.export(value)
        return [(f.name, "" if exported is None else str(exported))]

    def placeholders_left(self, f: Field, path: tuple, value: Any) -> list[tuple]:
        """Where a value is still the text papers/_template.yaml put there."""
        return [path] if f.placeholder and value == f.placeholder else []


def _quoted(value: Any) -> str:
    # A JSON string is a valid double-quoted YAML scalar, whatever it contains.
    return json.dumps(value, ensure_ascii=False)


# --- Text ----------------------------------------------------------------------------------


class Line(Kind):
    name = "line"
    docs = "Text on one line; runs of spaces and line breaks become one space."

    def check(self, ctx, path, f, raw):
        written = ctx.as_written(path)
        if written is not None and isinstance(raw, (bool, int, float)):
            ctx.report(path, f"YAML reads {excerpt(written)} as {describe(raw)}, not text",
                       f"put it in quotes: \"{excerpt(written)}\"")
            return self.empty
        problem = text_problem(raw, f.max_length)
        if problem:
            ctx.report(path, *problem)
            return self.empty
        return self.normalise(raw)

    def normalise(self, raw: str) -> str:
        return clean_line(raw)

    def json_schema(self, f):
        schema: dict[str, Any] = {"type": "string", "minLength": 1}
        if f.max_length:
            schema["maxLength"] = f.max_length
        return schema


class Text(Line):
    name = "text"
    docs = "Text in paragraphs, separated by a blank line."

    def normalise(self, raw: str) -> str:
        return clean_text(raw)

    def yaml(self, f, value):
        # A folded block, as people write abstracts: lines are joined with spaces, and a
        # blank line starts a new paragraph (load.py keeps it as one).
        paragraphs = [textwrap.fill(p, 96, break_long_words=False, break_on_hyphens=False,
                                    initial_indent="  ", subsequent_indent="  ") for p in value.split("\n\n")]
        return " >-\n" + "\n\n".join(paragraphs)


class Authors(Kind):
    name = "authors"
    docs = "A list of names, one per line starting with '- '."
    empty = ()

    def check(self, ctx, path, f, raw):
        items = _as_list(ctx, path, f, raw)
        authors = []
        for i, item in enumerate(items):
            item_path = _item_path(path, raw, i)
            problem = text_problem(item, f.max_length)
            if problem:
                ctx.report(item_path, *problem)
                continue
            name = clean_line(item)
            is_et_al = name.casefold() in ("et al", "et al.", "et. al.")
            if is_et_al and i != len(items) - 1:
                ctx.report(item_path, "'et al.' can only end the list", "move it to the end")
            authors.append(ET_AL if is_et_al else name)
        if authors == [ET_AL]:
            ctx.report(path, "lists no author before 'et al.'", "name at least the first author")
        return tuple(authors)

    def json_schema(self, f):
        return _list_or_one({"type": "string", "minLength": 1})

    def export(self, value):
        return list(value)

    def export_schema(self, f):
        return {"type": "array", "items": {"type": "string", "minLength": 1}}

    def csv(self, f, value):
        return [(f.name, "; ".join(value))]

    def yaml(self, f, value):
        return "".join(f"\n  - {_quoted(name)}" for name in value) if value else " []"

    def placeholders_left(self, f, path, value):
        return [(*path, i) for i, item in enumerate(value) if item in (f.placeholder or ())]


# --- Numbers, dates and identifiers ----------------------------------------------------------


class Year(Kind):
    name = "year"
    docs = f"A year as a number, from {EARLIEST_YEAR} to the current year."
    empty = 0

    def check(self, ctx, path, f, raw):
        if isinstance(raw, bool) or not isinstance(raw, int):
            fix = "remove the quotes" if isinstance(raw, str) and raw.strip().isdigit() else "write the year, e.g. 2024"
            ctx.report(path, f"expected a year as a number, got {describe(raw)}", fix)
            return self.empty
        if not EARLIEST_YEAR <= raw <= ctx.today.year:
            ctx.report(path, f"year {raw} is not plausible",
                       f"write the year of first publication, from {EARLIEST_YEAR} to {ctx.today.year}")
        return raw

    def json_schema(self, f):
        return {"type": "integer", "minimum": EARLIEST_YEAR}

    def yaml(self, f, value):
        return f" {value}" if isinstance(value, int) else " " + _quoted(value)


class Date(Kind):
    name = "date"
    docs = "A date, YYYY-MM-DD or YYYY-MM, not in the future."
    day_only = False

    def check(self, ctx, path, f, raw):
        if isinstance(raw, dt.date):  # other YAML readers may already have made it a date
            raw = raw.isoformat()
        shape = "YYYY-MM-DD" if self.day_only else "YYYY-MM-DD or YYYY-MM"
        match = _DATE.match(raw) if isinstance(raw, str) else None
        if not match or (self.day_only and match.group(3) is None):
            ctx.report(path, f"expected a date as {shape}, got {describe(raw)}", "e.g. 2024-03-27")
            return self.empty
        year, month, day = int(match.group(1)), int(match.group(2)), int(match.group(3) or 1)
        try:
            date = dt.date(year, month, day)
        except ValueError:
            ctx.report(path, f"'{raw}' is not a real date", "check the month and day")
            return self.empty
        if date > ctx.today:
            ctx.report(path, f"{raw} is in the future", "use the date it happened")
        if year < EARLIEST_YEAR:
            ctx.report(path, f"year {year} is not plausible", f"use a date from {EARLIEST_YEAR} on")
        return raw

    def json_schema(self, f):
        return {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$" if self.day_only else r"^\d{4}-\d{2}(-\d{2})?$"}

    def yaml(self, f, value):
        return f" {value}" if _DATE.match(str(value)) else " " + _quoted(value)


class Day(Date):
    name = "day"
    docs = "A day, YYYY-MM-DD, not in the future."
    day_only = True


class Arxiv(Kind):
    name = "arxiv"
    docs = "An arXiv identifier without its version, in quotes."

    def check(self, ctx, path, f, raw):
        if isinstance(raw, float):
            # Unquoted, YAML reads 2403.18190 as a number and drops the final zero; the id as
            # written in the file is still exact, so take that.
            raw = ctx.as_written(path) or str(raw)
        if not isinstance(raw, str):
            ctx.report(path, f"expected an arXiv id, got {describe(raw)}", 'e.g. arxiv: "2403.18198"')
            return self.empty
        value = raw.strip()
        if _ARXIV.match(value):
            return value
        bare = re.sub(r"^(https?://arxiv\.org/(abs|pdf)/|arxiv:)", "", value, flags=re.I)
        unversioned = re.sub(r"v\d+$", "", bare)
        if unversioned != bare and _ARXIV.match(unversioned):
            ctx.report(path, f"'{excerpt(raw)}' includes a version", f'write it without the version: "{unversioned}"')
        elif bare != value and _ARXIV.match(bare):
            ctx.report(path, f"'{excerpt(raw)}' is a link or prefixed id", f'write just the id: "{bare}"')
        else:
            ctx.report(path, f"'{excerpt(raw)}' is not an arXiv id",
                       'new-style ids look like "2403.18198", old ones like "cs/0112017"')
        return self.empty

    def json_schema(self, f):
        return {"type": "string", "pattern": ARXIV_PATTERN}


class Doi(Kind):
    name = "doi"
    docs = "A DOI without https://doi.org/."

    def check(self, ctx, path, f, raw):
        if not isinstance(raw, str):
            ctx.report(path, f"expected a DOI, got {describe(raw)}", "e.g. doi: 10.1038/s41592-020-01008-z")
            return self.empty
        value = raw.strip()
        if _DOI.match(value):
            return value
        bare = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:\s*)", "", value, flags=re.I)
        if bare != value and _DOI.match(bare):
            ctx.report(path, f"'{excerpt(raw)}' is a link or prefixed DOI", f"write just the DOI: {excerpt(bare)}")
        else:
            ctx.report(path, f"'{excerpt(raw)}' is not a DOI",
                       "DOIs start with '10.' and a registrant code, e.g. 10.1038/s41592-020-01008-z")
        return self.empty

    def json_schema(self, f):
        return {"type": "string", "pattern": DOI_PATTERN}


class Slug(Kind):
    name = "id"
    docs = f"Lowercase letters, digits and single hyphens, at most {ID_MAX_LENGTH} characters."

    def check(self, ctx, path, f, raw):
        if not isinstance(raw, str) or not _ID.match(raw) or len(raw) > ID_MAX_LENGTH:
            ctx.report(path, f"'{excerpt(str(raw))}' is not a valid id",
                       "use lowercase letters, digits and single hyphens, e.g. 'new-value'")
            return self.empty
        return raw

    def json_schema(self, f):
        return {"type": "string", "pattern": ID_PATTERN, "maxLength": ID_MAX_LENGTH}


class Flag(Kind):
    name = "flag"
    docs = "true or false."
    empty = False

    def check(self, ctx, path, f, raw):
        if not isinstance(raw, bool):
            ctx.report(path, f"expected true or false, got {describe(raw)}", "write true or false, without quotes")
            return self.empty
        return raw

    def json_schema(self, f):
        return {"type": "boolean"}

    def yaml(self, f, value):
        return " true" if value else " false"


# --- Lists and mappings ------------------------------------------------------------------------


def _as_list(ctx: Context, path: tuple, f: Field, raw: Any, *, allow_empty: bool = False) -> list:
    """A single value where a list is expected is taken as a one-item list."""
    optional = "" if f.required else ", or remove the field"
    if raw is None:
        ctx.report(path, "is empty", "list one or more items" + optional)
        return []
    if isinstance(raw, (str, int, float)) and not isinstance(raw, bool):
        return [raw]
    if not isinstance(raw, list):
        ctx.report(path, f"expected a list, got {describe(raw)}", "write one item per line, each starting with '- '")
        return []
    if not raw and not allow_empty:
        choices = f"one of: {', '.join(f.choices)}" if f.choices else "one item"
        ctx.report(path, "is an empty list", f"list at least {choices}{optional}")
    return raw


def _item_path(path: tuple, raw: Any, index: int) -> tuple:
    """Where item `index` is reported: the list item, or the field itself for a single value."""
    return (*path, index) if isinstance(raw, list) else path


def _list_or_one(item: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [{"type": "array", "minItems": 1, "items": item}, item]}


class Ids(Kind):
    """Ids from a fixed list (a facet's values); an optional list may be empty, meaning none applies."""

    name = "ids"
    docs = "A list of ids from the taxonomy, the main one first."
    empty = ()

    def check(self, ctx, path, f, raw):
        items = _as_list(ctx, path, f, raw, allow_empty=not f.required)
        ids: list[str] = []
        for i, item in enumerate(items):
            item_path = _item_path(path, raw, i)
            if not isinstance(item, str):
                ctx.report(item_path, f"expected an id, got {describe(item)}", did_you_mean(str(item), f.choices))
            elif item not in f.choices:
                ctx.report(item_path, f"unknown value '{excerpt(item)}'", did_you_mean(item, f.choices))
            elif item in ids:
                ctx.report(item_path, f"'{item}' is listed twice", "remove one")
            else:
                ids.append(item)
        return tuple(ids)

    def json_schema(self, f):
        item = {"enum": list(f.choices)}
        many = {"type": "array", "minItems": 1 if f.required else 0, "uniqueItems": True, "items": item}
        return {"anyOf": [many, item]}

    def export(self, value):
        return list(value)

    def export_schema(self, f):
        return {"type": "array", "uniqueItems": True, "items": {"enum": list(f.choices)}}

    def csv(self, f, value):
        return [(f.name, "; ".join(value))]

    def yaml(self, f, value):
        return f" [{', '.join(value)}]"

    def comments(self, f):
        return [f"Values: {', '.join(f.choices)}"]


class Links(Kind):
    """Links by kind: a mapping whose keys are the field's choices, in that order."""

    name = "links"
    docs = "One 'kind: URL' per line, indented; http and https only."
    empty = ()

    def check(self, ctx, path, f, raw):
        if not isinstance(raw, dict) or not raw:
            ctx.report(path, f"expected a mapping of links, got {describe(raw)}",
                       f"write one 'kind: URL' per line, indented; kinds: {', '.join(f.choices)}")
            return self.empty
        links = {}
        for kind, url in raw.items():
            link_path = (*path, kind)
            if kind not in f.choices:
                ctx.report(link_path, f"unknown link kind '{excerpt(kind)}'", did_you_mean(kind, f.choices), key=True)
                continue
            problem = url_problem(url)
            if problem:
                ctx.report(link_path, *problem)
                continue
            links[kind] = url.strip()
        return tuple((kind, links[kind]) for kind in f.choices if kind in links)

    def json_schema(self, f):
        return {"type": "object", "propertyNames": {"enum": list(f.choices)},
                "additionalProperties": {"type": "string", "pattern": "^https?://"}}

    def export(self, value):
        return dict(value)

    def export_schema(self, f):
        return self.json_schema(f)

    def csv(self, f, value):
        links = dict(value)
        return [(f"link_{kind}", links.get(kind, "")) for kind in f.choices]

    def yaml(self, f, value):
        items = value.items() if isinstance(value, dict) else value
        return "".join(f"\n  {kind}: {url if _PLAIN_URL.match(url) else _quoted(url)}" for kind, url in items)

    def placeholders_left(self, f, path, value):
        placeholder = f.placeholder or {}
        return [(*path, kind) for kind, url in value if url == placeholder.get(kind)]


def url_problem(url: Any) -> tuple[str, str] | None:
    """Why a value cannot be a link on the site, as (message, fix), or None for a good http(s) URL."""
    if not isinstance(url, str):
        return f"expected a URL, got {describe(url)}", "write a full address starting with https://"
    value = url.strip()
    parts = urlsplit(value) if _SAFE_URL.match(value) else None
    if parts is None:
        return (f"'{excerpt(url)}' contains spaces, double quotes, angle brackets or control characters",
                "remove them; write a space as %20")
    if parts.scheme.lower() not in ("http", "https"):
        what = f"a '{excerpt(parts.scheme, 20)}:' URL" if parts.scheme else "a relative address"
        return f"{what} is not allowed", "only http:// and https:// links are accepted"
    if not parts.hostname or "." not in parts.hostname:
        return f"'{excerpt(url)}' has no valid host", "write a full address, e.g. https://github.com/owner/repo"
    return None


class Record(Kind):
    """A mapping with declared fields (a facet, a view)."""

    name = "record"
    docs = "A mapping of the fields listed."
    empty = None

    def __init__(self, fields: tuple[Field, ...], title: str = ""):
        self.fields, self.title = fields, title

    def check(self, ctx, path, f, raw):
        return check_record(ctx, path, raw, self.fields)

    def json_schema(self, f):
        return record_schema(self.fields, self.title)


class ListOf(Kind):
    """A list whose items all have one kind."""

    name = "list"
    docs = "A list, one item per line starting with '- '."
    empty = ()

    def __init__(self, item: Kind):
        self.item = item

    def check(self, ctx, path, f, raw):
        items = _as_list(ctx, path, f, raw)
        return tuple(self.item.check(ctx, _item_path(path, raw, i), f, item) for i, item in enumerate(items))

    def json_schema(self, f):
        return {"type": "array", "minItems": 1, "items": self.item.json_schema(f)}


LINE, TEXT, AUTHORS, YEAR, DATE, DAY = Line(), Text(), Authors(), Year(), Date(), Day()
ARXIV, DOI, SLUG, FLAG, IDS, LINKS = Arxiv(), Doi(), Slug(), Flag(), Ids(), Links()


def check_record(ctx: Context, path: tuple, raw: Any, fields: tuple[Field, ...]) -> dict[str, Any] | None:
    """The normalised values of a mapping's fields (absent ones left out), reporting unknown,
    missing and bad fields; None when it is not a mapping at all."""
    hint = f"; {ctx.hint}" if ctx.hint else ""
    if not isinstance(raw, dict):
        where = "" if path else " at the top level"
        ctx.report(path, f"expected a mapping of fields{where}, got {describe(raw)}",
                   f"write one 'field: value' per line{hint}")
        return None
    by_name = {f.name: f for f in fields}
    for key in raw:
        if key not in by_name:
            ctx.report((*path, key), f"unknown field '{excerpt(key)}'", did_you_mean(key, by_name), key=True)
    values: dict[str, Any] = {}
    for f in fields:
        if f.name not in raw:
            if f.required:
                line, column = ctx.doc.where(path) if path else (None, None)
                name = ".".join(str(p) for p in (*path, f.name))
                ctx.problems.append(Problem(ctx.doc.path, line, column, name, "missing required field",
                                            f"add '{f.name}: …'{hint}"))
            continue
        field_path = (*path, f.name)
        values[f.name] = f.kind.check(ctx, field_path, f, raw[f.name])
        for where in f.kind.placeholders_left(f, field_path, values[f.name]):
            ctx.report(where, "still holds the template's placeholder",
                       "write the paper's own value" + ("" if f.required else ", or remove it"))
    return values


def record_schema(fields: tuple[Field, ...], title: str = "") -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a mapping with these fields."""
    schema: dict[str, Any] = {"type": "object"}
    if title:
        schema["title"] = title
    schema["properties"] = {f.name: {"description": f.description, **f.kind.json_schema(f)} if f.description
                            else f.kind.json_schema(f) for f in fields}
    schema["required"] = [f.name for f in fields if f.required]
    schema["additionalProperties"] = False
    return schema
