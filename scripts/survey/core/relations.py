"""How the survey's papers relate beyond their text: which cite which (papers/_citations.yaml,
written by `survey refresh` from Semantic Scholar), which abstracts name another paper's model or
dataset (found here, offline), and the health of each paper's code and record
(papers/_health.yaml: an archived or vanished repository, a retraction or correction).

Everything here is pure: the files are read by read/relations.py and written by
services/refresh.py.

Usage::

    citations = Citations(source, retrieved, {"merlin": ("totalsegmentator",)})
    citations.cited_by()               # {"totalsegmentator": ("merlin",)}
    mentions(survey)                   # {"totalsegmentator": (Mention("merlin", "TotalSegmentator"),)}
    most_cited(survey.papers, survey.taxonomy.facet(facet_id), citations.cited_by(), 5)
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from . import schema
from .taxonomy import Facet


class Paper(Protocol):
    """What this module reads of a paper (model.Paper, which imports this module)."""

    id: str
    title: str
    abstract: str
    facets: Mapping[str, tuple[str, ...]]

    def value(self, name: str) -> Any: ...

RETRACTED = ("retraction", "withdrawal", "removal")
"""Crossref update types that withdraw a paper: it is flagged wherever it is listed."""
NOTED = ("partial_retraction", "correction", "erratum", "expression_of_concern")
"""Crossref update types shown on a paper's page and beside it in the index."""
UPDATE_LABELS = {"retraction": "Retracted", "withdrawal": "Withdrawn", "removal": "Removed",
                 "partial_retraction": "Partly retracted", "correction": "Corrected", "erratum": "Erratum",
                 "expression_of_concern": "Expression of concern"}
CODE_STATES = {"archived": "Code archived", "gone": "Code gone"}
"""What papers/_health.yaml can say of a paper's GitHub repository."""


@dataclass(frozen=True)
class Citations:
    """Which survey papers each survey paper cites, as one source said on one day."""

    source: str = ""
    retrieved: str = ""
    cites: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def cited_by(self) -> dict[str, tuple[str, ...]]:
        by: dict[str, list[str]] = defaultdict(list)
        for citing in sorted(self.cites):
            for cited in self.cites[citing]:
                by[cited].append(citing)
        return {cited: tuple(citing) for cited, citing in sorted(by.items())}

    def among(self, ids: Iterable[str]) -> Citations:
        """Only the papers in `ids`: an entry of a paper that has left the survey is dropped."""
        known = set(ids)
        cites = {citing: tuple(c for c in cited if c in known and c != citing)
                 for citing, cited in self.cites.items() if citing in known}
        return Citations(self.source, self.retrieved, {k: v for k, v in cites.items() if v})


@dataclass(frozen=True)
class Update:
    """A notice that updates a paper's record, as Crossref lists it (`updated-by`)."""

    type: str
    doi: str
    date: str = ""

    @property
    def label(self) -> str:
        return UPDATE_LABELS.get(self.type, self.type.replace("_", " ").capitalize())

    @property
    def retracts(self) -> bool:
        return self.type in RETRACTED


@dataclass(frozen=True)
class Health:
    """What the services said of each paper's code repository and record."""

    source: str = ""
    retrieved: str = ""
    code: Mapping[str, str] = field(default_factory=dict)
    """Paper id: 'archived' or 'gone' (a repository that is neither is not listed)."""
    updates: Mapping[str, tuple[Update, ...]] = field(default_factory=dict)

    def retracted(self, paper_id: str) -> bool:
        return any(u.retracts for u in self.updates.get(paper_id, ()))

    def badges(self, paper_id: str) -> tuple[tuple[str, str], ...]:
        """(kind, label) of what a reader should know before relying on the paper: its updates,
        retractions first, then its code's state."""
        updates = sorted(self.updates.get(paper_id, ()), key=lambda u: (not u.retracts, u.type, u.doi))
        found = [("retracted" if u.retracts else "updated", u.label) for u in updates]
        found = list(dict.fromkeys(found))
        if paper_id in self.code:
            found.append(("code", CODE_STATES[self.code[paper_id]]))
        return tuple(found)

    def among(self, ids: Iterable[str]) -> Health:
        known = set(ids)
        return Health(self.source, self.retrieved, {k: v for k, v in self.code.items() if k in known},
                      {k: v for k, v in self.updates.items() if k in known})


# --- Mentions ---------------------------------------------------------------------------------

@dataclass(frozen=True, order=True)
class Mention:
    """An abstract of `paper` that names `name`, the model or dataset of another paper."""

    paper: str
    name: str


_SHORTEST_NAME = 4
_NAME_WORDS = 4


def names_of(paper: Paper) -> tuple[str, ...]:
    """What other abstracts call this paper's work: the name its title gives before a colon
    ("TotalSegmentator: robust segmentation …"), and its datasets' names. Only names that look
    like names: at most four words, an upper-case letter or a digit, four characters or more."""
    found = []
    head, colon, _ = paper.title.partition(":")
    if colon:
        found.append(head.strip())
    found += [d["name"] for d in paper.value(schema.DATASETS)]
    return tuple(dict.fromkeys(n for n in found if _is_name(n)))


def _is_name(name: str) -> bool:
    return (len(name) >= _SHORTEST_NAME and len(name.split()) <= _NAME_WORDS
            and any(c.isupper() or c.isdigit() for c in name))


_TOKEN = re.compile(r"[^\W_]+")


def mentions(papers: Iterable[Paper]) -> dict[str, tuple[Mention, ...]]:
    """For each paper whose names another paper's abstract writes, those papers (not itself):
    matched as whole words, with case and hyphens as written. Each abstract is read once: every
    run of one to four words is looked up among the names, so the cost grows with the text, not
    with the number of names."""
    papers = list(papers)
    named: dict[str, set[str]] = defaultdict(set)  # name: the papers it names
    for paper in papers:
        for name in names_of(paper):
            named[name].add(paper.id)
    # A name that two papers share (one's dataset is another's title) names neither reliably.
    unique = {name: next(iter(ids)) for name, ids in named.items() if len(ids) == 1}
    firsts: dict[str, int] = {}  # a name's first word: the most words a name starting with it has
    owners: dict[str, set[str]] = defaultdict(set)  # a name's first word: the papers with such a name
    for name, owner in unique.items():
        words = _TOKEN.findall(name)
        if words:
            firsts[words[0]] = max(firsts.get(words[0], 0), len(words))
            owners[words[0]].add(owner)
    found: dict[str, set[Mention]] = defaultdict(set)
    for paper in papers:
        text = paper.abstract
        # Most abstracts name no other paper: a look at their words (in C) spares the rest.
        if not any(owners[w] - {paper.id} for w in firsts.keys() & set(_TOKEN.findall(text))):
            continue
        tokens = list(_TOKEN.finditer(text))
        for i, token in enumerate(tokens):
            longest = firsts.get(token.group())
            start = token.start()
            if not longest or (start and (text[start - 1] == "-" or text[start - 1].isalnum())):
                continue  # no name starts so, or not at a word's start ("x-TotalSegmentator" is another name)
            for end_token in range(i, min(i + longest, len(tokens))):
                end = tokens[end_token].end()
                if end < len(text) and text[end] == "-":
                    continue  # the name would continue past a hyphen
                named_id = unique.get(text[start:end])
                if named_id and named_id != paper.id:
                    found[named_id].add(Mention(paper.id, text[start:end]))
    return {paper_id: tuple(sorted(found[paper_id])) for paper_id in sorted(found)}


# --- Rankings --------------------------------------------------------------------------------

def most_cited(papers: Sequence[Paper], facet: Facet, cited_by: Mapping[str, Sequence[str]],
               count: int) -> list[tuple[str, list[tuple[Paper, int]]]]:
    """For each value of the facet, its papers most cited within the survey (cited at least
    once), most first, then in the papers' order: [(value id, [(paper, times cited), …]), …]."""
    cited: dict[str, list[tuple[Paper, int]]] = {value.id: [] for value in facet.values}
    for paper in papers:  # once through the papers, not once for each value
        if times := len(cited_by.get(paper.id, ())):
            for value in set(paper.facets[facet.id]) & cited.keys():
                cited[value].append((paper, times))
    # sorted is stable: the papers' order among equals
    return [(value, sorted(each, key=lambda item: -item[1])[:count]) for value, each in cited.items() if each]
