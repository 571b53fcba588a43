"""The benchmark keeps working: a small run produces every row of its table. Benchmarks are not
tests, so nothing here asserts a time; the figures are read from benchmarks/scale.py's output."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from conftest import ROOT

ROWS = ["`survey generate`, cold", "`survey build`", "site bytes per paper", "`papers/index.html`",
        "search index: entries per paper page",
        "no-op `survey generate`, files rewritten", "bytes to open the home page", "peak memory, `survey build`"]


def test_a_small_benchmark_run_prints_every_row() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "scale.py"), "12", "24", "--repeat", "1"],
                            capture_output=True, text=True, check=False, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    for row in ROWS:
        assert f"| {row} |" in result.stdout, row
    if shutil.which("hugo") is not None or os.environ.get("SURVEY_REQUIRE_BROWSER"):  # CI installs Hugo
        assert "| `survey build` against Hugo, minimal templates |" in result.stdout
    assert "| 12 |" in result.stdout and "| 24 |" in result.stdout  # the growth table
    assert "| no-op `survey generate`, files rewritten | 0 |" in result.stdout
    kinds = [line for line in result.stdout.splitlines() if line.startswith("Largest page of each kind: ")]
    assert len(kinds) == 2 and all("paper pages " in line and "facet value pages " in line for line in kinds)
    cold = [line for line in result.stdout.splitlines() if line.startswith("| `survey generate`, cold |")]
    assert cold and all(line.endswith("| for information |  |") for line in cold)  # a retired goal


def test_the_synthetic_corpus_is_valid_and_deterministic(tmp_path) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from synthetic import write_corpus

    from survey.read.project import Project
    from survey.read.reader import read_survey

    first, second = write_corpus(tmp_path / "a", 40), write_corpus(tmp_path / "b", 40)
    texts = [sorted((p.name, p.read_text(encoding="utf-8")) for p in (root / "papers").glob("paper-*.yaml"))
             for root in (first, second)]
    assert texts[0] == texts[1]
    papers = read_survey(Project(first)).papers
    assert len(papers) == 40 and len({p.title for p in papers}) == 40


def test_a_page_without_its_markers_is_refused_before_the_run(tmp_path) -> None:
    """A page with the start marker and no end one would lose all it has after the start: the
    benchmark says so at once, rather than after an hour's measuring, and leaves the page as it is."""
    page = tmp_path / "performance.md"
    text = "# Performance\n\n<!-- benchmark 12:start -->\nold table\n\n## What follows\n"
    page.write_text(text, encoding="utf-8")
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "scale.py"), "12", "--markdown", str(page)],
                            capture_output=True, text=True, check=False, timeout=60)
    assert result.returncode == 2
    assert "<!-- benchmark 12:end -->" in result.stderr and "measuring" not in result.stderr
    assert page.read_text(encoding="utf-8") == text
