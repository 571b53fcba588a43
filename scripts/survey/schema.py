"""The paper file format, declared once.

Everything else derives from `FIELDS`: the validator checks each field by its kind,
and `json_schema()`, `template()` and the schema page describe the same list. The
facet fields (`topics`, `modalities`, …) are not listed here: they come from the
taxonomy file, so a new facet needs no code change.

Usage::

    from survey import schema
    [f.name for f in schema.FIELDS]          # the fixed fields, in file order
    schema.json_schema(taxonomy)             # JSON Schema for editors
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .taxonomy import Taxonomy

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
ID_MAX_LENGTH = 80
ARXIV_PATTERN = r"^(\d{4}\.\d{4,5}|[a-z]+(-[a-z]+)*(\.[A-Z]{2})?/\d{7})$"
DOI_PATTERN = r"^10\.\d{4,9}/\S+$"
LINK_KINDS = ("paper", "pdf", "code", "project", "data", "models", "demo")
ET_AL = "et al."
SCHEMA_VERSION = 1
"""Version of the paper format as exported in papers.json; bump it when a field changes meaning."""


@dataclass(frozen=True)
class Field:
    """One field of a paper file."""

    name: str
    kind: str
    """How the value is checked: see the `kind_*` functions in validate.py."""
    required: bool
    description: str
    example: Any
    """A value of the right form, shown on the schema page."""
    placeholder: Any
    """What papers/_template.yaml shows: left unchanged, `survey check` asks for a real value."""
    max_length: int = 0
    """For text: the longest value accepted, in characters."""


FIELDS: tuple[Field, ...] = (
    Field("title", "line", True, "The title as published.",
          "TotalSegmentator: robust segmentation of 104 anatomical structures in CT images",
          "Title of the paper, as published", 500),
    Field("authors", "authors", False,
          "Authors in order, each as \"Given Family\"; a shortened list may end with \"et al.\".",
          ["Jakob Wasserthal", "Hanns-Christian Breit", "et al."], ["Given Family", "Given Family"], 300),
    Field("year", "year", True, "Year of first publication.", 2022, "YYYY"),
    Field("date", "date", False, "Date of first publication, YYYY-MM-DD or YYYY-MM.", "2022-08-11", "YYYY-MM-DD"),
    Field("venue", "line", False, "Peer-reviewed venue, with its year.",
          "Radiology: Artificial Intelligence 2023", "Venue and year, e.g. MICCAI 2024", 200),
    Field("arxiv", "arxiv", False, "arXiv identifier without version, in quotes.", "2208.05868", "YYMM.NNNNN"),
    Field("doi", "doi", False, "Digital Object Identifier, without https://doi.org/.",
          "10.1038/s41592-020-01008-z", "10.NNNN/…"),
    Field("abstract", "text", True, "The paper's abstract.", "We present a deep learning segmentation model …",
          "The abstract, as published.", 10_000),
    Field("tldr", "line", False, "The curator's one-sentence takeaway, plain text.",
          "An nnU-Net model and dataset that segment 104 structures in routine CT.",
          "One sentence in your own words: what the paper contributes and why a reader would care.", 300),
    Field("links", "links", False,
          f"Links by kind ({', '.join(LINK_KINDS)}); http(s) URLs only.",
          {"paper": "https://arxiv.org/abs/2208.05868", "code": "https://github.com/wasserth/TotalSegmentator"},
          {"paper": "https://arxiv.org/abs/YYMM.NNNNN", "code": "https://github.com/OWNER/REPOSITORY"}),
    Field("added", "day", True, "The day the paper joined the survey, YYYY-MM-DD.", "2026-11-27", "YYYY-MM-DD"),
)
"""The fixed fields, in the order a paper file lists them; facet fields go before `added`."""

FIELD_NAMES = tuple(f.name for f in FIELDS)


def facet_field(facet: Any) -> Field:
    """The paper field of one taxonomy facet: a list of value ids."""
    return Field(facet.id, "ids", True,
                 f"{facet.title}: one or more ids from papers/_taxonomy.yaml, the main one first.",
                 [facet.values[0].id] if facet.values else [], [])


def all_fields(taxonomy: Taxonomy) -> list[Field]:
    """Every field of a paper file, facet fields included, in file order."""
    facets = [facet_field(f) for f in taxonomy.facets]
    return [*FIELDS[:-1], *facets, FIELDS[-1]]


def json_schema(taxonomy: Taxonomy) -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) for one paper file, for editors and for papers.json."""
    properties = {f.name: _field_schema(f, taxonomy) for f in all_fields(taxonomy)}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Survey paper",
        "description": "One paper of the survey: papers/<id>.yaml.",
        "type": "object",
        "properties": properties,
        "required": [f.name for f in all_fields(taxonomy) if f.required],
        "additionalProperties": False,
    }


def _field_schema(field: Field, taxonomy: Taxonomy) -> dict[str, Any]:
    line = {"type": "string", "minLength": 1}
    if field.max_length:
        line["maxLength"] = field.max_length
    schemas: dict[str, dict[str, Any]] = {
        "line": line,
        "text": line,
        "authors": {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1}},
        "year": {"type": "integer", "minimum": 1800},
        "date": {"type": "string", "pattern": r"^\d{4}-\d{2}(-\d{2})?$"},
        "day": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
        "arxiv": {"type": "string", "pattern": ARXIV_PATTERN},
        "doi": {"type": "string", "pattern": DOI_PATTERN},
        "links": {
            "type": "object",
            "propertyNames": {"enum": list(LINK_KINDS)},
            "additionalProperties": {"type": "string", "pattern": "^https?://"},
        },
    }
    if field.kind == "ids":
        facet = taxonomy.facet(field.name)
        schema = {"type": "array", "minItems": 1, "uniqueItems": True,
                  "items": {"enum": [v.id for v in facet.values]}}
    else:
        schema = dict(schemas[field.kind])
    return {"description": field.description, **schema}


def template(taxonomy: Taxonomy) -> str:
    """The contributor's starting point, papers/_template.yaml: every field with an example."""
    from .render import render_template  # the template text lives in templates/

    return render_template("paper-template.yaml.j2", fields=all_fields(taxonomy),
                           dump=_yaml_value, taxonomy=taxonomy)


def _yaml_value(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
