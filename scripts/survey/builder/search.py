"""The site's search index: Pagefind over one small record per paper, facet value and
hand-written page (render/records.py), built in the background while MkDocs builds the pages,
and beside it the records' words for the search box's typo correction (render/vocabulary.py).

Pagefind splits the index into chunks that a browser loads only as a search needs them, so
opening a page costs nothing and a search reads a few small files, whatever the size of the
survey. Its output is deterministic, once filterorder.py sorts its filter indexes: the same
records give the same bytes.

Usage::

    indexing = search.Indexing(project, survey, work)
    indexing.start(fork=True)               # a forked process (`survey build`), or a thread
    …                                       # build the pages meanwhile
    indexing.install(site_dir)              # waits; the bundle lands in site_dir/pagefind/
"""

from __future__ import annotations

import math
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import markdown

from ..core import background
from ..core.model import Survey
from ..core.problems import Problem, ProblemsFound
from ..read.project import Project
from ..render import vocabulary
from ..render.records import search_records
from . import filterorder, searchparts, verify
from .write import read_manifest

BUNDLE = "pagefind"
WORDS = "survey-words"
"""The search records' words, for typo correction (render/vocabulary.py), inside the bundle."""
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


def index(project: Project, survey: Survey, work: Path) -> tuple[int | None, str, set[str]]:
    """Write the survey's search records under work/records-N and index them into work/pagefind,
    at most searchparts.PART records a Pagefind run, in parts as even as can be (searchparts.py);
    (Pagefind's exit status, its output, the page addresses the index holds: read here, in the
    background, for builder/verify.py)."""
    try:
        records = search_records(survey, hand_written_pages(project), [project.template_overrides])
        shards = vocabulary.shards(records)
        paths = list(records)
        count = max(1, math.ceil(len(paths) / searchparts.PART))
        size = math.ceil(len(paths) / count)
        parts = [paths[n * size:(n + 1) * size] for n in range(count)]
        bundles = [work / BUNDLE] if len(parts) == 1 else [work / f"{BUNDLE}-{n}" for n in range(len(parts))]
        roots = [work / f"records-{n}" for n in range(len(parts))]

        def write_part(n: int) -> None:
            for path in parts[n]:
                file = roots[n] / path
                file.parent.mkdir(parents=True, exist_ok=True)
                file.write_text(records.pop(path), encoding="utf-8")  # held no longer than it must be

        def meanwhile(n: int) -> None:
            """While Pagefind indexes part n: the part before it removed, the part after it written."""
            if n > 0:
                shutil.rmtree(roots[n - 1])
            if n + 1 < len(parts):
                write_part(n + 1)

        roots[0].mkdir(parents=True)
        write_part(0)
        for n, bundle in enumerate(bundles):
            done = _pagefind(roots[n], bundle, lambda n=n: meanwhile(n))
            if done.returncode != 0:
                return done.returncode, done.stdout or "", set()
        if len(bundles) > 1:
            searchparts.merge(bundles, work / BUNDLE)
            for bundle in bundles:
                shutil.rmtree(bundle)
        # beside Pagefind's files, so that the bundle moves into site/ whole
        filterorder.settle(work / BUNDLE)
        words = work / BUNDLE / WORDS
        words.mkdir()
        for name, text in shards.items():
            (words / name).write_text(text, encoding="utf-8")
        return 0, done.stdout or "", verify.search_urls(work / BUNDLE)
    except OSError as error:
        return None, f"cannot index the search records: {error}", set()
    except filterorder.UnknownLayout as error:
        return None, f"cannot put the search index in order: {error}; Pagefind's version may be new", set()


def _pagefind(root: Path, bundle: Path, meanwhile: Callable[[], None]) -> subprocess.CompletedProcess[str]:
    """Run Pagefind over the records under root, into bundle, doing `meanwhile` while it runs."""
    command = [sys.executable, "-m", "pagefind", "--site", str(root), "--output-path", str(bundle),
               "--force-language", "en", "--silent"]
    # Pagefind dies with a forked indexer that is killed; a thread's child cannot be set up so safely.
    alone = threading.current_thread() is threading.main_thread()
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          preexec_fn=background.die_with_parent if alone else None) as running:
        try:
            meanwhile()
        finally:
            output, _ = running.communicate()
    return subprocess.CompletedProcess(command, running.returncode, output)


class Indexing:
    """One run of `index` in the background: in a forked process, where making the records does
    not hold up this process's Python (`survey build` forks before it starts any thread), or in a
    thread (`survey serve`, whose server has threads)."""

    def __init__(self, project: Project, survey: Survey, work: Path):
        self.project, self.survey, self.work = project, survey, work
        self._pending: background.Pending[tuple[int | None, str, set[str]]] | None = None

    def start(self, fork: bool) -> Indexing:
        work = lambda: index(self.project, self.survey, self.work)  # noqa: E731 - one expression, named
        self._pending = background.fork(work) if fork else background.thread(work)
        return self

    def wait(self) -> tuple[int | None, str, set[str]]:
        assert self._pending is not None, "start() first"
        try:
            return self._pending()
        except Exception as error:  # noqa: BLE001 - reported as a failed index
            return None, f"cannot index the search records: {error}", set()

    def install(self, site_dir: Path, lock: threading.Lock | None = None,
                wanted: Callable[[], bool] = lambda: True) -> set[str]:
        """Wait for the index, then put it into site_dir/pagefind without the interfaces it does
        not use; under `lock` when the site folder is being rebuilt meanwhile (`survey serve`),
        and only if it is still `wanted` then (no newer index has started). Returns the page
        addresses the index holds."""
        returncode, output, urls = self.wait()
        if returncode != 0:
            raise ProblemsFound([Problem("search index", None, None, "pagefind", line, "please report this")
                                 for line in (output or "pagefind failed without a message").splitlines()[-10:]])
        bundle = self.work / BUNDLE
        for name in UNUSED:
            (bundle / name).unlink(missing_ok=True)
        with lock or threading.Lock():
            if wanted():
                shutil.rmtree(site_dir / BUNDLE, ignore_errors=True)
                shutil.move(bundle, site_dir / BUNDLE)
        return urls

    def cancel(self) -> None:
        """Stop, if still running, so that its folder can be removed."""
        if self._pending is not None:
            self._pending.cancel()
