"""A deterministic synthetic survey of N valid papers, for measuring how the survey scales.

Titles and abstracts are drawn from a vocabulary of 20,000 made-up words with a Zipf-like
frequency, as real abstracts have, so related-paper search and the search index see realistic
term statistics (copies of the real papers would make both unrealistically easy). Each title
carries one word no other paper has, `unique_word(i)`, for timing a search. Authors (1-7 from
a pool of people), years, venues, arXiv ids, links and facet values vary too; every paper passes
`survey check` against the real taxonomy. Beside them, the citations and health that `survey
refresh` would write (_write_relations).

The pool of people grows with N (PEOPLE_PER_PAPER names per paper), so that the share of
authors with several papers, and so the number of author pages per paper, stays the same as
the survey grows, as it does in a real field. With six names per paper, about 0.19 authors per
paper have three or more papers (and so a page), as in the survey's own papers: 17 authors of
its 92. A fixed pool would make more and more of the same people write every paper as N grows.

    python benchmarks/synthetic.py /tmp/survey-5000 5000
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import json
import random
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PEOPLE_PER_PAPER = 6
VOCABULARY = 20_000
ZIPF = 1.07
_ONSETS = ["b", "c", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "cl", "dr", "gr",
           "pl", "st", "tr", "sh", "ch", "th"]
_VOWELS = ["a", "e", "i", "o", "u", "ae", "io", "ou"]
_CODAS = ["", "", "n", "r", "s", "l", "m", "x", "nt", "st"]
_GIVEN = ["Ada", "Alan", "Amara", "Anil", "Bea", "Carlos", "Chen", "Dana", "Elif", "Emeka", "Fatima", "Hana", "Ivan",
          "Jae", "Jonas", "Kofi", "Lea", "Lin", "Maya", "Mei", "Nia", "Omar", "Priya", "Rafael", "Sara", "Tariq",
          "Uma", "Wei", "Yusuf", "Zoë"]


def _syllable(n: int) -> str:
    onset, n = _ONSETS[n % len(_ONSETS)], n // len(_ONSETS)
    vowel, n = _VOWELS[n % len(_VOWELS)], n // len(_VOWELS)
    return onset + vowel + _CODAS[n % len(_CODAS)]


def _word(n: int) -> str:
    """The n-th made-up word: two or three syllables, distinct for every n."""
    per = len(_ONSETS) * len(_VOWELS) * len(_CODAS)
    first, rest = n % per, n // per
    second, third = rest % per, rest // per
    return _syllable(first) + _syllable(second) + (_syllable(third) if third else "")


def unique_word(i: int) -> str:
    """A word only paper i has in its title: 'Qx' then i in letters, e.g. Qxbcd."""
    letters = "".join("bcdfghjklmnpqrstvwxz"[int(d)] for d in str(i))
    return "Qx" + letters


_BENCHMARKS = ("Qxbench-Lung", "Qxbench-Brain", "Qxbench-Liver", "Qxbench-Knee")
"""Benchmarks several synthetic papers report on, so that results stand side by side."""


def paper_id(i: int) -> str:
    return f"paper-{i:05d}"


class _Corpus:
    def __init__(self, seed: int, size: int):
        self.rng = random.Random(seed)
        self.words = [_word(n) for n in range(VOCABULARY)]
        self.cumulative = list(itertools.accumulate(1 / (rank + 1) ** ZIPF for rank in range(VOCABULARY)))
        families = max(1, round(size * PEOPLE_PER_PAPER / len(_GIVEN)))
        self.families = [_word(VOCABULARY + n).capitalize() for n in range(families)]

    def words_(self, count: int) -> list[str]:
        total = self.cumulative[-1]
        return [self.words[bisect.bisect(self.cumulative, self.rng.random() * total)] for _ in range(count)]

    def paper(self, i: int, taxonomy: dict, today: dt.date) -> dict:
        rng = self.rng
        year = min(today.year, 2026 - int(rng.expovariate(0.25)))
        year = max(year, 1995)
        title_words = self.words_(rng.randint(5, 12))
        title = " ".join([unique_word(i), *title_words]).capitalize()
        abstract = " ".join(self.words_(rng.randint(120, 260))).capitalize() + "."
        paper: dict = {"title": title}
        authors = rng.randint(1, 7)
        paper["authors"] = [f"{rng.choice(_GIVEN)} {rng.choice(self.families)}" for _ in range(authors)]
        paper["year"] = year
        month = rng.randint(1, 12)
        if year < today.year or month <= today.month:
            paper["date"] = f"{year}-{month:02d}"
        if rng.random() < 0.5:
            paper["venue"] = f"{rng.choice(['MICCAI', 'Medical Image Analysis', 'IEEE TMI', 'NeurIPS', 'MIDL'])} {year}"
        if rng.random() < 0.8:
            paper["arxiv"] = f"{year % 100:02d}{rng.randint(1, 12):02d}.{i:05d}"
        datasets, results, sentences = self.datasets_and_results(i, taxonomy)
        paper["abstract"] = " ".join([abstract, *sentences])
        paper["tldr"] = " ".join(self.words_(rng.randint(12, 30))).capitalize() + "."
        links = {}
        if "arxiv" in paper:
            links["paper"] = f"https://arxiv.org/abs/{paper['arxiv']}"
        if rng.random() < 0.4:
            links["code"] = f"https://github.com/{self.words_(1)[0]}/{unique_word(i).lower()}"
        if links:
            paper["links"] = links
        for facet in taxonomy["facets"]:
            ids = [v["id"] for v in facet["values"]]
            required = facet.get("required", True)
            count = min(len(ids), 1 + int(rng.expovariate(1.6))) if required or rng.random() < 0.6 else 0
            paper[facet["id"]] = rng.sample(ids, count)
        if datasets:
            paper["datasets"] = datasets
        if results:
            paper["results"] = results
        added = today - dt.timedelta(days=rng.randint(0, 720))
        paper["added"] = added.isoformat()
        return paper

    def datasets_and_results(self, i: int, taxonomy: dict) -> tuple[list, list, list[str]]:
        """As often as in the seed papers: about half release a dataset, one in seven reports a
        number on one of a few shared benchmarks, each stated in a sentence the abstract then has."""
        rng, view = self.rng, taxonomy.get("views", {}).get("datasets", {})
        facets = {f["id"]: [v["id"] for v in f["values"]] for f in taxonomy["facets"]}
        datasets, results, sentences = [], [], []
        if rng.random() < 0.5:
            name, size = f"{unique_word(i)}-Set", rng.randint(20, 200_000)
            dataset = {"name": name, "size": f"{size:,} scans"}
            if rng.random() < 0.5:
                dataset["released"] = True
            for facet in view.get("facets", []):
                dataset[facet] = rng.sample(facets[facet], 1)
            if view.get("tasks"):
                dataset["tasks"] = rng.sample(facets[view["tasks"]], 1)
            datasets.append(dataset)
            sentences.append(f"We introduce {name}, {size:,} scans.")
        if rng.random() < 0.15 and view.get("tasks"):
            benchmark = rng.choice(_BENCHMARKS)
            value = f"{rng.uniform(0.5, 0.99):.3f}"
            quote = f"On {benchmark} our model reaches a Dice score of {value}."
            results.append({"task": facets[view["tasks"]][0], "dataset": benchmark, "metric": "Dice", "value": value,
                            "quote": quote})
            sentences.append(quote)
        return datasets, results, sentences


def write_corpus(root: Path, size: int, seed: int = 1, today: dt.date = dt.date(2026, 11, 29)) -> Path:
    """A survey project at root with `size` synthetic papers, the real taxonomy and site frame."""
    sys.path.insert(0, str(ROOT / "tests"))
    import yaml

    from conftest import copy_frame  # the same site frame the tests use

    copy_frame(root)
    papers = root / "papers"
    papers.mkdir(exist_ok=True)
    for name in ("_taxonomy.yaml", "_schema.json", "_template.yaml"):
        shutil.copy(ROOT / "papers" / name, papers / name)
    shutil.copy(ROOT / "CITATION.cff", root / "CITATION.cff")
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    taxonomy = yaml.safe_load((papers / "_taxonomy.yaml").read_text(encoding="utf-8"))
    corpus = _Corpus(seed, size)
    coded = []
    for i in range(size):
        paper = corpus.paper(i, taxonomy, today)
        text = "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in paper.items())
        (papers / f"{paper_id(i)}.yaml").write_text(text, encoding="utf-8")
        if "code" in paper.get("links", {}):
            coded.append(i)
    _write_relations(papers, size, coded, random.Random(seed + 1), today)
    return root


def _write_relations(papers: Path, size: int, coded: list[int], rng: random.Random, today: dt.date) -> None:
    """papers/_citations.yaml and papers/_health.yaml as `survey refresh` writes them: each paper
    cites up to eight earlier ones, the earliest most (as a field's first papers are); of the
    papers with code, one in thirty is archived and one in a hundred gone; one paper in five
    hundred is retracted and one in two hundred corrected. Drawn after the papers, from their
    own random stream, so the papers are the same as without them."""
    from survey.core.relations import Citations, Health, Update
    from survey.render import datafiles

    cites = {}
    for i in range(1, size):
        cited = {int(i * rng.random() ** 2) for _ in range(rng.choice([0, 1, 2, 3, 4, 5, 6, 8]))}
        if cited:
            cites[paper_id(i)] = tuple(paper_id(j) for j in sorted(cited))
    code = {paper_id(i): state for i in coded for state in [rng.choices(["archived", "gone", ""], [3, 1, 96])[0]]
            if state}
    updates = {}
    for i in range(size):
        kind = rng.choices(["retraction", "correction", ""], [2, 5, 993])[0]
        if kind:
            updates[paper_id(i)] = (Update(kind, f"10.5555/notice.{i}", today.isoformat()),)
    day = today.isoformat()
    (papers / "_citations.yaml").write_text(datafiles.citations_yaml(Citations("synthetic", day, cites)),
                                            encoding="utf-8")
    (papers / "_health.yaml").write_text(datafiles.health_yaml(Health("synthetic", day, code, updates)),
                                         encoding="utf-8")


if __name__ == "__main__":
    write_corpus(Path(sys.argv[1]), int(sys.argv[2]))
