"""How `survey check`, `generate` and `build` scale with the number of papers.

Makes synthetic surveys by copying the real papers under new ids, titles and arXiv ids,
then times each stage at every size in one run and prints the time per paper relative
to the smallest size (machines here are noisy: compare ratios within a run, not seconds
across runs). Also compares libyaml's event parser, which the loader uses, with PyYAML's
pure-Python one.

    python benchmarks/build_scaling.py                 # 100, 500 and 1000 papers
    python benchmarks/build_scaling.py 100 1000 5000   # any sizes
"""

from __future__ import annotations

import io
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from conftest import copy_frame  # noqa: E402  (the same site frame the tests use)

from survey import render  # noqa: E402
from survey.commands import build  # noqa: E402
from survey.project import Project  # noqa: E402
from survey.source import read_survey  # noqa: E402


def make_survey(root: Path, size: int) -> Project:
    copy_frame(root)
    (root / "papers").mkdir()
    shutil.copy(ROOT / "papers" / "_taxonomy.yaml", root / "papers")
    shutil.copy(ROOT / "CITATION.cff", root)
    seeds = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "papers").glob("[!_]*.yaml"))]
    for i in range(size):
        paper = dict(seeds[i % len(seeds)])
        paper["title"] = f"{paper['title']} (copy {i})"
        paper["arxiv"] = f"{2000 + i // 100000:04d}.{i % 100000:05d}"
        text = yaml.safe_dump(paper, allow_unicode=True, sort_keys=False)
        (root / "papers" / f"paper-{i:05d}.yaml").write_text(text, encoding="utf-8")
    return Project(root)


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def parser_ratio(project: Project) -> float:
    texts = [p.read_text(encoding="utf-8") for p in sorted(project.papers_dir.glob("[!_]*.yaml"))]

    def parse(loader):
        for text in texts:
            for _ in yaml.parse(text, Loader=loader):
                pass

    return timed(lambda: parse(yaml.SafeLoader)) / timed(lambda: parse(yaml.CSafeLoader))


def main(sizes: list[int]) -> None:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            project = make_survey(Path(tmp) / f"survey-{size}", size)
            check = timed(lambda p=project: read_survey(p))
            survey = read_survey(project)
            generate = timed(lambda s=survey: render.render_site(s))
            total = timed(lambda p=project: build.run(p, out=io.StringIO()))
            peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            rows.append((size, check, generate, total, peak_mb))
            if size == sizes[-1]:
                ratio = parser_ratio(project)
    base = rows[0]
    print(f"{'papers':>7} {'check s':>8} {'render s':>9} {'build s':>8} {'build/paper vs smallest':>24} {'peak MB':>8}")
    for size, check, generate, total, peak in rows:
        per_paper = (total / size) / (base[3] / base[0])
        print(f"{size:>7} {check:>8.2f} {generate:>9.2f} {total:>8.2f} {per_paper:>24.2f} {peak:>8.0f}")
    print(f"\nlibyaml event parser vs pure-Python parser on {sizes[-1]} files: {ratio:.1f}x faster")
    print("build/paper near 1.0 at every size means the build grows linearly with the survey.")
    print(f"mkdocs {subprocess.run([sys.executable, '-m', 'mkdocs', '--version'], capture_output=True, text=True).stdout.strip()}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [100, 500, 1000])
