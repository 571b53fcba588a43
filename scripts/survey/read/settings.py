"""The survey's own settings: the [tool.survey.<section>] tables of pyproject.toml, typed and checked.

Each section is a frozen dataclass whose fields are its keys (`-` in a key is `_` here), with
their types and defaults; a key may be left out. An unknown section or key, or a value of the
wrong type, is a problem at its line in pyproject.toml, with a did-you-mean, like a paper's.

Usage::

    settings = read_settings(project)
    settings.services.arxiv, settings.links.skip_hosts
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
import typing
from dataclasses import dataclass, field
from typing import Any

from .. import __version__
from ..core.problems import Problem, ProblemsFound, did_you_mean
from ..core.text import describe, excerpt
from .load import read_regular_file
from .project import Project

SETTINGS_FILE = "pyproject.toml"
SETTINGS_MAX_BYTES = 1024 * 1024


@dataclass(frozen=True)
class LinkSettings:
    """[tool.survey.links]: `survey links`."""

    timeout: float = 10.0
    """Seconds to wait for one link's answer."""
    workers: int = 8
    """Links checked at once."""
    retries: int = 1
    skip_hosts: tuple[str, ...] = ()
    """Hosts that refuse automated requests (403 to robots): their links are not checked."""
    fresh_days: int = 28
    """A link that worked is trusted for this many days before it is checked again."""
    cache: str = ".survey-cache/links.json"


@dataclass(frozen=True)
class ServiceSettings:
    """[tool.survey.services]: where the services `survey add`, `survey refresh` and `survey
    discover` ask are (tests point them at a local server)."""

    arxiv: str = "https://export.arxiv.org/api/query"
    crossref: str = "https://api.crossref.org"
    semanticscholar: str = "https://api.semanticscholar.org"
    """Semantic Scholar's Graph API: each paper's references, for the citations within the survey."""
    github: str = "https://api.github.com"
    """GitHub's REST API: whether a paper's code repository is archived or gone."""
    timeout: float = 20.0
    semanticscholar_batch: int = 500
    """Papers asked about in one request to Semantic Scholar (its limit is 500)."""
    retries: int = 2
    """Times a request is tried again after a rate limit (HTTP 429) or a timeout, waiting as the
    service's Retry-After says (at most retry-wait seconds)."""
    retry_wait: float = 60.0
    arxiv_pause: float = 3.0
    """Seconds between two requests to arXiv's API, as its terms of use ask."""
    arxiv_batch: int = 100
    """arXiv ids asked about in one request."""
    mailto: str = ""
    """Crossref asks polite clients for a contact address; it is sent in the User-Agent."""

    @property
    def user_agent(self) -> str:
        contact = f"; mailto:{self.mailto}" if self.mailto else ""
        return f"survey/{__version__} (a living survey's `survey add`{contact})"


@dataclass(frozen=True)
class DiscoverySettings:
    """[tool.survey.discovery]: `survey discover`, which proposes papers the survey's papers cite."""

    min_citing: int = 3
    """A paper not in the survey is proposed once this many survey papers cite it."""
    most: int = 10
    """Papers proposed in one triage pull request at most, the most cited first."""
    neighbours: int = 5
    """Nearest survey papers (by text similarity) whose facets are the suggestions for a proposed paper."""


@dataclass(frozen=True)
class Settings:
    links: LinkSettings = field(default_factory=LinkSettings)
    services: ServiceSettings = field(default_factory=ServiceSettings)
    discovery: DiscoverySettings = field(default_factory=DiscoverySettings)


def read_settings(project: Project) -> Settings:
    """The settings in the project's pyproject.toml (the defaults where it has none)."""
    file = project.root / SETTINGS_FILE
    if not file.is_file() or file.is_symlink():
        return Settings()
    raw = read_regular_file(file, SETTINGS_FILE, SETTINGS_MAX_BYTES)
    try:
        text = raw.decode("utf-8")
        data = tomllib.loads(text)
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ProblemsFound([Problem(SETTINGS_FILE, None, None, "", f"cannot read the settings: {error}",
                                     "fix the file's TOML syntax")]) from None
    return parse(data, text)


def parse(data: dict[str, Any], text: str = "") -> Settings:
    """Settings from a parsed pyproject.toml; `text` is its source, for the lines in problems."""
    tables = data.get("tool", {}).get("survey", {})
    lines = _Lines(text)
    problems: list[Problem] = []
    if not isinstance(tables, dict):
        raise ProblemsFound([lines.problem(("tool", "survey"), "expected a table", "write [tool.survey.links] and "
                                                                                   "[tool.survey.services] tables")])
    sections = {f.name: f.default_factory for f in dataclasses.fields(Settings)}  # type: ignore[misc]
    chosen = {}
    for name, values in tables.items():
        if name not in sections:
            problems.append(lines.problem(("tool", "survey", name), f"unknown settings section '{excerpt(name)}'",
                                          did_you_mean(name, sections)))
        elif not isinstance(values, dict):
            problems.append(lines.problem(("tool", "survey", name), f"expected a table, got {describe(values)}",
                                          f"write the settings under [tool.survey.{name}]"))
        else:
            chosen[name] = _section(sections[name](), name, values, lines, problems)
    if problems:
        raise ProblemsFound(problems)
    return Settings(**chosen)


def _section(defaults: Any, name: str, values: dict[str, Any], lines: _Lines, problems: list[Problem]) -> Any:
    kinds = typing.get_type_hints(type(defaults))
    keys = {f.name.replace("_", "-"): f.name for f in dataclasses.fields(defaults)}
    given = {}
    for key, value in values.items():
        where = ("tool", "survey", name, key)
        attribute = keys.get(key) or keys.get(key.replace("_", "-"))
        if attribute is None:
            problems.append(lines.problem(where, f"unknown setting '{excerpt(key)}'", did_you_mean(key, keys)))
            continue
        checked = _typed(kinds[attribute], value)
        if checked is None:
            problems.append(lines.problem(where, f"expected {_kind_name(kinds[attribute])}, got {describe(value)}",
                                          f"e.g. {key} = {_toml(getattr(defaults, attribute))}"))
        else:
            given[attribute] = checked
    return dataclasses.replace(defaults, **given)


def _typed(kind: Any, value: Any) -> Any:
    """The value as the setting's type, or None if it is not one."""
    if kind is float:
        return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None
    if kind is int:
        return value if isinstance(value, int) and not isinstance(value, bool) else None
    if kind is str:
        return value if isinstance(value, str) else None
    if typing.get_origin(kind) is tuple:
        ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
        return tuple(value) if ok else None
    raise AssertionError(f"no check for settings of type {kind}")


def _kind_name(kind: Any) -> str:
    names = {float: "a number", int: "a whole number", str: "text in quotes"}
    return names.get(kind, "a list of texts in quotes")


def _toml(value: Any) -> str:
    if isinstance(value, tuple):
        return '["…"]'
    return f'"{value}"' if isinstance(value, str) else str(value)


class _Lines:
    """Where tables and keys are written in a TOML file: its `[table]` headers and `key =` lines
    (enough for pyproject.toml, whose settings are one key per line)."""

    def __init__(self, text: str):
        self.found: dict[tuple[str, ...], tuple[int, int]] = {}
        table: tuple[str, ...] = ()
        for number, line in enumerate(text.splitlines(), start=1):
            header = re.match(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(#.*)?$", line)
            if header:
                table = tuple(part.strip().strip('"') for part in header.group(1).split("."))
                self.found.setdefault(table, (number, 1))
                continue
            key = re.match(r"^(\s*)([A-Za-z0-9_-]+)\s*=", line)
            if key:
                self.found.setdefault((*table, key.group(2)), (number, len(key.group(1)) + 1))

    def problem(self, path: tuple[str, ...], message: str, fix: str) -> Problem:
        while path and path not in self.found:
            path = path[:-1]
        line, column = self.found.get(path, (None, None))
        return Problem(SETTINGS_FILE, line, column, ".".join(path[2:]) or "tool.survey", message, fix)
