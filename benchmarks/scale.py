"""How the survey scales: every step against its floor or a peer measured in the same run.

For each size N it writes a synthetic survey (benchmarks/synthetic.py) and measures, in fresh
processes: a cold `survey generate` against the floor (parse every file with libyaml and write
one Markdown page each), `survey build` against a bare `mkdocs build` of the same papers as
title-and-abstract pages with Material, a no-op generate, `survey check` of one file, the
site's bytes per paper, the index page, the search index, the bytes a reader downloads to open
the home page, and peak memory. With --browser it also times, in Chromium, a search for one
paper's unique title word against stock Material search on the bare site, and the time from
saving a paper under `survey serve` to its page showing the change. Machines here are noisy:
read the ratios, which compare numbers taken in the same run, not the seconds.

    python benchmarks/scale.py 500 1000 2000 5000 --browser --markdown docs/performance.md
    python benchmarks/scale.py 12 24 --repeat 1   # the smoke run the tests use
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import ROOT, paper_id, unique_word, write_corpus  # noqa: E402

PYTHON = sys.executable
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT / "scripts")}


@dataclass
class Run:
    """One measured process: wall time and peak memory (its own and its children's)."""

    seconds: float
    peak_mb: float
    output: str


def measure(command: list[str], cwd: Path) -> Run:
    os.sync()  # writes left over from the previous step would otherwise slow this one down
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True)
    output = process.stdout.read() if process.stdout else ""
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed in {cwd}:\n{output[-3000:]}")
    return Run(seconds, usage.ru_maxrss / 1024, output)


def survey(*args: str) -> list[str]:
    return [PYTHON, "-m", "survey", *args]


FLOOR = """\
import sys, yaml
from pathlib import Path
out = Path(sys.argv[2]); out.mkdir(parents=True, exist_ok=True)
for file in sorted(Path(sys.argv[1]).glob("[!_]*.yaml")):
    paper = yaml.load(file.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    (out / (file.stem + ".md")).write_text(f"# {paper['title']}\\n\\n{paper['abstract']}\\n", encoding="utf-8")
"""


NAV = ["index", "papers-list", "topics", "modalities", "types", "overview", "whats-new", "contributing", "about"]


def bare_site(project: Path, dest: Path) -> Path:
    """The peer: the same papers as plain title-and-abstract pages, stock Material (its search
    included), and a short nav of as many pages as the survey's."""
    docs = dest / "docs"
    (docs / "papers").mkdir(parents=True)
    for name in NAV:
        (docs / f"{name}.md").write_text(f"# {name.capitalize()}\n", encoding="utf-8")
    for file in sorted((project / "papers").glob("[!_]*.yaml")):
        paper = yaml.load(file.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        (docs / "papers" / f"{file.stem}.md").write_text(f"# {paper['title']}\n\n{paper['abstract']}\n",
                                                          encoding="utf-8")
    (dest / "mkdocs.yml").write_text(textwrap.dedent("""\
        site_name: Bare
        site_url: https://example.org/bare/
        theme: {name: material, font: false}
        plugins: [search]
        not_in_nav: /papers/*.md
        """) + "nav: [" + ", ".join(f"{name}.md" for name in NAV) + "]\n", encoding="utf-8")
    return dest


HUGO_CONFIG = """\
baseURL = "https://example.org/hugo/"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
"""
HUGO_LAYOUT = "<!doctype html><html><head><title>{{ .Title }}</title></head><body><h1>{{ .Title }}</h1>"
HUGO_SINGLE = HUGO_LAYOUT + "{{ .Content }}</body></html>\n"
HUGO_LIST = HUGO_LAYOUT + "{{ range .Pages }}<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a>{{ end }}</body></html>\n"


def hugo_site(project: Path, dest: Path) -> Path | None:
    """What a compiled generator does with the same papers, for information: Hugo (Debian's
    package) writing each as a title-and-abstract page in a minimal template, and a list of
    them. None where Hugo is not installed."""
    if shutil.which("hugo") is None:
        return None
    (dest / "content" / "papers").mkdir(parents=True)
    (dest / "layouts" / "_default").mkdir(parents=True)
    (dest / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    (dest / "layouts" / "_default" / "single.html").write_text(HUGO_SINGLE, encoding="utf-8")
    (dest / "layouts" / "_default" / "list.html").write_text(HUGO_LIST, encoding="utf-8")
    for file in sorted((project / "papers").glob("[!_]*.yaml")):
        paper = yaml.load(file.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        (dest / "content" / "papers" / f"{file.stem}.md").write_text(
            f"---\ntitle: {json.dumps(paper['title'])}\n---\n{paper['abstract']}\n", encoding="utf-8")
    return dest


KINDS = [("paper pages", re.compile(r"papers/[^/]+/index\.html")), ("the index", re.compile(r"papers/index\.html")),
         ("author pages", re.compile(r"authors/(.+/)?index\.html")), ("the datasets", re.compile(r"datasets/.*\.html")),
         ("the results", re.compile(r"results/.*\.html")), ("the map", re.compile(r"map/index\.html")),
         ("the home page", re.compile(r"index\.html")),
         ("facet value pages", re.compile(r"[^/]+/[^/]+/(page/\d+/)?index\.html"))]
"""Kinds of page, by address: the largest of each is reported."""


def largest_by_kind(site: Path) -> dict[str, tuple[int, str]]:
    largest: dict[str, tuple[int, str]] = {}
    for page in site.rglob("*.html"):
        path = page.relative_to(site).as_posix()
        kind = next((name for name, pattern in KINDS if pattern.fullmatch(path)), "other pages")
        largest[kind] = max(largest.get(kind, (0, "")), (page.stat().st_size, path))
    return largest


REPEAT = 3
TRASH = "set-aside"


def set_aside(path: Path, work: Path) -> None:
    """Move a previous step's output out of the way, to delete at the very end. On these
    machines' disks a deletion of some thousand files slows down every write for several
    seconds after it (the freed blocks are discarded in the background), which would charge a
    timed step with the cleanup of the one before it."""
    if path.exists():
        trash = work / TRASH
        trash.mkdir(exist_ok=True)
        path.rename(trash / f"{sum(1 for _ in trash.iterdir())}-{path.name}")


def _frame(project: Path) -> None:
    """Put back the hand-written part of docs/ (a cold generate starts from it alone)."""
    sys.path.insert(0, str(ROOT / "tests"))
    from conftest import copy_frame

    copy_frame(project)


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def home_page_bytes(site: Path) -> int:
    """What a browser fetches to show the home page: the HTML and every same-site asset it
    references, plus the search index when the theme loads it on every page."""
    html = (site / "index.html").read_text(encoding="utf-8")
    total = len(html.encode())
    for ref in set(re.findall(r'(?:href|src)="([^"#?]+)', html)):
        file = (site / ref).resolve()
        if file.is_file() and file.suffix in (".css", ".js") and str(file).startswith(str(site.resolve())):
            total += file.stat().st_size
    index = site / "search" / "search_index.json"
    if index.is_file() and "search" in html:
        total += index.stat().st_size
    return total


def search_index(site: Path) -> tuple[int, int, int]:
    """(bytes, entries, entries for paper pages) of the site's search index, whichever search it uses."""
    own = site / "search-index"
    if own.is_dir():
        from survey.builder.verify import search_urls

        urls = search_urls(own)
        return folder_bytes(own), len(urls), sum(1 for u in urls if u.startswith("/papers/"))
    index = site / "search" / "search_index.json"
    if index.is_file():
        locations = [d["location"] for d in json.loads(index.read_text(encoding="utf-8"))["docs"]]
        return index.stat().st_size, len(locations), sum(1 for loc in locations if loc.startswith("papers/"))
    return 0, 0, 0


@dataclass
class Sizes:
    n: int
    figures: dict[str, float] = field(default_factory=dict)
    largest: str = ""
    """The largest page of the site, its path."""
    kinds: dict[str, tuple[int, str]] = field(default_factory=dict)
    """The largest page of each kind (KINDS): its bytes and path."""


def measure_size(n: int, work: Path, browser: bool) -> Sizes:
    result = Sizes(n)
    f = result.figures
    project = write_corpus(work / f"survey-{n}", n)
    # Each pair of a step and its floor or peer is run in turns, REPEAT times, from scratch each
    # time, and the fastest of each is kept: the machine's noise only ever adds time.
    floors, colds = [], []
    for _ in range(REPEAT):
        set_aside(work / "floor", work)
        floors.append(measure([PYTHON, "-c", FLOOR, str(project / "papers"), str(work / "floor")], work))
        set_aside(project / "docs", work)
        _frame(project)
        colds.append(measure(survey("generate"), project))
    cold = min(colds, key=lambda r: r.seconds)
    noop = measure(survey("generate"), project)
    f["generate"], f["generate floor"] = cold.seconds, min(r.seconds for r in floors)
    f["generate peak MB"] = cold.peak_mb
    f["no-op generate rewrites"] = float(re.search(r"(\d+) written", noop.output).group(1))
    # The pre-commit check keeps what the other papers claim (read/changed.py): the first run
    # after a clone reads every file, the next ones only what changed.
    check_first = measure(survey("check", f"papers/{paper_id(n // 2)}.yaml"), project)
    check_one = min((measure(survey("check", f"papers/{paper_id(n // 2)}.yaml"), project) for _ in range(REPEAT)),
                    key=lambda r: r.seconds)
    check_all = measure(survey("check"), project)
    f["check one file, first"], f["check one file"], f["check all"] = (
        check_first.seconds, check_one.seconds, check_all.seconds)
    bare = bare_site(project, work / f"bare-{n}")
    hugo = hugo_site(project, work / f"hugo-{n}")
    builds, peers, hugos = [], [], []
    for _ in range(REPEAT):
        set_aside(project / "site", work)
        builds.append(measure(survey("build"), project))
        set_aside(bare / "site", work)
        peers.append(measure([PYTHON, "-m", "mkdocs", "build", "--quiet"], bare))
        if hugo is not None:
            set_aside(hugo / "public", work)
            hugos.append(measure(["hugo", "--quiet"], hugo))
    build, peer = min(builds, key=lambda r: r.seconds), min(peers, key=lambda r: r.seconds)
    if hugos:
        f["hugo build"] = min(r.seconds for r in hugos)
    f["build"], f["build peak MB"] = build.seconds, max(r.peak_mb for r in builds)
    f["bare build"], f["bare build peak MB"] = peer.seconds, max(r.peak_mb for r in peers)
    site, bare_out = project / "site", bare / "site"
    # The survey builds more pages than papers (facet values, authors); the peer one per paper.
    f["pages"], f["bare pages"] = (sum(1 for _ in out.rglob("index.html")) for out in (site, bare_out))
    f["build per page"], f["bare build per page"] = f["build"] / f["pages"], f["bare build"] / f["bare pages"]
    f["site bytes per paper"] = folder_bytes(site) / n
    f["bare site bytes per paper"] = folder_bytes(bare_out) / n
    index = (site / "papers" / "index.html").read_bytes()
    f["index page bytes"], f["index page gzip bytes"] = len(index), len(gzip.compress(index))
    f["search index bytes"], f["search index entries"], papers = search_index(site)
    f["bare search index bytes"], f["bare search index entries"], bare_papers = search_index(bare_out)
    f["search index entries per paper"] = papers / n
    f["bare search index entries per paper"] = bare_papers / n
    f["home page bytes"], f["bare home page bytes"] = home_page_bytes(site), home_page_bytes(bare_out)
    f["map page bytes"] = (site / "map" / "index.html").stat().st_size
    f["largest map tile bytes"] = max((t.stat().st_size for t in (site / "map" / "tiles").glob("*.json")), default=0)
    f["author pages bytes per paper"] = folder_bytes(site / "authors") / n
    f["largest page bytes"], result.largest = max((page.stat().st_size, page.relative_to(site).as_posix())
                                                  for page in site.rglob("*.html"))
    f["author pages"] = sum(1 for _ in (site / "authors").glob("*/index.html"))
    result.kinds = largest_by_kind(site)
    if browser:
        import browser_timings

        f.update(browser_timings.measure(project, bare, unique_word(n // 2), paper_id(n // 2), REPEAT))
    return result


GOALS = [
    # figure, floor or peer, goal as (ratio or value, limit) or ("info", None), label
    # A cold generate is no step a maintainer waits for: `survey build` renders in memory.
    ("generate", "generate floor", ("info", None), "`survey generate`, cold"),
    ("build", "bare build", ("ratio", 1.0), "`survey build`"),
    ("build", "hugo build", ("info", None), "`survey build` against Hugo, minimal templates"),
    ("build per page", "bare build per page", ("ratio", 1.0), "`survey build`, per page built"),
    ("site bytes per paper", "bare site bytes per paper", ("value", 40_000), "site bytes per paper"),
    ("index page bytes", None, ("value", 1_500_000), "`papers/index.html`"),
    ("search index entries per paper", "bare search index entries per paper", ("value", 1.0),
     "search index: entries per paper page"),
    ("search bytes", None, ("value", 300_000), "Chromium: bytes one search downloads"),
    ("search seconds", "bare search seconds", ("value", 0.3), "Chromium: unique title word typed, last key → result"),
    ("typo search bytes", None, ("value", 300_000), "Chromium: bytes one search with a typo downloads"),
    ("typo search seconds", None, ("value", 0.6),
     "Chromium: title word typed with a typo, last key → corrected result"),
    ("pasted search seconds", None, ("info", None),
     "Chromium: search opened and the word pasted at once → result"),
    ("save to visible seconds", None, ("value", 1.0), "`survey serve`: save → page shows it"),
    ("no-op generate rewrites", None, ("value", 0), "no-op `survey generate`, files rewritten"),
    ("home page bytes", "bare home page bytes", ("value", 1_000_000), "bytes to open the home page"),
    ("map page bytes", None, ("value", 2_000_000), "map page (an overview above 1,500 papers)"),
    ("largest map tile bytes", None, ("value", 2_000_000), "map: largest tile of points"),
    ("largest page bytes", None, ("value", 2_000_000), "largest page"),
    ("check one file", "check all", ("value", 1.0), "`survey check PATH` (pre-commit)"),
    ("check one file, first", "check all", ("info", None), "`survey check PATH`, its first run after a clone"),
]


def _show(name: str, value: float) -> str:
    if name.endswith("per page"):
        return f"{value * 1000:.2f} ms"
    if "bytes" in name:
        if value < 1e3:
            return f"{value:.0f} B"
        return f"{value / 1e6:.2f} MB" if value >= 1e6 else f"{value / 1e3:.1f} KB"
    if "per paper" in name and "bytes" not in name:
        return f"{value:.3f}"
    if "seconds" in name or name in ("generate", "build", "bare build", "hugo build", "generate floor",
                                     "check one file", "check one file, first", "check all"):
        return f"{value:.2f} s"
    return f"{value:g}"


def _met(met: bool | None) -> str:
    return "" if met is None else "yes" if met else "**no**"


def table(result: Sizes) -> str:
    f = result.figures
    lines = [f"| step (N = {result.n:,}) | now | floor or peer | ratio | goal | met |", "|---|---|---|---|---|---|"]
    for name, peer, (kind, limit), label in GOALS:
        if name not in f:
            continue
        ratio = f[name] / f[peer] if peer and f.get(peer) and f[peer] > 0 else None
        if kind == "info":
            met, goal = None, "for information"
        elif kind == "ratio":
            of = "floor" if "floor" in peer else "peer"
            met, goal = ratio is not None and ratio <= limit, f"≤ {limit:g}× the {of}"
        else:
            met, goal = f[name] <= limit, f"≤ {_show(name, limit)}" if limit else "0"
        extra = ""
        if name == "build per page":
            extra = f" ({f['pages']:,.0f} pages)"
        if name == "index page bytes":
            extra = f" ({_show(name, f['index page gzip bytes'])} gzipped)"
        if name == "largest page bytes":
            extra = f" ({result.largest})"
        if name == "search index entries per paper":
            extra = f" ({f['search index entries']:g} entries, {_show('bytes', f['search index bytes'])} in chunks)"
            peer_extra = (f" ({f['bare search index entries']:g} entries, "
                          f"{_show('bytes', f['bare search index bytes'])} loaded whole)")
        elif name == "build per page":
            peer_extra = f" ({f['bare pages']:,.0f} pages)"
        else:
            peer_extra = ""
        # Stock search can show its result before the last key, once a shorter prefix finds it.
        shown_peer = "before the last key" if peer and name.endswith("seconds") and f.get(peer, 0) < 0 else None
        lines.append(f"| {label} | {_show(name, f[name])}{extra} | "
                     f"{shown_peer or (_show(peer, f[peer]) + peer_extra if peer and peer in f else '')} | "
                     f"{f'{ratio:.2f}×' if ratio is not None else ''} | {goal} | {_met(met)} |")
    peak, bare = f["build peak MB"], f["bare build peak MB"]
    lines.append(f"| peak memory, `survey build` | {peak:.0f} MB | {bare:.0f} MB (bare build) | {peak / bare:.2f}× | "
                 f"≤ 3 GB | {'yes' if peak < 3000 else '**no**'} |")
    if result.kinds:
        lines += ["", "Largest page of each kind: " + "; ".join(
            f"{kind} {_show('bytes', size)} ({path})" for kind, (size, path) in sorted(result.kinds.items())) + "."]
    return "\n".join(lines)


def growth(results: list[Sizes]) -> str:
    first = results[0]
    lines = ["| N | generate s/paper | build s/paper | site KB/paper | generate vs N=" + f"{first.n:,}" +
             " | build vs N=" + f"{first.n:,} | peak MB | map page KB | author pages | author pages KB/paper |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        g, b = r.figures["generate"] / r.n, r.figures["build"] / r.n
        g0, b0 = first.figures["generate"] / first.n, first.figures["build"] / first.n
        size = r.figures["site bytes per paper"] / 1e3
        lines.append(f"| {r.n:,} | {g * 1000:.2f} ms | {b * 1000:.2f} ms | {size:.1f} "
                     f"| {g / g0:.2f} | {b / b0:.2f} | {r.figures['build peak MB']:.0f} "
                     f"| {r.figures['map page bytes'] / 1e3:.0f} | {r.figures['author pages']:,.0f} "
                     f"| {r.figures['author pages bytes per paper'] / 1e3:.1f} |")
    return "\n".join(lines)


def machine() -> str:
    cpu = ""
    info = Path("/proc/cpuinfo")
    if info.is_file():
        names = re.findall(r"model name\s*:\s*(.+)", info.read_text())
        cpu = f"{names[0]} × {len(names)}" if names else ""
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.is_file():
        kb = int(re.search(r"MemTotal:\s+(\d+)", meminfo.read_text()).group(1))
        memory = f", {kb / 1024 / 1024:.0f} GiB"
    cpus = cpu or f"{os.cpu_count()} CPUs"
    return f"{platform.system()} {platform.machine()}, {cpus}{memory}, Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="*", type=int, default=[500, 1000, 2000, 5000])
    parser.add_argument("--browser", action="store_true", help="also time search and save-to-visible in Chromium")
    parser.add_argument("--markdown", type=Path, help="also write the tables to this Markdown file")
    parser.add_argument("--keep", type=Path, help="keep the synthetic surveys in this folder")
    parser.add_argument("--repeat", type=int, default=REPEAT, help=f"runs of each timed step (default {REPEAT})")
    args = parser.parse_args()
    globals()["REPEAT"] = args.repeat
    name = "benchmark " + ",".join(str(n) for n in args.sizes)
    if args.markdown and (missing := missing_markers(args.markdown, name)):
        parser.error(missing)  # before the run, which can take an hour, not after it
    work = args.keep or Path(tempfile.mkdtemp(prefix="survey-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        results = []
        for n in args.sizes:
            print(f"measuring N = {n:,} …", file=sys.stderr, flush=True)
            results.append(measure_size(n, work, args.browser))
        report = [f"Measured on {machine()}, {time.strftime('%Y-%m-%d')}.", ""]
        for r in results:
            report += [table(r), ""]
        if len(results) > 1:
            report += ["Growth (per paper, relative to the smallest N; flat is 1.00):", "", growth(results), ""]
        text = "\n".join(report)
        print(text)
        if args.markdown:
            write_between(args.markdown, name, text)
    finally:
        shutil.rmtree(work / TRASH, ignore_errors=True)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def _markers(name: str) -> tuple[str, str]:
    return f"<!-- {name}:start -->", f"<!-- {name}:end -->"


def missing_markers(file: Path, name: str) -> str:
    """Why the tables named `name` cannot be written into the page `file` ('' when they can)."""
    start, end = _markers(name)
    try:
        page = file.read_text(encoding="utf-8")
    except OSError as error:
        return f"cannot read {file}: {error.strerror}"
    if start not in page or end not in page.partition(start)[2]:
        return f"{file} needs the lines {start} and {end}, in that order, where the tables go: add them"
    return ""


def write_between(file: Path, name: str, text: str) -> None:
    """Replace the text between the markers <!-- NAME:start --> and <!-- NAME:end --> of a page."""
    if missing := missing_markers(file, name):
        raise SystemExit(missing)
    start, end = _markers(name)
    page = file.read_text(encoding="utf-8")
    before, _, rest = page.partition(start)
    _, _, after = rest.partition(end)
    file.write_text(f"{before}{start}\n{text}\n{end}{after}", encoding="utf-8")


if __name__ == "__main__":
    main()
