"""The taxonomy file, papers/_taxonomy.yaml: the facets and their values.

Facets are data. The code iterates over `Taxonomy.facets` and never names one;
which facets feed the coverage map and the charts is declared under `views:`.

Usage::

    taxonomy = taxonomy.load(Path("papers/_taxonomy.yaml"), "papers/_taxonomy.yaml")
    [f.id for f in taxonomy.facets]              # the facet ids, in file order
    taxonomy.facet(facet_id).value(value_id).title
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from .document import Document
from .fields import Context, Field, check_record, record_schema
from .kinds import FLAG, LINE, SLUG, TEXT
from .listkinds import ListOf, Record
from .problems import Problem, ProblemsFound, did_you_mean

RESERVED_IDS = frozenset({"papers", "assets", "overrides", "search", "overview", "whats-new", "about",
                          "contributing", "schema", "index", "feed", "stylesheets", "javascripts", "map",
                          "authors", "performance", "search-index", "datasets", "results", "list", "compare",
                          "text", "code", "from", "to", "q", "h", "sort", "released", "licence"})
"""Facet ids that would collide with the site's own pages and folders, or with the index's
URL parameters (the facets' own, plus text, code, from, to, and the theme's q and h)."""

_VALUE = Record((
    Field("id", SLUG, True, "Used in paper files and URLs."),
    Field("title", LINE, True, "The value's name as readers see it."),
    Field("description", LINE, True, "One line, shown in lists and as a tooltip."),
    Field("overview", TEXT, False, "Paragraphs shown at the top of the value's page."),
), "Facet value")
_FACET = Record((
    Field("id", SLUG, True, "The facet's id: also the paper field's name and the folder of its pages."),
    Field("title", LINE, True, "The facet's name, plural: 'Topics'."),
    Field("singular", LINE, False, "One value's kind, singular: 'Topic'. Defaults to the title."),
    Field("description", LINE, True, "One line about the facet."),
    Field("required", FLAG, False, "false when papers may leave the facet empty (default: true)."),
    Field("values", ListOf(_VALUE), True, "The facet's values, in display order."),
), "Facet")
_VIEWS = Record((
    Field("coverage", Record((Field("rows", SLUG, True, "A facet id."), Field("columns", SLUG, True, "A facet id."))),
          False, "The two facets of the coverage map on the home page (readers can change them)."),
    Field("per_year", SLUG, False, "The facet whose main value colours the papers-per-year chart."),
    Field("totals", ListOf(SLUG), False, "Facets that get a papers-per-value chart on the overview page."),
    Field("highlights", ListOf(Record((
        Field("facet", SLUG, True, "A facet id."), Field("value", SLUG, True, "One of its value ids."),
        Field("label", LINE, True, "What the count is of, e.g. 'datasets'."),
    ))), False, "Facet values counted on the home page."),
    Field("datasets", Record((
        Field("facets", ListOf(SLUG), False, "Facets that describe a dataset's images, e.g. its modalities."),
        Field("tasks", SLUG, False, "The facet whose values are the tasks a dataset supports and a result is on."),
    )), False, "How the datasets and results of a paper are described."),
), "Views")
FIELDS = (
    Field("facets", ListOf(_FACET), True, "Every way a paper is classified, in display order."),
    Field("views", _VIEWS, False, "Which facets the overview pages draw on."),
)
"""The taxonomy file's format, checked by the same machinery as a paper file."""


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
    required: bool = True
    """False when a paper may leave the facet empty (no value applies)."""

    def value(self, value_id: str) -> Value:
        return self._by_id[value_id]

    @cached_property
    def _by_id(self) -> dict[str, Value]:
        return {v.id: v for v in self.values}

    @cached_property
    def ids(self) -> tuple[str, ...]:
        return tuple(v.id for v in self.values)


@dataclass(frozen=True)
class Highlight:
    """A facet value counted on the home page, e.g. how many papers are datasets."""

    facet: str
    value: str
    label: str


@dataclass(frozen=True)
class DatasetView:
    """The facets a paper's datasets are described by, and the one whose values are tasks."""

    facets: tuple[str, ...] = ()
    tasks: str | None = None


@dataclass(frozen=True)
class Views:
    """Which facets the overview pages draw on."""

    coverage: tuple[str, str] | None = None
    per_year: str | None = None
    totals: tuple[str, ...] = ()
    highlights: tuple[Highlight, ...] = ()
    datasets: DatasetView = DatasetView()


@dataclass(frozen=True)
class Taxonomy:
    facets: tuple[Facet, ...]
    views: Views = Views()

    def facet(self, facet_id: str) -> Facet:
        return next(f for f in self.facets if f.id == facet_id)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(f.id for f in self.facets)


def json_schema() -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) for the taxonomy file, for editors."""
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            **record_schema(FIELDS, "Survey taxonomy"),
            "description": "The facets of the survey and their values: papers/_taxonomy.yaml."}


def parse(doc: Document, field_names: Iterable[str] = ()) -> Taxonomy:
    """Check a parsed taxonomy document and build the Taxonomy."""
    problems: list[Problem] = []
    data = check_record(Context(doc, problems, hint="see the comment at the top of the file"), (), doc.data, FIELDS)
    if data is None:
        raise ProblemsFound(problems)
    facets = _facets(doc, data.get("facets", ()), RESERVED_IDS | set(field_names), problems)
    views = _views(doc, data.get("views") or {}, facets, problems)
    if problems:
        raise ProblemsFound(problems)
    return Taxonomy(tuple(facets), views)


def _facets(doc: Document, raw: tuple, reserved: set[str], problems: list[Problem]) -> list[Facet]:
    facets, seen = [], set()
    for i, fields in enumerate(raw):
        if fields is None:
            continue
        path = ("facets", i)
        facet_id = _unique(doc, (*path, "id"), fields.get("id", ""), seen, problems)
        if facet_id in reserved:
            problems.append(doc.problem((*path, "id"), f"'{facet_id}' is reserved for the site's own pages or fields",
                                        "choose another id"))
        value_ids: set[str] = set()
        values = tuple(
            Value(_unique(doc, (*path, "values", j, "id"), v.get("id", ""), value_ids, problems),
                  v.get("title", ""), v.get("description", ""), v.get("overview", ""))
            for j, v in enumerate(fields.get("values", ())) if v is not None)
        title = fields.get("title", "")
        facets.append(Facet(facet_id, title, fields.get("singular", title), fields.get("description", ""), values,
                            fields.get("required", True)))
    return facets


def _views(doc: Document, fields: dict, facets: list[Facet], problems: list[Problem]) -> Views:
    path = ("views",)
    by_id = {f.id: f for f in facets}

    def facet_ref(where: tuple, value: str) -> str | None:
        if value not in by_id:
            problems.append(doc.problem(where, f"'{value}' is not a facet id", did_you_mean(value, by_id)))
            return None
        return value

    coverage = None
    if fields.get("coverage"):
        rows = facet_ref((*path, "coverage", "rows"), fields["coverage"].get("rows", ""))
        cols = facet_ref((*path, "coverage", "columns"), fields["coverage"].get("columns", ""))
        coverage = (rows, cols) if rows and cols else None
    per_year = facet_ref((*path, "per_year"), fields["per_year"]) if "per_year" in fields else None
    if per_year and not by_id[per_year].required:
        problems.append(doc.problem((*path, "per_year"), f"'{per_year}' is optional, so some papers have no main value",
                                    "colour the chart by a required facet"))
        per_year = None
    totals = tuple(filter(None, (facet_ref((*path, "totals", i), t) for i, t in enumerate(fields.get("totals", ())))))
    highlights = []
    for i, h in enumerate(fields.get("highlights", ())):
        if h is None or len(h) < 3:
            continue
        hpath = (*path, "highlights", i)
        facet_id = facet_ref((*hpath, "facet"), h["facet"])
        if facet_id and h["value"] not in by_id[facet_id].ids:
            problems.append(doc.problem((*hpath, "value"), f"'{h['value']}' is not a value of {facet_id}",
                                        did_you_mean(h["value"], by_id[facet_id].ids)))
        elif facet_id:
            highlights.append(Highlight(facet_id, h["value"], h["label"]))
    raw = fields.get("datasets") or {}
    described = tuple(filter(None, (facet_ref((*path, "datasets", "facets", i), f)
                                    for i, f in enumerate(raw.get("facets", ())))))
    tasks = facet_ref((*path, "datasets", "tasks"), raw["tasks"]) if raw.get("tasks") else None
    return Views(coverage, per_year, totals, tuple(highlights), DatasetView(described, tasks))


def _unique(doc: Document, path: tuple, value: str, seen: set[str], problems: list[Problem]) -> str:
    if value and value in seen:
        problems.append(doc.problem(path, f"id '{value}' is declared twice", "ids must be unique"))
    seen.add(value)
    return value
