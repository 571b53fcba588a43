"""The one module that talks to MkDocs: the survey's plugin, the configuration, builds and the server.

`survey build` and `survey serve` add the plugin to the configuration they load; mkdocs.yml
does not name it, so plain `mkdocs build` (or Zensical) still builds what `survey generate`
wrote into docs/, only more slowly. What the plugin does, through MkDocs' plugin events:

- `pages`: the generated files, given in memory, take the place of those in docs/ (listed in
  docs/.generated), so a build neither writes nor reads thousands of files there.
- A generated page starts with templating.HTML_PAGE: its body is HTML, so it is a `HtmlPage`,
  whose `render` takes the body as it is instead of building a Markdown converter per page to
  convert nothing; what comes before templating.HEAD_END goes into the page's <head> (citation
  tags, JSON-LD), through the plugin's own main.html (render/templates/theme-main.html), which
  extends the site's (docs/overrides/main.html) and the theme's.
- `workers=2`: once every page is read, forked processes render the theme for the generated
  pages, two at a time, each for a batch of them, while this one renders the pages written by
  hand (the theme is most of a build's time, and MkDocs uses one core). The pages they take
  get an empty template here, which MkDocs skips.
- `facet_pages`: each facet's page, put into the nav before the authors' page.
- The theme's tabs and sidebars are rendered once per folder for the generated pages
  outside the nav (papers, authors, facet values), where they are the same.
- Every page loses the indentation and blank lines the theme's templates leave (a fifth of a
  page), except inside <pre>, <textarea>, <script> and <style>, where whitespace is content.
- `unchanged`: generated files whose output is already in the site folder (`survey serve`)
  count as not modified, so a dirty rebuild reads, renders and writes only what changed;
  `bytecode` keeps the theme's compiled templates from one rebuild to the next, and
  `atomic` writes each page by renaming a finished file into place, so a reader of a site
  being rebuilt gets the old page or the new one, never half of one.
- `rewrite`: after a build, renders and writes a few of its generated pages again with new
  text, in the theme, navigation and settings of that build (`survey serve` shows an edited
  paper's page this way while the whole site is rebuilt behind it).

MkDocs' private API used here, checked against MkDocs 1.6.1 (tests/test_mkdocs_api.py fails if
any of them changes):

- `mkdocs.commands.build._build_page(page, config, doc_files, nav, env)`: renders and writes
  one page; the forked renderers call it for their batches of pages.
- `mkdocs.commands.build._populate_page(page, config, files, dirty)`: reads and converts one
  page; with `_build_page`, `rewrite` brings an edited paper's page up to date on its own.
- `mkdocs.livereload.LiveReloadServer`'s `_rebuild_cond`, `_want_rebuild`, `_epoch_cond`,
  `_wanted_epoch` and `_visible_epoch`, and `mkdocs.livereload._timestamp`: `reload_browsers`
  tells the open pages to reload, as the server does after a rebuild it ran itself.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import logging
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from jinja2 import BytecodeCache, ChoiceLoader, DictLoader, FunctionLoader
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config import load_config as mkdocs_load_config
from mkdocs.exceptions import MkDocsException, PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils.meta import get_data
from watchdog.events import FileCreatedEvent, FileDeletedEvent, FileModifiedEvent, FileMovedEvent
from watchdog.observers import Observer

from ..core import background
from ..core.problems import Problem, ProblemsFound
from ..read.project import Project
from ..render.templating import HEAD_END, HTML_PAGE, TEMPLATES, Deferred, OnDisk
from . import sitemap

_ID = re.compile(r'\sid="([^"]+)"')
_VERBATIM = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2>)", re.S | re.I)
_INDENT = re.compile(r"\n\s+")
AUTHORS_PAGE = "authors/index.md"
_TITLE_NAME = "survey-page-title"
_TITLE = f"\x00{_TITLE_NAME}<&>\x00"
"""Stands for a page's title in a part of the theme shared by many pages (SurveyPlugin.shared):
found as it is only where the theme writes the title unchanged."""
SKIP = "survey-skip.html"
"""A template that renders nothing: MkDocs then writes no file for the page."""
THEME_MAIN = "survey-theme-main.html"
"""The name under which the plugin's main.html extends the site's own main.html."""
BATCH = 4_000
"""Pages a forked renderer writes before it exits (_fork_renderers)."""
QUIET_ENV = {"NO_MKDOCS_2_WARNING": "1"}
"""Material for MkDocs prints an end-of-life notice on every build (it is being succeeded by
Zensical, which reads the same mkdocs.yml); it is news, not a problem with the survey."""


class HtmlPage(Page):
    """A generated page: its body is HTML already, and what precedes HEAD_END goes into <head>."""

    survey_head = ""

    def render(self, config: Any, files: Any) -> None:
        self._take(self.markdown or "")
        # The anchors MkDocs would have found, so links to them from other pages still validate.
        self.present_anchor_ids = set(_ID.findall(self.content))
        self.links_to_anchors = {}

    def _take(self, made: str) -> None:
        head, _, body = made.removeprefix(HTML_PAGE).partition(HEAD_END)
        self.survey_head, self.content, self.markdown = head.strip(), body, ""
        self.toc = get_toc([])


class DeferredPage(HtmlPage):
    """A generated page whose text is made only when the page is written (templating.Deferred),
    by the process that writes it, and let go once written: a build holds no such page's text
    longer than it takes to write it. Its anchors are not known to MkDocs' check of links
    between pages, which skips such a page."""

    def read_source(self, config: Any) -> None:
        self.markdown, self.meta = "", {}

    def render(self, config: Any, files: Any) -> None:
        self.content, self.toc, self.links_to_anchors = "", get_toc([]), {}

    def fill(self, made: str) -> None:
        markdown, self.meta = get_data(made)
        self._take(markdown)

    def empty(self) -> None:
        self.content, self.markdown, self.meta, self.survey_head = "", "", {}, ""


def _with_stand_in(page: Any, caller: Any) -> str | None:
    """The part rendered for a page whose title is _TITLE; None if the part shows the title
    other than as it is (escaped, shortened), where each page must render its own."""
    meta = page.meta
    had, title = "title" in meta, meta.get("title")
    meta["title"] = _TITLE
    try:
        made = caller()
    finally:
        if had:
            meta["title"] = title
        else:
            del meta["title"]
    return None if _TITLE_NAME in made.replace(_TITLE, "") else made


class _Unchanged(File):
    """A generated file whose output in the site folder is already current (`survey serve`)."""

    def is_modified(self) -> bool:
        return False


class SurveyPluginConfig(base.Config):
    pages = c.Type(dict, default={})
    """The generated files by path under docs/, in memory."""
    replaces = c.Type(list, default=[])
    """Files under docs/ that an earlier `survey generate` wrote: the build ignores them."""
    workers = c.Type(int, default=1)
    unchanged = c.Type(list, default=[])
    facet_pages = c.Type(list, default=[])
    atomic = c.Type(bool, default=False)
    bytecode = c.Optional(c.Type(BytecodeCache))


class SurveyPlugin(BasePlugin[SurveyPluginConfig]):
    def __init__(self) -> None:
        self.worker: Callable[[], None] | None = None  # waits for the forked renderers; raises their error
        self.nav: Any = None
        self.in_nav: set[str] = set()
        self.shared_parts: dict[tuple, str] = {}
        self.built: tuple[Any, Any, Any] | None = None  # the build's config, files and environment

    def on_config(self, config: Any) -> Any:
        """Each facet's page joins the nav, in the section that holds authors/index.md: the
        facets are data, so mkdocs.yml does not name them."""
        _add_before(config.nav or [], AUTHORS_PAGE, self.config.facet_pages)
        return config

    def on_files(self, files: Any, config: Any) -> Any:
        pages, unchanged = self.config.pages, set(self.config.unchanged)
        replaced = set(self.config.replaces) | set(pages)
        for file in [f for f in files if f.src_uri in replaced]:
            files.remove(file)
        titles = dict(_nav_titles(config.nav or []))
        for path, content in sorted(pages.items()):  # the order of the sitemap
            if isinstance(content, OnDisk):
                files.append(File.generated(config, path, abs_src_path=str(content.path)))
                continue
            if isinstance(content, Deferred):
                file = File.generated(config, path, content="")
                files.append(file)
                DeferredPage(titles.get(path), file, config)
                continue
            file = (_Unchanged if path in unchanged else File).generated(config, path, content=content)
            files.append(file)
            if HTML_PAGE in content:
                HtmlPage(titles.get(path), file, config)  # becomes file.page, which the nav then uses
        return files

    def on_page_context(self, context: Any, page: Any, config: Any, nav: Any) -> Any:
        if isinstance(page, DeferredPage) and page.meta.get("template") != SKIP:
            page.fill(str(self.config.pages[page.file.src_uri]))
        return context

    def on_nav(self, nav: Any, **kwargs: Any) -> Any:
        self.nav = nav
        self.in_nav = {page.file.src_uri for page in nav.pages}
        return nav

    def shared(self, page: Any, part: str, caller: Any) -> str:
        """A part of the theme's page (its header, tabs, sidebars, footer, scripts) for a
        generated page outside the nav: the same on every such page in one folder with the same
        hidden parts (its links are relative to the folder, no nav item is active, a generated
        page has no table of contents and no previous or next page), but for the page's title,
        so it is rendered once for each with a stand-in for the title, and reused."""
        if not isinstance(page, HtmlPage) or page.file.src_uri in self.in_nav:
            return caller()
        key = (part, page.url.rstrip("/").rpartition("/")[0], tuple((page.meta or {}).get("hide", ())))
        if key not in self.shared_parts:
            self.shared_parts[key] = _with_stand_in(page, caller)
        made = self.shared_parts[key]
        if made is None:
            return caller()
        return made.replace(_TITLE, str(page.title)) if _TITLE in made else made

    def on_env(self, env: Any, config: Any, files: Any) -> Any:
        theme = env.loader
        main = (TEMPLATES / "theme-main.html").read_text(encoding="utf-8")
        env.loader = ChoiceLoader([
            DictLoader({SKIP: "", "main.html": main}),
            FunctionLoader(lambda name: theme.get_source(env, "main.html") if name == THEME_MAIN else None),
            theme])
        env.globals["survey_shared"] = self.shared
        self.built = (config, files, env)
        if self.config.bytecode is not None:  # `survey serve`: the theme's templates compiled once
            env.bytecode_cache = self.config.bytecode
        pages = files.documentation_pages(inclusion=InclusionLevel.is_included)
        generated, unchanged = self.config.pages, set(self.config.unchanged)
        if self.config.workers > 1 and generated:
            theirs = [f for f in pages if f.src_uri in generated and f.src_uri not in unchanged]
            self.worker = _fork_renderers(theirs, self.config.workers, config, pages, self.nav, env)
            for file in theirs:
                file.page.meta["template"] = SKIP
        return env

    def rewrite(self, pages: Mapping[str, str]) -> bool:
        """Render and write these generated pages again with this text, as the build did; False,
        writing nothing, if the build did not make each of them as a page."""
        from mkdocs.commands.build import _build_page, _populate_page

        if self.built is None:
            return False
        config, files, env = self.built
        found = {path: files.get_file_from_path(path) for path in pages}
        if any(file is None or file.page is None or path not in self.config.pages for path, file in found.items()):
            return False
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
        for path, file in found.items():
            file.content_string = pages[path]
            _populate_page(file.page, config, files)
            _build_page(file.page, config, doc_files, self.nav, env)
        return True

    def on_post_page(self, output: str, page: Any, config: Any) -> str:
        if isinstance(page, DeferredPage):
            page.empty()
        output = squeeze(output)
        if not self.config.atomic:
            return output
        write_atomically(Path(page.file.abs_dest_path), output)
        return ""  # written: MkDocs writes no file for an empty page

    def on_post_build(self, config: Any) -> None:
        self._wait(raising=True)
        sitemap.split(Path(config.site_dir), config.site_url)

    def on_build_error(self, error: Exception) -> None:
        self._wait(raising=False)

    def _wait(self, raising: bool) -> None:
        if self.worker is None:
            return
        wait, self.worker = self.worker, None
        try:
            wait()
        except Exception as error:  # reported as MkDocs reports a failed page
            if raising:
                raise PluginError(f"{type(error).__name__}: {error}") from None
        finally:
            gc.unfreeze()


def plugin(pages: Mapping[str, str], **options: Any) -> SurveyPlugin:
    """The plugin with these generated pages and options (SurveyPluginConfig)."""
    made = SurveyPlugin()
    errors, _ = made.load_config({"pages": dict(pages), **options})
    if errors:
        raise ValueError(f"survey plugin options: {errors}")
    return made


def squeeze(html: str) -> str:
    """The page without indentation or blank lines outside the elements whose whitespace shows."""
    parts = _VERBATIM.split(html)  # [text, element, its tag name, text, …]
    return "".join(_INDENT.sub("\n", part) if i % 3 == 0 else part if i % 3 == 1 else ""
                   for i, part in enumerate(parts))


def write_atomically(target: Path, text: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=target.suffix)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(text.encode("utf-8", errors="xmlcharrefreplace"))
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _nav_titles(nav: list) -> Iterator[tuple[str, str]]:
    """(path, title) of every nav entry written 'Title: path'."""
    for item in nav:
        if isinstance(item, dict):
            for title, entry in item.items():
                if isinstance(entry, str):
                    yield entry, title
                elif isinstance(entry, list):
                    yield from _nav_titles(entry)
        elif isinstance(item, list):
            yield from _nav_titles(item)


def _add_before(nav: list, anchor: str, pages: list[str]) -> bool:
    """Put `pages` before `anchor` in the nav section that holds it; False if none does."""
    for i, item in enumerate(nav):
        entry = next(iter(item.values())) if isinstance(item, dict) else item
        if entry == anchor:
            nav[i:i] = [page for page in pages if page not in nav]
            return True
        if isinstance(entry, list) and _add_before(entry, anchor, pages):
            return True
    return False


def _fork_renderers(files: list[Any], workers: int, config: Any, pages: Any, nav: Any,
                    env: Any) -> Callable[[], None]:
    """Start a process that has these pages rendered and written, in batches of about BATCH,
    by `workers` processes at a time, each of which exits when its batch is written; returns
    what waits for them. A process that writes page after page grows by some 17 KB a page
    that it never gives back (the allocator's fragments around the objects that live on), so
    at 100,000 papers one writer would grow by gigabytes; a batch's process takes its growth
    with it."""
    from mkdocs.commands.build import _build_page

    count = max(workers, -(-len(files) // (BATCH * workers)) * workers)  # as many for each worker

    def render(batch: list[Any]) -> None:
        for file in batch:
            _build_page(file.page, config, pages, nav, env)

    def supervise() -> None:
        render(files[:1])  # compiles the theme's templates once, for every batch's process
        rest, running = files[1:], list[background.Pending[None]]()
        for i in range(count):
            if len(running) == workers:
                running.pop(0)()  # batches are alike in size: the oldest is done first
            running.append(background.fork(functools.partial(render, rest[i::count])))
        for pending in running:
            pending()

    # Objects made so far are not collected in any process until the renderers are done: the
    # collector would otherwise touch every one of them and make the kernel copy each page the
    # processes share.
    gc.freeze()
    return background.fork(supervise)


class MemoryBytecodeCache(BytecodeCache):
    """Compiled templates kept in memory, by template and source checksum."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Any) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: Any) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


# --- Configuration and builds ------------------------------------------------------------------


@contextlib.contextmanager
def environment(values: Mapping[str, str]) -> Iterator[None]:
    """These environment variables set while MkDocs runs, and restored after."""
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def load_config(project: Project, survey_plugin: SurveyPlugin, strict: bool = True, **overrides: Any) -> Any:
    """mkdocs.yml as MkDocs reads it, with the survey's plugin added."""
    config = mkdocs_load_config(config_file=str(project.config_file), strict=strict, **overrides)
    config.plugins["survey"] = survey_plugin
    return config


class _Messages(logging.Handler):
    """What MkDocs logs at warning level or above, to report or to print."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def build(config: Any, env: Mapping[str, str], *, dirty: bool = False, serve_url: str | None = None) -> list[str]:
    """Build the site MkDocs' way, in this process; its warnings, or ProblemsFound if it failed."""
    from mkdocs.commands.build import build as mkdocs_build

    messages = _Messages()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(messages)
    try:
        with environment({**QUIET_ENV, **env}):
            mkdocs_build(config, dirty=dirty, serve_url=serve_url)
    except (MkDocsException, OSError) as error:
        lines = [*messages.lines, str(error)]
        raise ProblemsFound([Problem("mkdocs.yml", None, None, "mkdocs build", line.strip(),
                                     "fix the page or setting the message names") for line in lines[-20:]]) from None
    finally:
        logger.removeHandler(messages)
    return messages.lines


def reload_browsers(server: Any) -> None:
    """Have the pages open on MkDocs' server reload, as it does after each rebuild it runs; not
    while one runs, which reloads them when it ends."""
    from mkdocs import livereload

    with server._rebuild_cond, server._epoch_cond:
        if server._visible_epoch == server._wanted_epoch and not server._want_rebuild:
            server._wanted_epoch = server._visible_epoch = livereload._timestamp()
            server._epoch_cond.notify_all()


class _QuietDirty(logging.Filter):
    """MkDocs warns at every dirty build that its navigation may be off; here it is not: the
    navigation is built in full each time, and only unchanged pages are left as they were."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()


def live_server(rebuild: Callable[[], None], site_dir: Path, address: str, mount_path: str,
                watched: list[Path]) -> Any:
    """MkDocs' development server over site_dir: it calls `rebuild` when a watched path changes
    and reloads the reader's browser."""
    from mkdocs.livereload import LiveReloadServer

    logging.getLogger("mkdocs.commands.build").addFilter(_QuietDirty())
    host, port = address.rsplit(":", 1)
    server = LiveReloadServer(builder=rebuild, host=host, port=int(port), root=str(site_dir), mount_path=mount_path)
    server.observer = _Watcher(server.observer)
    app, server.requested_at = server.get_app(), 0.0

    def noting(environ: Any, start_response: Any) -> Any:
        server.requested_at = time.monotonic()
        return app(environ, start_response)

    server.set_app(noting)
    for path in watched:
        if path.exists():
            server.watch(str(path))
    return server


def wait_for_readers(server: Any, quiet: float = 0.4, longest: float = 1.5) -> None:
    """Return once the server (live_server's) has had no request for `quiet` seconds, counted
    from now at the earliest, or after `longest`: a browser reloading the page just rebuilt
    asks for it and its styles and scripts within that, and is served and lays the page out
    before the next rebuild takes the interpreter and a core (with 0.15 s, half the edits at
    5,000 papers showed 0.3-0.4 s later)."""
    start = time.monotonic()
    while (now := time.monotonic()) - start < longest:
        idle = now - max(server.requested_at, start)
        if idle >= quiet:
            return
        time.sleep(quiet - idle)


class _Watcher:
    """What MkDocs' server watches the files with: the system's own change notices (inotify on
    Linux) in place of its scan of every watched file each half second, which at 5,000 papers
    took 40 ms a scan and saw a save 0.25 s late on average. Only changes count: the notices
    also tell of files opened and closed, and the survey's own reading would rebuild forever.
    Where the system cannot watch (out of inotify watches, say), MkDocs' scanning takes over."""

    CHANGES = [FileCreatedEvent, FileModifiedEvent, FileDeletedEvent, FileMovedEvent]

    def __init__(self, scanning: Any):
        self.scanning, self.notices = scanning, Observer()
        self.active = self.notices
        self.scheduled: list[tuple[Any, str, bool]] = []

    def schedule(self, handler: Any, path: str, recursive: bool = False) -> Any:
        self.scheduled.append((handler, path, recursive))
        return self.notices.schedule(handler, path, recursive=recursive, event_filter=self.CHANGES)

    def unschedule(self, watch: Any) -> None:
        self.active.unschedule(watch)

    def start(self) -> None:
        try:
            self.notices.start()
        except OSError:
            self.notices.stop()
            for handler, path, recursive in self.scheduled:
                self.scanning.schedule(handler, path, recursive=recursive)
            self.active = self.scanning
            self.scanning.start()

    def stop(self) -> None:
        self.active.stop()

    def join(self, timeout: float | None = None) -> None:
        self.active.join(timeout)
