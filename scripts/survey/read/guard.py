"""The guard against links out of the repository: a pull request could otherwise make the build
publish any file of the machine that builds it, by a symbolic link in docs/, as the settings or
citation file, or as a folder mkdocs.yml names.

Usage::

    problems = guard.links_out_of_project(project)   # [] when nothing points outside
"""

from __future__ import annotations

import os
from pathlib import Path

from ..core.problems import Problem
from .project import Project


def links_out_of_project(project: Project) -> list[Problem]:
    """Symbolic links the build would follow out of the repository: in docs/, as the settings or
    citation file, or as the folders mkdocs.yml names. A pull request could otherwise publish any
    file of the machine that builds it."""
    root = project.root.resolve()
    problems = []

    def outside(path: Path) -> bool:
        return not path.resolve().is_relative_to(root)

    def refuse(path: Path, what: str) -> None:
        problems.append(Problem(project.display(path), None, None, "", what,
                                "copy the file into the repository instead of linking to it"))

    for file in (project.config_file, project.root / "CITATION.cff"):
        if file.is_symlink():
            refuse(file, "is a symbolic link; the build reads only regular files here")
    for folder, subfolders, files in os.walk(project.docs_dir):
        for name in sorted(subfolders + files):
            entry = Path(folder) / name
            if entry.is_symlink() and outside(entry):
                refuse(entry, "is a symbolic link to a place outside the repository, which the build never follows")
    config = project.config()
    theme = config.get("theme") if isinstance(config.get("theme"), dict) else {}
    for key, value in (("INHERIT", config.get("INHERIT")), ("docs_dir", config.get("docs_dir")),
                       ("theme.custom_dir", theme.get("custom_dir"))):
        if isinstance(value, str) and outside(project.root / value):
            problems.append(Problem("mkdocs.yml", None, None, key, f"'{value}' is outside the repository",
                                    "keep the site's files inside the repository"))
    return problems
