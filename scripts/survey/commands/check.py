"""`survey check [PATH…]`: validate every paper (or the given ones) and the taxonomy, print every problem."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from ..core import authors
from ..core.model import Survey
from ..core.problems import Problem, ProblemsFound
from ..core.text import excerpt
from ..read.project import Project
from ..read.reader import check_files, read_survey


def run(project: Project, output_format: str = "text", out: TextIO | None = None,
        files: list[Path] | None = None) -> int:
    out = out or sys.stdout
    try:
        if files is None:
            survey = read_survey(project)
            count, warnings = len(survey.papers), variant_warnings(project, survey)
        else:
            count, warnings = check_files(project, files), []
    except ProblemsFound as found:
        report(found, output_format, out)
        return 1
    for warning in warnings:
        out.write((warning.as_github("warning") if output_format == "github" else f"{warning} [warning]") + "\n")
    out.write(f"✓ {count} paper{'s' if count != 1 else ''} and the taxonomy are valid\n")
    return 0


def variant_warnings(project: Project, survey: Survey) -> list[Problem]:
    """Author names that may be one person written two ways, where the later one is written."""
    warnings = []
    for name, other, paper in authors.likely_variants(survey.papers, survey.name_variants):
        text = (project.root / paper.source).read_text(encoding="utf-8")
        before = text.split(name, 1)[0]
        line = before.count("\n") + 1 if len(before) < len(text) else None
        warnings.append(Problem(paper.source, line, len(before) - before.rfind("\n") if line else None, "authors",
                                f"'{excerpt(name)}' may be the same person as '{excerpt(other)}' in another paper",
                                f"if so, add '{name}: {other}' (or the reverse) to papers/_authors.yaml"))
    return warnings


def report(found: ProblemsFound, output_format: str = "text", out: TextIO | None = None) -> None:
    """Print problems one per line, then a count of problems and files."""
    out = out or sys.stdout
    for problem in found.problems:
        out.write((problem.as_github() if output_format == "github" else str(problem)) + "\n")
    files = len({p.path for p in found.problems})
    count = len(found.problems)
    out.write(f"✗ {count} problem{'s' if count != 1 else ''} in {files} file{'s' if files != 1 else ''}\n")
