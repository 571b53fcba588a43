"""The survey's MkDocs plugin: the generated pages, handed to MkDocs from memory and built fast.

`survey build` and `survey serve` add it to the configuration they load; mkdocs.yml does not
name it, so plain `mkdocs build` (or Zensical) still builds what `survey generate` wrote into
docs/, only more slowly. What it does:

- `pages`: the generated files, given in memory, take the place of those in docs/ (listed in
  docs/.generated), so a build neither writes nor reads thousands of files there.
- A generated page starts with templating.HTML_PAGE: its body is HTML, so the plugin stands in
  for `Page.render`, which would build a Markdown converter per page to convert nothing; what
  comes before templating.HEAD_END goes into the page's <head> (citation tags, JSON-LD),
  through docs/overrides/main.html.
- `workers=2`: once every page is read, a forked process renders the theme for every second
  generated page while this one renders the rest (the theme is most of a build's time, and
  MkDocs uses one core). The pages it takes get an empty template here, which MkDocs skips.
- `facet_pages`: each facet's page, put into the nav before the authors' page.
- The theme's tabs and sidebars are rendered once per folder for the generated pages
  outside the nav (papers, authors, facet values), where they are the same (`shared`).
- Every page loses the indentation and blank lines the theme's templates leave (a fifth of a
  page), except inside <pre>, <textarea>, <script> and <style>, where whitespace is content.
- `unchanged`: generated files whose output is already in the site folder (`survey serve`)
  count as not modified, so a dirty rebuild reads, renders and writes only what changed;
  `bytecode` keeps the theme's compiled templates from one rebuild to the next.
"""

from __future__ import annotations

import contextlib
import gc
import re
from collections.abc import Callable, Collection, Mapping
from typing import Any

from jinja2 import BytecodeCache, ChoiceLoader, DictLoader
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.toc import get_toc

from ..core import background
from ..render.templating import HEAD_END, HTML_PAGE

_ID = re.compile(r'\sid="([^"]+)"')
_VERBATIM = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2>)", re.S | re.I)
_INDENT = re.compile(r"\n\s+")
AUTHORS_PAGE = "authors/index.md"
SKIP = "survey-skip.html"
"""A template that renders nothing: MkDocs then writes no file for the page."""


class SurveyPlugin(BasePlugin):
    def __init__(self, pages: Mapping[str, str] | None = None, replaces: Collection[str] = (),
                 workers: int = 1, unchanged: Collection[str] = (), bytecode: BytecodeCache | None = None,
                 facet_pages: Collection[str] = ()) -> None:
        self.pages, self.replaces, self.bytecode = pages, set(replaces), bytecode
        self.facet_pages = list(facet_pages)
        self.workers, self.unchanged = workers, set(unchanged)
        self.worker: Callable[[], None] | None = None  # waits for the forked renderer; raises its error
        self.nav: Any = None
        self.in_nav: set[str] = set()
        self.shared_parts: dict[tuple, str] = {}

    def on_config(self, config: Any) -> Any:
        """Each facet's page joins the nav, in the section that holds authors/index.md: the
        facets are data, so mkdocs.yml does not name them."""
        _add_before(config.nav or [], AUTHORS_PAGE, self.facet_pages)
        return config

    def on_files(self, files: Any, config: Any) -> Any:
        if self.pages is None:
            return files
        for file in list(files):
            if file.src_uri in self.replaces or file.src_uri in self.pages:
                files.remove(file)
        for path, content in self.pages.items():
            file = File.generated(config, path, content=content)
            if path in self.unchanged:
                # A dirty build then neither reads nor renders it: its output is already there.
                file.is_modified = lambda: False
            files.append(file)
        return files

    def on_nav(self, nav: Any, **kwargs: Any) -> Any:
        self.nav = nav
        self.in_nav = {page.file.src_uri for page in nav.pages}
        return nav

    def shared(self, page: Any, part: str, caller: Any) -> str:
        """A part of the theme's page (its tabs, its sidebars) for a generated page outside the
        nav: the same on every such page in one folder with the same hidden parts (its links
        are relative to the folder, no nav item is active, and a generated page has no table of
        contents), so it is rendered once for each and reused. main.html asks for it around
        the theme's blocks."""
        if page is None or page.file.src_uri not in (self.pages or {}) or page.file.src_uri in self.in_nav:
            return caller()
        key = (part, page.url.rstrip("/").rpartition("/")[0], tuple((page.meta or {}).get("hide", ())))
        if key not in self.shared_parts:
            self.shared_parts[key] = caller()
        return self.shared_parts[key]

    def on_page_markdown(self, markdown: str, page: Any, **kwargs: Any) -> str:
        if not markdown.startswith(HTML_PAGE):
            return markdown
        head, _, body = markdown.removeprefix(HTML_PAGE).partition(HEAD_END)
        page.survey_head = head.strip()

        def render(config: Any, files: Any) -> None:  # what Page.render sets, without Markdown
            page.content = body
            page.toc = get_toc([])
            page._title_from_render = None
            # The anchors MkDocs would have found, so links to them from other pages still validate.
            page.present_anchor_ids = set(_ID.findall(body))
            page.links_to_anchors = {}

        page.render = render
        return ""  # the body is kept above; MkDocs need not hold a second copy

    def on_env(self, env: Any, config: Any, files: Any) -> Any:
        env.loader = ChoiceLoader([DictLoader({SKIP: ""}), env.loader])
        env.globals["survey_shared"] = self.shared
        if self.bytecode is not None:  # `survey serve`: the theme's templates compiled once, not at every rebuild
            env.bytecode_cache = self.bytecode
        pages = files.documentation_pages(inclusion=InclusionLevel.is_included)
        if self.workers > 1 and self.pages:
            mine = [f for f in pages if f.src_uri in self.pages and f.src_uri not in self.unchanged][1::2]
            self.worker = _fork_renderer(mine, config, pages, self.nav, env)
            for file in mine:
                file.page.meta["template"] = SKIP
        return env

    def on_post_page(self, output: str, page: Any, config: Any) -> str:
        return squeeze(output)

    def on_post_build(self, config: Any) -> None:
        if self.worker is not None:
            wait, self.worker = self.worker, None
            try:
                wait()
            except Exception as error:  # reported as MkDocs reports a failed page
                raise PluginError(f"{type(error).__name__}: {error}") from None

    def on_build_error(self, error: Exception) -> None:
        if self.worker is not None:
            wait, self.worker = self.worker, None
            with contextlib.suppress(Exception):  # the build failed already; this is only the wait
                wait()


def squeeze(html: str) -> str:
    """The page without indentation or blank lines outside the elements whose whitespace shows."""
    parts = _VERBATIM.split(html)  # [text, element, its tag name, text, …]
    return "".join(_INDENT.sub("\n", part) if i % 3 == 0 else part if i % 3 == 1 else ""
                   for i, part in enumerate(parts))


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


def _fork_renderer(files: list[Any], config: Any, pages: Any, nav: Any, env: Any) -> Callable[[], None]:
    """Start a process that renders and writes these pages; returns what waits for it."""
    from mkdocs.commands.build import _build_page

    def render() -> None:
        for file in files:
            _build_page(file.page, config, pages, nav, env)

    # Objects made so far are not collected in either process: the collector would otherwise
    # touch every one of them and make the kernel copy each page the two processes share.
    gc.freeze()
    return background.fork(render)


class MemoryBytecodeCache(BytecodeCache):
    """Compiled templates kept in memory, by template and source checksum."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Any) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: Any) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()
