"""Problems found in the input: one shape for every error, wherever it was found.

The exceptions here map to the `survey` command's exit codes (cli.py): ProblemsFound is 1,
UsageError 2, ServiceUnavailable 3; anything else is a bug, 4.
"""

from __future__ import annotations

import difflib
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TextIO


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file, with where it is and how to fix it."""

    path: str
    line: int | None
    column: int | None
    field: str
    message: str
    fix: str = ""

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}:{self.column or 1}"
        text = f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        return f"{text} ({self.fix})" if self.fix else text

    def as_github(self, level: str = "error") -> str:
        """The problem as a GitHub Actions workflow command, shown as an annotation on the diff."""
        props = [f"file={_escape_property(self.path)}"]
        if self.line is not None:
            props += [f"line={self.line}", f"col={self.column or 1}"]
        props.append(f"title={_escape_property(self.field or 'survey check')}")
        body = f"{self.message} ({self.fix})" if self.fix else self.message
        return f"::{level} {','.join(props)}::{_escape_data(body)}"


class ProblemsFound(Exception):
    """Raised by library code when input is invalid; carries every problem, not just the first."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(problems, key=_sort_key)
        super().__init__(f"{len(self.problems)} problem(s) in the input")


class UsageError(Exception):
    """A command called the wrong way: an unknown option value, a malformed id, an unknown git
    ref, a file that would be overwritten. The message is one sentence that says what to do."""


class ServiceUnavailable(Exception):
    """A network service could not be reached or answered with an error; nothing was changed."""


def report(found: ProblemsFound, output_format: str = "text", out: TextIO | None = None) -> None:
    """Print the problems one per line (as GitHub annotations with `output_format="github"`),
    then a count of problems and files."""
    out = out or sys.stdout
    for problem in found.problems:
        out.write((problem.as_github() if output_format == "github" else str(problem)) + "\n")
    files = len({p.path for p in found.problems})
    count = len(found.problems)
    out.write(f"✗ {count} problem{'s' if count != 1 else ''} in {files} file{'s' if files != 1 else ''}\n")


def _sort_key(problem: Problem) -> tuple:
    return (problem.path, problem.line or 0, problem.column or 0, problem.field, problem.message)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A fix suggesting the closest known choice, or listing them all when none is close."""
    choices = sorted(choices)
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    shown = ", ".join(choices[:20]) + (", …" if len(choices) > 20 else "")
    return f"expected one of: {shown}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
