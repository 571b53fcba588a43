"""The site's search index (render/searchindex.py) over one record per paper, facet value and
hand-written page (render/records.py), built in the background while MkDocs builds the pages,
and beside it the records' words for the search box's typo correction (render/vocabulary.py).

The index lands in search-index/<version>/, the version a hash of its files, and
search-index/entry.json names it: the browser asks for the entry afresh and may keep the rest
as long as it likes, since a changed index is a new folder. The same records give the same bytes.

Usage::

    indexing = search.Indexing(project, survey, work)
    indexing.start(fork=True)               # a forked process (`survey build`), or a thread
    …                                       # build the pages meanwhile
    indexing.install(site_dir)              # waits; the index lands in site_dir/search-index/
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import threading
from collections.abc import Callable
from pathlib import Path

import markdown

from ..core import background
from ..core.model import Survey
from ..core.problems import Problem, ProblemsFound
from ..read.project import Project
from ..render import searchindex, vocabulary
from ..render.records import search_records
from .write import read_manifest

BUNDLE = "search-index"
ENTRY = "entry.json"
WORDS = "survey-words"
"""The search records' words, for typo correction (render/vocabulary.py), inside the index."""
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
    """Write the survey's search index into work/search-index; (0, "", the page addresses it
    holds), or (None, what went wrong, set()): read here, in the background, for builder/verify.py."""
    try:
        records = search_records(survey, hand_written_pages(project))
        bundle = work / BUNDLE
        building = bundle / "building"
        digest = hashlib.sha1()  # noqa: S324 - a folder's name, not security
        folders: set[Path] = set()

        def write(path: str, text: str) -> None:
            file = building / path
            if file.parent not in folders:
                file.parent.mkdir(parents=True, exist_ok=True)
                folders.add(file.parent)
            data = text.encode("utf-8")
            digest.update(b"%s\0%d\0" % (path.encode("utf-8"), len(data)))
            digest.update(data)
            file.write_bytes(data)

        for path, text in searchindex.files(records):
            write(path, text)
        texts = (" ".join([record.title, *(text for text, _ in record.texts)]) for record in records)
        for name, text in vocabulary.shards(texts).items():
            write(f"{WORDS}/{name}", text)
        version = digest.hexdigest()[:16]
        building.rename(bundle / version)
        (bundle / ENTRY).write_text(json.dumps({"version": version}), encoding="utf-8")
        return 0, "", {record.url for record in records}
    except OSError as error:
        return None, f"cannot write the search index: {error}", set()


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
            return None, f"cannot write the search index: {error}", set()

    def install(self, site_dir: Path, lock: threading.Lock | None = None,
                wanted: Callable[[], bool] = lambda: True) -> set[str]:
        """Wait for the index, then put it into site_dir/search-index; under `lock` when the site
        folder is being rebuilt meanwhile (`survey serve`), and only if it is still `wanted` then
        (no newer index has started). Returns the page addresses the index holds."""
        returncode, output, urls = self.wait()
        if returncode != 0:
            raise ProblemsFound([Problem("search index", None, None, "search", line, "please report this")
                                 for line in (output or "it failed without a message").splitlines()[-10:]])
        bundle = self.work / BUNDLE
        with lock or threading.Lock():
            if wanted():
                shutil.rmtree(site_dir / BUNDLE, ignore_errors=True)
                shutil.move(bundle, site_dir / BUNDLE)
        return urls

    def cancel(self) -> None:
        """Stop, if still running, so that its folder can be removed."""
        if self._pending is not None:
            self._pending.cancel()
