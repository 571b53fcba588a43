"""Normalising and checking free text from YAML files."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufff9-\ufffb]")
_SPACE = re.compile(r"[ \t\n]+")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


def clean_line(text: str) -> str:
    """One line: surrounding whitespace stripped, inner runs of whitespace made one space."""
    return _SPACE.sub(" ", text).strip()


def clean_text(text: str) -> str:
    """Paragraphs separated by one blank line, each paragraph made one line."""
    paragraphs = _PARAGRAPH_BREAK.split(text.strip())
    return "\n\n".join(clean_line(p) for p in paragraphs if p.strip())


def text_problem(value: Any, max_length: int = 0) -> tuple[str, str] | None:
    """Why `value` is not acceptable text, as (message, fix), or None when it is."""
    if value is None:
        return "is empty", "write the text after the colon, or remove the field"
    if isinstance(value, (list, dict)):
        return f"expected text, got {describe(value)}", "write the text on the same line, after the colon"
    if not isinstance(value, str):
        return f"expected text, got {describe(value)}", "put the text in quotes"
    if not value.strip():
        return "is empty", "write the text after the colon, or remove the field"
    match = _CONTROL.search(value)
    if match:
        return (f"contains the control character U+{ord(match.group()):04X}",
                "delete the invisible character, or retype the text")
    length = len(value) if not max_length or len(value) <= max_length else len(clean_line(value))
    if max_length and length > max_length:
        return f"is {length} characters long, over the limit of {max_length}", "shorten it"
    return None


def describe(value: Any) -> str:
    """A value's type in the words of a YAML author."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return f"the number {value}"
    if isinstance(value, float):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if value is None:
        return "nothing"
    return f"the text '{excerpt(str(value))}'"


EXCERPT_LENGTH = 80
"""How much of a quoted value a message repeats: enough to find it, never a whole file."""


def excerpt(text: str, length: int = EXCERPT_LENGTH) -> str:
    """The text on one line, cut to `length` characters with an ellipsis."""
    line = _CONTROL.sub("\ufffd", clean_line(text))
    return line if len(line) <= length else line[: length - 1].rstrip() + "…"


def normalised_title(title: str) -> str:
    """A title reduced to letters and digits, to find the same paper filed twice."""
    folded = unicodedata.normalize("NFKD", title).casefold()
    return "".join(c for c in folded if c.isalnum())
