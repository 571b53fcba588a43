"""`survey serve`'s session: the site in a temporary folder, brought up to date after every save.

As in `survey build`, the generated pages go to MkDocs from memory (mkdocs.py). Between rebuilds
the session keeps what it has done: the papers parsed and checked (SurveyReader), the term
counts behind related papers, and every piece of every page as last rendered (RenderCache).
When a file changes, only the papers that changed are read again, and MkDocs rebuilds only the
pages whose text changed (a dirty build), writing each by renaming a finished file into place,
so a reader never gets half a page; the browser reloads. A change to mkdocs.yml or the theme
override rebuilds everything. The search index is rebuilt in the background after each change,
and swapped in under the same lock as a rebuild.

A save that changes only papers' own files (the same papers, citations, health records and
settings) shows first on those papers' pages: each is rendered again from what the last rebuild
made (its related papers, its place in the survey) and written through that rebuild's theme
and navigation, in a fraction of a second. The whole site is then rebuilt behind it, as above,
and the browser reloads again with every page, the edited ones included, exactly as
`survey build` makes them.

Usage::

    session = Session(project, site_dir, "127.0.0.1:8000", out)
    session.build()                  # after every change; prints problems and keeps the last site
"""

from __future__ import annotations

import gc
import shutil
import tempfile
import threading
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TextIO
from urllib.parse import urlsplit

from ..core.model import Paper, Survey
from ..core.problems import ProblemsFound, report
from ..read.project import Project
from ..read.reader import SurveyReader
from ..render.cache import RenderCache
from . import generate, mkdocs, search
from .build import build_date_env, facet_pages
from .write import check_no_conflict, read_manifest


class Session:
    """One `survey serve`: what it has built so far, and how to bring the site up to date."""

    def __init__(self, project: Project, site_dir: Path, address: str, out: TextIO):
        self.project, self.site_dir, self.address, self.out = project, site_dir, address, out
        # What the server gives (serve): the open pages reload after a rebuild it did not start,
        # and a rebuild waits while browsers load the pages just shown.
        self.reload: Callable[[], None] = lambda: None
        self.settle: Callable[[], None] = lambda: None
        self.built: tuple[Survey, generate.Rendered, mkdocs.SurveyPlugin] | None = None
        self.saves = 0  # valid surveys read so far: a rebuild behind an edit no longer the newest is dropped
        self.catching_up: threading.Thread | None = None  # the rebuild behind the last edit shown at once
        self.reader = SurveyReader(project)
        self.cache = RenderCache()
        self.tokens: dict[str, Counter] = {}
        self.bytecode = mkdocs.MemoryBytecodeCache()
        self.pages: dict[str, str] = {}
        self.frame: dict[Path, int] = {}
        self.lock = threading.Lock()
        self.indexing: search.Indexing | None = None
        host, port = address.rsplit(":", 1)
        self.mount_path = urlsplit(project.site_settings().url or "/").path or "/"
        self.url = f"http://{host}:{port}{self.mount_path}"

    def build(self) -> None:
        """Bring the site up to date; with invalid papers, say what is wrong and keep the last site."""
        with self.lock:
            try:
                survey = self.reader.read()
            except ProblemsFound as found:
                self._refuse(found)
                return
            self.saves += 1
            if self._show_edited(survey):
                self.catching_up = threading.Thread(target=self._catch_up, args=(survey, self.saves), daemon=True)
                self.catching_up.start()
                return
            self._rebuild(survey)

    def _catch_up(self, survey: Survey, save: int) -> None:
        """The rebuild behind an edit shown on its own pages, unless a newer save came meanwhile."""
        self.settle()
        with self.lock:
            if save != self.saves:
                return
            if self._rebuild(survey):
                self.reload()

    def _show_edited(self, survey: Survey) -> bool:
        """Write the pages of the papers this read changed, if it changed nothing else, from what
        the last rebuild made; False, writing nothing, where that cannot be done."""
        if self.built is None or self._frame() != self.frame:
            return False
        before, rendered, plugin = self.built
        edited = edited_papers(before, survey)
        if not edited:
            return False
        by_id, related = survey.by_id, rendered.analysis.related
        try:
            pages = {f"papers/{p.id}.md": rendered.pages.paper(p, tuple(by_id[o] for o in related[p.id]))
                     for p in edited}
        except KeyError:  # a new author, a related paper gone: only a rebuild knows
            return False
        if not plugin.rewrite(pages):
            return False
        shown = ", ".join(f"papers/{p.id}/" for p in edited)
        self.out.write(f"✓ updated {shown}; rebuilding the rest\n")
        self.out.flush()
        return True

    def _rebuild(self, survey: Survey) -> bool:
        """Render the whole survey and rebuild what changed; False, keeping the last site, on a problem."""
        frame = self._frame()
        try:
            rendered = generate.render_keeping(self.project, survey, parallel=False, cache=self.cache,
                                               tokens=self.tokens)
            pages = rendered.files
            generated = read_manifest(self.project.docs_dir)
            check_no_conflict(self.project.docs_dir, pages, generated)
            full = frame != self.frame
            unchanged = [] if full else sorted(path for path, text in pages.items() if self.pages.get(path) == text)
            plugin = mkdocs.plugin(pages, replaces=sorted(generated), unchanged=unchanged, bytecode=self.bytecode,
                                   facet_pages=facet_pages(survey), atomic=True)
            config = mkdocs.load_config(self.project, plugin, strict=False, site_dir=str(self.site_dir),
                                        dev_addr=self.address)
            config.site_url = self.url
            mkdocs.build(config, build_date_env(survey), dirty=not full, serve_url=self.url)
        except ProblemsFound as found:
            self._refuse(found)
            return False
        for path in self.pages.keys() - pages.keys():  # a paper that is gone leaves nothing behind
            if path.endswith(".md"):
                shutil.rmtree(self.site_dir / path.removesuffix(".md").removesuffix("index"), ignore_errors=True)
            else:  # a feed, an export: written as it is
                (self.site_dir / path).unlink(missing_ok=True)
        changed = len(pages) - len(unchanged)
        if self.pages:
            self.out.write(f"✓ rebuilt {changed} page{'s' if changed != 1 else ''} and exports\n")
            self.out.flush()
        self.pages, self.frame, self.built = pages, frame, (survey, rendered, plugin)
        _set_aside_memory()
        self._index(survey)
        return True

    def _refuse(self, found: ProblemsFound) -> None:
        report(found, out=self.out)
        self.out.write("  (still serving the last valid pages; fix the files above)\n")

    def stop(self) -> None:
        if self.indexing is not None:
            self.indexing.cancel()

    def _frame(self) -> dict[Path, int]:
        """Modification times of what every page depends on: the settings and the theme override."""
        overrides = self.project.docs_dir / "overrides"
        files = [self.project.config_file, *(p for p in overrides.rglob("*") if p.is_file())]
        return {f: f.stat().st_mtime_ns for f in files if f.exists()}

    def _index(self, survey: Survey) -> None:
        """Rebuild the search index in the background; the newest one wins."""
        work = Path(tempfile.mkdtemp(prefix="survey-search-"))
        indexing = self.indexing = search.Indexing(self.project, survey, work).start(fork=False)

        def install() -> None:
            try:
                indexing.install(self.site_dir, self.lock, wanted=lambda: indexing is self.indexing)
                self.out.write("✓ search index up to date\n")
                self.out.flush()
            except (ProblemsFound, OSError):
                pass  # the server is stopping, or the next index will try again
            finally:
                shutil.rmtree(work, ignore_errors=True)

        threading.Thread(target=install, daemon=True).start()


def _set_aside_memory() -> None:
    """Collect the cycles a rebuild left, then set what remains aside from the collector
    (gc.freeze): the session holds millions of objects until the next rebuild, and a full
    collection that a save's reading sets off would otherwise go through every one of them
    (0.3-0.45 s at 5,000 papers) before the edited page is written."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def edited_papers(before: Survey, after: Survey) -> list[Paper]:
    """The papers of `after` whose files differ from `before`'s, if nothing else that pages
    show differs: the same papers by id, taxonomy, settings, citations, health and name
    variants. Otherwise, or with no paper changed, none."""
    if (before.taxonomy, before.site, before.citation, before.citations, before.health,
            dict(before.name_variants)) != (after.taxonomy, after.site, after.citation, after.citations,
                                            after.health, dict(after.name_variants)):
        return []
    if before.by_id.keys() != after.by_id.keys():
        return []
    return [paper for paper in after.papers if before.by_id[paper.id] != paper]


def serve(project: Project, address: str, out: TextIO) -> None:
    """Build the site into a temporary folder and serve it until interrupted."""
    site_dir = Path(tempfile.mkdtemp(prefix="survey-serve-"))
    session = Session(project, site_dir, address, out)
    try:
        session.build()
        watched = [project.papers_dir, project.docs_dir, project.config_file, project.root / "CITATION.cff"]
        server = mkdocs.live_server(session.build, site_dir, address, session.mount_path, watched)
        session.reload = lambda: mkdocs.reload_browsers(server)
        session.settle = lambda: mkdocs.wait_for_readers(server)
        out.write(f"✓ serving the survey at {session.url}\n")
        out.flush()
        try:
            server.serve()
        except KeyboardInterrupt:
            pass
        finally:
            server.shutdown()
    finally:
        session.stop()
        shutil.rmtree(site_dir, ignore_errors=True)
