"""`survey check`: validate every paper and the taxonomy, print every problem."""

from __future__ import annotations

import sys
from typing import TextIO

from ..problems import ProblemsFound
from ..project import Project
from ..source import read_survey


def run(project: Project, output_format: str = "text", out: TextIO | None = None) -> int:
    out = out or sys.stdout
    try:
        survey = read_survey(project)
    except ProblemsFound as found:
        report(found, output_format, out)
        return 1
    out.write(f"✓ {len(survey.papers)} papers and the taxonomy are valid\n")
    return 0


def report(found: ProblemsFound, output_format: str = "text", out: TextIO | None = None) -> None:
    """Print problems one per line, then a count of problems and files."""
    out = out or sys.stdout
    for problem in found.problems:
        out.write((problem.as_github() if output_format == "github" else str(problem)) + "\n")
    files = len({p.path for p in found.problems})
    count = len(found.problems)
    out.write(f"✗ {count} problem{'s' if count != 1 else ''} in {files} file{'s' if files != 1 else ''}\n")
