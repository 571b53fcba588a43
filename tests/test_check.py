"""`survey check` on bad input: every case in tests/data/invalid/ gives exactly the messages
in its .expected file, and nothing ever produces a traceback."""

from __future__ import annotations

import gc
import json
import shutil
import time
from pathlib import Path

import pytest

from conftest import DATA, TODAY
from survey.core.problems import ProblemsFound
from survey.read import load
from survey.read.reader import paper_entries, read_survey

INVALID = DATA / "invalid"
CASES = sorted(p for p in INVALID.iterdir() if p.suffix != ".expected")


def _project_with(case: Path, make_project):
    project = make_project()
    if case.is_dir():
        shutil.copytree(case, project.papers_dir, dirs_exist_ok=True)
    else:
        shutil.copy(case, project.papers_dir)
    return project


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_invalid_input_gives_exact_messages(case: Path, make_project) -> None:
    project = _project_with(case, make_project)
    with pytest.raises(ProblemsFound) as found:
        read_survey(project, today=TODAY)
    printed = "".join(f"{p}\n" for p in found.value.problems)
    expected = Path(f"{case}.expected").read_text(encoding="utf-8")
    assert printed == expected.rsplit("✗", 1)[0]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_the_command_exits_1_and_prints_the_summary(case: Path, make_project, run_cli) -> None:
    project = _project_with(case, make_project)
    code, out = run_cli(project, "check")
    assert code == 1
    assert "Traceback" not in out
    summary = Path(f"{case}.expected").read_text(encoding="utf-8").splitlines()[-1]
    assert out.splitlines()[-1] == summary


def test_every_problem_in_every_file_is_reported_in_one_run(make_project, run_cli) -> None:
    project = make_project()
    for case in CASES:
        if case.is_file():
            shutil.copy(case, project.papers_dir)
    code, out = run_cli(project, "check")
    assert code == 1
    reported = {line.split(":")[0] for line in out.splitlines()[:-1]}
    assert reported == {f"papers/{c.name}" for c in CASES if c.is_file()}


def test_billion_laughs_is_refused_without_expanding_aliases() -> None:
    text = (INVALID / "billion-laughs.yaml").read_text(encoding="utf-8")
    started = time.process_time()
    with pytest.raises(ProblemsFound) as found:
        load.parse_yaml(text, "papers/billion-laughs.yaml")
    assert "anchor" in found.value.problems[0].message
    # Expanding it would take 9**9 list items; refusing it takes a few parser events.
    assert time.process_time() - started < 1.0


def test_files_over_the_size_limit_are_refused_before_parsing(make_project, run_cli) -> None:
    big = "title: Big\nabstract: >-\n" + ("  lorem ipsum dolor sit amet\n" * 40_000) + "\t\t: not even YAML\n"
    assert len(big.encode()) > load.MAX_FILE_BYTES
    project = make_project({"papers/huge.yaml": big})
    code, out = run_cli(project, "check")
    assert code == 1
    assert out.splitlines()[0] == (
        f"papers/huge.yaml: file is {len(big.encode()):,} bytes, over the limit of {load.MAX_FILE_BYTES:,} "
        "(a paper file holds one paper's metadata and abstract; shorten it)"
    )


def test_usage_errors_exit_2(make_project, run_cli) -> None:
    project = make_project(survey="fixture")
    assert run_cli(project, "frobnicate")[0] == 2
    assert run_cli(project, "check", "--format", "xml")[0] == 2


def test_github_format_prints_annotations(make_project, run_cli) -> None:
    project = _project_with(INVALID / "unknown-facet-values.yaml", make_project)
    code, out = run_cli(project, "check", "--format", "github")
    assert code == 1
    assert out.splitlines()[0] == (
        "::error file=papers/unknown-facet-values.yaml,line=6,col=10,title=topics.0::"
        "unknown value 'segmentaton' (did you mean 'segmentation'?)"
    )


def test_a_broken_taxonomy_is_reported_with_the_papers_that_cannot_be_read(make_project, run_cli) -> None:
    project = make_project({
        "papers/_taxonomy.yaml": "facets:\n  - id: Topics\n    title: T\n    description: D\n    values: []\n",
        "papers/broken.yaml": "title: [unclosed\n",
    })
    code, out = run_cli(project, "check")
    assert code == 1
    assert out.splitlines()[:3] == [
        "papers/_taxonomy.yaml:2:9: facets.0.id: 'Topics' is not a valid id "
        "(use lowercase letters, digits and single hyphens, e.g. 'new-value')",
        "papers/_taxonomy.yaml:5:13: facets.0.values: is an empty list (list at least one item)",
        "papers/broken.yaml:2:1: YAML syntax error: while parsing a flow sequence did not find expected ',' or ']' "
        "(check the indentation and quoting near this position; quote text that contains ': ' "
        "or starts with a special character)",
    ]


VARIANT = ("papers/chexagent.yaml:18:3: authors: 'Akshay S. Chaudhari' may be the same person as 'Akshay Chaudhari' "
           "in another paper (if so, add 'Akshay S. Chaudhari: Akshay Chaudhari' (or the reverse) to "
           "papers/_authors.yaml) [warning]")


def test_a_clean_survey_passes_with_a_warning_about_a_likely_name_variant(make_project, run_cli) -> None:
    code, out = run_cli(make_project(survey="fixture"), "check")
    assert (code, out.splitlines()) == (0, [VARIANT, "✓ 5 papers and the taxonomy are valid"])
    code, out = run_cli(make_project(survey="fixture", name="github"), "check", "--format", "github")
    assert out.splitlines()[0].startswith("::warning file=papers/chexagent.yaml,line=18,col=3,title=authors::")


def test_a_name_variant_mapped_in_papers_authors_is_one_person(make_project, run_cli) -> None:
    from survey.core import authors
    from survey.read.reader import read_survey

    project = make_project({"papers/_authors.yaml": "Akshay Chaudhari: Akshay S. Chaudhari\n"}, survey="fixture")
    code, out = run_cli(project, "check")
    assert (code, out) == (0, "✓ 5 papers and the taxonomy are valid\n")
    survey = read_survey(project)
    people = authors.collect(survey.papers, survey.name_variants)
    person = people["Akshay Chaudhari"]
    assert person is people["Akshay S. Chaudhari"] and person.name == "Akshay S. Chaudhari"
    assert sorted(p.id for p in person.papers) == ["chexagent", "roentgen"]


@pytest.mark.parametrize(("text", "message"), [
    ("- not a mapping\n", "papers/_authors.yaml:1:1: expected a mapping of names, one 'Written Name: Name Used' per "
                          "line (see the comment at the top of the file)"),
    ("A. B: A. B\n", "papers/_authors.yaml:1:7: A. B: maps a name to itself (remove the line)"),
    ("A. B: Ann B\nAnn B: Anne B\n", "papers/_authors.yaml:1:7: A. B: 'Ann B' is itself mapped to another name "
                                     "(map every variant straight to the name the survey uses)"),
])
def test_a_broken_name_variants_file_is_reported(make_project, run_cli, text: str, message: str) -> None:
    code, out = run_cli(make_project({"papers/_authors.yaml": text}, survey="fixture"), "check")
    assert code == 1 and out.splitlines()[0] == message


@pytest.mark.parametrize("corpus", ["repo", "repo+unusual"])
def test_the_real_survey_passes(corpus: str, make_project, run_cli) -> None:
    code, out = run_cli(make_project(survey=corpus), "check")
    assert code == 0, out


def test_check_path_checks_only_the_given_files_against_the_whole_survey(make_project, run_cli) -> None:
    project = make_project(survey="fixture")
    chexagent = (project.papers_dir / "chexagent.yaml").read_text(encoding="utf-8")
    (project.papers_dir / "broken.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    (project.papers_dir / "copy.yaml").write_text(chexagent.replace("added: 2026-11-28", "added: 2026-11-29"),
                                                  encoding="utf-8")
    code, out = run_cli(project, "check", "papers/copy.yaml")
    assert code == 1
    assert out.splitlines() == [
        "papers/copy.yaml:1:8: title: title 'CheXagent: Towards a Foundation Model for Chest X-Ray Interpretation' "
        "is already papers/chexagent.yaml (a paper is listed once: remove this file, or correct the value)",
        "papers/copy.yaml:22:8: arxiv: arXiv id 2401.12208 is already papers/chexagent.yaml "
        "(a paper is listed once: remove this file, or correct the value)",
        "✗ 2 problems in 1 file",
    ]  # broken.yaml is not reported: it was not asked about
    code, out = run_cli(project, "check", "papers/quilt-1m.yaml", "papers/roentgen.yaml")
    assert (code, out) == (0, "✓ 2 papers and the taxonomy are valid\n")
    code, out = run_cli(project, "check", "mkdocs.yml")
    assert code == 1
    assert out.splitlines()[0] == ("mkdocs.yml: not a paper file: papers are files directly in papers/ "
                                   "(pass paths such as papers/my-paper.yaml)")


def test_check_path_reads_half_the_other_papers_in_a_forked_process_and_misses_none(make_project, run_cli,
                                                                                  monkeypatch) -> None:
    from survey.read import changed

    project = make_project(survey="fixture")
    for name in ("chexagent", "totalsegmentator"):  # the first paper and the last, in either half
        text = (project.papers_dir / f"{name}.yaml").read_text(encoding="utf-8")
        (project.papers_dir / f"{name}-copy.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setattr(changed, "PARALLEL_FROM", 2)
    assert changed._others(project, set()) == []
    kept = json.loads((project.root / changed.CACHE).read_text(encoding="utf-8"))["files"]
    assert sorted(kept) == sorted(p.name for p in paper_entries(project))
    assert all(kept[name][1] for name in kept), "every paper claims a title"
    (project.root / changed.CACHE).unlink()  # so that the checks below read every file again
    for name in ("chexagent", "totalsegmentator"):
        code, out = run_cli(project, "check", f"papers/{name}-copy.yaml")
        assert code == 1 and f"is already papers/{name}.yaml" in out, out


def test_check_path_reads_again_only_the_papers_that_changed(make_project, run_cli, monkeypatch) -> None:
    """`survey check PATH` keeps what each other paper claims (its title, arXiv id and DOI) in
    .survey-cache/claims.json, by the file's status: a later check reads only a file that
    changed, was added, or whose cache entry is damaged, and still finds every duplicate."""
    from survey.read import changed, identifiers

    project = make_project(survey="fixture")
    read: list[str] = []
    claims_of = identifiers.claims_of
    monkeypatch.setattr(identifiers, "claims_of", lambda file, shown: read.append(file.name) or claims_of(file, shown))
    papers = sorted(p.name for p in paper_entries(project))
    assert run_cli(project, "check", "papers/chexagent.yaml")[0] == 0
    assert sorted(read) == papers
    read.clear()
    assert run_cli(project, "check", "papers/chexagent.yaml")[0] == 0
    assert read == []
    roentgen = project.papers_dir / "roentgen.yaml"
    text = roentgen.read_text(encoding="utf-8")
    copy = (project.papers_dir / "chexagent.yaml").read_text(encoding="utf-8").replace("added:", "# a copy\nadded:")
    (project.papers_dir / "chexagent-copy.yaml").write_text(copy, encoding="utf-8")
    roentgen.write_text(text.replace("title:", "# edited\ntitle:", 1), encoding="utf-8")
    code, out = run_cli(project, "check", "papers/chexagent-copy.yaml")
    assert sorted(read) == ["chexagent-copy.yaml", "roentgen.yaml"]
    assert code == 1 and "is already papers/chexagent.yaml" in out, out
    read.clear()
    (project.papers_dir / "chexagent-copy.yaml").unlink()
    (project.root / changed.CACHE).write_text("{not json", encoding="utf-8")
    assert run_cli(project, "check", "papers/chexagent.yaml")[0] == 0
    assert sorted(read) == papers


def test_a_bug_is_exit_code_4_not_a_traceback(make_project, run_cli, monkeypatch) -> None:
    from survey.commands import check

    def broken(*args, **kwargs):
        raise KeyError("oops")

    monkeypatch.setattr(check, "run", broken)
    code, out = run_cli(make_project(survey="fixture"), "check")
    assert code == 4
    assert out == ("survey: internal error: KeyError: 'oops' "
                   "(set SURVEY_DEBUG=1 to see where, and please report it)\n")


def test_the_loader_keeps_no_state_between_files() -> None:
    import yaml

    for i in range(200):
        load.parse_yaml(f"title: Paper {i}\nyear: {2000 + i % 20}\nscore: {i}.5\nflag: yes\n", f"papers/p{i}.yaml")
    shared = [name for name, value in vars(load).items() if isinstance(value, yaml.constructor.BaseConstructor)]
    assert shared == []


@pytest.mark.parametrize(("command", "collecting"), [("check", False), ("serve", True)])
def test_the_cycle_collector_is_off_only_while_a_one_off_command_runs(make_project, run_cli, monkeypatch,
                                                                       command: str, collecting: bool) -> None:
    from survey.commands import check, serve

    seen = []
    monkeypatch.setattr({"check": check, "serve": serve}[command], "run",
                        lambda *args, **kwargs: seen.append(gc.isenabled()) or 0)
    assert gc.isenabled()
    code, out = run_cli(make_project(survey="fixture"), command)
    assert code == 0, out
    assert seen == [collecting]
    assert gc.isenabled()


def _paper_files() -> list[tuple[str, str]]:
    """Real paper files: the survey's own, and those `survey add` wrote from 185 BibTeX entries
    of other projects' bibliographies (tests/data/bibtex/SOURCES.md)."""
    from conftest import ROOT

    files = [(p.name, p.read_text(encoding="utf-8")) for p in sorted((ROOT / "papers").glob("[!_]*.yaml"))]
    for expected in sorted((DATA / "bibtex" / "expected").rglob("*.txt")):
        text = expected.read_text(encoding="utf-8")
        if "\n--- papers/" in text:
            files.append((expected.name, text.split("\n--- papers/", 1)[1].split("\n", 1)[1]))
    return files


def test_what_check_path_reads_of_the_other_papers_is_what_the_full_parse_reads(tmp_path: Path) -> None:
    from survey.read import identifiers, validate

    files = _paper_files()
    assert len(files) > 250
    scanned = 0
    for name, text in files:
        path = tmp_path / "paper.yaml"
        path.write_text(text, encoding="utf-8")
        fast, full = identifiers.claims_of(path, name), load.parse_yaml(text, name)
        assert validate.claims(fast) == validate.claims(full), name
        scanned += fast.keys == {}  # read by the scan, not by the full parser (which records keys)
    assert scanned > 0.9 * len(files)


@pytest.mark.parametrize("lines", [
    'title: >-\n  Folded\n  title\n', "title: A title\n  continued on the next line\n",
    'title: "An \\"escaped\\" title"\n', "title: A title # with a comment\n", "title: A\ntitle: B\n",
    "title: 'It''s quoted'\narxiv: No\ndoi: ~\n", "title: Plain: with a colon\n", "arxiv: 2403.18190\n",
    "title: - not a list\n", "title: [A, list]\n", "title: A title\n\n  after a blank line\n",
    "title: A title\n  # a comment line\n", "title: 'A title\n  wrapped'\nabstract: x\n",
])
def test_each_form_the_scan_cannot_read_goes_to_the_full_parse(lines: str, tmp_path: Path) -> None:
    from survey.read import identifiers, validate

    path = tmp_path / "paper.yaml"
    path.write_text(lines + "added: 2026-11-29\n", encoding="utf-8")
    fast = identifiers.claims_of(path, "paper.yaml")
    try:
        full = load.parse_yaml(path.read_text(encoding="utf-8"), "paper.yaml")
    except ProblemsFound:
        assert fast is None
        return
    assert validate.claims(fast) == validate.claims(full)
