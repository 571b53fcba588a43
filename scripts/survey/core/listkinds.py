"""The field kinds of several values: author names, facet ids, links by kind, records and lists.

Each is one `Kind` (fields.py); schema.py and taxonomy.py pair them with field names.

Usage::

    from survey.core.listkinds import AUTHORS, IDS
    IDS.check(ctx, ("kinds",), field, "one")   # ("one",): a single value is a list of one
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from . import names
from .fields import ET_AL, Field, Kind, as_list, check_record, item_path, list_or_one, quoted, record_schema
from .problems import did_you_mean
from .text import clean_line, describe, excerpt, text_problem

_SAFE_URL = re.compile(r"^[^\s<>\"`\\\x00-\x1f\x7f]+$")  # RFC 3986 never allows these
# Safe to write unquoted in YAML: no spaces, and no ':' at the end (which YAML would read as a key).
_PLAIN_URL = re.compile(r"^https?://[\w.~:/?\[\]@!$&'()*+,;=%-]*[\w.~/?\[\]@!$&'()*+,;=%-]$")


class Authors(Kind):
    name = "authors"
    docs = ("A list of names, one per line starting with '- ': \"Given Family\" when the family name is the "
            "last word, else \"Family, Given\" (\"van den Heuvel, Martijn P.\"); a name that has no family "
            "name in braces (\"{ISLES Consortium}\"); a shortened list ends with \"et al.\".")
    empty = ()

    def check(self, ctx, path, f, raw):
        items = as_list(ctx, path, f, raw)
        authors = []
        for i, item in enumerate(items):
            where = item_path(path, raw, i)
            problem = text_problem(item, f.max_length)
            if problem:
                ctx.report(where, *problem)
                continue
            name = clean_line(item)
            is_et_al = name.casefold() in ("et al", "et al.", "et. al.")
            if is_et_al and i != len(items) - 1:
                ctx.report(where, "'et al.' can only end the list", "move it to the end")
            elif name.casefold() == "others":
                ctx.report(where, "'others' is BibTeX's word for more authors, not a name", "write 'et al.'")
            elif not is_et_al and (problem := names.problem(name)):
                ctx.report(where, *problem)
            authors.append(ET_AL if is_et_al else name)
        if authors == [ET_AL]:
            ctx.report(path, "lists no author before 'et al.'", "name at least the first author")
        return tuple(authors)

    def json_schema(self, f):
        return list_or_one({"type": "string", "minLength": 1})

    def export(self, value):
        """Each author as written, with the parts that say where the family name starts."""
        return [{"name": names.display(a)} if a == ET_AL else _name_record(names.parse(a)) for a in value]

    def export_schema(self, f):
        part = {"type": "string"}
        return {"type": "array", "items": {"type": "object", "required": ["name"], "additionalProperties": False,
                                           "properties": {"name": part, "family": part, "given": part,
                                                          "suffix": part}}}

    def csv(self, f, value):
        return [(f.name, "; ".join(names.display(a) for a in value))]

    def yaml(self, f, value):
        return "".join(f"\n  - {quoted(name)}" for name in value) if value else " []"

    def placeholders_left(self, f, path, value):
        return [(*path, i) for i, item in enumerate(value) if item in (f.placeholder or ())]


def _name_record(name: names.Name) -> dict[str, str]:
    record = {"name": name.display, "family": name.family}
    if name.given:
        record["given"] = name.given
    if name.suffix:
        record["suffix"] = name.suffix
    return record


class Ids(Kind):
    """Ids from a fixed list (a facet's values); an optional list may be empty, meaning none applies."""

    name = "ids"
    docs = "A list of ids from the taxonomy, the main one first."
    empty = ()

    def check(self, ctx, path, f, raw):
        items = as_list(ctx, path, f, raw, allow_empty=not f.required)
        ids: list[str] = []
        for i, item in enumerate(items):
            where = item_path(path, raw, i)
            if not isinstance(item, str):
                ctx.report(where, f"expected an id, got {describe(item)}", did_you_mean(str(item), f.choices))
            elif item not in f.choices:
                ctx.report(where, f"unknown value '{excerpt(item)}'", did_you_mean(item, f.choices))
            elif item in ids:
                ctx.report(where, f"'{item}' is listed twice", "remove one")
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
        return "".join(f"\n  {kind}: {url if _PLAIN_URL.match(url) else quoted(url)}" for kind, url in items)

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


class Choice(Kind):
    """One id from a fixed list (a result's task, from a facet's values)."""

    name = "choice"
    docs = "One id from the taxonomy."

    def check(self, ctx, path, f, raw):
        if not isinstance(raw, str) or raw not in f.choices:
            shown = excerpt(raw) if isinstance(raw, str) else describe(raw)
            ctx.report(path, f"unknown value '{shown}'", did_you_mean(str(raw), f.choices))
            return self.empty
        return raw

    def json_schema(self, f):
        return {"enum": list(f.choices)}


class Url(Kind):
    """One http(s) link."""

    name = "url"
    docs = "A full http or https address."

    def check(self, ctx, path, f, raw):
        problem = url_problem(raw)
        if problem:
            ctx.report(path, *problem)
            return self.empty
        return raw.strip()

    def json_schema(self, f):
        return {"type": "string", "pattern": "^https?://"}

    def yaml(self, f, value):
        return f" {value}" if _PLAIN_URL.match(value) else " " + quoted(value)


class Record(Kind):
    """A mapping with declared fields (a facet, a view, a dataset)."""

    name = "record"
    docs = "A mapping of the fields listed."
    empty = None

    def __init__(self, fields: tuple[Field, ...], title: str = "", summary: str = ""):
        self.fields, self.title, self.summary = fields, title, summary
        """`summary`: the record on one line (a CSV cell), e.g. "{dataset}: {metric} {value}"."""

    def check(self, ctx, path, f, raw):
        return check_record(ctx, path, raw, self.fields)

    def json_schema(self, f):
        return record_schema(self.fields, self.title)

    def export(self, value):
        return {field.name: field.kind.export(value[field.name]) for field in self.fields if field.name in value}

    def export_schema(self, f):
        return {"type": "object", "additionalProperties": False,
                "properties": {field.name: field.kind.export_schema(field) for field in self.fields},
                "required": [field.name for field in self.fields if field.required]}

    def line(self, value: dict) -> str:
        return self.summary.format_map({field.name: _shown(value.get(field.name, "")) for field in self.fields})

    def yaml_lines(self, value: dict) -> list[str]:
        return [f"{field.name}:{field.kind.yaml(field, value[field.name])}" for field in self.fields
                if field.name in value]


def _shown(value: Any) -> str:
    return ", ".join(value) if isinstance(value, tuple) else str(value)


class ListOf(Kind):
    """A list whose items all have one kind."""

    name = "list"
    docs = "A list, one item per line starting with '- '."
    empty = ()

    def __init__(self, item: Kind):
        self.item = item

    def check(self, ctx, path, f, raw):
        items = as_list(ctx, path, f, raw)
        checked = (self.item.check(ctx, item_path(path, raw, i), f, item) for i, item in enumerate(items))
        return tuple(item for item in checked if item is not None)

    def json_schema(self, f):
        return {"type": "array", "minItems": 1, "items": self.item.json_schema(f)}

    def export(self, value):
        return [self.item.export(item) for item in value]

    def export_schema(self, f):
        return {"type": "array", "items": self.item.export_schema(f)}

    def csv(self, f, value):
        if isinstance(self.item, Record) and self.item.summary:
            return [(f.name, "; ".join(self.item.line(item) for item in value))]
        return super().csv(f, value)

    def yaml(self, f, value):
        if not value:
            return " []"
        if not isinstance(self.item, Record):
            return "".join(f"\n  - {self.item.yaml(f, item).strip()}" for item in value)
        lines = []
        for item in value:
            first, *rest = self.item.yaml_lines(item)
            lines += [f"\n  - {first}", *(f"\n    {line}" for line in rest)]
        return "".join(lines)


AUTHORS, IDS, LINKS, CHOICE, URL = Authors(), Ids(), Links(), Choice(), Url()
