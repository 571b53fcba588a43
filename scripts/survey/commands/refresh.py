"""`survey refresh`: fill in the venue and DOI of papers added as preprints, from arXiv and
Crossref; write which survey papers cite which (Semantic Scholar) and the health of each paper's
code and record (GitHub, Crossref) into papers/_citations.yaml and papers/_health.yaml.

services/refresh.py says what is asked and which fields are filled. `--dry-run` prints the
changes as a diff and writes nothing; `--report FILE` writes them as Markdown, each with its
source, for the body of a pull request. When a service cannot be reached, nothing is written.
"""

from __future__ import annotations

import datetime as dt
import difflib
import sys
from pathlib import Path
from typing import TextIO

from ..builder.write import write_atomically
from ..read.project import Project
from ..read.reader import read_survey
from ..read.settings import read_settings
from ..render.templating import count_of
from ..services import refresh


def run(project: Project, dry_run: bool = False, report: Path | None = None, today: dt.date | None = None,
        out: TextIO | None = None) -> int:
    out = out or sys.stdout
    today = today or dt.date.today()
    services = read_settings(project).services
    result = refresh.ask(project, read_survey(project, today), services, today)
    for path, (old, new) in result.edits.items():
        if dry_run:
            out.writelines(difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                                f"a/{path}", f"b/{path}"))
        else:
            write_atomically(project.root / path, new)
    verb = "would fill" if dry_run else "filled"
    out.write(f"✓ asked about {count_of(result.asked, 'paper')}; {verb} {count_of(len(result.changes), 'field')} "
              f"in {count_of(len(result.edits), 'file')}\n")
    for change in result.changes:
        out.write(f"  {change.path}: {change.field} = {change.value} ({change.origin})\n")
    known, added, gone = result.citations
    out.write(f"✓ citations within the survey: Semantic Scholar knew {count_of(known, 'paper')}; "
              f"{len(added)} new, {len(gone)} gone\n")
    for paper_id, label in result.health:
        out.write(f"  {paper_id}: {label}\n")
    for note in result.notes:
        out.write(f"  note: {note}\n")
    if report is not None:
        report.write_text(refresh.pull_request_body(result), encoding="utf-8")
    return 0
