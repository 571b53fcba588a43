"""People's names as paper files write them: "Given Family", or "Family G." with initials.

Usage::

    names.surname("Jakob Wasserthal"), names.surname("Støverud K-H")   # 'Wasserthal', 'Støverud'
    names.short_authors(("Ada Lovelace", "Alan Turing", "et al."))     # 'Lovelace et al.'
"""

from __future__ import annotations

import re

from .fields import ET_AL

_INITIALS = re.compile(r"[A-Z][A-Z.-]{0,4}")


def surname(author: str) -> str:
    """The family name of "Given Family", or of "Family G." as citations with initials write it."""
    parts = author.split()
    if len(parts) > 1 and _INITIALS.fullmatch(parts[-1]):
        return parts[0]
    return parts[-1]


def short_authors(authors: tuple[str, ...]) -> str:
    """'Wasserthal et al.', 'Huo and Sparks' or 'Huo': the author line of a table row."""
    named = [surname(a) for a in authors if a != ET_AL]
    if len(authors) == 1 and named:
        return named[0]
    if len(authors) == 2 and len(named) == 2:
        return f"{named[0]} and {named[1]}"
    return f"{named[0]} et al." if named else ""
