"""Render every page and export of the survey on two cores.

The text analysis and the data exports need no other page: a forked process makes them
(core/background.py) while this one renders the pages that need only the papers; the paper
pages and the map, which need the analysis, come last. `survey serve` renders in one process
with a token cache and a render cache kept between calls, so a save re-does little.

Usage::

    files = generate.render(project, survey)               # {"papers/x.md": "---\\n…", …}
    report = generate.write_docs(project, survey)           # the same pages written into docs/
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..core import analysis, background
from ..core.analysis import TextAnalysis, TokenCache
from ..core.model import Survey
from ..read.project import Project
from ..render import pages as rendering
from ..render.cache import RenderCache
from ..render.templating import Deferred, OnDisk
from . import write


@dataclass(frozen=True)
class Rendered:
    """What a render made, and what it made it with: `survey serve` renders an edited paper's
    page again from these (Pages.paper) before it renders the whole survey."""

    files: dict[str, str | Deferred]
    pages: rendering.Pages
    analysis: TextAnalysis


def render(project: Project, survey: Survey, *, parallel: bool = True,
           deferred_to: Path | None = None) -> dict[str, str | Deferred]:
    """Every generated page and export, with the text analysis and the exports in a second
    process when `parallel`. With a folder `deferred_to` (`survey build`), the exports are
    written into it and the pages there are many of made only when read (templating.Deferred), so that the
    build holds neither: its MkDocs copies the one and renders the other where it writes it."""
    return render_keeping(project, survey, parallel=parallel, deferred_to=deferred_to).files


def render_keeping(project: Project, survey: Survey, *, parallel: bool = True, cache: RenderCache | None = None,
                   tokens: TokenCache | None = None, deferred_to: Path | None = None) -> Rendered:
    """`render`, with what made the pages; `cache` and `tokens` are kept between calls by `survey serve`."""
    pages = rendering.Pages(survey, [project.template_overrides], cache, deferred=deferred_to is not None)
    apart = background.fork(lambda: (analysis.analyse(survey.papers, tokens), _exports(pages, parallel, deferred_to)),
                            enabled=parallel)
    files: dict[str, str | Deferred] = dict(rendering.shared_pages(pages))
    text_analysis, data = apart()
    files.update(data)
    files.update(rendering.analysed_pages(pages, text_analysis))
    pages.cache.finish()
    return Rendered(files, pages, text_analysis)


def _exports(pages: rendering.Pages, parallel: bool, folder: Path | None) -> dict[str, str] | dict[str, OnDisk]:
    """The exports (rendering.data_files); each written into `folder`, if given, as OnDisk. Made
    in a second process when `parallel`, whose render cache is thrown away."""
    cached = not parallel and folder is None
    if folder is None:
        return rendering.data_files(pages, cached)
    written = {}
    for path, text in rendering.each_data_file(pages, cached):
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        written[path] = OnDisk(target)
        del text  # before the next is made
    return written


def write_docs(project: Project, survey: Survey) -> write.WriteReport:
    """Render the survey and bring docs/ up to date (`survey generate`)."""
    return write.write_pages(project.docs_dir, render(project, survey))
