"""`survey generate`: write the generated pages into docs/ without building the site."""

from __future__ import annotations

import sys
from typing import TextIO

from ..builder import write
from ..core.model import Survey
from ..read.project import Project
from ..read.reader import read_survey
from ..render import pages


def render(project: Project, survey: Survey) -> dict[str, str]:
    """Every generated page and export, on two cores (see pages.render_site)."""
    return pages.render_site(survey, [project.template_overrides], parallel=True)


def generate(project: Project, survey: Survey | None = None) -> write.WriteReport:
    """Render the survey and bring docs/ up to date; raises ProblemsFound on invalid input."""
    survey = survey or read_survey(project)
    return write.write_pages(project.docs_dir, render(project, survey))


def run(project: Project, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    report = generate(project)
    out.write(f"✓ docs/: {len(report.written)} written, {report.unchanged} unchanged, "
              f"{len(report.removed)} removed\n")
    return 0
