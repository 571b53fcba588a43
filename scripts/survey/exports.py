"""Machine-readable exports: papers.json (with its schema), papers.bib, papers.csv and the Atom feed.

The data outlives the site: every field of every paper is in papers.json and papers.csv.

Usage::

    files = exports.render_all(survey, entries)   # {"papers.json": "...", "feed.xml": "...", ...}
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from . import schema
from .model import Paper, Survey

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def render_all(survey: Survey, bibtex_entries: dict[str, str]) -> dict[str, str]:
    """The export files; `bibtex_entries` are the papers' entries by id, as the paper pages show them."""
    from .render import render_template

    return {
        "papers.json": _json(papers_json(survey)),
        "papers.schema.json": _json(papers_json_schema(survey)),
        "papers.bib": "\n".join(bibtex_entries[p.id] for p in _by_id(survey)),
        "papers.csv": papers_csv(survey),
        "feed.xml": render_template("feed.xml.j2", survey=survey),
    }


def paper_record(paper: Paper, survey: Survey) -> dict[str, Any]:
    """Every field of a paper, absent ones as null, plus its page address."""
    record: dict[str, Any] = {"id": paper.id, "url": survey.site.absolute(paper.url)}
    for field in schema.all_fields(survey.taxonomy):
        if field.kind == "ids":
            record[field.name] = list(paper.facets[field.name])
        elif field.name == "links":
            record["links"] = dict(paper.links)
        elif field.name == "authors":
            record["authors"] = list(paper.authors)
        else:
            record[field.name] = getattr(paper, field.name) or None
    return record


def papers_json(survey: Survey) -> dict[str, Any]:
    return {
        "schema_version": schema.SCHEMA_VERSION,
        "site": survey.site.url or None,
        "count": len(survey.papers),
        "papers": [paper_record(p, survey) for p in _by_id(survey)],
    }


def papers_json_schema(survey: Survey) -> dict[str, Any]:
    """The JSON Schema of papers.json, derived from the paper schema."""
    paper = schema.json_schema(survey.taxonomy)
    properties = {"id": {"type": "string", "pattern": schema.ID_PATTERN},
                  "url": {"type": "string"}}
    for name, prop in paper["properties"].items():
        if name in paper["required"] or prop.get("type") in ("array", "object"):
            properties[name] = prop
        else:
            properties[name] = {"anyOf": [prop, {"type": "null"}]}
    properties["links"] = {**paper["properties"]["links"]}
    properties["authors"] = {**paper["properties"]["authors"], "minItems": 0}
    record = {"type": "object", "properties": properties, "required": list(properties),
              "additionalProperties": False}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Survey papers export",
        "type": "object",
        "properties": {
            "schema_version": {"const": schema.SCHEMA_VERSION},
            "site": {"type": ["string", "null"]},
            "count": {"type": "integer", "minimum": 0},
            "papers": {"type": "array", "items": record},
        },
        "required": ["schema_version", "site", "count", "papers"],
        "additionalProperties": False,
    }


def papers_csv(survey: Survey) -> str:
    """One row per paper; list fields joined with '; '; cells that a spreadsheet would run as
    formulas are prefixed with an apostrophe."""
    fields = schema.all_fields(survey.taxonomy)
    header = ["id", "url"] + [f.name for f in fields if f.name != "links"] + [f"link_{k}" for k in schema.LINK_KINDS]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for paper in _by_id(survey):
        record = paper_record(paper, survey)
        links = record.pop("links")
        row = [_cell(record[name]) for name in header if not name.startswith("link_")]
        row += [_cell(links.get(kind)) for kind in schema.LINK_KINDS]
        writer.writerow(row)
    return out.getvalue()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    text = "; ".join(value) if isinstance(value, list) else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _by_id(survey: Survey) -> list[Paper]:
    return sorted(survey.papers, key=lambda p: p.id)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1) + "\n"
