"""`survey serve`: the site on 127.0.0.1 with live reload; a saved paper shows within seconds."""

from __future__ import annotations

import sys
from typing import TextIO

from ..builder import serve
from ..read.project import Project


def run(project: Project, address: str = "127.0.0.1:8000", out: TextIO | None = None) -> int:
    serve.serve(project, address, out or sys.stdout)
    return 0
