"""The paper file format, declared once.

Everything else derives from `FIELDS` and the taxonomy's facets: the validator checks each
field by its kind (fields.py), `Paper` holds one value per field, and the JSON Schemas, the
contributor template, the files `survey add` writes, the exports and the schema page list
the same fields. Adding an optional field is one line here (plus its display on the paper
page, if it is shown there).

Usage::

    from survey import schema
    [f.name for f in schema.all_fields(taxonomy)]   # every field, in file order
    schema.paper_schema(taxonomy)                   # JSON Schema for editors
"""

from __future__ import annotations

from typing import Any

from .fields import ID_MAX_LENGTH, ID_PATTERN, Field, record_schema
from .kinds import ARXIV, DATE, DAY, DOI, FLAG, LINE, TEXT, YEAR
from .listkinds import AUTHORS, CHOICE, IDS, LINKS, URL, ListOf, Record
from .taxonomy import Facet, Taxonomy

LINK_KINDS = ("paper", "pdf", "code", "project", "data", "models", "demo")
SCHEMA_VERSION = 3
"""Version of the paper format as exported in papers.json; bump it when a field changes meaning.
2: each author is an object with the name's parts (name, family, given, suffix); datasets and results.
3: cites, code_state and notices (how a paper stands in the survey)."""

FIELDS: tuple[Field, ...] = (
    Field("title", LINE, True, "The title as published.",
          "TotalSegmentator: robust segmentation of 104 anatomical structures in CT images",
          "Title of the paper, as published", 500),
    Field("authors", AUTHORS, False,
          "Authors in order, each as \"Given Family\", or \"Family, Given\" when the family name is not the "
          "last word; a shortened list may end with \"et al.\".",
          ["Jakob Wasserthal", "van den Heuvel, Martijn P.", "et al."], ("Given Family", "Family, Given"), 300),
    Field("year", YEAR, True, "Year of first publication.", 2022, "YYYY"),
    Field("date", DATE, False, "Date of first publication, YYYY-MM-DD or YYYY-MM.", "2022-08-11", "YYYY-MM-DD"),
    Field("venue", LINE, False, "Peer-reviewed venue, with its year.",
          "Radiology: Artificial Intelligence 2023", "Venue and year, e.g. MICCAI 2024", 200),
    Field("arxiv", ARXIV, False, "arXiv identifier without version, in quotes.", "2208.05868", "YYMM.NNNNN"),
    Field("doi", DOI, False, "Digital Object Identifier, without https://doi.org/.",
          "10.1038/s41592-020-01008-z", "10.NNNN/…"),
    Field("abstract", TEXT, True, "The paper's abstract.", "We present a deep learning segmentation model …",
          "The abstract, as published.", 10_000),
    Field("tldr", LINE, False, "The curator's one-sentence takeaway, plain text.",
          "An nnU-Net model and dataset that segment 104 structures in routine CT.",
          "One sentence in your own words: what the paper contributes and why a reader would care.", 300),
    Field("links", LINKS, False,
          f"Links by kind ({', '.join(LINK_KINDS)}); http(s) URLs only.",
          {"paper": "https://arxiv.org/abs/2208.05868", "code": "https://github.com/wasserth/TotalSegmentator"},
          {"paper": "https://arxiv.org/abs/YYMM.NNNNN", "code": "https://github.com/OWNER/REPOSITORY"},
          choices=LINK_KINDS),
    Field("added", DAY, True, "The day the paper joined the survey, YYYY-MM-DD.", "2026-11-27", "YYYY-MM-DD"),
)
"""The fixed fields, in the order a paper file lists them; facet fields go before the last one."""


DATASETS, RESULTS = "datasets", "results"
"""The two list fields whose items the taxonomy's views.datasets describes."""


def field_names() -> tuple[str, ...]:
    return (*(f.name for f in FIELDS), DATASETS, RESULTS)


def dataset_record(taxonomy: Taxonomy) -> Record:
    """One dataset a paper releases or introduces: only its name is required, and nothing is
    guessed. Its facets and tasks are the taxonomy's ids (views.datasets)."""
    view = taxonomy.views.datasets
    facets = [taxonomy.facet(f) for f in view.facets]
    tasks = taxonomy.facet(view.tasks) if view.tasks else None
    return Record((
        Field("name", LINE, True, "The dataset's name, as the paper gives it.", "TotalSegmentator dataset",
              "Name of a dataset the paper releases or introduces", 200),
        Field("released", FLAG, False, "true where the abstract or the paper's links say it is public; false where "
                                       "they say it is not; left out otherwise.", True),
        *(Field(f.id, IDS, False, f"{f.title} of its images, from the taxonomy, as the abstract states them.",
                [f.values[0].id] if f.values else [], choices=f.ids) for f in facets),
        Field("size", LINE, False, "Its size, as the abstract states it; each number in it is in the abstract.",
              "1204 CT examinations", "Its size, as the abstract states it", 200),
        Field("annotations", LINE, False, "Its labels, as the abstract states them; each number in them is in the "
                                          "abstract.", "104 anatomical structures", None, 300),
        *([Field("tasks", IDS, False, f"The {tasks.title.lower()} it supports, as the abstract states them.",
                 [tasks.values[0].id] if tasks.values else [], choices=tasks.ids)] if tasks else []),
        Field("licence", LINE, False, "Its licence, only where the paper file's sources state it.", "CC BY 4.0",
              None, 100),
        Field("access", URL, False, "Where to get it, only where the abstract or the paper's links say.",
              "https://doi.org/10.5281/zenodo.6802613"),
    ), "Dataset", summary="{name}")


def result_record(taxonomy: Taxonomy) -> Record:
    """One number the abstract reports, with the sentence it comes from."""
    tasks = taxonomy.facet(taxonomy.views.datasets.tasks) if taxonomy.views.datasets.tasks else None
    return Record((
        *([Field("task", CHOICE, True, f"The {tasks.singular.lower()} of the result, from the taxonomy.",
                 tasks.values[0].id if tasks.values else "", f"One {tasks.singular.lower()} id",
                 choices=tasks.ids)] if tasks else []),
        Field("dataset", LINE, True, "The dataset it is on, as the abstract names it.", "TotalSegmentator",
              "The dataset, as the abstract names it", 200),
        Field("metric", LINE, True, "The metric, as the abstract names it.", "Dice", "The metric", 100),
        Field("value", LINE, True, "The number, exactly as the quote writes it.", "0.943",
              "The number, as the quote writes it", 40),
        Field("quote", LINE, True, "The sentence of the abstract the number comes from, exactly as the abstract "
                                   "has it.", "The proposed model showed a high Dice score (0.943) on the test set.",
              "The sentence of the abstract it comes from", 2000),
    ), "Result", summary="{dataset}: {metric} {value}")


def list_fields(taxonomy: Taxonomy) -> list[Field]:
    """The datasets and results fields, described by the taxonomy's views.datasets."""
    datasets, results = dataset_record(taxonomy), result_record(taxonomy)
    return [
        Field(DATASETS, ListOf(datasets), False, "The datasets the paper releases or introduces.",
              [{"name": "TotalSegmentator dataset", "released": True, "size": "1204 CT examinations"}],
              [_placeholders(datasets)]),
        Field(RESULTS, ListOf(results), False, "Numbers the abstract reports on a named dataset, each with the "
                                               "sentence it comes from.",
              [{"dataset": "TotalSegmentator", "metric": "Dice", "value": "0.943",
                "quote": "The proposed model showed a high Dice score (0.943) on the test set."}],
              [_placeholders(results)]),
    ]


def _placeholders(record: Record) -> dict[str, Any]:
    """A record of the template: the placeholders of its fields, which `survey check` points at."""
    return {f.name: f.placeholder for f in record.fields if f.placeholder is not None}


def facet_field(facet: Facet) -> Field:
    """The paper field of one taxonomy facet: a list of value ids."""
    how_many = "one or more ids" if facet.required else "ids (or [] when none applies)"
    return Field(facet.id, IDS, facet.required,
                 f"{facet.title}: {how_many} from papers/_taxonomy.yaml, the main one first.",
                 [facet.values[0].id] if facet.values else [], (), choices=facet.ids)


def all_fields(taxonomy: Taxonomy) -> list[Field]:
    """Every field of a paper file, facet fields included, in file order."""
    return [*FIELDS[:-1], *(facet_field(f) for f in taxonomy.facets), *list_fields(taxonomy), FIELDS[-1]]


def paper_schema(taxonomy: Taxonomy) -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) for one paper file, for editors."""
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            **record_schema(tuple(all_fields(taxonomy)), "Survey paper"),
            "description": "One paper of the survey: papers/<id>.yaml."}


STANDING: dict[str, Any] = {
    "cites": {"type": "array", "items": {"type": "string", "pattern": ID_PATTERN},
              "description": "The survey papers it cites (papers/_citations.yaml)."},
    "code_state": {"enum": ["archived", "gone", None],
                   "description": "Its GitHub repository, if archived or gone (papers/_health.yaml)."},
    "notices": {"type": "array", "description": "Retractions, corrections and other notices Crossref lists.",
                "items": {"type": "object", "required": ["type", "doi", "date"], "additionalProperties": False,
                          "properties": {"type": {"type": "string"}, "doi": {"type": "string"},
                                         "date": {"type": ["string", "null"]}}}},
}
"""What papers.json says of each paper beyond its file: how it stands in the survey."""


def export_schema(taxonomy: Taxonomy) -> dict[str, Any]:
    """The JSON Schema of papers.json: every field of every paper, absent ones as null."""
    properties = {"id": {"type": "string", "pattern": ID_PATTERN, "maxLength": ID_MAX_LENGTH},
                  "url": {"type": "string"}}
    properties.update({f.name: f.kind.export_schema(f) for f in all_fields(taxonomy)})
    properties.update(STANDING)
    record = {"type": "object", "properties": properties, "required": list(properties),
              "additionalProperties": False}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Survey papers export",
        "type": "object",
        "properties": {
            "schema_version": {"const": SCHEMA_VERSION},
            "site": {"type": ["string", "null"]},
            "count": {"type": "integer", "minimum": 0},
            "papers": {"type": "array", "items": record},
        },
        "required": ["schema_version", "site", "count", "papers"],
        "additionalProperties": False,
    }
