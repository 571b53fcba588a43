"""People's names as paper files write them: "Given Family", or "Family G." with initials.

Usage::

    names.surname("Jakob Wasserthal"), names.surname("Støverud K-H")   # 'Wasserthal', 'Støverud'
    names.short_authors(("Ada Lovelace", "Alan Turing", "et al."))     # 'Lovelace et al.'
    names.may_be_same("Støverud K-H", "Karen-Helene Støverud")          # True
"""

from __future__ import annotations

import re
import unicodedata

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


def given_names(author: str) -> list[str]:
    """The given names, folded, one per part: ['karen', 'helene'] for "Karen-Helene Støverud";
    initials are one letter: ['k', 'h'] for "Støverud K-H", ['m', 't'] for "M. T. Meyer"."""
    parts = author.split()
    given = parts[-1] if len(parts) > 1 and _INITIALS.fullmatch(parts[-1]) else " ".join(parts[:-1])
    if len(parts) > 1 and _INITIALS.fullmatch(parts[-1]):
        return [letter.casefold() for letter in re.findall(r"[A-Z]", given)]
    return [folded(word) for word in re.split(r"[\s.\-]+", given) if word]


def folded(text: str) -> str:
    """Text compared without case or accents: 'Støverud' and 'stoverud' are the same."""
    decomposed = unicodedata.normalize("NFKD", text.replace("ø", "o").replace("Ø", "O"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def may_be_same(first: str, second: str) -> bool:
    """Whether two different spellings could name one person: the same family name, and given
    names that agree as far as both go, where an initial agrees with any name it starts
    ("Jan S. Kirschke" and "Jan Stefan Kirschke"; not "Xiaosong Wang" and "Xiaohan Wang")."""
    if first == second or folded(surname(first)) != folded(surname(second)):
        return False
    a, b = given_names(first), given_names(second)
    if not a or not b:
        return False
    return all(x[0] == y[0] if len(x) == 1 or len(y) == 1 else x == y for x, y in zip(a, b, strict=False))
