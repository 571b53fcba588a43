"""`survey serve`'s session: the site in a temporary folder, brought up to date after every save.

As in `survey build`, the generated pages go to MkDocs from memory (mkdocs.py). Between rebuilds
the session keeps what it has done: the papers parsed and checked (SurveyReader), the term
counts behind related papers, and every piece of every page as last rendered (RenderCache).
When a file changes, only the papers that changed are read again, and MkDocs rebuilds only the
pages whose text changed (a dirty build), writing each by renaming a finished file into place,
so a reader never gets half a page; the browser reloads. A change to mkdocs.yml or the theme
override rebuilds everything. The search index is rebuilt in the background after each change,
and swapped in under the same lock as a rebuild.

Usage::

    session = Session(project, site_dir, "127.0.0.1:8000", out)
    session.build()                  # after every change; prints problems and keeps the last site
"""

from __future__ import annotations

import shutil
import tempfile
import threading
from collections import Counter
from pathlib import Path
from typing import TextIO
from urllib.parse import urlsplit

from ..core.model import Survey
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
                pages = generate.render(self.project, survey, parallel=False, cache=self.cache, tokens=self.tokens)
                generated = read_manifest(self.project.docs_dir)
                check_no_conflict(self.project.docs_dir, pages, generated)
            except ProblemsFound as found:
                report(found, out=self.out)
                self.out.write("  (still serving the last valid pages; fix the files above)\n")
                return
            frame = self._frame()
            full = frame != self.frame
            unchanged = [] if full else sorted(path for path, text in pages.items() if self.pages.get(path) == text)
            plugin = mkdocs.plugin(pages, replaces=sorted(generated), unchanged=unchanged, bytecode=self.bytecode,
                                   facet_pages=facet_pages(survey), atomic=True)
            config = mkdocs.load_config(self.project, plugin, strict=False, site_dir=str(self.site_dir),
                                        dev_addr=self.address)
            config.site_url = self.url
            mkdocs.build(config, build_date_env(survey), dirty=not full, serve_url=self.url)
            for path in self.pages.keys() - pages.keys():  # a paper that is gone leaves nothing behind
                if path.endswith(".md"):
                    shutil.rmtree(self.site_dir / path.removesuffix(".md").removesuffix("index"), ignore_errors=True)
                else:  # a feed, an export: written as it is
                    (self.site_dir / path).unlink(missing_ok=True)
            changed = len(pages) - len(unchanged)
            if self.pages:
                self.out.write(f"✓ rebuilt {changed} page{'s' if changed != 1 else ''} and exports\n")
                self.out.flush()
            self.pages, self.frame = pages, frame
            self._index(survey)

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


def serve(project: Project, address: str, out: TextIO) -> None:
    """Build the site into a temporary folder and serve it until interrupted."""
    site_dir = Path(tempfile.mkdtemp(prefix="survey-serve-"))
    session = Session(project, site_dir, address, out)
    try:
        session.build()
        watched = [project.papers_dir, project.docs_dir, project.config_file, project.root / "CITATION.cff"]
        server = mkdocs.live_server(session.build, site_dir, address, session.mount_path, watched)
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
