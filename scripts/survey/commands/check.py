"""`survey check [PATH…]`: validate every paper (or the given ones) and the taxonomy, print every problem."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from ..problems import ProblemsFound
from ..project import Project
from ..source import check_files, read_survey


def run(project: Project, output_format: str = "text", out: TextIO | None = None,
        files: list[Path] | None = None) -> int:
    out = out or sys.stdout
    try:
        count = len(read_survey(project).papers) if files is None else check_files(project, files)
    except ProblemsFound as found:
        report(found, output_format, out)
        return 1
    out.write(f"✓ {count} paper{'s' if count != 1 else ''} and the taxonomy are valid\n")
    return 0


def report(found: ProblemsFound, output_format: str = "text", out: TextIO | None = None) -> None:
    """Print problems one per line, then a count of problems and files."""
    out = out or sys.stdout
    for problem in found.problems:
        out.write((problem.as_github() if output_format == "github" else str(problem)) + "\n")
    files = len({p.path for p in found.problems})
    count = len(found.problems)
    out.write(f"✗ {count} problem{'s' if count != 1 else ''} in {files} file{'s' if files != 1 else ''}\n")
