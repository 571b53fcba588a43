"""Machine-readable exports: papers.json (with its schema), papers.csv, and papers.bib, papers.ris
and papers.csl.json for reference managers.

The data outlives the site: every field of every paper is in papers.json and papers.csv,
each written by its field's kind, so a new field reaches the exports with no change here.

Usage::

    exports.papers_json(survey), exports.papers_csv(survey)   # file contents
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

from ..core import catalogue, schema
from ..core.fields import ET_AL
from ..core.model import Paper, Survey
from ..core.names import display, short_authors
from . import csl, ris

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

Memo = Callable[[str, Paper, Callable[[], str]], str]
"""(export, paper, make) -> the paper's piece of that export: `survey serve` keeps the pieces of
papers that did not change (pages.data_files); by default each is made."""


def _make(export: str, paper: Paper, make: Callable[[], str]) -> str:
    return make()


def paper_record(paper: Paper, survey: Survey) -> dict[str, Any]:
    """Every field of a paper, absent ones as null, plus its page address and how it stands in
    the survey: the survey papers it cites, its code's state and the notices on its record."""
    record: dict[str, Any] = {"id": paper.id, "url": survey.site.absolute(paper.url)}
    for field in schema.all_fields(survey.taxonomy):
        record[field.name] = field.kind.export(paper.value(field.name))
    health = survey.health
    record["cites"] = list(survey.citations.cites.get(paper.id, ()))
    record["code_state"] = health.code.get(paper.id)
    record["notices"] = [{"type": u.type, "doi": u.doi, "date": u.date or None}
                         for u in health.updates.get(paper.id, ())]
    return record


def papers_json(survey: Survey, memo: Memo = _make) -> str:
    """Every paper, one record per line (JSON's C encoder writes a line at a time; an indented
    dump goes through its slow pure-Python path)."""
    head = json.dumps({"schema_version": schema.SCHEMA_VERSION, "site": survey.site.url or None,
                       "count": len(survey.papers)}, ensure_ascii=False)
    records = ",\n".join(memo("json", p, lambda p=p: json.dumps(paper_record(p, survey), ensure_ascii=False))
                         for p in _by_id(survey))
    return f'{head[:-1]}, "papers": [\n{records}\n]}}\n'.replace("[\n\n]", "[]")


def papers_json_schema(survey: Survey) -> str:
    return _json(schema.export_schema(survey.taxonomy))


def papers_csv(survey: Survey, memo: Memo = _make) -> str:
    """One row per paper, a column per field (one per link kind); list fields joined with '; ';
    cells that a spreadsheet would run as formulas are prefixed with an apostrophe."""
    fields = schema.all_fields(survey.taxonomy)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")

    def row(paper: Paper) -> str:
        cells = [paper.id, survey.site.absolute(paper.url)]
        for field in fields:
            cells += (cell for _, cell in field.kind.csv(field, paper.value(field.name)))
        out.seek(0)
        out.truncate()
        writer.writerow(_cell(cell) for cell in cells)
        return out.getvalue()

    writer.writerow(["id", "url", *(name for f in fields for name, _ in f.kind.csv(f, f.kind.empty))])
    head = out.getvalue()
    return head + "".join([memo("csv", p, lambda p=p: row(p)) for p in _by_id(survey)])


def papers_ris(survey: Survey, memo: Memo = _make) -> str:
    """Every paper's RIS record, by id."""
    return ris.END.join(memo("ris", p, lambda p=p: ris.record(p, survey)) for p in _by_id(survey))


def papers_csl(survey: Survey, memo: Memo = _make) -> str:
    """Every paper as a CSL-JSON item, by id, one item per line."""
    items = ",\n".join(memo("csl", p, lambda p=p: json.dumps(csl.item(p, survey), ensure_ascii=False))
                       for p in _by_id(survey))
    return f"[\n{items}\n]\n" if items else "[]\n"


def datasets_json(survey: Survey) -> str:
    """Every dataset of the catalogue with its paper, one per line, as the datasets page lists them."""
    record = schema.dataset_record(survey.taxonomy)
    rows = [json.dumps({"id": e.anchor, "paper": e.paper.id, "paper_title": e.paper.title, "year": e.paper.year,
                        "url": survey.site.absolute(e.paper.url), **record.export(e.dataset)}, ensure_ascii=False)
            for e in catalogue.datasets(survey)]
    return "[\n" + ",\n".join(rows) + "\n]\n" if rows else "[]\n"


def papers_bib(survey: Survey, entries: dict[str, str]) -> str:
    """Every paper's BibTeX entry, by id; `entries` are those the paper pages show."""
    return "\n".join(entries[p.id] for p in _by_id(survey))


INDEX_FIELDS = ("id", "title", "authors", "short_authors", "year", "venue", "arxiv", "doi", "code", "facets", "flags")


def index_data(survey: Survey, memo: Memo = _make) -> str:
    """papers/index.json, what the index page's script filters, sorts and shows: one compact row
    per paper (fields in INDEX_FIELDS order) in the survey's order, and the facets' value titles."""
    facets = survey.taxonomy.facets

    def row(p: Paper) -> str:
        return json.dumps([p.id, p.title, ", ".join(display(a) for a in p.authors if a != ET_AL),
                           short_authors(p.authors), p.year, p.venue, p.arxiv, p.doi, p.link("code"),
                           [list(p.facets[f.id]) for f in facets], [list(flag) for flag in survey.health.badges(p.id)]],
                          ensure_ascii=False, separators=(",", ":"))

    head = json.dumps({"fields": INDEX_FIELDS, "count": len(survey.papers),
                       "facets": [{"id": f.id, "title": f.title, "singular": f.singular,
                                   "values": {v.id: v.title for v in f.values}} for f in facets],
                       "papers": []}, ensure_ascii=False, separators=(",", ":"))
    rows = ",".join(memo("index", p, lambda p=p: row(p)) for p in survey.papers)
    return f"{head.removesuffix('[]}')}[{rows}]}}\n"


def _cell(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


def _by_id(survey: Survey) -> list[Paper]:
    return sorted(survey.papers, key=lambda p: p.id)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1) + "\n"
