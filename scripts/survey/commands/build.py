"""`survey build`: check, render, build with MkDocs, index for search, verify, swap the new site in."""

from __future__ import annotations

import sys
from typing import TextIO

from ..builder import build
from ..read.project import Project


def run(project: Project, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    build.build(project, out)
    out.write(f"✓ site built into {project.display(project.site_dir)}/\n")
    return 0
