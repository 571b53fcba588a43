"""`survey check PATH…`: the given paper files checked against the whole survey, fast enough for
a pre-commit hook: only they are validated; the others are parsed for their identifiers alone.

Usage::

    count = changed.check_files(project, [Path("papers/new-paper.yaml")])   # raises ProblemsFound
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from ..core.problems import Problem, ProblemsFound
from . import validate
from .project import Project
from .reader import IGNORED_NAMES, IGNORED_PREFIXES, read_documents, read_taxonomy


def check_files(project: Project, files: Iterable[Path], today: dt.date | None = None) -> int:
    """Check the given paper files (and the taxonomy) against the whole survey, reporting only
    their problems: fast enough for a pre-commit hook. Returns how many papers were checked."""
    today = today or dt.date.today()
    given, problems = [], []
    for file in files:
        path = file.absolute()
        if path.parent != project.papers_dir.absolute():
            problems.append(Problem(str(file), None, None, "", "not a paper file: papers are files directly in papers/",
                                    "pass paths such as papers/my-paper.yaml"))
        elif not path.name.startswith(IGNORED_PREFIXES) and path.name not in IGNORED_NAMES:
            given.append(project.papers_dir / path.name)
    docs, found = read_documents(project, given)
    problems += found
    try:
        taxonomy = read_taxonomy(project)
    except ProblemsFound as broken:
        raise ProblemsFound([*broken.problems, *problems]) from None
    checked = {doc.path for doc in docs}
    others = [doc for doc in read_documents(project)[0] if doc.path not in checked]
    papers, found = validate.check_papers(docs, taxonomy, today, others)
    problems += found
    if problems:
        raise ProblemsFound(problems)
    return len(papers)
