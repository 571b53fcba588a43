"""Chart geometry for the overview pages, drawn as SVG by templates/_charts.html.j2.

Only numbers are computed here (bar positions, axis ticks); colours, text and
markup are the template's.

Usage::

    chart = charts.stacked_by_year(survey.per_year)
    chart.bars[0].x, chart.bars[0].height
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..core.model import FacetUse, PerYear


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    series: int
    """Index of the facet value the bar segment stands for (its colour)."""
    label: str
    count: int


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass
class Chart:
    width: int
    height: int
    bars: list[Bar] = field(default_factory=list)
    x_ticks: list[Tick] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)
    plot: tuple[float, float, float, float] = (0, 0, 0, 0)
    """Left, top, right and bottom edges of the plotting area."""
    label_chars: int = 0
    """The most characters of a bar's label shown beside it (its full text is in its tooltip)."""


def _nice_step(maximum: int, ticks: int = 5) -> int:
    """A round axis step (1, 2, 5, 10, 20, …) giving about `ticks` gridlines."""
    if maximum <= 0:
        return 1
    raw = maximum / ticks
    power = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    return next(int(m * power) for m in (1, 2, 5, 10) if m * power >= raw)


def stacked_by_year(data: PerYear, width: int = 720, height: int = 320) -> Chart:
    """Vertical bars per year, each stacked by the facet's values."""
    left, top, right, bottom = 44, 12, width - 8, height - 28
    tallest = max((sum(data.count(y, v.id) for v in data.facet.values) for y in data.years), default=0)
    step = _nice_step(tallest)
    top_value = max(step, math.ceil(tallest / step) * step)
    scale = (bottom - top) / top_value
    slot = (right - left) / max(len(data.years), 1)
    bar_width = slot * 0.72
    chart = Chart(width, height, plot=(left, top, right, bottom))
    for i, year in enumerate(data.years):
        x = left + i * slot + (slot - bar_width) / 2
        y = float(bottom)
        for series, value in enumerate(data.facet.values):
            count = data.count(year, value.id)
            if count:
                h = count * scale
                y -= h
                chart.bars.append(Bar(round(x, 2), round(y, 2), round(bar_width, 2), round(h, 2), series,
                                      f"{year}, {value.title}", count))
        if len(data.years) <= 16 or i % math.ceil(len(data.years) / 16) == 0:
            chart.x_ticks.append(Tick(round(left + i * slot + slot / 2, 2), str(year)))
    chart.y_ticks = [Tick(round(bottom - v * scale, 2), str(v)) for v in range(0, top_value + 1, step)]
    return chart


LABEL_CHAR_WIDTH = 7.5
"""A generous estimate of the average width of a character of the 12-unit axis labels, in SVG
units: the label column is sized from it, since the labels are the taxonomy's values."""


def aligned_totals(groups: list[list[FacetUse]]) -> list[Chart]:
    """horizontal_totals for charts shown one above another: their bars start at the same place."""
    longest = max((len(u.value.title) for uses in groups for u in uses), default=0)
    return [horizontal_totals(uses, longest=longest) for uses in groups]


def horizontal_totals(uses: list[FacetUse], width: int = 720, row: int = 26, longest: int = 0) -> Chart:
    """One horizontal bar per facet value, in taxonomy order, labelled with its count. The
    labels take what the longest needs (or `longest` characters) of the width, up to 45 %;
    longer ones are shortened."""
    label_chars = int((width * 0.45 - 16) / LABEL_CHAR_WIDTH)
    longest = max([longest, *(len(u.value.title) for u in uses)])
    left, right, top = round(16 + LABEL_CHAR_WIDTH * min(longest, label_chars)), width - 48, 8
    height = top + row * len(uses) + 24
    largest = max((len(u.papers) for u in uses), default=0)
    step = _nice_step(largest)
    top_value = max(step, math.ceil(largest / step) * step)
    scale = (right - left) / top_value
    chart = Chart(width, height, plot=(left, top, right, top + row * len(uses)), label_chars=label_chars)
    for i, use in enumerate(uses):
        count = len(use.papers)
        chart.bars.append(Bar(left, round(top + i * row + 4, 2), round(count * scale, 2), row - 8, i,
                              use.value.title, count))
    chart.x_ticks = [Tick(round(left + v * scale, 2), str(v)) for v in range(0, top_value + 1, step)]
    return chart
