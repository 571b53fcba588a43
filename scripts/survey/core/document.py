"""A parsed YAML document: its data and where every key and value was written.

The reader (read/load.py) makes one from a file; everything that checks a file's values reports
its problems at these positions, so a message names the line and column to fix.

Usage::

    doc.data["title"], doc.where(("authors", 0))   # → value, (line, column)
    doc.problem(("links", "code"), "expected a URL", "write a full address")
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .problems import Problem

Path_ = tuple  # a path into the data, e.g. ("links", "code") or ("authors", 2)


@dataclass
class Document:
    """A parsed YAML document: plain Python data plus the position of every key and value."""

    path: str
    data: Any
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    plain: dict[Path_, str] = field(default_factory=dict)
    """The source text of unquoted values YAML read as something other than text (`No`, `2403.1820`)."""

    def where(self, path: Path_, *, key: bool = False) -> tuple[int | None, int | None]:
        """The (line, column) of a value, or of its key; the nearest enclosing one if unknown."""
        table = self.keys if key else self.values
        while path:
            if path in table:
                return table[path]
            if not key and path in self.keys:
                return self.keys[path]
            path = path[:-1]
        return self.values.get((), (None, None))

    def problem(self, path: Path_, message: str, fix: str = "", *, key: bool = False) -> Problem:
        """A problem located at a value (or its key) of this document."""
        line, column = self.where(path, key=key)
        name = ".".join(str(p) for p in path)
        return Problem(self.path, line, column, name, message, fix)
