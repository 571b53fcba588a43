"""Read the whole survey source: the taxonomy and every file in papers/, checked.

Usage::

    survey = source.read_survey(Project.find())   # raises ProblemsFound listing every problem
"""

from __future__ import annotations

import datetime as dt

from . import load, model, validate
from .model import Survey
from .problems import Problem, ProblemsFound
from .project import Project
from .taxonomy import Taxonomy, load_file

IGNORED_PREFIXES = ("_", ".")
"""Files in papers/ that are not papers: the taxonomy, the template, the schema, dotfiles."""
IGNORED_NAMES = ("README.md",)


def read_documents(project: Project) -> tuple[list[load.Document], list[Problem]]:
    """Parse every paper file; problems for files that cannot be papers or cannot be read."""
    docs, problems = [], []
    for entry in sorted(project.papers_dir.iterdir(), key=lambda p: p.name):
        name = entry.name
        display = project.display(entry)
        if name.startswith(IGNORED_PREFIXES) or name in IGNORED_NAMES:
            continue
        if entry.is_dir():
            problems.append(Problem(display, None, None, "", "papers are not read from subfolders",
                                    "move each paper file directly into papers/"))
            continue
        bad_name = validate.check_file_name(name)
        if bad_name:
            problems.append(Problem(display, None, None, "", *bad_name))
            continue
        try:
            docs.append(load.read_yaml(entry, display))
        except ProblemsFound as found:
            problems += found.problems
    return docs, problems


def read_taxonomy(project: Project) -> Taxonomy:
    file = project.taxonomy_file
    display = project.display(file)
    if not file.is_file():
        raise ProblemsFound([Problem(display, None, None, "", "the taxonomy file is missing",
                                     "restore papers/_taxonomy.yaml from the repository")])
    return load_file(file, display)


def read_survey(project: Project, today: dt.date | None = None) -> Survey:
    """The checked survey; ProblemsFound with every problem in every file otherwise."""
    today = today or dt.date.today()
    docs, problems = read_documents(project)
    try:
        taxonomy = read_taxonomy(project)
    except ProblemsFound as found:
        # Papers cannot be checked against a broken taxonomy; report what can be known.
        raise ProblemsFound([*found.problems, *problems]) from None
    papers, found = validate.check_papers(docs, taxonomy, today)
    problems += found
    if problems:
        raise ProblemsFound(problems)
    return model.build(papers, taxonomy, project.site(), project.citation())
