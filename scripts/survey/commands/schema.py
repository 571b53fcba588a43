"""`survey schema`: write papers/_schema.json and papers/_template.yaml from the schema in code.

With --check, write nothing and fail if either file is out of date.
"""

from __future__ import annotations

import json
import sys
from typing import TextIO

from .. import schema
from ..problems import Problem, ProblemsFound
from ..project import Project
from ..source import read_taxonomy


def contract_files(project: Project) -> dict[str, str]:
    taxonomy = read_taxonomy(project)
    return {
        "papers/_schema.json": json.dumps(schema.json_schema(taxonomy), ensure_ascii=False, indent=2) + "\n",
        "papers/_template.yaml": schema.template(taxonomy),
    }


def run(project: Project, check_only: bool = False, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    stale = []
    for path, content in contract_files(project).items():
        target = project.root / path
        current = target.read_text(encoding="utf-8") if target.is_file() else None
        if current == content:
            continue
        stale.append(path)
        if not check_only:
            target.write_text(content, encoding="utf-8")
            out.write(f"✓ wrote {path}\n")
    if check_only and stale:
        raise ProblemsFound([Problem(path, None, None, "", "out of date with the schema in scripts/survey/schema.py",
                                     "run `survey schema` and commit the result") for path in stale])
    if not stale:
        out.write("✓ papers/_schema.json and papers/_template.yaml are up to date\n")
    return 0
