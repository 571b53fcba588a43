"""`survey serve`: the site on 127.0.0.1 with live reload; a saved paper shows within seconds.

As in `survey build`, the generated pages go to MkDocs from memory (mkdocs_plugin.py). Between
rebuilds the command keeps what it has done: the papers parsed and checked (SurveyReader), the
term counts behind related papers, and every page as last rendered (RenderCache). When a file
changes, only the papers that changed are read again, and MkDocs rebuilds only the pages whose
text changed (a dirty build); the browser reloads. A change to mkdocs.yml or the theme override
rebuilds everything. The search index is rebuilt in the background after each change.
"""

from __future__ import annotations

import logging
import shutil
import sys
import tempfile
import threading
from pathlib import Path
from typing import TextIO
from urllib.parse import urlsplit

from ..builder import search
from ..builder.mkdocs import MemoryBytecodeCache, SurveyPlugin
from ..builder.write import check_no_conflict, read_manifest
from ..core.problems import ProblemsFound
from ..read.project import Project
from ..read.reader import SurveyReader
from ..render import pages as rendering
from . import check
from .build import build_date_env, environment, facet_pages, load_config


class Session:
    """One `survey serve`: what it has built so far, and how to bring the site up to date."""

    def __init__(self, project: Project, site_dir: Path, address: str, out: TextIO):
        self.project, self.site_dir, self.address, self.out = project, site_dir, address, out
        self.reader = SurveyReader(project)
        self.cache = rendering.RenderCache()
        self.bytecode = MemoryBytecodeCache()
        self.pages: dict[str, str] = {}
        self.frame: dict[Path, int] = {}
        self.lock = threading.Lock()
        self.indexing: search.Indexing | None = None
        host, port = address.rsplit(":", 1)
        self.mount_path = urlsplit(project.site().url or "/").path or "/"
        self.url = f"http://{host}:{port}{self.mount_path}"

    def build(self) -> None:
        """Bring the site up to date; with invalid papers, say what is wrong and keep the last site."""
        with self.lock:
            try:
                survey = self.reader.read()
                pages = rendering.render_site(survey, [self.project.template_overrides], cache=self.cache)
                generated = read_manifest(self.project.docs_dir)
                check_no_conflict(self.project.docs_dir, pages, generated)
            except ProblemsFound as found:
                check.report(found, out=self.out)
                self.out.write("  (still serving the last valid pages; fix the files above)\n")
                return
            frame = self._frame()
            full = frame != self.frame
            unchanged = set() if full else {path for path, text in pages.items() if self.pages.get(path) == text}
            plugin = SurveyPlugin(pages, replaces=generated, unchanged=unchanged, bytecode=self.bytecode,
                                  facet_pages=facet_pages(survey))
            config = load_config(self.project, plugin, strict=False, site_dir=str(self.site_dir),
                                 dev_addr=self.address)
            config.site_url = self.url
            from mkdocs.commands.build import build

            with environment(build_date_env(survey)):
                build(config, serve_url=self.url, dirty=not full)
            for path in self.pages.keys() - pages.keys():  # a paper that is gone leaves no page behind
                shutil.rmtree(self.site_dir / path.removesuffix(".md").removesuffix("index"), ignore_errors=True)
            changed = len(pages) - len(unchanged)
            if self.pages:
                self.out.write(f"✓ rebuilt {changed} page{'s' if changed != 1 else ''} and exports\n")
            self.pages, self.frame = pages, frame
            self._index(survey)

    def _frame(self) -> dict[Path, int]:
        """Modification times of what every page depends on: the settings and the theme override."""
        overrides = self.project.docs_dir / "overrides"
        files = [self.project.config_file, *(p for p in overrides.rglob("*") if p.is_file())]
        return {f: f.stat().st_mtime_ns for f in files if f.exists()}

    def _index(self, survey) -> None:  # noqa: ANN001 - a Survey
        """Rebuild the search index in the background; the newest request wins."""
        if self.indexing is not None:
            self.indexing.cancel()
        work = Path(tempfile.mkdtemp(prefix="survey-search-"))
        indexing = self.indexing = search.start(
            lambda: rendering.search_records(survey, search.hand_written_pages(self.project),
                                        [self.project.template_overrides]), work)

        def install() -> None:
            try:
                indexing.install(self.site_dir)
                if not indexing.cancelled:
                    self.out.write("✓ search index up to date\n")
                    self.out.flush()
            except (ProblemsFound, OSError):
                pass  # a newer change cancelled it, or the server is stopping
            finally:
                shutil.rmtree(work, ignore_errors=True)

        threading.Thread(target=install, daemon=True).start()


class _QuietDirty(logging.Filter):
    """MkDocs warns at every dirty build that its navigation may be off; here it is not: the
    navigation is built in full each time, and only unchanged pages are left as they were."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()


def run(project: Project, address: str = "127.0.0.1:8000", out: TextIO | None = None) -> int:
    from mkdocs.livereload import LiveReloadServer

    out = out or sys.stdout
    logging.getLogger("mkdocs.commands.build").addFilter(_QuietDirty())
    site_dir = Path(tempfile.mkdtemp(prefix="survey-serve-"))
    session = Session(project, site_dir, address, out)
    try:
        session.build()
        host, port = address.rsplit(":", 1)
        server = LiveReloadServer(builder=session.build, host=host, port=int(port), root=str(site_dir),
                                  mount_path=session.mount_path)
        for path in (project.papers_dir, project.docs_dir, project.config_file, project.root / "CITATION.cff"):
            if path.exists():
                server.watch(str(path))
        out.write(f"✓ serving the survey at {session.url}\n")
        out.flush()
        try:
            server.serve()
        except KeyboardInterrupt:
            pass
        finally:
            server.shutdown()
    finally:
        if session.indexing is not None:
            session.indexing.cancel()
        shutil.rmtree(site_dir, ignore_errors=True)
    return 0
