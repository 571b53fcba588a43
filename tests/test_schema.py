"""The paper format is declared once, in schema.FIELDS: a field added there is validated, in the
JSON Schema, in the template and in every export, with no other change. The taxonomy file is
checked by the same machinery and has a JSON Schema of its own."""

from __future__ import annotations

import csv
import io
import json

import jsonschema
import pytest
import yaml

from conftest import ROOT, TODAY
from survey.core import fields, kinds, model, schema, taxonomy
from survey.core.model import Site
from survey.read import load, validate
from survey.read.project import Project
from survey.read.reader import load_taxonomy, read_taxonomy
from survey.render import exports, paperfile

PAPER = """\
title: A paper
year: 2024
abstract: An abstract.
topics: [segmentation]
modalities: [ct]
types: [method]
tasks: [screening]
added: 2026-11-01
"""


@pytest.fixture
def with_licence(monkeypatch: pytest.MonkeyPatch) -> fields.Field:
    """An optional field declared the way a maintainer would: one more entry in schema.FIELDS."""
    licence = fields.Field("licence", kinds.LINE, False, "The licence of the released code, as an SPDX id.",
                           "Apache-2.0", "SPDX-ID", 40)
    monkeypatch.setattr(schema, "FIELDS", (*schema.FIELDS[:-1], licence, schema.FIELDS[-1]))
    return licence


@pytest.fixture
def facets():
    from conftest import DATA
    return load_taxonomy(DATA / "survey" / "papers" / "_taxonomy.yaml", "papers/_taxonomy.yaml",
                              schema.field_names())


def test_a_new_field_is_validated(with_licence, facets) -> None:
    doc = load.parse_yaml(PAPER + "licence: Apache-2.0\n", "papers/a-paper.yaml")
    paper, problems = validate.check_paper(doc, facets, TODAY)
    assert problems == [] and paper.licence == "Apache-2.0"
    doc = load.parse_yaml(PAPER + "licence: [MIT]\n", "papers/a-paper.yaml")
    paper, problems = validate.check_paper(doc, facets, TODAY)
    assert [str(p) for p in problems] == [
        "papers/a-paper.yaml:9:10: licence: expected text, got a list "
        "(write the text on the same line, after the colon)"]
    doc = load.parse_yaml(PAPER + "licence: " + "x" * 41 + "\n", "papers/a-paper.yaml")
    assert "over the limit of 40" in str(validate.check_paper(doc, facets, TODAY)[1][0])
    paper, problems = validate.check_paper(load.parse_yaml(PAPER, "papers/a-paper.yaml"), facets, TODAY)
    assert problems == [] and paper.licence == ""


def test_a_new_field_is_in_the_json_schema_the_template_and_the_exports(with_licence, facets) -> None:
    paper_schema = schema.paper_schema(facets)
    assert paper_schema["properties"]["licence"] == {
        "description": "The licence of the released code, as an SPDX id.", "type": "string", "minLength": 1,
        "maxLength": 40}
    jsonschema.validate(load.parse_yaml(PAPER + "licence: MIT\n", "p").data, paper_schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(load.parse_yaml(PAPER + "licence: [MIT]\n", "p").data, paper_schema)

    template = paperfile.template(facets)
    assert "# licence (optional): The licence of the released code, as an SPDX id.\nlicence: \"SPDX-ID\"\n" in template
    assert template.index("licence:") < template.index("added:")

    doc = load.parse_yaml(PAPER + "licence: Apache-2.0\n", "papers/a-paper.yaml")
    paper, _ = validate.check_paper(doc, facets, TODAY)
    survey = model.build([paper], facets, Site("Test", "https://example.org/"))
    record = json.loads(exports.papers_json(survey))["papers"][0]
    assert record["licence"] == "Apache-2.0"
    jsonschema.validate(json.loads(exports.papers_json(survey)), json.loads(exports.papers_json_schema(survey)))
    row = next(csv.DictReader(io.StringIO(exports.papers_csv(survey))))
    assert row["licence"] == "Apache-2.0"


def test_the_template_of_the_new_field_is_flagged_until_filled(with_licence, facets) -> None:
    doc = load.parse_yaml(PAPER + 'licence: "SPDX-ID"\n', "papers/a-paper.yaml")
    _, problems = validate.check_paper(doc, facets, TODAY)
    assert [str(p) for p in problems] == ["papers/a-paper.yaml:9:10: licence: still holds the template's "
                                          "placeholder (write the paper's own value, or remove it)"]


def test_the_taxonomy_schema_accepts_the_real_taxonomy_and_rejects_mistakes() -> None:
    published = json.loads((ROOT / "papers" / "_taxonomy.schema.json").read_text(encoding="utf-8"))
    assert published == taxonomy.json_schema()
    data = yaml.safe_load((ROOT / "papers" / "_taxonomy.yaml").read_text(encoding="utf-8"))
    jsonschema.validate(data, published)
    data["facets"][0]["values"][0]["colour"] = "red"
    with pytest.raises(jsonschema.ValidationError, match="colour"):
        jsonschema.validate(data, published)


def test_the_taxonomy_file_points_editors_at_its_schema() -> None:
    first = (ROOT / "papers" / "_taxonomy.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=_taxonomy.schema.json"
    assert read_taxonomy(Project(ROOT)).facets


def test_an_optional_facet_may_be_empty_or_absent(facets, make_project, run_cli) -> None:
    text = (ROOT / "tests" / "data" / "survey" / "papers" / "_taxonomy.yaml").read_text(encoding="utf-8")
    text = text.replace("  - id: tasks\n", "  - id: tasks\n    required: false\n")
    project = make_project({"papers/_taxonomy.yaml": text,
                            "papers/none.yaml": PAPER.replace("tasks: [screening]", "tasks: []"),
                            "papers/absent.yaml": PAPER.replace("tasks: [screening]\n", "").replace("A paper", "B")})
    code, out = run_cli(project, "check")
    assert (code, out) == (0, "✓ 2 papers and the taxonomy are valid\n")
    template = paperfile.template(read_taxonomy(project))
    assert "# tasks (optional): Clinical tasks: ids (or [] when none applies)" in template
