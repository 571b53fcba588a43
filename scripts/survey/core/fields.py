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
from dataclasses import dataclass, field
from typing import Any

from .document import Document
from .problems import Problem, did_you_mean
from .text import describe, excerpt

EARLIEST_YEAR = 1895
"""The first year a medical image was made (Röntgen's radiographs); an earlier year is a typo."""
ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
ID_MAX_LENGTH = 80
ARXIV_PATTERN = r"^(\d{4}\.\d{4,5}|[a-z]+(-[a-z]+)*(\.[A-Z]{2})?/\d{7})$"
DOI_PATTERN = r"^10\.\d{4,9}/\S+$"
DOI_URL_SAFE = "/:;()[]._-+=,@!$&'*~"
"""What a DOI keeps as it is in a doi.org link; anything else ('<', '>', '#' …) is percent-encoded."""
ET_AL = "et al."



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
        return " " + quoted(value)

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


def quoted(value: Any) -> str:
    # A JSON string is a valid double-quoted YAML scalar, whatever it contains.
    return json.dumps(value, ensure_ascii=False)


def as_list(ctx: Context, path: tuple, f: Field, raw: Any, *, allow_empty: bool = False) -> list:
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


def item_path(path: tuple, raw: Any, index: int) -> tuple:
    """Where item `index` is reported: the list item, or the field itself for a single value."""
    return (*path, index) if isinstance(raw, list) else path


def list_or_one(item: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [{"type": "array", "minItems": 1, "items": item}, item]}


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
