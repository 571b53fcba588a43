"""papers/_citations.yaml and papers/_health.yaml, read and checked: files that `survey refresh`
writes, reviewed by pull request like any other. A malformed file is a problem at its line; an
entry for a paper that is no longer in the survey is a warning with its fix, and is left out of
the site (core/relations.py, `among`).

Usage::

    citations, problems = read_citations(project)     # Citations(), [] when there is no file
    health, problems = read_health(project)
    stale_entries(project, survey)                    # warnings: entries of papers not in the survey
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from ..core.problems import Problem, did_you_mean
from ..core.relations import CODE_STATES, Citations, Health, Update
from ..core.text import describe, excerpt
from . import load
from .project import Project

CITATIONS = "_citations.yaml"
HEALTH = "_health.yaml"
_ABOUT = ("source", "retrieved")
_FIX = "run `survey refresh` to write it again"


def _read(project: Project, name: str) -> load.Document | None:
    file = project.papers_dir / name
    if not file.exists() and not file.is_symlink():
        return None
    return load.read_yaml(file, project.display(file), load.MAX_DATA_FILE_BYTES)


def _about(doc: load.Document, problems: list[Problem]) -> tuple[str, str]:
    source, retrieved = doc.data.get("source", ""), doc.data.get("retrieved", "")
    if not isinstance(source, str):
        problems.append(doc.problem(("source",), f"expected text, got {describe(source)}", _FIX))
        source = ""
    if isinstance(retrieved, dt.date):
        retrieved = retrieved.isoformat()
    if not isinstance(retrieved, str):
        problems.append(doc.problem(("retrieved",), f"expected a date, got {describe(retrieved)}", _FIX))
        retrieved = ""
    return source, retrieved


def _keys(doc: load.Document, allowed: Iterable[str], problems: list[Problem]) -> bool:
    if not isinstance(doc.data, dict):
        problems.append(doc.problem((), "expected a mapping with " + ", ".join(allowed), _FIX))
        return False
    for key in doc.data:
        if key not in allowed:
            problems.append(doc.problem((key,), f"unknown key '{excerpt(str(key))}'", did_you_mean(str(key), allowed)))
    return True


def _ids(doc: load.Document, path: tuple, value: Any, problems: list[Problem]) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append(doc.problem(path, f"expected a list of paper ids, got {describe(value)}", _FIX))
        return ()
    return tuple(sorted(set(value)))


def read_citations(project: Project) -> tuple[Citations, list[Problem]]:
    doc = _read(project, CITATIONS)
    problems: list[Problem] = []
    if doc is None or not _keys(doc, (*_ABOUT, "cites"), problems):
        return Citations(), problems
    source, retrieved = _about(doc, problems)
    cites = doc.data.get("cites") or {}
    if not isinstance(cites, dict):
        problems.append(doc.problem(("cites",), f"expected a mapping of paper ids, got {describe(cites)}", _FIX))
        cites = {}
    found = {str(k): _ids(doc, ("cites", k), v, problems) for k, v in cites.items()}
    return Citations(source, retrieved, found), problems


def read_health(project: Project) -> tuple[Health, list[Problem]]:
    doc = _read(project, HEALTH)
    problems: list[Problem] = []
    if doc is None or not _keys(doc, (*_ABOUT, "code", "updates"), problems):
        return Health(), problems
    source, retrieved = _about(doc, problems)
    code: dict[str, str] = {}
    for paper, state in (doc.data.get("code") or {}).items():
        if state in CODE_STATES:
            code[str(paper)] = state
        else:
            problems.append(doc.problem(("code", paper), f"unknown state {describe(state)}",
                                        "write one of: " + ", ".join(CODE_STATES)))
    updates: dict[str, tuple[Update, ...]] = {}
    for paper, listed in (doc.data.get("updates") or {}).items():
        if not isinstance(listed, list):
            problems.append(doc.problem(("updates", paper), f"expected a list of updates, got {describe(listed)}",
                                        _FIX))
            continue
        found = []
        for i, item in enumerate(listed):
            if not (isinstance(item, dict) and isinstance(item.get("type"), str) and isinstance(item.get("doi"), str)):
                problems.append(doc.problem(("updates", paper, i), "expected a type and a doi", _FIX))
                continue
            date = item.get("date", "")
            found.append(Update(item["type"], item["doi"],
                                date.isoformat() if isinstance(date, dt.date) else str(date)))
        updates[str(paper)] = tuple(found)
    return Health(source, retrieved, code, updates), problems


def stale_entries(project: Project, ids: Iterable[str]) -> list[Problem]:
    """Warnings: entries of the two files that name a paper the survey does not have."""
    known = set(ids)
    warnings = []
    for name, sections in ((CITATIONS, ("cites",)), (HEALTH, ("code", "updates"))):
        doc = _read(project, name)
        if doc is None or not isinstance(doc.data, dict):
            continue
        for section in sections:
            entries = doc.data.get(section)
            if not isinstance(entries, dict):
                continue
            for paper, value in entries.items():
                if paper not in known:
                    warnings.append(doc.problem((section, paper), f"'{excerpt(str(paper))}' is not a paper in the "
                                                "survey (removed or renamed?); the site leaves it out",
                                                f"remove its entry, or {_FIX}", key=True))
                elif section == "cites" and isinstance(value, list):
                    warnings += [doc.problem((section, paper, i), f"'{excerpt(str(cited))}' is not a paper in the "
                                             "survey (removed or renamed?); the site leaves it out",
                                             f"remove the line, or {_FIX}")
                                 for i, cited in enumerate(value) if cited not in known]
    return warnings
