"""`survey add --bibtex` on real BibTeX that nobody here wrote: every entry of every file in
tests/data/bibtex/ (their sources are in SOURCES.md) goes in as its golden file says, or is
refused with the file's line and a fix. The goldens were read against their entries one by one;
`pytest --update-golden` rewrites them after a deliberate change, for another such read.

The held-out files (tests/data/bibtex/holdout/) have no goldens: they check that what is true of
every entry holds there too. Nothing crashes; a written file passes `survey check` or its problems
are listed; and every value in it is traceable to the entry: the DOI and each link are in the
entry verbatim, the arXiv id is in it, no preprint server is the venue, and as many authors."""

from __future__ import annotations

import re
import shutil
import urllib.parse
from pathlib import Path

import pytest

from conftest import DATA
from survey.core import names

BIBTEX = DATA / "bibtex"
GOLDEN = BIBTEX / "expected"
FACETS = ["--topics", "segmentation", "--modalities", "ct", "--types", "method", "--tasks", "screening", "--tldr",
          "A takeaway."]
_ENCODING = re.compile(r"-(latin1|cp1252)\b")


def _entries(file: Path) -> list[str]:
    """The keys to ask for: each entry's key, or '#N' for one without."""
    from survey.services import bibfile

    raw = file.read_bytes()
    match = _ENCODING.search(file.stem)
    text = bibfile.decode(raw, file.name, {"latin1": "latin-1", "cp1252": "cp1252"}[match.group(1)] if match else None)
    entries, _ = bibfile._parse(text, file.name)
    return [e.key or f"#{i}" for i, e in enumerate(entries, start=1)]


def _cases(folder: Path) -> list[tuple[Path, str]]:
    return [(file, key) for file in sorted(folder.glob("*.bib")) for key in _entries(file)]


def _add(project, run_cli, file: Path, key: str) -> str:
    """`survey add --bibtex` of one entry, as a contributor runs it; what it printed and wrote."""
    shutil.copy(file, project.root / file.name)
    args = ["add", "--bibtex", file.name, "--key", key, *FACETS]
    match = _ENCODING.search(file.stem)
    if match:
        args += ["--encoding", {"latin1": "latin-1", "cp1252": "cp1252"}[match.group(1)]]
    code, out = run_cli(project, *args)
    written = sorted(p for p in project.papers_dir.glob("*.yaml") if not p.name.startswith("_"))
    result = f"exit {code}\n{out}"
    for paper in written:
        text = re.sub(r"^added: \d{4}-\d{2}-\d{2}$", "added: TODAY", paper.read_text(encoding="utf-8"), flags=re.M)
        result += f"--- papers/{paper.name}\n{text}"
        paper.unlink()
    return result


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    from conftest import new_project

    return new_project(tmp_path_factory.mktemp("bibtex") / "survey")  # the test taxonomy: goldens stay as they are


@pytest.mark.parametrize(("file", "key"), _cases(BIBTEX), ids=lambda v: v.name if isinstance(v, Path) else v)
def test_a_real_entry_goes_in_as_its_golden_file_says(project, run_cli, request, file: Path, key: str) -> None:
    result = _add(project, run_cli, file, key)
    assert "Traceback" not in result and "internal error" not in result
    golden = GOLDEN / file.stem / f"{re.sub(r'[^A-Za-z0-9._-]+', '_', key)}.txt"
    if request.config.getoption("--update-golden"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(result, encoding="utf-8")
    assert golden.is_file(), f"no golden for {file.name} {key}: review the result, then run pytest --update-golden"
    assert result == golden.read_text(encoding="utf-8")


def test_there_are_sixty_and_more_real_entries_of_four_and_more_kinds() -> None:
    cases = _cases(BIBTEX)
    kinds = {file.name.split("-")[0] for file, _ in cases}
    assert len(cases) >= 60 and len(kinds) >= 4


@pytest.mark.parametrize(("file", "key"), _cases(BIBTEX) + _cases(BIBTEX / "holdout"),
                         ids=lambda v: v.name if isinstance(v, Path) else v)
def test_what_is_written_is_traceable_to_the_entry(project, run_cli, file: Path, key: str) -> None:
    result = _add(project, run_cli, file, key)
    assert "Traceback" not in result and "internal error" not in result
    code = int(result.split("\n", 1)[0].removeprefix("exit "))
    if code != 0:  # refused: the message says where and how to fix it
        assert code in (1, 2) and "--- papers/" not in result
        assert re.search(rf"{re.escape(file.name)}(:\d+)?", result), result
        return
    import yaml

    from survey.services import bibfile

    paper = yaml.safe_load(result.split("--- papers/", 1)[1].split("\n", 1)[1])
    raw = bibfile.decode(file.read_bytes(), file.name, "cp1252" if "cp1252" in file.stem else
                         "latin-1" if "latin1" in file.stem else None)
    entry = _entry_text(raw, key)
    unescaped = re.sub(r"\{\\([_&%#])\}|\\([_&%#])", lambda m: m.group(1) or m.group(2), entry).replace("{", "")
    unescaped = unescaped.replace("}", "")
    if paper.get("doi"):
        assert paper["doi"].lower() in unescaped.lower()
    for url in (paper.get("links") or {}).values():
        doi = urllib.parse.unquote(url.removeprefix("https://doi.org/"))  # a DOI's link is percent-encoded
        assert url in unescaped or doi.lower() in unescaped.lower() or \
            url.removeprefix("https://arxiv.org/abs/") == paper.get("arxiv"), url
    if paper.get("arxiv"):
        assert paper["arxiv"] in entry
    if paper.get("venue"):
        assert not re.search(r"\b(arxiv|corr|biorxiv|medrxiv|ssrn|preprint)\b", paper["venue"], re.I), paper["venue"]
    named = [a for a in paper.get("authors") or [] if a != "et al."]
    author = re.search(r"\bauthor\s*=\s*[{\"]", entry, re.I)
    if author:
        assert named, "the entry names authors"
        for name in named:
            family = names.parse(name).family
            assert family and family.lower() != "others"
    else:
        assert not named


def _entry_text(text: str, key: str) -> str:
    """The source of one entry (by key, or '#N'), up to the next '@'."""
    starts = [m.start() for m in re.finditer(r"^\s*@\s*(?!(?:string|preamble|comment)\b)\w+\s*[{(]", text,
                                            re.M | re.I)]
    if key.startswith("#"):
        found = [s for s in starts if re.match(r"\s*@\w+\s*[{(]\s*,", text[s:])]
        start = found[0] if found else starts[0]
    else:
        start = next(s for s in starts if re.match(rf"\s*@\w+\s*[{{(]\s*{re.escape(key)}\s*,", text[s:]))
    end = next((s for s in starts if s > start), len(text))
    entry = text[start:end]
    parent = re.search(r"\bcrossref\s*=\s*[{\"]([^}\"]+)", entry, re.I)  # BibTeX inherits what the entry lacks
    return entry + (_entry_text(text, parent.group(1).strip()) if parent else "")
