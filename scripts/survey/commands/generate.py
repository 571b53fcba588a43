"""`survey generate`: write the generated pages into docs/ without building the site."""

from __future__ import annotations

import sys
from typing import TextIO

from ..builder import generate
from ..read.project import Project
from ..read.reader import read_survey


def run(project: Project, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    report = generate.write_docs(project, read_survey(project))
    out.write(f"✓ docs/: {len(report.written)} written, {report.unchanged} unchanged, "
              f"{len(report.removed)} removed\n")
    return 0
