"""The survey as data: validated papers plus everything derived from them.

Pure functions only: `build()` turns papers, taxonomy and site settings into a
`Survey` that templates read from; nothing here touches the file system.

Usage::

    survey = model.build(papers, taxonomy, site)
    survey.papers_with(facet_id, value_id)   # the papers filed under one facet value
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any
from urllib.parse import urlencode

from .relations import Citations, Health, Mention, mentions
from .taxonomy import Facet, Taxonomy, Value

RECENT_COUNT = 10
FEED_COUNT = 50


class Paper:
    """One validated paper: its id, its file, and one value per field of the schema as an
    attribute (`paper.title`); absent optional fields hold their kind's empty value ('', (), 0).
    Immutable, and equal to another Paper with the same file and values: caches of what was
    rendered from a paper are keyed by it. The fields are real attributes because templates
    read them thousands of times."""

    id: str
    source: str
    """The paper file, relative to the project root, e.g. papers/totalsegmentator.yaml."""
    fields: Mapping[str, Any]
    """Every fixed field (schema.FIELDS) by name; links are (kind, url) pairs in the schema's order."""
    facets: Mapping[str, tuple[str, ...]]
    """The value ids of every facet, by facet id; the main value first."""

    def __init__(self, id: str, source: str, fields: Mapping[str, Any],  # noqa: A002 - the paper's id
                 facets: Mapping[str, tuple[str, ...]]) -> None:
        vars(self).update(fields)
        vars(self).update(id=id, source=source, fields=fields, facets=facets)
        content = (id, source, tuple((k, _frozen(v)) for k, v in fields.items()), tuple(facets.items()))
        vars(self).update(_content=content, _hash=hash(content))

    def __eq__(self, other: object) -> bool:
        return self is other or (isinstance(other, Paper) and self._content == other._content)

    def __hash__(self) -> int:
        return self._hash

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("a Paper cannot be changed")

    def __repr__(self) -> str:
        return f"Paper({self.id!r})"

    @property
    def url(self) -> str:
        """The page's path relative to the site root."""
        return f"papers/{self.id}/"

    def value(self, name: str) -> Any:
        """The value of any field, facet fields included."""
        return self.facets[name] if name in self.facets else self.fields[name]

    def link(self, kind: str) -> str:
        return dict(self.fields.get("links", ())).get(kind, "")

    @property
    def published(self) -> str:
        """The first publication date as precisely as known: YYYY-MM-DD, YYYY-MM or YYYY."""
        return self.fields.get("date") or str(self.fields["year"])

    @property
    def abstract_paragraphs(self) -> list[str]:
        return self.fields["abstract"].split("\n\n")


def _frozen(value: Any) -> Any:
    """A value as something hashable: lists and mappings as tuples (validated fields already are)."""
    if isinstance(value, dict):
        return tuple((k, _frozen(v)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return tuple(_frozen(v) for v in value)
    return value


@dataclass(frozen=True)
class Site:
    """Settings of the site the survey is published on, read from mkdocs.yml."""

    name: str
    url: str
    """The public address, ending in '/'; '' when unknown (links stay relative)."""
    description: str = ""
    repo_url: str = ""
    edit_path: str = "edit/main/"
    """Appended to repo_url to edit a file, e.g. 'edit/main/' + 'papers/x.yaml'."""

    def absolute(self, path: str) -> str:
        return self.url + path

    def edit_url(self, source: str) -> str:
        return f"{self.repo_url.rstrip('/')}/{self.edit_path}{source}" if self.repo_url else ""

    def issue_form_url(self, form: str, title: str, **fields: str) -> str:
        """A new issue in the repository with the issue form `form`, its fields filled in by id."""
        query = urlencode({"template": form, "title": title, **fields})
        return f"{self.repo_url.rstrip('/')}/issues/new?{query}" if self.repo_url else ""


@dataclass(frozen=True)
class Citation:
    """How to cite the survey itself, read from CITATION.cff."""

    title: str
    authors: tuple[str, ...]
    year: str
    url: str
    version: str = ""


@dataclass(frozen=True)
class FacetUse:
    """One facet value together with its papers."""

    facet: Facet
    value: Value
    papers: tuple[Paper, ...]

    @property
    def url(self) -> str:
        return f"{self.facet.id}/{self.value.id}/"

    def page_url(self, number: int) -> str:
        """Its page `number` of papers: 1 is its own page, then page/2/ and on (render/pages.py)."""
        return self.url if number == 1 else f"{self.url}page/{number}/"

    @property
    def feed_url(self) -> str:
        """Its own Atom feed, beside its page."""
        return f"{self.url}feed.xml"

    @property
    def feed_papers(self) -> list[Paper]:
        return newest_first(self.papers)[:FEED_COUNT]


@dataclass
class Survey:
    """Everything the pages show, computed once from the papers."""

    papers: tuple[Paper, ...]
    taxonomy: Taxonomy
    site: Site
    citation: Citation | None = None
    name_variants: Mapping[str, str] = field(default_factory=dict)
    """Author names as some paper files write them, mapped to the one name the survey uses."""
    citations: Citations = field(default_factory=Citations)
    """Which papers cite which, within the survey (papers/_citations.yaml)."""
    health: Health = field(default_factory=Health)
    """Archived or vanished code, retractions and corrections (papers/_health.yaml)."""

    @cached_property
    def cited_by(self) -> dict[str, tuple[str, ...]]:
        return self.citations.cited_by()

    @cached_property
    def mentions(self) -> dict[str, tuple[Mention, ...]]:
        """For each paper, the papers whose abstracts name its model or dataset."""
        return mentions(self.papers)

    @cached_property
    def by_id(self) -> dict[str, Paper]:
        return {p.id: p for p in self.papers}

    @cached_property
    def uses(self) -> dict[str, list[FacetUse]]:
        """For each facet, every value with its papers (in the survey's paper order)."""
        index: dict[tuple[str, str], list[Paper]] = defaultdict(list)
        for paper in self.papers:
            for facet_id, values in paper.facets.items():
                for value_id in values:
                    index[facet_id, value_id].append(paper)
        return {f.id: [FacetUse(f, v, tuple(index[f.id, v.id])) for v in f.values] for f in self.taxonomy.facets}

    def use(self, facet_id: str, value_id: str) -> FacetUse:
        return next(u for u in self.uses[facet_id] if u.value.id == value_id)

    def papers_with(self, facet_id: str, value_id: str) -> tuple[Paper, ...]:
        return self.use(facet_id, value_id).papers

    def used(self, facet_id: str) -> list[FacetUse]:
        """The values of a facet that at least one paper has; only these get pages."""
        return [u for u in self.uses[facet_id] if u.papers]

    @cached_property
    def years(self) -> list[int]:
        """Every year from the first paper's to the last one's, gaps included."""
        if not self.papers:
            return []
        found = [p.year for p in self.papers]
        return list(range(min(found), max(found) + 1))

    @cached_property
    def with_code(self) -> int:
        return sum(1 for p in self.papers if p.link("code"))

    @cached_property
    def highlights(self) -> list[tuple[str, int, str]]:
        """(label, count, url) for each highlighted facet value."""
        return [(h.label, len(self.papers_with(h.facet, h.value)), f"{h.facet}/{h.value}/")
                for h in self.taxonomy.views.highlights]

    @cached_property
    def recently_added(self) -> list[Paper]:
        return newest_first(self.papers)[:RECENT_COUNT]

    @cached_property
    def feed_papers(self) -> list[Paper]:
        return newest_first(self.papers)[:FEED_COUNT]

    @cached_property
    def added_by_month(self) -> list[tuple[str, list[Paper]]]:
        """('YYYY-MM', papers added that month), newest month first."""
        months: dict[str, list[Paper]] = defaultdict(list)
        for paper in newest_first(self.papers):
            months[paper.added[:7]].append(paper)
        return sorted(months.items(), reverse=True)

    @cached_property
    def coverage(self) -> Coverage | None:
        """The row facet × column facet matrix of paper counts, when the taxonomy asks for one."""
        if not self.taxonomy.views.coverage:
            return None
        rows_id, cols_id = self.taxonomy.views.coverage
        counts: Counter[tuple[str, str]] = Counter()
        for paper in self.papers:
            for r in paper.facets[rows_id]:
                for c in paper.facets[cols_id]:
                    counts[r, c] += 1
        return Coverage(self.taxonomy.facet(rows_id), self.taxonomy.facet(cols_id), dict(counts))

    @cached_property
    def per_year(self) -> PerYear | None:
        """Papers per year, split by each paper's main (first-listed) value of one facet,
        so that the bars add up to the number of papers."""
        facet_id = self.taxonomy.views.per_year
        if not facet_id:
            return None
        counts: Counter[tuple[int, str]] = Counter()
        for paper in self.papers:
            counts[paper.year, paper.facets[facet_id][0]] += 1
        totals = Counter(p.year for p in self.papers)
        return PerYear(self.taxonomy.facet(facet_id), self.years, dict(counts), dict(totals))


@dataclass(frozen=True)
class Coverage:
    rows: Facet
    columns: Facet
    counts: dict[tuple[str, str], int]

    def count(self, row: str, column: str) -> int:
        return self.counts.get((row, column), 0)

    @property
    def maximum(self) -> int:
        return max(self.counts.values(), default=0)


@dataclass(frozen=True)
class PerYear:
    facet: Facet
    years: list[int]
    counts: dict[tuple[int, str], int]
    totals: dict[int, int]

    def count(self, year: int, value: str) -> int:
        return self.counts.get((year, value), 0)


def newest_first(papers: Iterable[Paper]) -> list[Paper]:
    """Papers by the day they were added, newest first; same day by id."""
    return sorted(sorted(papers, key=lambda p: p.id), key=lambda p: p.added, reverse=True)


def paper_order(paper: Paper) -> tuple:
    """The survey's default order: newest publication first, then by title."""
    return (-paper.year, paper.title.casefold(), paper.id)


def build(papers: list[Paper], taxonomy: Taxonomy, site: Site, citation: Citation | None = None,
          name_variants: Mapping[str, str] | None = None, citations: Citations | None = None,
          health: Health | None = None) -> Survey:
    """The Survey for a set of valid papers; what the citations and health files say of papers
    that are not among them is left out."""
    ids = [p.id for p in papers]
    return Survey(tuple(sorted(papers, key=paper_order)), taxonomy, site, citation, dict(name_variants or {}),
                  (citations or Citations()).among(ids), (health or Health()).among(ids))
