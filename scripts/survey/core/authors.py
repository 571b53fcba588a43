"""The survey's authors: every name on a paper, under one spelling, with their papers.

One person can be written two ways (`aeropath` has "Støverud, K-H", another paper might have
"Karen-Helene Støverud"); papers/_authors.yaml maps such variants to one name, and
`likely_variants` finds names that may be such a pair, for `survey check` to warn about.
"et al." is not an author. Slugs come from the name (python-slugify); two names with the same
slug get a suffix made from the name itself, so a slug never changes while its name is used.

Usage::

    people = authors.collect(papers, {"Støverud, K-H": "Karen-Helene Støverud"})
    people["Karen-Helene Støverud"].papers, people[...].slug
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
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


@dataclass(eq=False)
class Author:
    name: str
    """The name as a reader reads it ("Martijn P. van den Heuvel")."""
    slug: str
    written: str = ""
    """The name as a paper file writes it, which says where the family name starts."""
    papers: list[Paper] = field(default_factory=list)

    @property
    def has_page(self) -> bool:
        return len(self.papers) >= PAGE_FROM

    @property
    def url(self) -> str:
        """Where the author's name links to, relative to the site root."""
        return f"authors/{self.slug}/" if self.has_page else f"authors/#{self.slug}"

    @property
    def sort_key(self) -> tuple[str, str]:
        return _sort_key(self.written or self.name)

    @property
    def letter(self) -> str:
        """The letter the authors' page files this author under."""
        return self.sort_key[0][:1].upper()


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
    return dict(sorted(by_spelling.items(), key=lambda item: item[1].sort_key))


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
