"""`survey links`: report dead external links with the file and line that holds them.

Exit codes: 0 no dead link, 1 dead links found, 3 the network looks unavailable (nothing
could be reached, so nothing is called dead).
"""

from __future__ import annotations

import datetime as dt
import sys
import threading
from typing import TextIO

from ..core.problems import Problem
from ..read.project import Project
from ..read.reader import read_documents
from ..read.settings import read_settings
from ..services import linkcheck

NETWORK_DOWN = 3


class Progress:
    """A progress bar on a terminal; one plain line per finished link elsewhere (CI logs)."""

    def __init__(self, out: TextIO):
        self.done, self.out = 0, out
        self.bar = out.isatty()
        self.lock = threading.Lock()

    def __call__(self, result: linkcheck.Result, total: int) -> None:
        with self.lock:
            self.done += 1
            self.total = total
            if self.bar:
                filled = int(30 * self.done / max(self.total, 1))
                self.out.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {self.done}/{self.total} links checked")
                if self.done == self.total:
                    self.out.write("\n")
            else:
                state = "ok" if result.ok else "FAILED"
                detail = str(result.status) if result.status else result.error
                self.out.write(f"[{self.done}/{self.total}] {state} {detail} {result.url}\n")
            self.out.flush()


def problem(link: linkcheck.Link, result: linkcheck.Result) -> Problem:
    if result.status:
        what = f"{link.url} answers HTTP {result.status}"
    else:
        what = f"{link.url} could not be reached ({result.error})"
    return Problem(link.path, link.line, link.column, link.field, what,
                   "update the address, link an archived copy, or remove the link")


def run(project: Project, changed_since: str | None = None, output_format: str = "text",
        use_cache: bool = True, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    settings = read_settings(project).links
    docs, _ = read_documents(project)  # files that cannot be read are `survey check`'s to report
    only = linkcheck.added_urls(project.root, changed_since) if changed_since else None
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    cache = project.root / settings.cache if use_cache else None
    report = linkcheck.run(docs, settings, cache, now, only, Progress(out))
    if report.network_down:
        out.write(f"✗ none of the {len(report.checked_now)} links could be reached: the network looks unavailable; "
                  "no link is reported dead (run again with a connection)\n")
        return NETWORK_DOWN
    for link, result in report.dead:
        found = problem(link, result)
        out.write((found.as_github() if output_format == "github" else str(found)) + "\n")
    counts = (f"{len(report.links)} links, {len(report.checked_now)} checked now, "
              f"{len(report.results) - len(report.checked_now)} recently checked, {len(report.skipped)} skipped")
    if report.dead:
        out.write(f"✗ {len(report.dead)} dead link{'s' if len(report.dead) != 1 else ''} ({counts})\n")
        return 1
    out.write(f"✓ no dead links ({counts})\n")
    return 0
