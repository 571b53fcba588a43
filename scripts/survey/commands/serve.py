"""`survey serve`: generate, then serve the site with live reload on 127.0.0.1.

MkDocs watches docs/; this command watches papers/ (and the settings) and
regenerates the pages when a file changes, so editing a paper updates its page.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import TextIO

from ..problems import ProblemsFound
from ..project import Project
from . import check
from .build import build_date_env
from .generate import generate

POLL_SECONDS = 0.5


def snapshot(project: Project) -> dict[Path, tuple[int, int]]:
    """(modification time, size) of every input file, to notice edits, additions and removals."""
    files = [*project.papers_dir.iterdir(), project.config_file, project.root / "CITATION.cff"]
    return {f: (s.st_mtime_ns, s.st_size) for f in files if f.is_file() for s in [f.stat()]}


def regenerate(project: Project, out: TextIO) -> None:
    try:
        report = generate(project)
    except ProblemsFound as found:
        check.report(found, out=out)
        out.write("  (still serving the last valid pages; fix the files above)\n")
        return
    if report.written or report.removed:
        out.write(f"✓ regenerated: {len(report.written)} written, {len(report.removed)} removed\n")


def run(project: Project, address: str = "127.0.0.1:8000", out: TextIO | None = None) -> int:
    out = out or sys.stdout
    regenerate(project, out)
    command = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", address,
               "--config-file", str(project.config_file)]
    server = subprocess.Popen(command, cwd=project.root, env={**os.environ, **build_date_env()})
    seen = snapshot(project)
    try:
        while server.poll() is None:
            time.sleep(POLL_SECONDS)
            current = snapshot(project)
            if current != seen:
                seen = current
                regenerate(project, out)
    except KeyboardInterrupt:
        pass
    finally:
        server.terminate()
        server.wait()
    return 0
