"""`survey refresh`: fill in the venue and DOI of papers added as preprints, from arXiv and Crossref.

It asks arXiv about every paper with an arXiv id and no venue or DOI (a hundred ids per
request), then Crossref about each DOI, and writes only empty fields (refresh.py says which
and how). `--dry-run` prints the changes as a diff and writes nothing; `--report FILE` writes
them as Markdown, each with its source, for the body of a pull request. When a service cannot
be reached, nothing is written.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import sys
from pathlib import Path
from typing import TextIO

from ..builder.write import write_atomically
from ..core import schema
from ..read import load, validate
from ..read.project import Project
from ..read.reader import read_survey
from ..services import lookup, refresh


def run(project: Project, dry_run: bool = False, report: Path | None = None, today: dt.date | None = None,
        out: TextIO | None = None) -> int:
    out = out or sys.stdout
    today = today or dt.date.today()
    services = lookup.Services.from_settings(project.tool_settings("services"))
    survey = read_survey(project, today)
    asked = refresh.wanted(survey.papers)
    answers = lookup.arxiv_publications([p.arxiv for p in asked], services) if asked else {}
    venues: dict[str, str] = {}

    def venue_of(doi: str) -> str:
        if doi not in venues:
            venues[doi] = lookup.crossref_venue(doi, services)
        return venues[doi]

    changes, notes = refresh.plan(survey.papers, answers, venue_of, [p.doi for p in survey.papers if p.doi])
    fields = {f.name: f for f in schema.all_fields(survey.taxonomy)}
    order = list(fields)
    edits: dict[str, tuple[str, str]] = {}
    for path in dict.fromkeys(c.path for c in changes):
        text = (project.root / path).read_text(encoding="utf-8")
        values = {c.field: c.value for c in changes if c.path == path}
        new = refresh.insert_fields(text, load.parse_yaml(text, path), values, order,
                                    lambda name, value: fields[name].kind.yaml(fields[name], value))
        _, problems = validate.check_paper(load.parse_yaml(new, path), survey.taxonomy, today)
        if problems:  # what a service said does not fit the schema: leave the file as it is
            notes.append(f"{path}: not changed, since the result would not pass `survey check` "
                         f"({problems[0].field}: {problems[0].message})")
            changes = [c for c in changes if c.path != path]
        else:
            edits[path] = (text, new)
    for path, (old, new) in edits.items():
        if dry_run:
            out.writelines(difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                                f"a/{path}", f"b/{path}"))
        else:
            write_atomically(project.root / path, new)
    verb = "would fill" if dry_run else "filled"
    out.write(f"✓ asked about {_count(len(asked), 'paper')}; {verb} {_count(len(changes), 'field')} "
              f"in {_count(len(edits), 'file')}\n")
    for change in changes:
        out.write(f"  {change.path}: {change.field} = {change.value} ({change.origin})\n")
    for note in notes:
        out.write(f"  note: {note}\n")
    if report is not None:
        report.write_text(pull_request_body(changes, notes, len(asked)), encoding="utf-8")
    return 0


def pull_request_body(changes: list[refresh.Change], notes: list[str], asked: int) -> str:
    """The changes as Markdown, one table row each with its source; service text is escaped."""
    lines = [f"Publication details for papers added as preprints: arXiv and Crossref were asked about "
             f"{_count(asked, 'paper')} with an arXiv id and no venue or DOI. Each change fills an empty field; "
             "no value was changed or removed, and titles, abstracts, takeaways and facets are untouched.", "",
             "| paper | field | value | source |", "|---|---|---|---|"]
    lines += [f"| `{c.path}` | {c.field} | {_md(c.value)} | {_md(c.origin)} |" for c in changes]
    if notes:
        lines += ["", "Found but not used:", "", *(f"- {_md(note)}" for note in notes)]
    return "\n".join(lines) + "\n"


def _count(n: int, thing: str) -> str:
    return f"{n} {thing}{'' if n == 1 else 's'}"


def _md(text: str) -> str:
    """Text from a service shown literally in Markdown: no markup, links or table breaks."""
    return re.sub(r"([\\`*_{}\[\]<>()#+!|~-])", r"\\\1", text.replace("\n", " "))
