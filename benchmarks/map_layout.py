"""The map's layout, both ways the survey could draw it: truncated SVD alone, and SVD followed
by the pull towards each paper's nearest papers in text (layout.py). For each corpus it times
both and reports how many of each paper's nearest papers in text are also among its nearest
on the map ("kept"). The real papers have subjects; the synthetic ones (benchmarks/synthetic.py)
draw their words at random, so they show the cost, and the real ones show what the pull buys.

    python benchmarks/map_layout.py 1000 5000 20000 --markdown docs/performance.md
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale import write_between  # noqa: E402
from synthetic import ROOT, write_corpus  # noqa: E402

sys.path.insert(0, str(ROOT / "scripts"))
from survey.core import (
    maplayout,  # noqa: E402
    similarity,  # noqa: E402
)
from survey.core.analysis import MAP_SIZE, RELATED_COUNT  # noqa: E402
from survey.read.project import Project  # noqa: E402
from survey.read.reader import read_survey  # noqa: E402


def measure(label: str, project: Path) -> str:
    survey = read_survey(Project(project))
    texts = {p.id: " ".join([p.title, p.title, p.tldr, p.tldr, p.abstract]) for p in survey.papers}
    ids, vectors = similarity.vectors(texts, {})
    near = similarity.nearest(ids, vectors, RELATED_COUNT)
    row = {pid: n for n, pid in enumerate(ids)}
    neighbours = [[row[other] for other in near[pid]] for pid in ids]
    cells = []
    for smooth in (False, True):
        started = time.perf_counter()
        points = maplayout.positions(vectors, neighbours, MAP_SIZE, smooth=smooth)
        cells += [f"{time.perf_counter() - started:.2f} s", f"{maplayout.preservation(points, neighbours):.0%}"]
    chance = f"{RELATED_COUNT / max(len(ids) - 1, 1):.0%}"  # what placing the papers at random keeps
    return f"| {label} | {len(ids):,} | " + " | ".join(cells) + f" | {chance} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 5000])
    parser.add_argument("--markdown", type=Path, help="also write the table to this Markdown file")
    args = parser.parse_args()
    lines = ["| corpus | papers | SVD alone | kept | SVD + pull | kept | kept by chance |",
             "|---|---|---|---|---|---|---|",
             measure("the survey's papers", ROOT)]
    with tempfile.TemporaryDirectory(prefix="survey-map-") as work:
        for n in args.sizes:
            lines.append(measure("synthetic", write_corpus(Path(work) / f"survey-{n}", n)))
    text = "\n".join(lines)
    print(text)
    if args.markdown:
        write_between(args.markdown, "map layout", text)


if __name__ == "__main__":
    main()
