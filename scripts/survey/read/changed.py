"""`survey check PATH…`: the given paper files checked against the whole survey, fast enough for
a pre-commit hook: only they are validated; of the others, only what identifies them is read
(identifiers.py), and kept in CACHE by each file's name and status, so that a later check reads
only the files that changed since.

Usage::

    count = changed.check_files(project, [Path("papers/new-paper.yaml")])   # raises ProblemsFound
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterable
from pathlib import Path

from ..core import background
from ..core.problems import Problem, ProblemsFound
from . import identifiers, validate
from .project import Project
from .reader import IGNORED_NAMES, IGNORED_PREFIXES, PARALLEL_FROM, read_documents, read_taxonomy
from .validate import Claim

CACHE = ".survey-cache/claims.json"
"""What each paper file claims, by its name, with the status it had (size, time, inode):
anything else about a file, or another version of this cache, reads the file again. Only the
pre-commit check trusts it: `survey check` of the whole survey, and CI, read every file."""
_VERSION = 2
"""Raise it when what validate.claims makes of a file changes."""


def _others(project: Project, wanted: set[tuple[str, str]]) -> list[Claim]:
    """What the paper files claim to be (identifiers.py, validate.claims) that is in `wanted`, as
    (field, key), as far as they can be read: from CACHE for a file that has not changed, else
    read again, half of them by a forked process when there are PARALLEL_FROM or more."""
    def claims(names: list[str]) -> list[tuple[str, list[list]]]:
        docs = ((name, identifiers.claims_of(folder / name, f"papers/{name}")) for name in names)
        return [(name, [[c.field, c.value, c.key, c.added, *c.where] for c in validate.claims(doc)] if doc else [])
                for name, doc in docs]

    folder = project.papers_dir
    kept = _load(project.root / CACHE)
    with os.scandir(folder) as entries:
        status = {e.name: _status(e) for e in entries
                  if e.name in kept or not (e.name.startswith(IGNORED_PREFIXES) or e.name in IGNORED_NAMES
                                            or validate.check_file_name(e.name))}
    found = {name: kept[name][1] for name, now in status.items() if name in kept and kept[name][0] == now}
    stale = sorted(name for name in status if name not in found)
    half = len(stale) // 2 if len(stale) >= PARALLEL_FROM else len(stale)
    theirs = background.fork(lambda: claims(stale[half:]), enabled=half < len(stale))
    read = claims(stale[:half]) + theirs()
    found.update(read)
    if read or len(kept) != len(found):
        _save(project.root / CACHE, {name: [status[name], found[name]] for name in sorted(found)})
    labels = dict(validate.IDENTIFIERS)
    return [Claim(f"papers/{name}", field, labels[field], value, key, added, (line, column))
            for name in sorted(found) for field, value, key, added, line, column in found[name]
            if (field, key) in wanted and field in labels]


def _status(entry: os.DirEntry) -> list:
    try:
        status = entry.stat(follow_symlinks=False)
    except OSError:
        return []
    return [status.st_mtime_ns, status.st_size, status.st_ino, status.st_mode]


def _load(file: Path) -> dict[str, list]:
    """The cache, or nothing if it is missing, of another version or damaged."""
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
        files = data["files"] if data.get("version") == _VERSION else {}
        return {name: entry for name, entry in files.items()
                if name not in IGNORED_NAMES and not name.startswith(IGNORED_PREFIXES)
                and isinstance(entry, list) and len(entry) == 2
                and all(isinstance(claim, list) and len(claim) == 6 for claim in entry[1])}
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return {}


def _save(file: Path, files: dict[str, list]) -> None:
    """Write the cache whole, by renaming a finished file into place; a cache that cannot be
    written is no problem, only slower next time."""
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        partial = file.with_name(f".{file.name}.{os.getpid()}")
        partial.write_text(json.dumps({"version": _VERSION, "files": files}, ensure_ascii=False,
                                      separators=(",", ":")), encoding="utf-8")
        partial.replace(file)
    except OSError:
        pass


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
    wanted = {(claim.field, claim.key) for doc in docs for claim in validate.claims(doc)}
    others = [claim for claim in _others(project, wanted) if claim.path not in checked]
    papers, found = validate.check_papers(docs, taxonomy, today, others)
    problems += found
    if problems:
        raise ProblemsFound(problems)
    return len(papers)
