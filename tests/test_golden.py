"""Generated pages of the fixture survey, compared with the golden copies in tests/golden/.

After an intended change to a template, run `pytest tests/test_golden.py --update-golden`
and review the diff of tests/golden/ like any other change.
"""

from __future__ import annotations

import pytest

from conftest import ROOT, generate_docs

GOLDEN = ROOT / "tests" / "golden"
PAGES = [
    "index.md",
    "papers/index.md",
    "papers/chexagent.md",
    "topics/segmentation.md",
    "tasks/index.md",
    "overview.md",
    "whats-new.md",
    "feed.xml",
    "papers.bib",
    "papers.csv",
]


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    from conftest import new_project

    project = new_project(tmp_path_factory.mktemp("golden") / "survey", survey="fixture")
    generate_docs(project)
    return project.docs_dir


@pytest.mark.parametrize("page", PAGES)
def test_generated_page_matches_golden(page: str, generated, request) -> None:
    actual = (generated / page).read_text(encoding="utf-8")
    golden = GOLDEN / page
    if request.config.getoption("--update-golden"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
    assert golden.is_file(), f"no golden copy of {page}: run pytest --update-golden"
    assert actual == golden.read_text(encoding="utf-8"), f"{page} changed: review it, then run pytest --update-golden"
