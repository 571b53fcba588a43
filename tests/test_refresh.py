"""`survey refresh`: the venue and DOI of papers added as preprints, filled in from recorded arXiv
and Crossref responses served on 127.0.0.1 (tests/services.py). No test touches the network."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from services import JOURNAL_REF, Handler, serve_services
from survey.core import schema
from survey.core.model import Paper
from survey.read import load
from survey.read.project import Project
from survey.read.reader import read_survey, read_taxonomy
from survey.render import paperfile
from survey.services import lookup, refresh

TOTALSEG_DOI, TOTALSEG_VENUE = "10.1148/ryai.230024", "Radiology: Artificial Intelligence 2023"


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serve_services() as base:
        yield base


def _preprint(project: Project) -> str:
    """A paper as `survey add` writes it (with its comments), for an arXiv id with a journal reference."""
    taxonomy = read_taxonomy(project)
    values = {"title": "A test paper on lung nodule detection, now with a journal reference", "year": 2024,
              "arxiv": "2401.00002", "abstract": "An abstract.", "tldr": "A takeaway.", "added": "2024-02-01",
              **{f.id: [f.values[0].id] for f in taxonomy.facets}}
    return paperfile.paper(taxonomy, values)


@pytest.fixture
def project(make_project, server: str):
    """The fixture survey, TotalSegmentator as a preprint (no venue or DOI), one more preprint
    that arXiv has a journal reference for, and one arXiv knows nothing more about."""
    def make(arxiv: str = f"{server}/api/query", extra: dict[str, str] | None = None, batch: int = 100) -> Project:
        settings = (f'[tool.survey.services]\narxiv = "{arxiv}"\ncrossref = "{server}"\ntimeout = 1\n'
                    f'semanticscholar = "{server}"\ngithub = "{server}"\nretry-wait = 0\n'
                    f"arxiv_pause = 0\narxiv_batch = {batch}\n")
        made = make_project({"pyproject.toml": settings}, survey="fixture")
        totalseg = made.papers_dir / "totalsegmentator.yaml"
        totalseg.write_text(totalseg.read_text(encoding="utf-8").replace(f"venue: '{TOTALSEG_VENUE}'\n", ""),
                            encoding="utf-8")
        (made.papers_dir / "journal-ref.yaml").write_text(_preprint(made), encoding="utf-8")
        no_news = _preprint(made).replace("2401.00002", "2401.00001").replace("now with", "still without")
        (made.papers_dir / "no-news.yaml").write_text(no_news, encoding="utf-8")
        for path, text in (extra or {}).items():
            (made.root / path).write_text(text, encoding="utf-8")
        return made
    return make


def _texts(project: Project) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(project.papers_dir.glob("*.yaml"))}


def test_dry_run_prints_the_changes_as_a_diff_and_writes_nothing(project, run_cli) -> None:
    survey = project()
    before = _texts(survey)
    code, out = run_cli(survey, "refresh", "--dry-run")
    assert code == 0, out
    assert _texts(survey) == before
    assert "--- a/papers/totalsegmentator.yaml\n+++ b/papers/totalsegmentator.yaml\n" in out
    assert f'+venue: "{TOTALSEG_VENUE}"\n' in out and f'+doi: "{TOTALSEG_DOI}"\n' in out
    assert f'+venue: "{JOURNAL_REF}"\n' in out
    assert "no-news.yaml" not in out and "chexagent" not in out
    assert "would fill 3 fields in 2 files" in out
    assert f"papers/totalsegmentator.yaml: venue = {TOTALSEG_VENUE} (Crossref {TOTALSEG_DOI}: container title" in out
    assert f"papers/journal-ref.yaml: venue = {JOURNAL_REF} (arXiv 2401.00002: journal reference)" in out


def test_only_empty_fields_are_filled_each_where_it_belongs(project, run_cli) -> None:
    survey = project()
    before = _texts(survey)
    code, out = run_cli(survey, "refresh")
    assert code == 0, out
    after = _texts(survey)
    # TotalSegmentator: the two lines in schema order, every other line as it was.
    lines = before["totalsegmentator.yaml"].splitlines(keepends=True)
    at_date = next(i for i, line in enumerate(lines) if line.startswith("date:"))
    at_arxiv = next(i for i, line in enumerate(lines) if line.startswith("arxiv:"))
    expected = [*lines[:at_date + 1], f'venue: "{TOTALSEG_VENUE}"\n', *lines[at_date + 1:at_arxiv + 1],
                f'doi: "{TOTALSEG_DOI}"\n', *lines[at_arxiv + 1:]]
    assert after["totalsegmentator.yaml"] == "".join(expected)
    # A file with comments: the venue goes above the arxiv field's comment, not between them.
    written = after["journal-ref.yaml"]
    arxiv_comment = next(line for line in before["journal-ref.yaml"].splitlines() if line.startswith("#")
                         and "arXiv" in line)
    assert f'venue: "{JOURNAL_REF}"\n{arxiv_comment}\n' in written
    assert written.replace(f'venue: "{JOURNAL_REF}"\n', "") == before["journal-ref.yaml"]
    unchanged = set(before) - {"totalsegmentator.yaml", "journal-ref.yaml"}
    assert {name: after[name] for name in unchanged} == {name: before[name] for name in unchanged}
    papers = {p.id: p for p in read_survey(survey).papers}
    assert (papers["totalsegmentator"].venue, papers["totalsegmentator"].doi) == (TOTALSEG_VENUE, TOTALSEG_DOI)
    assert papers["journal-ref"].venue == JOURNAL_REF and not papers["journal-ref"].doi
    # Asked again, there is nothing left to fill.
    code, out = run_cli(survey, "refresh")
    assert code == 0 and "filled 0 fields in 0 files" in out
    assert _texts(survey) == after


def test_a_value_a_person_wrote_is_never_changed(project, run_cli) -> None:
    survey = project()
    file = survey.papers_dir / "totalsegmentator.yaml"
    file.write_text(file.read_text(encoding="utf-8").replace("date: 2022-08-11\n",
                                                             "date: 2022-08-11\nvenue: MIDL 2022\n"),
                    encoding="utf-8")
    code, out = run_cli(survey, "refresh")
    assert code == 0, out
    paper = next(p for p in read_survey(survey).papers if p.id == "totalsegmentator")
    assert (paper.venue, paper.doi) == ("MIDL 2022", TOTALSEG_DOI)


def test_a_doi_another_paper_has_is_not_added(project, run_cli) -> None:
    survey = project()
    other = (survey.papers_dir / "no-news.yaml").read_text(encoding="utf-8")
    other = other.replace("arxiv: ", f'doi: "{TOTALSEG_DOI}"\narxiv: ')
    (survey.papers_dir / "no-news.yaml").write_text(other, encoding="utf-8")
    code, out = run_cli(survey, "refresh", "--dry-run")
    assert code == 0, out
    assert f"arXiv gives the DOI {TOTALSEG_DOI}, which another paper already has" in out
    assert f'+doi: "{TOTALSEG_DOI}"' not in out


def test_the_report_lists_each_change_with_its_source_as_literal_text(project, run_cli, tmp_path: Path) -> None:
    survey = project()
    report = tmp_path / "body.md"
    code, out = run_cli(survey, "refresh", "--report", str(report))
    assert code == 0, out
    body = report.read_text(encoding="utf-8")
    assert "| `papers/totalsegmentator.yaml` | doi | 10.1148/ryai.230024 | arXiv 2208.05868: DOI |" in body
    assert "| `papers/totalsegmentator.yaml` | venue | Radiology: Artificial Intelligence 2023 | Crossref" in body
    assert r"| `papers/journal-ref.yaml` | venue | Journal of Examples 12\(3\), 45\-67 \(2024\) |" in body
    assert body.count("\n| `papers/") == 3


def test_ids_are_asked_about_in_batches(project, run_cli) -> None:
    survey = project(batch=2)
    Handler.requests.clear()
    code, out = run_cli(survey, "refresh", "--dry-run")
    assert code == 0, out
    asked = [r for r in Handler.requests if r.startswith("/api/query")]
    wanted = [p for p in read_survey(survey).papers if p.arxiv and not (p.venue and p.doi)]
    assert len(asked) == (len(wanted) + 1) // 2 and len(asked) > 1
    assert "would fill 3 fields in 2 files" in out


@pytest.mark.parametrize("where", ["closed port", "error page"])
def test_an_unreachable_service_writes_nothing(project, run_cli, server: str, where: str) -> None:
    survey = project(arxiv="http://127.0.0.1:9/api/query" if where == "closed port" else f"{server}/down")
    before = _texts(survey)
    code, out = run_cli(survey, "refresh")
    assert code == 3
    assert out.startswith("survey refresh: arXiv ") and out.count("\n") == 1 and "Traceback" not in out
    assert _texts(survey) == before


def test_a_value_that_would_not_pass_check_leaves_the_file_as_it_was(project, run_cli, monkeypatch) -> None:
    """A service's answer is untrusted: a DOI that is not one is reported, and no file changes."""
    survey = project()
    before = _texts(survey)
    monkeypatch.setattr(lookup, "arxiv_publications",
                        lambda ids, services: {"2401.00001": {"doi": "doi: see the journal's page", "journal_ref": ""}})
    code, out = run_cli(survey, "refresh")
    assert code == 0, out
    assert "filled 0 fields in 0 files" in out
    assert "note: papers/no-news.yaml: not changed, since the result would not pass `survey check` (doi:" in out
    assert _texts(survey) == before


def test_an_invalid_survey_is_refused_before_asking(project, run_cli) -> None:
    survey = project(extra={"papers/broken.yaml": "title: [unclosed\n"})
    Handler.requests.clear()
    code, out = run_cli(survey, "refresh")
    assert code == 1 and "papers/broken.yaml:2:1: YAML syntax error" in out
    assert Handler.requests == []


# --- The pure parts ---------------------------------------------------------------------------

def _paper(ident: str, **fields: object) -> Paper:
    values = {"title": ident, "authors": (), "year": 2024, "date": "", "venue": "", "arxiv": "", "doi": "",
              "abstract": "", "tldr": "", "links": {}, "added": "2024-01-01", **fields}
    return Paper(ident, f"papers/{ident}.yaml", values, {})


def test_plan_uses_crossref_first_and_a_journal_reference_only_with_a_year() -> None:
    papers = [_paper("a", arxiv="1"), _paper("b", arxiv="2"), _paper("c", arxiv="3"), _paper("d", doi="10.1/d"),
              _paper("e", arxiv="5", venue="Kept 2020", doi="10.1/e")]
    said = {"1": {"doi": "10.1/a", "journal_ref": "Ignored 2021"}, "2": {"journal_ref": "Journal 2022"},
            "3": {"journal_ref": "Journal, vol. 3"}, "5": {"doi": "10.1/other", "journal_ref": "Other 2019"}}
    asked: list[str] = []

    def venue_of(doi: str) -> str:
        asked.append(doi)
        return {"10.1/a": "Crossref Journal 2021"}.get(doi, "")

    changes, notes = refresh.plan(papers, said, venue_of, ["10.1/d", "10.1/e"])
    assert [(c.path, c.field, c.value) for c in changes] == [
        ("papers/a.yaml", "doi", "10.1/a"), ("papers/a.yaml", "venue", "Crossref Journal 2021"),
        ("papers/b.yaml", "venue", "Journal 2022")]
    assert asked == ["10.1/a"]  # papers d (no arXiv id) and e (venue and DOI) are not asked about
    assert notes == ["papers/c.yaml: arXiv's journal reference 'Journal, vol. 3' names no year; "
                     "not used as the venue"]


@pytest.mark.parametrize(("text", "expected"), [
    ("title: T\nyear: 2024\narxiv: '1'\nabstract: A\n", "title: T\nyear: 2024\nvenue: \"V 2024\"\narxiv: '1'\n"
                                                          "doi: \"10.1/x\"\nabstract: A\n"),
    ("title: T\nyear: 2024\nvenue:\narxiv: '1'\n", "title: T\nyear: 2024\nvenue: \"V 2024\"\narxiv: '1'\n"
                                                   "doi: \"10.1/x\"\n"),
    ("title: T\narxiv: '1'", "title: T\nvenue: \"V 2024\"\narxiv: '1'\ndoi: \"10.1/x\"\n"),
    ("title: T\n# The arXiv id.\n# Two lines.\narxiv: '1'\n# The links.\nlinks: {}\n",
     "title: T\nvenue: \"V 2024\"\n# The arXiv id.\n# Two lines.\narxiv: '1'\ndoi: \"10.1/x\"\n"
     "# The links.\nlinks: {}\n"),
])
def test_fields_are_inserted_in_schema_order_leaving_the_rest_as_written(text: str, expected: str) -> None:
    order = list(schema.field_names())
    doc = load.parse_yaml(text, "papers/x.yaml")
    new = refresh.insert_fields(text, doc, {"doi": "10.1/x", "venue": "V 2024"}, order,
                                lambda name, value: " " + json.dumps(value))
    assert new == expected
