"""How the map of a large survey is split, so that no file of it grows with the survey.

Up to INLINE papers the map page draws every paper as a point. Above that it draws where the
papers are, as counts in GRID × GRID cells, and the points of the part a reader zooms into come
from tiles: the map's square cut into equal squares, PER_TILE papers each on average. A paper's
place is found by its id in one of as many small files (`bucket`), so that a paper page's
"See it on the map" needs no list of every paper.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

INLINE = 1500
"""Papers the map page draws as points itself, at most."""
GRID = 40
"""Cells a side of the overview a larger map starts with."""
PER_TILE = 400
"""Papers a tile holds on average."""

Point = tuple[Any, float, float, int, str]
"""(paper, x, y, colour index, main value id), as render/pages.py makes them."""


@dataclass(frozen=True)
class Cell:
    """A cell of the overview: the mean place of its papers, and how many of each colour."""

    x: float
    y: float
    colours: tuple[tuple[int, int], ...]
    """(colour index, papers), the commonest first."""

    @property
    def papers(self) -> int:
        return sum(n for _, n in self.colours)


def per_side(papers: int) -> int:
    """Tiles a side of the map's square, for a survey of `papers`."""
    return max(1, math.ceil(math.sqrt(papers / PER_TILE)))


def _square(x: float, y: float, size: float, side: int) -> tuple[int, int]:
    return min(int(x * side / size), side - 1), min(int(y * side / size), side - 1)


def tiles(points: Sequence[Point], size: float) -> dict[tuple[int, int], list[Point]]:
    """The points of each tile that holds any, by (column, row)."""
    side = per_side(len(points))
    found: dict[tuple[int, int], list[Point]] = defaultdict(list)
    for point in points:
        found[_square(point[1], point[2], size, side)].append(point)
    return dict(sorted(found.items()))


def overview(points: Sequence[Point], size: float, grid: int = GRID) -> list[Cell]:
    """The cells of a grid × grid overview that hold any paper, row by row."""
    groups: dict[tuple[int, int], list[Point]] = defaultdict(list)
    for point in points:
        column, row = _square(point[1], point[2], size, grid)
        groups[(row, column)].append(point)
    cells = []
    for _, group in sorted(groups.items()):
        colours = sorted(Counter(point[3] for point in group).items(), key=lambda item: (-item[1], item[0]))
        x, y = (round(sum(p[axis] for p in group) / len(group), 1) for axis in (1, 2))
        cells.append(Cell(x, y, tuple(colours)))
    return cells


def bucket(paper_id: str, buckets: int) -> int:
    """Which of `buckets` files holds the paper's place: FNV-1a of its id (ids are ASCII), as
    assets/survey.js computes it."""
    h = 0x811C9DC5
    for char in paper_id:
        h = ((h ^ ord(char)) * 0x01000193) & 0xFFFFFFFF
    return h % buckets
