"""How a large map is split: every paper in one tile, in the tile its place falls in, and
found again by its id in the bucket that names it."""

from __future__ import annotations

import random

from survey.core import maptiles


def _points(n: int, seed: int = 3) -> list[tuple]:
    rng = random.Random(seed)
    return [(f"paper-{i}", rng.uniform(0, 1000), rng.uniform(0, 1000), rng.randrange(5), "") for i in range(n)]


def test_each_point_is_in_exactly_the_tile_its_place_falls_in() -> None:
    points = _points(5000) + [("corner", 1000.0, 1000.0, 0, ""), ("origin", 0.0, 0.0, 0, "")]
    tiles = maptiles.tiles(points, 1000.0)
    side = maptiles.per_side(len(points))
    assert side == 4  # 5,002 papers at 400 a tile
    assert sorted(p[0] for part in tiles.values() for p in part) == sorted(p[0] for p in points)
    width = 1000.0 / side
    for (column, row), part in tiles.items():
        assert all(column * width <= p[1] <= (column + 1) * width and row * width <= p[2] <= (row + 1) * width
                   for p in part)
    assert max(len(part) for part in tiles.values()) < 2 * maptiles.PER_TILE


def test_the_overview_counts_every_paper_by_colour_commonest_first() -> None:
    points = _points(3000)
    cells = maptiles.overview(points, 1000.0, grid=10)
    assert len(cells) == 100 and sum(c.papers for c in cells) == 3000
    assert all(list(c.colours) == sorted(c.colours, key=lambda item: (-item[1], item[0])) for c in cells)
    assert maptiles.overview([("a", 5.0, 5.0, 2, ""), ("b", 7.0, 9.0, 2, "")], 1000.0) == [
        maptiles.Cell(6.0, 7.0, ((2, 2),))]


def test_buckets_are_fnv_1a_of_the_id() -> None:
    # FNV-1a 32-bit of "a" is 0xe40c292c, of "foobar" 0xbf9cf968 (the algorithm's published test vectors).
    assert maptiles.bucket("a", 2**32) == 0xE40C292C
    assert maptiles.bucket("foobar", 2**32) == 0xBF9CF968
    counts = [0] * 16
    for p in _points(4000):
        counts[maptiles.bucket(p[0], 16)] += 1
    assert min(counts) > 150  # spread over every bucket
