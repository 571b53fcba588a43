"""What the papers a check does not validate claim to be: their titles, arXiv ids and DOIs (and
the date each was added), read without parsing the whole file.

`survey check PATH` compares the files it checks with every other paper, and parsing 20,000
files with positions is most of its time. A paper file writes these fields as top-level lines
(`title: …`); a value that is plain, or quoted without escapes, on that line and any indented
lines after it, is read here as YAML reads it. Any other form (a block or folded value, an
escape, a comment, a blank line, a key written twice, no title line at all) sends the file to
the full parser, which is also what a file that cannot be read gets: the file itself is
checked when it is changed, and `survey check` of the whole survey parses every file.

Usage::

    doc = identifiers.claims_of(Path("papers/totalsegmentator.yaml"), "papers/totalsegmentator.yaml")
    doc.data   # {"title": "…", "arxiv": "2208.05868", "added": "2026-11-29"}, or the full parse
"""

from __future__ import annotations

import re
from pathlib import Path

from ..core.document import Document
from ..core.problems import ProblemsFound
from . import load

_LINE = re.compile(r"^(title|arxiv|doi|added):(.*)$", re.M)
_CONTINUED = re.compile(r"(?:(?:[ \t][^\n]*)?(?:\n|$))*")
_DOUBLE = re.compile(r'"([^"\\]*)"')
_SINGLE = re.compile(r"'((?:[^']|'')*)'")
_PLAIN_START = re.compile(r"""[^\s"'>|&*!%@`\[\]{}#,?:-]|[-?:][^\s]""")
_TEXT_TAGS = ("tag:yaml.org,2002:str", "tag:yaml.org,2002:float", "tag:yaml.org,2002:timestamp")


def claims_of(file: Path, display: str) -> Document | None:
    """The file's identifying fields as a Document, or None if it cannot be read."""
    try:
        text = load.decode(load.read_regular_file(file, display), display)
    except ProblemsFound:
        return None
    doc = _scan(text, display)
    if doc is not None:
        return doc
    try:
        return load.parse_yaml(text, display)
    except ProblemsFound:
        return None


def _scan(text: str, display: str) -> Document | None:
    doc = Document(display, {})
    for match in _LINE.finditer(text):
        key, written = match.group(1), match.group(2)
        # The value may go on over indented lines, which YAML folds into one with spaces (the
        # survey's own files wrap long titles so); a blank line among them takes the parser.
        lines = _CONTINUED.match(text, match.end() + 1).group(0).rstrip(" \t\n").split("\n")
        if lines != [""]:
            if any(not line.strip() for line in lines):
                return None
            written = " ".join([written.rstrip(), *(line.strip() for line in lines)])
        value = _scalar(written)
        if key in doc.data or value is False:
            return None  # twice, or not a plain value
        if value is not None:
            doc.data[key] = value
            line = text.count("\n", 0, match.start()) + 1
            doc.values[(key,)] = (line, len(key) + 2 + len(written) - len(written.lstrip()))
    return doc if "title" in doc.data else None


def _scalar(written: str) -> str | None | bool:
    """A one-line YAML value as YAML reads it: its text, None if YAML reads it as no text
    (`No`, `~`, a number that is not a float), or False if it takes the full parser."""
    value = written.strip()
    if not value or (written[:1] not in (" ", "\t")):
        return False
    if quoted := _DOUBLE.fullmatch(value):
        return quoted.group(1)
    if quoted := _SINGLE.fullmatch(value):
        return quoted.group(1).replace("''", "'")
    if not _PLAIN_START.match(value) or ": " in value or " #" in value or "\t#" in value:
        return False
    tag = load.resolve_plain(value)
    return value if tag in _TEXT_TAGS else None
