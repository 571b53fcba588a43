"""`survey check [PATH…]`: validate every paper (or the given ones) and the taxonomy, print every problem."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from ..core.problems import ProblemsFound, report
from ..read.changed import check_files
from ..read.project import Project
from ..read.reader import check_survey
from ..read.settings import read_settings


def run(project: Project, output_format: str = "text", out: TextIO | None = None,
        files: list[Path] | None = None) -> int:
    out = out or sys.stdout
    try:
        read_settings(project)  # a mistake in [tool.survey.*] is found here, not when a command needs it
        if files is None:
            survey, warnings = check_survey(project)
            count = len(survey.papers)
        else:
            count, warnings = check_files(project, files), []
    except ProblemsFound as found:
        report(found, output_format, out)
        return 1
    for warning in warnings:
        out.write((warning.as_github("warning") if output_format == "github" else f"{warning} [warning]") + "\n")
    out.write(f"✓ {count} paper{'s' if count != 1 else ''} and the taxonomy are valid\n")
    return 0
