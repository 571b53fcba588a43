"""Machine-readable exports: papers.json (with its schema), papers.bib and papers.csv.

The data outlives the site: every field of every paper is in papers.json and papers.csv,
each written by its field's kind, so a new field reaches the exports with no change here.

Usage::

    exports.papers_json(survey), exports.papers_csv(survey)   # file contents
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from . import schema
from .model import Paper, Survey

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def paper_record(paper: Paper, survey: Survey) -> dict[str, Any]:
    """Every field of a paper, absent ones as null, plus its page address."""
    record: dict[str, Any] = {"id": paper.id, "url": survey.site.absolute(paper.url)}
    for field in schema.all_fields(survey.taxonomy):
        record[field.name] = field.kind.export(paper.value(field.name))
    return record


def papers_json(survey: Survey) -> str:
    return _json({
        "schema_version": schema.SCHEMA_VERSION,
        "site": survey.site.url or None,
        "count": len(survey.papers),
        "papers": [paper_record(p, survey) for p in _by_id(survey)],
    })


def papers_json_schema(survey: Survey) -> str:
    return _json(schema.export_schema(survey.taxonomy))


def papers_csv(survey: Survey) -> str:
    """One row per paper, a column per field (one per link kind); list fields joined with '; ';
    cells that a spreadsheet would run as formulas are prefixed with an apostrophe."""
    fields = schema.all_fields(survey.taxonomy)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "url", *(name for f in fields for name, _ in f.kind.csv(f, f.kind.empty))])
    for paper in _by_id(survey):
        cells = [paper.id, survey.site.absolute(paper.url)]
        for field in fields:
            cells += (cell for _, cell in field.kind.csv(field, paper.value(field.name)))
        writer.writerow(_cell(cell) for cell in cells)
    return out.getvalue()


def papers_bib(survey: Survey, entries: dict[str, str]) -> str:
    """Every paper's BibTeX entry, by id; `entries` are those the paper pages show."""
    return "\n".join(entries[p.id] for p in _by_id(survey))


def _cell(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


def _by_id(survey: Survey) -> list[Paper]:
    return sorted(survey.papers, key=lambda p: p.id)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1) + "\n"
