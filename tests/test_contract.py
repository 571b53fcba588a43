"""The promises around the code: generated contract files are current, the README's commands are
the ones CI runs, every command is documented, and the code stays within its style rules."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from conftest import ROOT
from survey import cli
from survey.commands import schema as schema_command
from survey.core import schema
from survey.read.project import Project
from survey.read.reader import read_documents, read_taxonomy


def test_schema_and_template_files_are_up_to_date() -> None:
    for path, content in schema_command.contract_files(Project(ROOT)).items():
        assert (ROOT / path).read_text(encoding="utf-8") == content, f"{path} is stale: run `survey schema`"


def test_an_unfilled_template_points_at_every_placeholder(make_project, run_cli) -> None:
    template = (ROOT / "papers" / "_template.yaml").read_text(encoding="utf-8")
    project = make_project({"papers/new-paper.yaml": template}, survey="taxonomy")
    code, out = run_cli(project, "check")
    assert code == 1
    fields = [line.split(": ")[1] for line in out.splitlines()[:-1]]
    assert fields == ["title", "authors.0", "authors.1", "year", "date", "venue", "arxiv", "doi", "abstract",
                      "tldr", "links.paper", "links.code", "topics", "types", "datasets.0.name", "datasets.0.size",
                      "results.0.task", "results.0.dataset", "results.0.metric", "results.0.value", "results.0.quote",
                      "results.0.quote", "added"]
    assert all(line.startswith("papers/new-paper.yaml:") for line in out.splitlines()[:-1])


def test_a_filled_in_template_goes_in(make_project, run_cli) -> None:
    """Each placeholder typed over, its quotes left as they are, as a contributor fills it in."""
    template = (ROOT / "papers" / "_template.yaml").read_text(encoding="utf-8")
    filled = (template.replace("Title of the paper, as published", "A new paper")
              .replace('  - "Given Family"\n  - "Family, Given"', '  - "Ada Lovelace"')
              .replace("YYYY\n", "2024\n").replace('date: "YYYY-MM-DD"', 'date: "2024-05"')
              .replace("Venue and year, e.g. MICCAI 2024", "MICCAI 2024")
              .replace('"YYMM.NNNNN"', '"2405.00001"').replace('doi: "10.NNNN/…"', "doi: 10.1000/new")
              .replace("The abstract, as published.", "What the paper did, on 50 cases.")
              .replace("One sentence in your own words", "One sentence, mine")
              .replace("abs/YYMM.NNNNN", "abs/2405.00001").replace("OWNER/REPOSITORY", "ada/new")
              .replace('added: "YYYY-MM-DD"', 'added: "2026-11-28"')
              .replace("Name of a dataset the paper releases or introduces", "New Set")
              .replace("Its size, as the abstract states it", "50 cases")
              .replace("One topic id", "segmentation")
              .replace('"The dataset, as the abstract names it"', '"New Set"').replace('"The metric"', '"cases"')
              .replace('"The number, as the quote writes it"', '"50"')
              .replace('"The sentence of the abstract it comes from"', '"What the paper did, on 50 cases."'))
    taxonomy = read_taxonomy(Project(ROOT))
    for facet in taxonomy.facets:
        filled = filled.replace(f"{facet.id}: []", f"{facet.id}: [{facet.values[0].id}]")
    project = make_project({"papers/new-paper.yaml": filled}, survey="taxonomy")
    code, out = run_cli(project, "check")
    assert (code, out) == (0, "✓ 1 paper and the taxonomy are valid\n")


def test_the_json_schema_accepts_every_paper_and_rejects_mistakes(make_project) -> None:
    import json

    import jsonschema

    project = make_project(survey="repo+unusual")
    paper_schema = json.loads((ROOT / "papers" / "_schema.json").read_text(encoding="utf-8"))
    docs, problems = read_documents(project)
    assert problems == [] and docs
    for doc in docs:
        jsonschema.validate(doc.data, paper_schema)
    facet = read_taxonomy(project).facets[0].id
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**doc.data, facet: ["not-a-value"]}, paper_schema)


def _readme_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    setup = readme.split("## Set up", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", setup)


def test_the_readme_gives_exactly_two_setup_commands_and_ci_runs_the_second() -> None:
    serve_command, test_command = _readme_commands()
    assert "survey serve" in serve_command
    assert "pytest" in test_command
    assert test_command in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()


def test_every_command_has_help_and_is_in_the_readme() -> None:
    parser = cli.parser()
    commands = parser._subparsers._group_actions[0].choices  # noqa: SLF001 - argparse has no public API for this
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, subparser in commands.items():
        assert subparser.description, name
        assert f"`survey {name}`" in readme, name


def test_survey_runs_as_an_installed_command() -> None:
    result = subprocess.run([sys.executable, "-m", "survey", "--help"], capture_output=True, text=True, check=False)
    assert result.returncode == 0
    for name in ("check", "generate", "build", "serve", "schema"):
        assert name in result.stdout


def test_no_facet_name_is_written_in_the_code() -> None:
    """The taxonomy file defines the facets; the generator, its templates, the site's scripts
    and the site's configuration take them from there."""
    taxonomy = schema_command.read_taxonomy(Project(ROOT))
    names = {f.id for f in taxonomy.facets} | {v.id for f in taxonomy.facets for v in f.values}
    names -= {"tool", "method", "survey", "study", "multi", "dataset"}  # ordinary words the code uses otherwise
    code_files = [*(ROOT / "scripts" / "survey").rglob("*.py"), *(ROOT / "scripts" / "survey").rglob("*.j2"),
                  *(ROOT / "docs" / "assets").glob("*.js"), *(ROOT / "docs" / "overrides").rglob("*.html"),
                  ROOT / "mkdocs.yml"]
    for file in code_files:
        code = file.read_text(encoding="utf-8")
        for name in names:
            assert not re.search(rf"[\"'/]{re.escape(name)}[\"'/]", code), f"{file.name} names the facet value {name!r}"


def test_ruff_finds_nothing() -> None:
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "scripts", "tests", "benchmarks"], cwd=ROOT,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout


def test_fields_are_declared_once() -> None:
    assert len(set(schema.field_names())) == len(schema.field_names())
    page = (ROOT / "scripts" / "survey" / "render" / "templates" / "schema.md.j2").read_text(encoding="utf-8")
    assert "for field in fields" in page  # the schema page lists the declared fields, not its own copy


def test_the_exit_codes_are_one_table_in_the_readme_and_the_cli() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = "\n".join(f"| {code} | {meaning} |" for code, meaning in cli.EXIT_CODES)
    assert table in readme
    assert [code for code, _ in cli.EXIT_CODES] == [0, 1, 2, 3, 4]


def test_no_field_is_named_like_a_paper_attribute() -> None:
    from survey.core.model import Paper

    own = {name for name in dir(Paper) if not name.startswith("_")} | {"id", "source", "fields", "facets"}
    assert not set(schema.field_names()) & own
