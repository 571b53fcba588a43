"""The site's search index: Pagefind over one small record per paper, facet value and
hand-written page, built in a background process while MkDocs builds the pages.

Pagefind splits the index into chunks that a browser loads only as a search needs them, so
opening a page costs nothing and a search reads a few small files, whatever the size of the
survey. Its output is deterministic: the same records give the same bytes.

Usage::

    indexing = search.start(lambda: site.search_records(survey, search.hand_written_pages(project)), work)
    …                                       # build the pages meanwhile
    indexing.install(site_dir)              # waits; the bundle lands in site_dir/pagefind/
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import markdown

from ..core import background
from ..core.problems import Problem, ProblemsFound
from ..read.project import Project
from .write import read_manifest

BUNDLE = "pagefind"
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")
"""Pagefind's own search interfaces: the site has its own (docs/assets/search.js)."""
_TAG = re.compile(r"<[^>]+>")


def hand_written_pages(project: Project) -> list[tuple[str, str, str]]:
    """(url, title, text) of every hand-written page under docs/, for the search index."""
    generated = read_manifest(project.docs_dir)
    pages = []
    for file in sorted(project.docs_dir.rglob("*.md")):
        relative = file.relative_to(project.docs_dir).as_posix()
        if relative in generated or relative.startswith("overrides/") or file.is_symlink():
            continue
        text = file.read_text(encoding="utf-8")
        if text.startswith("---\n"):
            text = text.split("\n---\n", 1)[-1]
        heading = re.search(r"^# (.+)$", text, flags=re.M)
        url = relative.removesuffix(".md").removesuffix("index")
        url = url if not url or url.endswith("/") else url + "/"
        plain = _TAG.sub(" ", markdown.markdown(text))
        pages.append((url, heading.group(1).strip() if heading else url, " ".join(plain.split())))
    return pages


class Indexing:
    """Writing the records, then a Pagefind run, in a background thread, or with `fork` in a
    forked process, where making the records does not hold up this process's Python (`survey
    build` forks before it starts any thread; `survey serve`, whose server has threads, does not)."""

    def __init__(self, records: Callable[[], dict[str, str]], work: Path, fork: bool = False):
        self.records, self.work = records, work
        self.process: subprocess.Popen | None = None
        self.output, self.cancelled = "", False
        self.returncode: int | None = None
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.forked = background.fork(self._run_here) if fork else None

    def _run_here(self) -> tuple[int | None, str]:
        self.run()
        return (self.process.returncode if self.process else None), self.output

    def _wait(self) -> None:
        if self.forked is not None:
            try:
                self.returncode, self.output = self.forked()
            except Exception as error:  # noqa: BLE001 - reported as a failed index
                self.returncode, self.output = None, f"cannot index the search records: {error}"
        else:
            self.thread.join()
            self.returncode = self.process.returncode if self.process else None

    def run(self) -> None:
        root = self.work / "records"
        try:
            for path, html in self.records().items():
                file = root / path
                file.parent.mkdir(parents=True, exist_ok=True)
                file.write_text(html, encoding="utf-8")
            if self.cancelled:
                return
            command = [sys.executable, "-m", "pagefind", "--site", str(root), "--output-path",
                       str(self.work / BUNDLE), "--force-language", "en", "--silent"]
            self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            self.output = self.process.communicate()[0] or ""
        except OSError as error:
            self.output = f"cannot index the search records: {error}"

    def install(self, site_dir: Path) -> None:
        """Wait for the index, then put it into site_dir/pagefind without the interfaces it does not use."""
        self._wait()
        if self.returncode != 0:
            raise ProblemsFound([Problem("search index", None, None, "pagefind", line, "please report this")
                                 for line in (self.output or "pagefind failed without a message").splitlines()[-10:]])
        bundle = self.work / BUNDLE
        for name in UNUSED:
            (bundle / name).unlink(missing_ok=True)
        shutil.rmtree(site_dir / BUNDLE, ignore_errors=True)
        shutil.move(bundle, site_dir / BUNDLE)

    def cancel(self) -> None:
        """Stop, if still running (after a failed build), so its folder can be removed."""
        self.cancelled = True
        if self.forked is not None:
            self._wait()  # a few seconds at most; the forked indexer has nothing to stop it by
            return
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
        if self.thread.is_alive():
            self.thread.join()


def start(records: Callable[[], dict[str, str]], work: Path, fork: bool = False) -> Indexing:
    """Start making the records (`records()`), writing them under work/ and indexing them into
    work/pagefind, in the background (in a forked process with `fork`)."""
    indexing = Indexing(records, work, fork)
    if not fork:
        indexing.thread.start()
    return indexing
