"""`survey build`: check, render the pages, build them with MkDocs into a temporary folder while
Pagefind indexes the papers, verify that every paper reached every place it belongs, then swap
the new site in.

The generated pages go to MkDocs from memory (mkdocs_plugin.py): the build neither writes nor
reads docs/, where `survey generate` puts the same pages for other tools. A failure at any step
leaves the previous site/ as it was.
"""

from __future__ import annotations

import calendar
import contextlib
import datetime as dt
import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from ..builder import search, verify
from ..builder.mkdocs import SurveyPlugin
from ..builder.write import check_no_conflict, read_manifest
from ..core.model import Survey
from ..core.problems import Problem, ProblemsFound
from ..read.project import Project
from ..read.reader import read_survey
from ..render import pages as rendering
from .generate import render

# Material for MkDocs prints an end-of-life notice on every build (it is being succeeded
# by Zensical, which reads the same mkdocs.yml); it is news, not a problem with the survey.
QUIET_ENV = {"NO_MKDOCS_2_WARNING": "1"}


def facet_pages(survey: Survey) -> list[str]:
    """Each facet's page, for the nav."""
    return [f"{facet.id}/index.md" for facet in survey.taxonomy.facets]


def build_date_env(survey: Survey | None = None) -> dict[str, str]:
    """The environment MkDocs runs in. With a survey, the build date MkDocs writes (sitemap
    dates, gzip headers) is the day the newest paper was added, not today: the same papers
    build the same bytes on any day."""
    env = dict(QUIET_ENV)
    if survey and survey.papers:
        newest = max(dt.date.fromisoformat(p.added) for p in survey.papers)
        env["SOURCE_DATE_EPOCH"] = str(calendar.timegm(newest.timetuple()))
    return env


@contextlib.contextmanager
def environment(values: dict[str, str]) -> Iterator[None]:
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


WORKERS = 2
"""Processes that render the theme around the generated pages (see mkdocs_plugin.py)."""


def run(project: Project, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    survey = read_survey(project)
    work = Path(tempfile.mkdtemp(prefix=".site-search-", dir=project.root))
    staging = Path(tempfile.mkdtemp(prefix=".site-", dir=project.root))
    # Indexing starts first, in a forked process: it needs only the papers, and runs on the
    # second core meanwhile.
    indexing = search.start(lambda: rendering.search_records(survey, search.hand_written_pages(project),
                                                        [project.template_overrides]), work, fork=True)
    try:
        pages = render(project, survey)
        generated = read_manifest(project.docs_dir)
        check_no_conflict(project.docs_dir, pages, generated)
        out.write(f"✓ {len(survey.papers)} papers checked; {len(pages)} pages and exports rendered\n")
        plugin = SurveyPlugin(pages, replaces=generated, workers=WORKERS, facet_pages=facet_pages(survey))
        mkdocs_build(project, staging, build_date_env(survey), plugin)
        indexing.install(staging)
        verify.check_site(staging, survey)
        swap_in(staging, project.site_dir)
    finally:
        indexing.cancel()
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)
    out.write(f"✓ site built into {project.display(project.site_dir)}/\n")
    return 0


class _Messages(logging.Handler):
    """What MkDocs logs at warning level or above, to report or to print."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def load_config(project: Project, plugin: SurveyPlugin, strict: bool = True, **overrides: Any) -> Any:
    """mkdocs.yml as MkDocs reads it, with the survey's plugin added (see mkdocs_plugin.py)."""
    from mkdocs.config import load_config as mkdocs_load_config

    config = mkdocs_load_config(config_file=str(project.config_file), strict=strict, **overrides)
    config.plugins["survey"] = plugin
    return config


def mkdocs_build(project: Project, site_dir: Path, env: dict[str, str], plugin: SurveyPlugin | None = None) -> None:
    """Build the pages with MkDocs, in this process; raise ProblemsFound with its warnings if it fails."""
    from mkdocs.commands.build import build
    from mkdocs.exceptions import MkDocsException

    messages = _Messages()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(messages)
    try:
        with environment(env):
            build(load_config(project, plugin or SurveyPlugin(), site_dir=str(site_dir)))
    except (MkDocsException, OSError) as error:
        lines = [*messages.lines, str(error)]
        raise ProblemsFound([Problem("mkdocs.yml", None, None, "mkdocs build", line.strip(),
                                     "fix the page or setting the message names") for line in lines[-20:]]) from None
    finally:
        logger.removeHandler(messages)
    for line in messages.lines:
        sys.stderr.write(line + "\n")


def swap_in(staging: Path, site_dir: Path) -> None:
    """Replace site_dir by staging with two renames, so readers never see half a site."""
    old = site_dir.with_name(site_dir.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if site_dir.exists():
        site_dir.rename(old)
    staging.rename(site_dir)
    shutil.rmtree(old, ignore_errors=True)
