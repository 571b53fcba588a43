"""The taxonomy file, papers/_taxonomy.yaml: the facets and their values.

Facets are data. The code iterates over `Taxonomy.facets` and never names one;
which facets feed the coverage map and the charts is declared under `views:`.

Usage::

    taxonomy = taxonomy.load(Path("papers/_taxonomy.yaml"), "papers/_taxonomy.yaml")
    [f.id for f in taxonomy.facets]              # the facet ids, in file order
    taxonomy.facet(facet_id).value(value_id).title
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import load, schema
from .problems import Problem, ProblemsFound, did_you_mean
from .text import clean_line, clean_text, text_problem

RESERVED_IDS = frozenset({"papers", "assets", "overrides", "search", "overview", "whats-new", "about",
                          "contributing", "schema", "index", "feed", "stylesheets", "javascripts",
                          "text", "code", "from", "to", "q", "h"})
"""Facet ids that would collide with the site's own pages and folders, or with the index's
URL parameters (the facets' own, plus text, code, from, to, and the theme's q and h)."""

_FACET_KEYS = {"id", "title", "singular", "description", "values"}
_VALUE_KEYS = {"id", "title", "description", "overview"}
_VIEW_KEYS = {"coverage", "per_year", "totals", "highlights"}


@dataclass(frozen=True)
class Value:
    """One value of a facet, e.g. the topic `segmentation`."""

    id: str
    title: str
    description: str
    overview: str = ""


@dataclass(frozen=True)
class Facet:
    """One way of classifying papers, e.g. topics; its id is also the paper field's name."""

    id: str
    title: str
    singular: str
    description: str
    values: tuple[Value, ...]

    def value(self, value_id: str) -> Value:
        return next(v for v in self.values if v.id == value_id)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(v.id for v in self.values)


@dataclass(frozen=True)
class Highlight:
    """A facet value counted on the home page, e.g. how many papers are datasets."""

    facet: str
    value: str
    label: str


@dataclass(frozen=True)
class Views:
    """Which facets the overview pages draw on."""

    coverage: tuple[str, str] | None = None
    per_year: str | None = None
    totals: tuple[str, ...] = ()
    highlights: tuple[Highlight, ...] = ()


@dataclass(frozen=True)
class Taxonomy:
    facets: tuple[Facet, ...]
    views: Views = Views()

    def facet(self, facet_id: str) -> Facet:
        return next(f for f in self.facets if f.id == facet_id)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(f.id for f in self.facets)


def load_file(file: Path, display: str) -> Taxonomy:
    """Read and check the taxonomy file; raise ProblemsFound with every problem in it."""
    return parse(load.read_yaml(file, display))


def parse(doc: load.Document) -> Taxonomy:
    """Check a parsed taxonomy document and build the Taxonomy."""
    problems: list[Problem] = []
    data = doc.data
    if not isinstance(data, dict):
        raise ProblemsFound([doc.problem((), "expected a mapping with a 'facets' list at the top level")])
    for key in data:
        if key not in ("facets", "views"):
            problems.append(doc.problem((key,), f"unknown key '{key}'",
                                        did_you_mean(key, ["facets", "views"]), key=True))
    facets = _facets(doc, data.get("facets"), problems)
    views = _views(doc, data.get("views", {}), facets, problems)
    if problems:
        raise ProblemsFound(problems)
    return Taxonomy(tuple(facets), views)


def _facets(doc: load.Document, raw: Any, problems: list[Problem]) -> list[Facet]:
    if not isinstance(raw, list) or not raw:
        problems.append(doc.problem(("facets",), "expected a list of facets", "see the comment at the top of the file"))
        return []
    facets, seen = [], set()
    for i, item in enumerate(raw):
        path = ("facets", i)
        fields = _record(doc, path, item, _FACET_KEYS, {"id", "title", "description", "values"}, problems)
        if fields is None:
            continue
        facet_id = _id(doc, (*path, "id"), fields.get("id"), seen, problems)
        if facet_id in RESERVED_IDS or facet_id in schema.FIELD_NAMES:
            problems.append(doc.problem((*path, "id"), f"'{facet_id}' is reserved for the site's own pages or fields",
                                        "choose another id"))
        values, value_ids = [], set()
        raw_values = fields.get("values")
        if not isinstance(raw_values, list) or not raw_values:
            problems.append(doc.problem((*path, "values"), "expected a list of values", "add at least one value"))
            raw_values = []
        for j, raw_value in enumerate(raw_values):
            vpath = (*path, "values", j)
            vfields = _record(doc, vpath, raw_value, _VALUE_KEYS, {"id", "title", "description"}, problems)
            if vfields is None:
                continue
            value_id = _id(doc, (*vpath, "id"), vfields.get("id"), value_ids, problems)
            values.append(Value(
                value_id,
                _line(doc, (*vpath, "title"), vfields.get("title"), problems),
                _line(doc, (*vpath, "description"), vfields.get("description"), problems),
                _text(doc, (*vpath, "overview"), vfields.get("overview", ""), problems),
            ))
        title = _line(doc, (*path, "title"), fields.get("title"), problems)
        singular = _line(doc, (*path, "singular"), fields.get("singular", title), problems)
        facets.append(Facet(facet_id, title, singular,
                            _line(doc, (*path, "description"), fields.get("description"), problems), tuple(values)))
    return facets


def _views(doc: load.Document, raw: Any, facets: list[Facet], problems: list[Problem]) -> Views:
    path = ("views",)
    fields = _record(doc, path, raw, _VIEW_KEYS, set(), problems)
    if fields is None:
        return Views()
    by_id = {f.id: f for f in facets}

    def facet_ref(key: Any, value: Any) -> str | None:
        if not isinstance(value, str) or value not in by_id:
            problems.append(doc.problem(key, f"'{value}' is not a facet id", did_you_mean(str(value), by_id)))
            return None
        return value

    coverage = None
    if "coverage" in fields:
        raw_cov = fields["coverage"]
        cov = _record(doc, (*path, "coverage"), raw_cov, {"rows", "columns"}, {"rows", "columns"}, problems)
        if cov is not None:
            rows = facet_ref((*path, "coverage", "rows"), cov.get("rows"))
            cols = facet_ref((*path, "coverage", "columns"), cov.get("columns"))
            coverage = (rows, cols) if rows and cols else None
    per_year = facet_ref((*path, "per_year"), fields["per_year"]) if "per_year" in fields else None
    totals_raw = fields.get("totals", [])
    totals_raw = [totals_raw] if isinstance(totals_raw, str) else totals_raw
    totals = tuple(filter(None, (facet_ref((*path, "totals", i), t) for i, t in enumerate(totals_raw))))
    highlights = []
    for i, raw_h in enumerate(fields.get("highlights", []) or []):
        hpath = (*path, "highlights", i)
        h = _record(doc, hpath, raw_h, {"facet", "value", "label"}, {"facet", "value", "label"}, problems)
        if h is None:
            continue
        facet_id = facet_ref((*hpath, "facet"), h.get("facet"))
        if facet_id and h.get("value") not in by_id[facet_id].ids:
            problems.append(doc.problem((*hpath, "value"), f"'{h.get('value')}' is not a value of {facet_id}",
                                        did_you_mean(str(h.get("value")), by_id[facet_id].ids)))
            continue
        if facet_id:
            highlights.append(Highlight(facet_id, h["value"], _line(doc, (*hpath, "label"), h.get("label"), problems)))
    return Views(coverage, per_year, totals, tuple(highlights))


def _record(doc, path, raw, allowed, required, problems) -> dict | None:
    if not isinstance(raw, dict):
        keys = ", ".join(sorted(required or allowed))
        problems.append(doc.problem(path, "expected a mapping", f"write the keys {keys}"))
        return None
    for key in raw:
        if key not in allowed:
            problems.append(doc.problem((*path, key), f"unknown key '{key}'", did_you_mean(key, allowed), key=True))
    for key in sorted(required - raw.keys()):
        problems.append(doc.problem(path, f"missing key '{key}'", f"add '{key}: …'"))
    return raw


_ID = re.compile(schema.ID_PATTERN)


def _id(doc, path, raw, seen: set, problems) -> str:
    if not isinstance(raw, str) or not _ID.match(raw) or len(raw) > schema.ID_MAX_LENGTH:
        problems.append(doc.problem(path, f"'{raw}' is not a valid id",
                                    "use lowercase letters, digits and single hyphens, e.g. 'new-value'"))
        return str(raw)
    if raw in seen:
        problems.append(doc.problem(path, f"id '{raw}' is declared twice", "ids must be unique"))
    seen.add(raw)
    return raw


def _line(doc, path, raw, problems) -> str:
    problem = text_problem(raw)
    if problem:
        problems.append(doc.problem(path, *problem))
        return ""
    return clean_line(raw)


def _text(doc, path, raw, problems) -> str:
    if raw == "":
        return ""
    problem = text_problem(raw)
    if problem:
        problems.append(doc.problem(path, *problem))
        return ""
    return clean_text(raw)
