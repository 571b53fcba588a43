"""`survey build`'s recipe: check, render, build with MkDocs into a staging folder while the search
index is made, verify that every paper reached every place it belongs, then swap it in.

The generated pages go to MkDocs from memory (builder/mkdocs.py): the build neither writes nor
reads docs/, where `survey generate` puts the same pages for other tools. A failure at any step,
or a kill at any moment, leaves the previous site/ as it was: the new site is swapped in with
one atomic exchange of the two folders (Linux; elsewhere two renames, which the next build
repairs if a kill falls between them), and whatever a killed build left behind (its staging
folders, and the processes it forked, which die with it) is removed by the next one.

Usage::

    build.build(project, out)       # raises ProblemsFound naming every problem
"""

from __future__ import annotations

import calendar
import contextlib
import ctypes
import datetime as dt
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from ..core.model import Survey
from ..core.problems import UsageError
from ..read.project import Project
from ..read.reader import read_survey
from . import generate, mkdocs, search, verify
from .write import check_no_conflict, read_manifest

WORKERS = 2
"""Processes that render the theme around the generated pages (see mkdocs.py)."""
STAGING = ".site-"
"""Prefix of the folders a build works in, next to site/."""
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def facet_pages(survey: Survey) -> list[str]:
    """Each facet's page, for the nav."""
    return [f"{facet.id}/index.md" for facet in survey.taxonomy.facets]


def build_date_env(survey: Survey) -> dict[str, str]:
    """The build date MkDocs writes (sitemap dates, gzip headers): the day the newest paper was
    added, not today, so the same papers build the same bytes on any day."""
    if not survey.papers:
        return {}
    newest = max(dt.date.fromisoformat(p.added) for p in survey.papers)
    return {"SOURCE_DATE_EPOCH": str(calendar.timegm(newest.timetuple()))}


def build(project: Project, out: TextIO) -> None:
    with _exclusive(project):
        _clean_up(project)
        survey = read_survey(project)
        work = Path(tempfile.mkdtemp(prefix=STAGING + "search-", dir=project.root))
        staging = Path(tempfile.mkdtemp(prefix=STAGING, dir=project.root))
        # Indexing starts first, in a forked process: it needs only the papers, and runs on the
        # second core meanwhile.
        indexing = search.Indexing(project, survey, work).start(fork=True)
        try:
            files = generate.render(project, survey, deferred_to=work / "generated")
            generated = read_manifest(project.docs_dir)
            check_no_conflict(project.docs_dir, files, generated)
            out.write(f"✓ {len(survey.papers)} papers checked; {len(files)} pages and exports rendered\n")
            plugin = mkdocs.plugin(files, replaces=sorted(generated), workers=WORKERS,
                                   facet_pages=facet_pages(survey))
            config = mkdocs.load_config(project, plugin, site_dir=str(staging))
            for line in mkdocs.build(config, build_date_env(survey)):
                sys.stderr.write(line + "\n")
            verify.check_site(staging, survey, searched=lambda: indexing.install(staging))
            swap_in(staging, project.site_dir)
        finally:
            indexing.cancel()
            shutil.rmtree(staging, ignore_errors=True)
            shutil.rmtree(work, ignore_errors=True)


def swap_in(staging: Path, site_dir: Path) -> None:
    """Make staging the site: readers, and a kill at any moment, see the old site or the new one."""
    if not site_dir.exists():
        staging.rename(site_dir)
    elif _exchange(staging, site_dir):
        shutil.rmtree(staging)  # it holds the old site now
    else:
        old = site_dir.with_name(site_dir.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        site_dir.rename(old)
        staging.rename(site_dir)
        shutil.rmtree(old)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one step (Linux's renameat2); False where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except AttributeError:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    if ctypes.get_errno() in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: not on this file system
        return False
    raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), str(second))


def _clean_up(project: Project) -> None:
    """Remove what a killed build left: its staging folders, and a site left half-swapped."""
    old = project.site_dir.with_name(project.site_dir.name + ".old")
    if not project.site_dir.exists() and old.is_dir():
        old.rename(project.site_dir)
    shutil.rmtree(old, ignore_errors=True)
    for leftover in project.root.glob(STAGING + "*"):
        if leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover, ignore_errors=True)


@contextlib.contextmanager
def _exclusive(project: Project) -> Iterator[None]:
    """One build at a time in a project: the lock is the project folder's, and a killed build's
    lock goes with it."""
    try:
        import fcntl
    except ImportError:  # Windows: no lock
        yield
        return
    descriptor = os.open(project.root, os.O_RDONLY)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise UsageError("another `survey build` is running in this folder; wait for it to finish") from None
        yield
    finally:
        os.close(descriptor)
