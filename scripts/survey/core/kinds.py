"""The field kinds of single values: text, numbers, dates, identifiers and flags.

Each is one `Kind` (fields.py) that checks a raw YAML value, gives its JSON Schema, writes it
back as YAML and exports it; schema.py pairs them with field names.

Usage::

    from survey.core.kinds import LINE, AUTHORS
    LINE.check(ctx, ("title",), field, "  A title  ")   # 'A title'
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from typing import Any

from .fields import (
    ARXIV_PATTERN,
    DOI_PATTERN,
    EARLIEST_YEAR,
    ID_MAX_LENGTH,
    ID_PATTERN,
    Kind,
    quoted,
)
from .text import clean_line, clean_text, describe, excerpt, text_problem

_ID = re.compile(ID_PATTERN)
_ARXIV = re.compile(ARXIV_PATTERN)
_DOI = re.compile(DOI_PATTERN)
_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")


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
        # The placeholder is written bare, so that a contributor who types the year over it
        # writes a number, not the text the check refuses.
        return f" {value}" if isinstance(value, int) or value == f.placeholder else " " + quoted(value)


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
        return f" {value}" if _DATE.match(str(value)) else " " + quoted(value)


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

    def export(self, value):
        return value  # false is a value, not an absence


LINE, TEXT, YEAR, DATE, DAY = Line(), Text(), Year(), Date(), Day()
ARXIV, DOI, SLUG, FLAG = Arxiv(), Doi(), Slug(), Flag()
