"""Lighthouse (mobile) on the pages readers open first: home, the index of all papers, a paper,
and the pages that grow most with the survey: the map, the authors', the datasets and the results.

Serves a built site on 127.0.0.1 and runs Lighthouse from npm (benchmarks/package.json: run
`npm ci` in benchmarks/ first) with the machine's Chromium. Prints each page's performance,
accessibility, best-practices and SEO scores and the metrics behind performance.

    python benchmarks/lighthouse.py site/                      # the real survey, once built
    python benchmarks/lighthouse.py /tmp/survey-5000/site --paper papers/paper-02500/
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser_timings import ARGS, CHROMIUM, serving  # noqa: E402

HERE = Path(__file__).resolve().parent
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift",
           "speed-index")


def lighthouse(url: str) -> dict:
    binary = HERE / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        raise SystemExit("Lighthouse is not installed: run `npm ci` in benchmarks/")
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        flags = " ".join([*ARGS, f"--user-data-dir={tmp}/profile"])
        subprocess.run([str(binary), url, "--quiet", "--output=json", f"--output-path={report}",
                        f"--chrome-flags={flags}", "--only-categories=" + ",".join(CATEGORIES)],
                       env={**os.environ, "CHROME_PATH": CHROMIUM}, check=True, timeout=300)
        return json.loads(report.read_text(encoding="utf-8"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", type=Path)
    parser.add_argument("--paper", help="the paper page to measure (default: the first one in papers/)")
    parser.add_argument("--markdown", type=Path, help="also write the table into this page")
    parser.add_argument("--label", default="", help="what the site is, for the page (e.g. '92 papers')")
    args = parser.parse_args()
    paper = args.paper or next(f"papers/{p.name}/" for p in sorted((args.site / "papers").iterdir()) if p.is_dir())
    rows = ["| page | performance | accessibility | best practices | SEO | FCP | LCP | TBT | CLS |",
            "|---|---|---|---|---|---|---|---|---|"]
    with serving(args.site) as base:
        pages = (("home", ""), ("index", "papers/"), ("paper", paper), ("map", "map/"), ("authors", "authors/"),
                 ("datasets", "datasets/"), ("results", "results/"))
        for label, path in pages:
            try:
                result = lighthouse(base + path)
            except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
                # A page too heavy for Lighthouse to finish is a result too: the table says so.
                rows.append(f"| {label} | Lighthouse could not finish the page |" + " |" * 7)
                print(rows[-1], file=sys.stderr, flush=True)
                continue
            scores = [round(result["categories"][c]["score"] * 100) for c in CATEGORIES]
            audits = result["audits"]
            metrics = [audits[m]["displayValue"] for m in METRICS[:4]]
            rows.append(f"| {label} | " + " | ".join(map(str, scores)) + " | " + " | ".join(metrics) + " |")
            print(rows[-1], file=sys.stderr, flush=True)
    print("\n".join(rows))
    if args.markdown:
        from scale import write_between

        write_between(args.markdown, f"lighthouse {args.label}".strip(), "\n".join(rows))


if __name__ == "__main__":
    main()
