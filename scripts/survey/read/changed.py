"""`survey check PATH…`: the given paper files checked against the whole survey, fast enough for
a pre-commit hook: only they are validated; of the others, only what identifies them is read
(identifiers.py).

Usage::

    count = changed.check_files(project, [Path("papers/new-paper.yaml")])   # raises ProblemsFound
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from ..core import background
from ..core.document import Document
from ..core.problems import Problem, ProblemsFound
from . import identifiers, validate
from .project import Project
from .reader import IGNORED_NAMES, IGNORED_PREFIXES, PARALLEL_FROM, paper_entries, read_documents, read_taxonomy


def _others(project: Project) -> list[Document]:
    """What every paper file claims to be (identifiers.py), as far as it can be read; half of
    the files are read by a forked process when there are PARALLEL_FROM or more."""
    def claims(entries: list[Path]) -> list[Document]:
        docs = (identifiers.claims_of(e, project.display(e)) for e in entries if not validate.check_file_name(e.name))
        return [doc for doc in docs if doc is not None]

    entries = paper_entries(project)
    half = len(entries) // 2 if len(entries) >= PARALLEL_FROM else len(entries)
    theirs = background.fork(lambda: claims(entries[half:]), enabled=half < len(entries))
    return claims(entries[:half]) + theirs()


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
    others = [doc for doc in _others(project) if doc.path not in checked]
    papers, found = validate.check_papers(docs, taxonomy, today, others)
    problems += found
    if problems:
        raise ProblemsFound(problems)
    return len(papers)
