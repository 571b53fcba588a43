"""What is kept between renders (`survey serve`), so a saved paper re-renders only what shows it.

Every cached piece is keyed by a small frozen value that holds exactly what the piece is made
from: papers compare by their file and values (model.Paper), so an unchanged paper read again
finds its pieces. A render uses what the one before it made and keeps only what it used itself,
so the cache stays one survey big. A change to what every page depends on (the taxonomy, the
site's settings, the survey's citation, the templates) starts afresh.

Usage::

    cache = RenderCache()
    env = cache.start(Frame.of(survey, overrides), lambda: templating.environment(overrides))
    row = cache.get(Row(paper, "../", author_url), lambda: macros.paper_row(…))
    cache.finish()
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from jinja2 import Environment

from ..core.model import Citation, Paper, Site, Survey
from ..core.taxonomy import Taxonomy

T = TypeVar("T")


@dataclass(frozen=True)
class Frame:
    """What every page depends on: a change to any of it renders everything again."""

    taxonomy: Taxonomy
    site: Site
    citation: Citation | None
    overrides: tuple[Path, ...]
    templates: tuple[tuple[str, int], ...]
    """Every template override, with its modification time."""

    @classmethod
    def of(cls, survey: Survey, overrides: tuple[Path, ...]) -> Frame:
        templates = tuple(sorted((str(p), p.stat().st_mtime_ns) for folder in overrides if folder.is_dir()
                                 for p in folder.rglob("*") if p.is_file()))
        return cls(survey.taxonomy, survey.site, survey.citation, overrides, templates)


@dataclass(frozen=True)
class Row:
    """A paper's row in a table, on a page `base` away from the site root."""

    paper: Paper
    base: str
    author_url: str
    """Where its short author line links to: the first author's entry."""
    flags: tuple[tuple[str, str], ...] = ()
    """What a reader must know before relying on it (relations.Health.badges)."""


@dataclass(frozen=True)
class Item:
    """A paper's item in a list."""

    paper: Paper
    base: str
    show_added: bool = False
    flags: tuple[tuple[str, str], ...] = ()
    on_paper_page: bool = False
    takeaway: bool = True


@dataclass(frozen=True)
class BibEntry:
    paper: Paper
    site: Site


@dataclass(frozen=True)
class PaperPage:
    """A paper's page: the paper, where its authors' names link to, its related papers, and how
    it stands in the survey (what it cites, what cites it, where it is named, its health)."""

    paper: Paper
    authors: tuple[tuple[str, str], ...]
    related: tuple[Paper, ...]
    standing: tuple = ()
    listed_flags: tuple = ()
    """The flag tags of every paper the page lists (related, cites, cited by, mentioned in)."""


@dataclass(frozen=True)
class AuthorEntry:
    """An author's line on the authors' page."""

    name: str
    slug: str
    papers: tuple[Paper, ...]
    flags: tuple[tuple[tuple[str, str], ...], ...]
    """Each paper's flag tags (relations.Health.badges)."""


@dataclass(frozen=True)
class AuthorPage:
    """An author's own page: their papers, co-authors (name, link, papers together) and topics."""

    name: str
    papers: tuple[Paper, ...]
    coauthors: tuple[tuple[str, str, int], ...]


@dataclass(frozen=True)
class DatasetRow:
    """A dataset's row in the datasets catalogue: the `index`th dataset of `paper`, on a page at `base`."""

    paper: Paper
    index: int
    flags: tuple[tuple[str, str], ...]
    base: str


@dataclass(frozen=True)
class ExportPiece:
    """A paper's part of a whole-survey export (exports.Memo): its record in papers.json, its row
    of papers.csv, …, which say how it stands in the survey too (Pages.standing)."""

    export: str
    paper: Paper
    standing: tuple


class RenderCache:
    """Rendered pieces by key, from the render before this one and this one."""

    def __init__(self) -> None:
        self.frame: Frame | None = None
        self.env: Environment | None = None
        self._kept: dict[Hashable, Any] = {}
        self._made: dict[Hashable, Any] = {}

    def start(self, frame: Frame, environment: Callable[[], Environment]) -> Environment:
        """Begin a render; forget everything if the frame changed. Returns the Jinja environment,
        kept with its compiled templates while the frame stays the same."""
        if frame != self.frame or self.env is None:
            self._kept.clear()
            self.env, self.frame = environment(), frame
        self._made = {}
        return self.env

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        """The piece for this key: made now, or as the last render (or this one) made it."""
        if key in self._made:
            return self._made[key]
        value = self._kept[key] if key in self._kept else make()
        self._made[key] = value
        return value

    def finish(self) -> None:
        """End a render: keep what it used, drop the rest."""
        self._kept, self._made = self._made, {}
