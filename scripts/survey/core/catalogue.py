"""The survey's datasets and results, gathered from its papers: the catalogue of every dataset a
paper releases or introduces, and the results that two or more papers report on the same task,
dataset and metric, side by side.

Usage::

    for entry in catalogue.datasets(survey): entry.paper, entry.dataset["name"], entry.size
    for group in catalogue.compared_results(survey): group.dataset, group.metric, group.results
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from . import schema
from .model import Paper, Survey

_SCALE = {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6, "b": 1e9, "billion": 1e9}


@dataclass(frozen=True)
class DatasetEntry:
    paper: Paper
    dataset: dict[str, Any]
    index: int
    """Its place in the paper's list, for its anchor: datasets-<paper>-<index>."""

    @property
    def anchor(self) -> str:
        return f"dataset-{self.paper.id}-{self.index}"

    @property
    def size(self) -> float | None:
        return size_number(self.dataset.get("size", ""))


@dataclass(frozen=True)
class Reported:
    paper: Paper
    result: dict[str, Any]


@dataclass(frozen=True)
class ResultGroup:
    """The results of two or more papers on one task, dataset and metric."""

    task: str
    dataset: str
    metric: str
    results: tuple[Reported, ...]


def size_number(text: str) -> float | None:
    """The first number of a size as stated, for sorting: "1,204 CT examinations" is 1204,
    "25M+ image-text pairs" 25,000,000; None without a number."""
    found = re.search(r"(\d[\d,]*(?:\.\d+)?)\s*(k|m|b|thousand|million|billion)?\b", text, flags=re.I)
    if not found:
        return None
    number = float(found.group(1).replace(",", ""))
    return number * _SCALE.get((found.group(2) or "").lower(), 1)


def datasets(survey: Survey) -> list[DatasetEntry]:
    """Every dataset of every paper, in the survey's paper order."""
    return [DatasetEntry(paper, dataset, i) for paper in survey.papers
            for i, dataset in enumerate(paper.value(schema.DATASETS))]


def datasets_url(number: int) -> str:
    """The address of the datasets catalogue's page `number`, from the site's root."""
    return "datasets/" if number == 1 else f"datasets/page/{number}/"


def compared_url(number: int) -> str:
    """The address of page `number` of the results side by side."""
    return "results/" if number == 1 else f"results/page/{number}/"


def reported_url(number: int) -> str:
    """The address of page `number` of every reported result."""
    return "results/all/" if number == 1 else f"results/all/page/{number}/"


def _key(text: str) -> str:
    return " ".join(re.sub(r"[^\w.+-]+", " ", text.casefold()).split())


def compared_results(survey: Survey) -> list[ResultGroup]:
    """Results on the same task, dataset and metric (compared without case or punctuation) from
    two or more papers; the groups by dataset, then metric."""
    groups: dict[tuple[str, str, str], list[Reported]] = defaultdict(list)
    for paper in survey.papers:
        for result in paper.value(schema.RESULTS):
            groups[result.get("task", ""), _key(result["dataset"]), _key(result["metric"])].append(
                Reported(paper, result))
    found = [ResultGroup(task, reported[0].result["dataset"], reported[0].result["metric"], tuple(reported))
             for (task, _, _), reported in groups.items() if len({r.paper.id for r in reported}) >= 2]
    return sorted(found, key=lambda g: (_key(g.dataset), _key(g.metric), g.task))
