"""`survey build`: check, generate, `mkdocs build --strict` into a temporary folder,
verify that every paper reached every place it belongs, then swap the new site in.

A failure at any step leaves the previous site/ as it was.
"""

from __future__ import annotations

import calendar
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TextIO

from .. import verify
from ..model import Survey
from ..problems import Problem, ProblemsFound
from ..project import Project
from ..source import read_survey
from .generate import generate

# Material for MkDocs prints an end-of-life notice on every build (it is being succeeded
# by Zensical, which reads the same mkdocs.yml); it is news, not a problem with the survey.
QUIET_ENV = {"NO_MKDOCS_2_WARNING": "1"}


def mkdocs_environment(survey: Survey | None = None) -> dict[str, str]:
    """The environment MkDocs runs in. With a survey, the build date MkDocs writes (sitemap
    dates, gzip headers) is the day the newest paper was added, not today: the same papers
    build the same bytes on any day."""
    env = {**os.environ, **QUIET_ENV}
    if survey and survey.papers:
        newest = max(dt.date.fromisoformat(p.added) for p in survey.papers)
        env["SOURCE_DATE_EPOCH"] = str(calendar.timegm(newest.timetuple()))
    return env


def run(project: Project, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    survey = read_survey(project)
    report = generate(project, survey)
    out.write(f"✓ {len(survey.papers)} papers checked; docs/: {len(report.written)} written, "
              f"{report.unchanged} unchanged, {len(report.removed)} removed\n")
    staging = Path(tempfile.mkdtemp(prefix=".site-", dir=project.root))
    try:
        mkdocs_build(project, staging, mkdocs_environment(survey))
        verify.check_site(staging, survey)
        swap_in(staging, project.site_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    out.write(f"✓ site built into {project.display(project.site_dir)}/\n")
    return 0


def mkdocs_build(project: Project, site_dir: Path, env: dict[str, str]) -> None:
    """Run `mkdocs build --strict`; raise ProblemsFound with its warnings if it fails.

    Not `--quiet`: MkDocs counts strict-mode warnings only when they are logged."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict",
               "--config-file", str(project.config_file), "--site-dir", str(site_dir)]
    result = subprocess.run(command, cwd=project.root, env=env,
                            capture_output=True, text=True, check=False)
    messages = [line for line in (result.stderr + result.stdout).splitlines()
                if line.strip() and not line.startswith(("INFO", "Aborted with"))]
    if result.returncode != 0:
        raise ProblemsFound([Problem("mkdocs.yml", None, None, "mkdocs build", line.strip(),
                                     "fix the page or setting the message names") for line in messages[-20:]]
                            or [Problem("mkdocs.yml", None, None, "mkdocs build", "failed without a message")])
    for line in messages:
        sys.stderr.write(line + "\n")


def swap_in(staging: Path, site_dir: Path) -> None:
    """Replace site_dir by staging with two renames, so readers never see half a site."""
    old = site_dir.with_name(site_dir.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if site_dir.exists():
        site_dir.rename(old)
    staging.rename(site_dir)
    shutil.rmtree(old, ignore_errors=True)
