"""Where things are: the project's folders and the settings read from mkdocs.yml and CITATION.cff.

Usage::

    project = Project.find()           # the folder holding mkdocs.yml, from the current one up
    project.papers_dir, project.docs_dir, project.site_settings()
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..core.model import Citation, Site
from ..core.problems import Problem, ProblemsFound
from .load import read_regular_file

SETTINGS_MAX_BYTES = 1024 * 1024


class _ConfigLoader(yaml.CSafeLoader):
    """Reads mkdocs.yml, which may use MkDocs' `!ENV` and `!relative` tags."""


def _env(loader: _ConfigLoader, node: yaml.Node) -> Any:
    # Same semantics as MkDocs: `!ENV NAME` or `!ENV [NAME, OTHER, default]`.
    names = [loader.construct_scalar(node)] if isinstance(node, yaml.ScalarNode) else loader.construct_sequence(node)
    *variables, default = names if len(names) > 1 else (*names, None)
    for name in variables:
        if os.environ.get(name):
            return yaml.safe_load(os.environ[name])
    return default


_ConfigLoader.add_constructor("!ENV", _env)
_ConfigLoader.add_constructor("!relative", lambda loader, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/name:", lambda loader, suffix, node: suffix)


@dataclass(frozen=True)
class Project:
    """A survey project: mkdocs.yml, papers/ and docs/ in one folder."""

    root: Path

    @classmethod
    def find(cls, start: Path | None = None) -> Project:
        """The nearest folder, from `start` upwards, that holds both mkdocs.yml and papers/."""
        here = (start or Path.cwd()).resolve()
        for folder in (here, *here.parents):
            if (folder / "mkdocs.yml").is_file() and (folder / "papers").is_dir():
                return cls(folder)
        raise ProblemsFound([Problem(str(here), None, None, "",
                                     "no survey project here (a folder with mkdocs.yml and papers/)",
                                     "run the command inside the survey's repository")])

    @property
    def papers_dir(self) -> Path:
        return self.root / "papers"

    @property
    def taxonomy_file(self) -> Path:
        return self.papers_dir / "_taxonomy.yaml"

    @property
    def docs_dir(self) -> Path:
        return self.root / "docs"

    @property
    def site_dir(self) -> Path:
        return self.root / "site"

    @property
    def config_file(self) -> Path:
        return self.root / "mkdocs.yml"

    def display(self, path: Path) -> str:
        """A path as shown in messages: relative to the project, with forward slashes."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    @property
    def template_overrides(self) -> Path:
        """Where a fork puts its own versions of the generator's page templates."""
        return self.docs_dir / "overrides" / "survey"

    def config(self) -> dict[str, Any]:
        try:
            text = read_regular_file(self.config_file, "mkdocs.yml", SETTINGS_MAX_BYTES).decode("utf-8")
            config = yaml.load(text, Loader=_ConfigLoader)
        except (UnicodeDecodeError, yaml.YAMLError) as error:
            raise ProblemsFound([Problem("mkdocs.yml", None, None, "", f"cannot read the site settings: {error}",
                                         "fix mkdocs.yml")]) from None
        return config if isinstance(config, dict) else {}

    def site_settings(self) -> Site:
        """The published site's name, address and repository, from mkdocs.yml."""
        config = self.config()
        url = str(config.get("site_url") or "")
        edit_uri = str(config.get("edit_uri") or "edit/main/docs/")
        return Site(
            name=str(config.get("site_name", "")),
            url=url if not url or url.endswith("/") else url + "/",
            description=str(config.get("site_description") or ""),
            repo_url=str(config.get("repo_url") or ""),
            edit_path=edit_uri.removesuffix("docs/").removesuffix("docs") or "edit/main/",
        )

    def citation(self) -> Citation | None:
        """The survey's own citation from CITATION.cff, if the project has one."""
        file = self.root / "CITATION.cff"
        if not file.exists() and not file.is_symlink():
            return None
        try:
            data = yaml.load(read_regular_file(file, "CITATION.cff", SETTINGS_MAX_BYTES).decode("utf-8"),
                             Loader=yaml.CSafeLoader)
        except (UnicodeDecodeError, yaml.YAMLError) as error:
            raise ProblemsFound([Problem("CITATION.cff", None, None, "", f"YAML syntax error: {error}",
                                         "fix CITATION.cff")]) from None
        if not isinstance(data, dict):
            raise ProblemsFound([Problem("CITATION.cff", None, None, "", "expected a mapping of CFF fields",
                                         "see https://citation-file-format.github.io/")])
        authors = tuple(
            a.get("name") or " ".join(filter(None, [a.get("given-names"), a.get("family-names")]))
            for a in data.get("authors", []) if isinstance(a, dict)
        )
        released = str(data.get("date-released", ""))
        return Citation(str(data.get("title", "")), authors, released[:4], str(data.get("url", "")),
                        str(data.get("version", "")))
