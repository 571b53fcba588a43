"""What the papers' text gives: each paper's most similar papers, and its point on the map.

Both come from one set of TF-IDF vectors (similarity.py, maplayout.py). The result is a plain
value that rendering takes as an argument: it can be computed in another process, or kept and
reused, without touching the Survey. numpy and scipy are imported only here, when the analysis
runs: `survey check` never reaches it.

Usage::

    analysis = analysis.analyse(survey.papers)            # or with a token cache kept between calls
    analysis.related["totalsegmentator"], analysis.points["totalsegmentator"]
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, MutableMapping
from dataclasses import dataclass

from .model import Paper

RELATED_COUNT = 5
MAP_SIZE = 1000.0
"""The map's coordinates run from 0 to MAP_SIZE on both axes."""

TokenCache = MutableMapping[str, Counter]
"""Term counts by text: passed to successive analyses (`survey serve`), an edit re-tokenises one paper."""


@dataclass(frozen=True)
class TextAnalysis:
    """Each paper's RELATED_COUNT most similar papers (ids, most similar first) and its point on the map."""

    related: dict[str, tuple[str, ...]]
    points: dict[str, tuple[float, float]]


def weighted_text(title: str, tldr: str, abstract: str) -> str:
    """What the analysis reads of a paper: its title and tldr count twice, its abstract once."""
    return " ".join([title, title, tldr, tldr, abstract])


def analyse(papers: Iterable[Paper], tokens: TokenCache | None = None) -> TextAnalysis:
    """The analysis of the text of each paper's title, tldr and abstract (weighted_text)."""
    texts = {p.id: weighted_text(p.title, p.tldr, p.abstract) for p in papers}
    if len(texts) < 2:
        return TextAnalysis({i: () for i in texts}, {i: (MAP_SIZE / 2,) * 2 for i in texts})
    from . import maplayout, similarity

    ids, vectors = similarity.vectors(texts, tokens)
    near = similarity.nearest(ids, vectors, RELATED_COUNT)
    row = {pid: n for n, pid in enumerate(ids)}
    points = maplayout.positions(vectors, [[row[other] for other in near[pid]] for pid in ids], MAP_SIZE)
    return TextAnalysis({pid: tuple(near[pid]) for pid in ids},
                        {pid: (float(x), float(y)) for pid, (x, y) in zip(ids, points, strict=True)})
