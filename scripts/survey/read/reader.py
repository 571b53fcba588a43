"""Read the whole survey source: the taxonomy and every file in papers/, checked.

Usage::

    survey = source.read_survey(Project.find())   # raises ProblemsFound listing every problem
    reader = source.SurveyReader(project)         # for `survey serve`: each read() re-reads only
    survey = reader.read()                        # the files that changed since the last one
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core import authors, background, model, schema
from ..core import taxonomy as taxonomy_file
from ..core.model import Survey
from ..core.problems import Problem, ProblemsFound
from ..core.taxonomy import Taxonomy
from ..core.text import clean_line, excerpt, text_problem
from . import load, relations, validate
from .guard import links_out_of_project
from .project import Project

IGNORED_PREFIXES = ("_", ".")
"""Files in papers/ that are not papers: the taxonomy, the template, the schema, the author
names, the citations and health (read/relations.py), dotfiles."""
IGNORED_NAMES = ("README.md",)
NAME_VARIANTS = "_authors.yaml"
PARALLEL_FROM = 400
"""Files to read from which a second process is worth its start."""


_Read = tuple[load.Document | None, list[Problem]]


def read_documents(project: Project, only: Iterable[Path] | None = None) -> tuple[list[load.Document], list[Problem]]:
    """Parse every paper file (or only those given); problems for files that cannot be papers
    or cannot be read. Nothing that is not a regular file is opened or followed."""
    docs, problems = [], []
    for entry in paper_entries(project) if only is None else only:
        doc, found = _read_document(project, entry)
        problems += found
        if doc is not None:
            docs.append(doc)
    return docs, problems


def paper_entries(project: Project) -> list[Path]:
    """What papers/ holds that may be a paper, by name: all but the files IGNORED_* name."""
    return [entry for entry in sorted(project.papers_dir.iterdir(), key=lambda p: p.name)
            if not (entry.name.startswith(IGNORED_PREFIXES) or entry.name in IGNORED_NAMES)]


def _stat_key(entry: Path) -> tuple:
    try:
        status = os.lstat(entry)
    except OSError:
        return ()
    return status.st_mtime_ns, status.st_size, status.st_ino, status.st_mode


def _read_document(project: Project, entry: Path) -> _Read:
    display = project.display(entry)
    if entry.is_dir() and not entry.is_symlink():
        return None, [Problem(display, None, None, "", "papers are not read from subfolders",
                              "move each paper file directly into papers/")]
    bad_name = validate.check_file_name(entry.name)
    if bad_name:
        return None, [Problem(display, None, None, "", *bad_name)]
    try:
        return load.read_yaml(entry, display), []
    except ProblemsFound as found:
        return None, found.problems


def read_name_variants(project: Project) -> dict[str, str]:
    """papers/_authors.yaml, if there is one: author names as some files write them, each mapped
    to the one name the survey uses for that person."""
    file = project.papers_dir / NAME_VARIANTS
    if not file.exists() and not file.is_symlink():
        return {}
    doc = load.read_yaml(file, project.display(file))
    if not isinstance(doc.data, dict):
        raise ProblemsFound([doc.problem((), "expected a mapping of names, one 'Written Name: Name Used' per line",
                                         "see the comment at the top of the file")])
    problems: list[Problem] = []
    variants = {}
    for written, used in doc.data.items():
        problem = text_problem(used, 300)
        if problem:
            problems.append(doc.problem((written,), *problem))
        elif clean_line(used) == written:
            problems.append(doc.problem((written,), "maps a name to itself", "remove the line"))
        else:
            variants[written] = clean_line(used)
    for written, used in variants.items():
        if used in variants:
            problems.append(doc.problem((written,), f"'{excerpt(used)}' is itself mapped to another name",
                                        "map every variant straight to the name the survey uses"))
    if problems:
        raise ProblemsFound(problems)
    return variants


def read_taxonomy(project: Project) -> Taxonomy:
    file = project.taxonomy_file
    display = project.display(file)
    if not file.exists() and not file.is_symlink():
        raise ProblemsFound([Problem(display, None, None, "", "the taxonomy file is missing",
                                     "restore papers/_taxonomy.yaml from the repository")])
    return load_taxonomy(file, display, schema.field_names())


def load_taxonomy(file: Path, display: str, field_names: Iterable[str] = ()) -> Taxonomy:
    """Read and check a taxonomy file; raise ProblemsFound with every problem in it.
    `field_names` are the paper fields, which no facet id may repeat."""
    return taxonomy_file.parse(load.read_yaml(file, display), field_names)


def read_survey(project: Project, today: dt.date | None = None) -> Survey:
    """The checked survey; ProblemsFound with every problem in every file otherwise."""
    return SurveyReader(project).read(today, workers=2)


def check_survey(project: Project, today: dt.date | None = None) -> tuple[Survey, list[Problem]]:
    """The checked survey and its warnings (`survey check`); ProblemsFound otherwise."""
    reader = SurveyReader(project)
    survey = reader.read(today, workers=2)
    return survey, reader.variant_warnings(survey) + relations.stale_entries(project, survey.by_id)


@dataclass(frozen=True)
class _Checked:
    """What reading and checking one paper file gives: small and plain, so it can come back
    from another process (the parsed document, with every position, stays behind)."""

    paper: model.Paper | None
    problems: list[Problem]
    claims: list[validate.Claim]
    authors: dict[str, tuple[int | None, int | None]]
    """Where each author's name is written, for warnings about the name."""


def _check(project: Project, entry: Path, taxonomy: Taxonomy, today: dt.date) -> _Checked:
    doc, problems = _read_document(project, entry)
    if doc is None:
        return _Checked(None, problems, [], {})
    paper, problems = validate.check_paper(doc, taxonomy, today)
    written = paper.authors if paper else ()
    return _Checked(paper, problems, validate.claims(doc),
                    {name: doc.where(("authors", i) if isinstance(doc.data.get("authors"), list) else ("authors",))
                     for i, name in enumerate(written)})


class SurveyReader:
    """Reads the survey, and, kept (as `survey serve` does), reads it again re-reading and
    re-checking only the paper files that changed, and all of them if the taxonomy did."""

    def __init__(self, project: Project):
        self.project = project
        self._files: dict[str, tuple[tuple, Taxonomy, _Checked]] = {}
        self._taxonomy: tuple[tuple, Taxonomy] | None = None
        self._related: dict[str, tuple[tuple, Any]] = {}

    def read(self, today: dt.date | None = None, workers: int = 1) -> Survey:
        """The checked survey. With `workers=2`, files not read before are shared with a forked process."""
        today = today or dt.date.today()
        project = self.project
        problems = links_out_of_project(project)
        try:
            taxonomy = self.taxonomy()
        except ProblemsFound as found:
            # Papers cannot be checked against a broken taxonomy; report what can be known.
            raise ProblemsFound([*found.problems, *problems, *read_documents(project)[1]]) from None
        entries = paper_entries(project)
        keys = {e.name: _stat_key(e) for e in entries}
        new = [e for e in entries if not (cached := self._files.get(e.name))
               or cached[0] != keys[e.name] or not keys[e.name] or cached[1] != taxonomy]
        shared = new[len(new) // 2:] if workers > 1 and len(new) >= PARALLEL_FROM else []
        theirs = background.fork(lambda: [_check(project, e, taxonomy, today) for e in shared], bool(shared))
        results = [_check(project, e, taxonomy, today) for e in new[:len(new) - len(shared)]] + theirs()
        for entry, result in zip(new, results, strict=True):
            self._files[entry.name] = (keys[entry.name], taxonomy, result)
        for name in self._files.keys() - keys.keys():
            del self._files[name]
        checked = [self._files[e.name][2] for e in entries]
        problems += [p for c in checked for p in c.problems]
        problems += validate.check_duplicates(claim for c in checked for claim in c.claims)
        citations, found = self._relations(relations.CITATIONS, relations.read_citations)
        health, more = self._relations(relations.HEALTH, relations.read_health)
        problems += found + more
        if problems:
            raise ProblemsFound(problems)
        papers = [c.paper for c in checked if c.paper is not None]
        return model.build(papers, taxonomy, project.site_settings(), project.citation(), read_name_variants(project),
                           citations, health)

    def variant_warnings(self, survey: Survey) -> list[Problem]:
        """Author names that may be one person written two ways, where the later one is written."""
        warnings = []
        for name, other, paper in authors.likely_variants(survey.papers, survey.name_variants):
            line, column = self._files[paper.source.rpartition("/")[2]][2].authors.get(name, (None, None))
            warnings.append(Problem(paper.source, line, column, "authors",
                                    f"'{excerpt(name)}' may be the same person as '{excerpt(other)}' in another paper",
                                    f"if so, add '{name}: {other}' (or the reverse) to papers/_authors.yaml"))
        return warnings

    def taxonomy(self) -> Taxonomy:
        """The taxonomy, read again only when its file changed."""
        key = _stat_key(self.project.taxonomy_file)
        if self._taxonomy is None or self._taxonomy[0] != key or not key:
            self._taxonomy = (key, read_taxonomy(self.project))
        return self._taxonomy[1]

    def _relations(self, name: str, read: Callable[[Project], tuple[Any, list[Problem]]]) -> tuple[Any, list[Problem]]:
        """papers/_citations.yaml or _health.yaml, read again only when the file changed: at
        5,000 papers reading the citations takes longer than reading one changed paper."""
        key = _stat_key(self.project.papers_dir / name)
        cached = self._related.get(name)
        if cached is None or cached[0] != key or not key:
            cached = self._related[name] = (key, read(self.project))
        return cached[1]


