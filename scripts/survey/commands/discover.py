"""`survey discover`: propose the papers that several survey papers cite but the survey lacks.

services/discover.py says how they are found and what is suggested. Each is written into
papers/ as `survey add` writes a paper, its facets marked as suggestions; `--report FILE`
writes the triage pull request's body. When a service cannot be reached, nothing is written.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TextIO

from ..read.project import Project
from ..read.reader import read_survey
from ..read.settings import read_settings
from ..render.templating import count_of
from ..services import discover


def run(project: Project, report: Path | None = None, today: dt.date | None = None, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    today = today or dt.date.today()
    settings = read_settings(project)
    survey = read_survey(project, today)
    proposals = discover.propose(project, survey, settings, today)
    written = [p for p in proposals if not p.skipped]
    out.write(f"✓ {count_of(len(written), 'paper')} proposed, each cited by at least "
              f"{settings.discovery.min_citing} papers of the survey\n")
    for p in proposals:
        out.write(f"  {p.path or p.identifier}: cited by {len(p.citing)}" + (f"; not written: {p.skipped}" if p.skipped
                                                                           else "") + "\n")
    if report is not None:
        report.write_text(discover.pull_request_body(proposals, survey), encoding="utf-8")
    return 0
