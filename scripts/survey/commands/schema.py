"""`survey schema`: write the files derived from the schema in code and the taxonomy:
papers/_schema.json, papers/_taxonomy.schema.json, papers/_template.yaml and the
"Suggest a paper" and "Correct a paper" issue forms in .github/ISSUE_TEMPLATE/.

With --check, write nothing and fail if any of them is out of date.
"""

from __future__ import annotations

import json
import sys
from typing import TextIO

from ..core import schema, taxonomy
from ..core.problems import Problem, ProblemsFound
from ..read.project import Project
from ..read.reader import read_taxonomy
from ..render import issueform, paperfile


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def contract_files(project: Project) -> dict[str, str]:
    facets = read_taxonomy(project)
    return {
        "papers/_schema.json": _json(schema.paper_schema(facets)),
        "papers/_taxonomy.schema.json": _json(taxonomy.json_schema()),
        "papers/_template.yaml": paperfile.template(facets),
        ".github/ISSUE_TEMPLATE/add-paper.yml": issueform.form(facets),
        f".github/ISSUE_TEMPLATE/{issueform.CORRECTION_FORM}": issueform.correction_form(facets),
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
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8")
            out.write(f"✓ wrote {path}\n")
    if check_only and stale:
        raise ProblemsFound([Problem(path, None, None, "", "out of date with scripts/survey/core/schema.py",
                                     "run `survey schema` and commit the result") for path in stale])
    if not stale:
        out.write(f"✓ {', '.join(contract_files(project))} are up to date\n")
    return 0
