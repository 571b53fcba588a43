"""`survey add ID`: write a new paper file from arXiv, Crossref, a BibTeX entry or a suggestion issue.

Nothing is written when the paper is already in the survey, the file exists, or the service
cannot be reached. What is left to fill in (facets not given, the tldr) is listed at the end,
exactly as `survey check` reports it.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TextIO

from ..core.problems import ProblemsFound, UsageError, report
from ..read.changed import check_files
from ..read.project import Project
from ..read.reader import read_taxonomy
from ..read.settings import read_settings
from ..render import issueform
from ..services import bibfile, lookup, newpaper


def run(project: Project, query: str | None, facets: dict[str, list[str]], *, bibtex: Path | None = None,
        key: str | None = None, encoding: str | None = None, from_issue: Path | None = None,
        ident: str | None = None,
        tldr: str | None = None, today: dt.date | None = None, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    services = read_settings(project).services
    if from_issue is not None:
        suggestion = issueform.read(_read_text(from_issue), read_taxonomy(project))
        query, facets, tldr = suggestion["identifier"], {**suggestion["facets"], **facets}, tldr or suggestion["tldr"]
        if not query:
            raise UsageError(f"{from_issue} has no '{issueform.IDENTIFIER}' answer")
    notes: list[str] = []
    if bibtex is not None:
        imported = bibfile.read(_read_bytes(bibtex), str(bibtex), key, encoding)
        values, origin, notes = imported.values, bibtex.name, imported.notes
    elif query:
        values, origin = lookup.by_identifier(query, services)
    else:
        raise UsageError("give an arXiv id or DOI, --bibtex FILE or --from-issue FILE")
    path = newpaper.add(project, values, facets, today or dt.date.today(), ident, tldr)
    shown = project.display(path)
    out.write(f"✓ wrote {shown} from {origin}\n")
    for note in notes:
        out.write(f"  note: {note}\n")
    try:
        check_files(project, [path], today)
    except ProblemsFound as found:
        out.write("  Left to fill in, as `survey check` reports it:\n")
        report(found, out=out)
        return 0
    out.write("  It passes `survey check` as it is.\n")
    return 0


def _read_bytes(file: Path) -> bytes:
    try:
        return file.read_bytes()
    except OSError as error:
        raise UsageError(f"cannot read {file}: {error.strerror or error}") from None


def _read_text(file: Path) -> str:
    try:
        return _read_bytes(file).decode("utf-8")
    except UnicodeDecodeError as error:
        raise UsageError(f"cannot read {file}: it is not UTF-8 ({error.reason} at byte {error.start})") from None
