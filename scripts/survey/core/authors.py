"""The survey's authors: every name on a paper, under one spelling, with their papers.

One person can be written two ways (`aeropath` has "Støverud, K-H", another paper might have
"Karen-Helene Støverud"); papers/_authors.yaml maps such variants to one name, and
`likely_variants` finds names that may be such a pair, for `survey check` to warn about.
"et al." is not an author. Slugs come from the name (python-slugify); two names with the same
slug get a suffix made from the name itself, so a slug never changes while its name is used.

The authors' page lists them by the first letter of their family name, one page per letter
(authors/by-name/a/), and a letter with more than PER_PAGE authors is split by the next letters
("Wa", "We", …), so that no page grows with the survey.

Usage::

    people = authors.collect(papers, {"Støverud, K-H": "Karen-Helene Støverud"})
    people["Karen-Helene Støverud"].papers, people[...].slug, people[...].url
"""

from __future__ import annotations

import hashlib
import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from slugify import slugify

from .fields import ET_AL
from .model import Paper
from .names import display, folded, may_be_same, surname

PAGE_FROM = 3
"""Authors with at least this many papers in the survey get a page of their own. The others are
listed on the authors' page with their one or two papers, which is most of what a page would
say (their co-authors and topics are on those papers' pages), and a page each would double the
pages a survey builds and publishes: in the survey's papers, one author in nine has two or more
papers, about one per paper, and one in fifty has three or more."""


PER_PAGE = 1000
"""Authors on one page of the authors' list, at most, unless they share a family name and all
its given names' letters up to MAX_PREFIX: a page of 1,000 is about 250 KB."""
MAX_PREFIX = 8
LISTS = "authors/by-name/"
"""Where the pages of the authors' list are, relative to the site root."""


@dataclass(eq=False)
class Author:
    name: str
    """The name as a reader reads it ("Martijn P. van den Heuvel")."""
    slug: str
    written: str = ""
    """The name as a paper file writes it, which says where the family name starts."""
    papers: list[Paper] = field(default_factory=list)
    listing: Listing | None = field(default=None, repr=False)
    """The page of the authors' list that lists this author (collect sets it)."""

    @property
    def has_page(self) -> bool:
        return len(self.papers) >= PAGE_FROM

    @property
    def url(self) -> str:
        """Where the author's name links to, relative to the site root."""
        if self.has_page:
            return f"authors/{self.slug}/"
        return f"{self.listing.url if self.listing else 'authors/'}#{self.slug}"

    @property
    def index_key(self) -> str:
        """The family name, then the whole name, folded: the pages of the list split by its start."""
        family, whole = self.sort_key
        return f"{family} {whole}"

    @property
    def sort_key(self) -> tuple[str, str]:
        return _sort_key(self.written or self.name)


@lru_cache(maxsize=1 << 17)
def _sort_key(written: str) -> tuple[str, str]:
    # Kept between renders (`survey serve` collects the authors again after every save).
    return folded(surname(written)), folded(display(written))


@lru_cache(maxsize=1 << 17)
def _slug(name: str) -> str:
    return slugify(name) or "author"


def collect(papers: Iterable[Paper], variants: Mapping[str, str]) -> dict[str, Author]:
    """Every author, by the name as the paper files write it (each variant too), in order of
    family name; their papers in the survey's order."""
    people: dict[str, Author] = {}
    by_spelling: dict[str, Author] = {}
    for paper in papers:
        for written in dict.fromkeys(a for a in paper.authors if a != ET_AL):
            used = variants.get(written, written)
            name = display(used)  # "Wasserthal, Jakob" and "Jakob Wasserthal" are one person
            author = people.get(name) or people.setdefault(name, Author(name, "", used))
            if not author.papers or author.papers[-1] is not paper:
                author.papers.append(paper)
            by_spelling[written] = author
    slugs: dict[str, list[Author]] = defaultdict(list)
    for author in people.values():
        slugs[_slug(author.name)].append(author)
    for slug, same in slugs.items():
        for author in same:
            suffix = hashlib.sha1(author.name.encode("utf-8")).hexdigest()[:6] if len(same) > 1 else ""
            author.slug = f"{slug}-{suffix}" if suffix else slug
    ordered = dict(sorted(by_spelling.items(), key=lambda item: item[1].sort_key))
    for listing in listings(dict.fromkeys(ordered.values())):
        for author in listing.authors:
            author.listing = listing
    return ordered


@dataclass(frozen=True, eq=False)
class Listing:
    """One page of the authors' list: the authors whose index_key starts with `prefix`."""

    prefix: str
    slug: str
    authors: tuple[Author, ...]

    @property
    def label(self) -> str:
        return self.prefix.strip().title() or "?"

    @property
    def letter(self) -> str:
        return self.label[:1]

    @property
    def url(self) -> str:
        return f"{LISTS}{self.slug}/"


def listings(people: Iterable[Author], per_page: int = PER_PAGE) -> list[Listing]:
    """The pages of the authors' list, for people in order of family name: one per first letter,
    split by the next letters while a page would have more than per_page authors."""
    def split(group: list[Author], length: int) -> Iterator[tuple[str, list[Author]]]:
        for prefix, members in itertools.groupby(group, key=lambda a: a.index_key[:length]):
            listed = list(members)
            if len(listed) > per_page and length < MAX_PREFIX:
                yield from split(listed, length + 1)
            else:
                yield prefix, listed

    pages, taken = [], set()
    for prefix, listed in split(list(people), 1):
        slug = slugify(prefix) or "other"
        while slug in taken:  # two starts that read alike (a letter and its accented form)
            slug = f"{slug}-{hashlib.sha1(prefix.encode('utf-8')).hexdigest()[:4]}"
        taken.add(slug)
        pages.append(Listing(prefix, slug, tuple(listed)))
    return pages


def coauthors(author: Author, people: Mapping[str, Author]) -> list[tuple[Author, int]]:
    """The people who wrote papers with this author, with how many, most first."""
    counts: Counter[int] = Counter()
    found: dict[int, Author] = {}
    for paper in author.papers:
        for written in dict.fromkeys(a for a in paper.authors if a != ET_AL):
            other = people[written]
            if other is not author:
                found[id(other)] = other
                counts[id(other)] += 1
    return sorted(((found[key], n) for key, n in counts.items()), key=lambda item: (-item[1], item[0].sort_key))


def likely_variants(papers: Iterable[Paper], variants: Mapping[str, str]) -> list[tuple[str, str, Paper]]:
    """Pairs of different names that may be one person (same family name, compatible
    initials) and that papers/_authors.yaml does not yet map: (name, other name, a paper with the first)."""
    first_paper: dict[str, Paper] = {}
    for paper in papers:
        for written in paper.authors:
            if written != ET_AL:
                first_paper.setdefault(variants.get(written, written), paper)
    by_family: dict[str, list[str]] = defaultdict(list)
    for name in first_paper:
        by_family[folded(surname(name))].append(name)
    pairs = []
    for names in by_family.values():
        for i, name in enumerate(names):
            for other in names[i + 1:]:
                if may_be_same(name, other):  # warned about where it was added last: a pull request's file
                    earlier, later = sorted((name, other), key=lambda n: (first_paper[n].added, first_paper[n].id))
                    pairs.append((later, earlier, first_paper[later]))
    return sorted(pairs, key=lambda pair: (pair[2].source, pair[0]))
