"""Put generated files into docs/: the one place that writes them.

Unchanged files are not rewritten (so MkDocs' live reload and file timestamps stay
quiet), files generated last time but not this time are removed, and a file that
the generator did not write is never overwritten. The list of generated files is
kept in docs/.generated; docs/.gitignore, also generated, keeps them out of git.

Usage::

    report = write.write_pages(Path("docs"), {"index.md": "…"})
    report.written, report.removed
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..core.problems import Problem, ProblemsFound
from ..render.templating import Deferred

MANIFEST = ".generated"
IGNORE = ".gitignore"


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)


def write_pages(docs_dir: Path, pages: dict[str, str]) -> WriteReport:
    """Make docs_dir hold exactly these generated files, next to the hand-written ones."""
    previous = read_manifest(docs_dir)
    files = dict(pages)
    files[MANIFEST] = "".join(f"{path}\n" for path in sorted({*pages, MANIFEST, IGNORE}))
    files[IGNORE] = _ignore_file(files)
    check_no_conflict(docs_dir, pages, previous)
    report = WriteReport()
    for path in sorted(files):
        target = docs_dir / path
        current = _read(target)
        if current == files[path]:
            report.unchanged += 1
            continue
        if current is None and not target.exists():
            _write_new(target, files[path])  # nothing reads a file that did not exist yet
        else:
            write_atomically(target, files[path])
        report.written.append(path)
    for path in sorted(previous - files.keys()):
        target = docs_dir / path
        if target.is_file():
            target.unlink()
            report.removed.append(path)
            _remove_empty_parents(target.parent, docs_dir)
    return report


def check_no_conflict(docs_dir: Path, pages: Mapping[str, str | Deferred], generated: set[str] | None = None) -> None:
    """Raise ProblemsFound if a generated page would take the place of a hand-written file:
    one under docs/ that the generator did not write last time (and that differs)."""
    generated = read_manifest(docs_dir) if generated is None else generated
    conflicts = [path for path, content in pages.items()
                 if path not in generated and (docs_dir / path).exists() and _read(docs_dir / path) != str(content)]
    if conflicts:
        raise ProblemsFound([
            Problem(f"docs/{path}", None, None, "", "a generated page would overwrite this hand-written file",
                    "rename or move the hand-written file; this path belongs to the generator")
            for path in conflicts
        ])


def read_manifest(docs_dir: Path) -> set[str]:
    manifest = docs_dir / MANIFEST
    if not manifest.is_file():
        return set()
    return {line for line in manifest.read_text(encoding="utf-8").splitlines() if line and ".." not in line}


def _ignore_file(files: dict[str, str]) -> str:
    tops = sorted({path.split("/")[0] + ("/" if "/" in path else "") for path in [*files, IGNORE]})
    lines = ["# Written by `survey generate`: these pages are generated from papers/. Do not edit them."]
    return "\n".join(lines + [f"/{top}" for top in tops]) + "\n"


def _read(path: Path) -> str | None:
    try:
        with path.open(encoding="utf-8", newline="") as stream:  # as written: RIS lines end in CRLF
            return stream.read()
    except (OSError, UnicodeDecodeError):
        return None


def _write_new(target: Path, content: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8", newline="\n") as stream:
        stream.write(content)


def write_atomically(target: Path, content: str) -> None:
    """Replace the file in one step: a reader sees the old text or the new, never half of it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=target.suffix)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(content)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _remove_empty_parents(folder: Path, stop: Path) -> None:
    while folder != stop and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
