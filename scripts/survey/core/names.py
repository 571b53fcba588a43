"""People's names as paper files write them, with the family name known.

A name is written "Given Family" when the family name is its last word, and "Family, Given"
(BibTeX's order, which Crossref and arXiv's listings also give) otherwise: "van den Heuvel,
Martijn P.", "De La Vega, Francisco M.", "Støverud, K-H". A suffix goes between the two:
"King, Jr., Martin Luther". A name with no family name, or one that cannot be split (an
organisation), is written in braces: "{ISLES Consortium}". `problem` points at the forms this
cannot read for sure (a family name followed by initials, or a particle before the last
word), with the way to write them.

Usage::

    names.parse("van den Heuvel, Martijn P.").family       # 'van den Heuvel'
    names.parse("Jakob Wasserthal").display                 # 'Jakob Wasserthal'
    names.short_authors(("Ada Lovelace", "Alan Turing", "et al."))   # 'Lovelace et al.'
    names.may_be_same("Støverud, K-H", "Karen-Helene Støverud")     # True
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .fields import ET_AL

_INITIALS = re.compile(r"[A-Z][A-Z.\-]{0,5}")
_SUFFIXES = frozenset({"Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV"})
_PARTICLES = frozenset("""
    van von der den de del della degli di da dos das do du la le lo ten ter zu af al el bin ibn ben
""".split())
"""Words that start a family name ("van der Sommen", "Ben Abacha", "De With"), when they stand
between a given name and the last word."""


@dataclass(frozen=True, slots=True)
class Name:
    given: str
    family: str
    suffix: str = ""

    @property
    def display(self) -> str:
        """The name as a reader reads it: "Martijn P. van den Heuvel", "Martin Luther King, Jr."."""
        name = " ".join(filter(None, [self.given, self.family]))
        return f"{name}, {self.suffix}" if self.suffix else name

    @property
    def inverted(self) -> str:
        """"Family, Given" (and "Family, Suffix, Given"), as citations list it."""
        return ", ".join(filter(None, [self.family, self.suffix, self.given]))

    @property
    def particle(self) -> str:
        """The family name's leading lowercase words: "van den" of "van den Heuvel"."""
        words = self.family.split()
        lead = [w for w in words[:-1] if w.islower()]
        return " ".join(lead) if words[:len(lead)] == lead else ""

    @property
    def written(self) -> str:
        """How a paper file writes it: "Given Family" when that reads back the same, else with a comma."""
        if not self.given:
            return f"{{{self.family}}}" if len(self.family.split()) > 1 or self.family[:1].islower() else self.family
        simple = f"{self.given} {self.family}"
        return simple if not self.suffix and parse(simple) == self and problem(simple) is None else self.inverted


@lru_cache(maxsize=1 << 19)
def parse(written: str) -> Name:
    """The parts of a name as a paper file writes it (see the module's docstring)."""
    text = " ".join(written.split())
    if text.startswith("{") and text.endswith("}"):
        return Name("", text[1:-1].strip())
    if "," in text:
        parts = [p.strip() for p in text.split(",")]
        if len(parts) == 2:
            return Name(parts[1], parts[0])
        return Name(", ".join(parts[2:]), parts[0], parts[1])
    words = text.split()
    return Name(" ".join(words[:-1]), words[-1] if words else "")


def problem(written: str) -> tuple[str, str] | None:
    """Why a written name cannot be read for sure, as (message, fix), or None."""
    text = " ".join(written.split())
    if text.startswith("{") or text.endswith("}"):
        if not (text.startswith("{") and text.endswith("}")) or "{" in text[1:-1] or "}" in text[1:-1]:
            return "has unbalanced braces", "write a name that has no family name as '{Whole Name}', in one pair"
        return None
    if "," in text:
        parts = [p.strip() for p in text.split(",")]
        if len(parts) > 3 or not all(parts) or (len(parts) == 3 and parts[1] not in _SUFFIXES):
            return (f"'{text}' is not 'Family, Given' nor 'Family, Suffix, Given'",
                    "write one comma after the family name, e.g. 'van den Heuvel, Martijn P.', or two around a "
                    "suffix, e.g. 'King, Jr., Martin Luther'; two people are two lines")
        return None
    words = text.split()
    if len(words) < 2:
        return None
    if words[-1] in _SUFFIXES:
        return (f"'{words[-1]}' is a suffix, not a family name",
                f"write it as '{words[-2]}, {words[-1]}, {' '.join(words[:-2])}'")
    if family_initials(text):
        family = " ".join(words[:-1])
        return ("reads as 'Family Initials', so the family name is not the last word",
                f"write it as '{family}, {words[-1]}'; if the name has no family name, "
                f"write it in braces: '{{{text}}}'")
    start = _particle(words)
    if start:
        return (f"'{words[start]}' starts the family name, which is not the last word",
                f"write it as '{' '.join(words[start:])}, {' '.join(words[:start])}'")
    return None


def family_initials(text: str) -> bool:
    """Whether a name without a comma reads as "Family Initials" ("Pedersen A", "Leira HO")."""
    words = text.split()
    return len(words) > 1 and bool(_INITIALS.fullmatch(words[-1])) and not _INITIALS.fullmatch(words[0]) \
        and words[-1] not in _SUFFIXES


def _particle(words: list[str]) -> int:
    """Where a particle starts the family name of "Given … Family" words, between the first and
    the last word; 0 if none does."""
    return next((i for i, word in enumerate(words[1:-1], start=1) if word.casefold() in _PARTICLES), 0)


def readable(shown: str) -> str:
    """A name as a listing shows it ("Martijn P. van den Heuvel", as arXiv's does) written so
    that its family name is known: "van den Heuvel, Martijn P."; other names as they are."""
    words = shown.split()
    start = _particle(words) if "," not in shown and not shown.startswith("{") else 0
    return f"{' '.join(words[start:])}, {' '.join(words[:start])}" if start else shown


def display(written: str) -> str:
    return written if written == ET_AL else parse(written).display


def surname(written: str) -> str:
    """The family name, as short author lines and the authors' page show and sort it."""
    return parse(written).family


def short_authors(authors: tuple[str, ...]) -> str:
    """'Wasserthal et al.', 'Huo and Sparks' or 'Huo': the author line of a table row."""
    named = [surname(a) for a in authors if a != ET_AL]
    if len(authors) == 1 and named:
        return named[0]
    if len(authors) == 2 and len(named) == 2:
        return f"{named[0]} and {named[1]}"
    return f"{named[0]} et al." if named else ""


def given_names(written: str) -> list[str]:
    """The given names, folded, one per part: ['karen', 'helene'] for "Karen-Helene Støverud";
    initials are one letter: ['k', 'h'] for "Støverud, K-H", ['m', 't'] for "M. T. Meyer"."""
    given = parse(written).given
    if _INITIALS.fullmatch(given.replace(" ", "")):
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
    if parse(first) == parse(second) or folded(surname(first)) != folded(surname(second)):
        return False
    a, b = given_names(first), given_names(second)
    if not a or not b:
        return False
    return all(x[0] == y[0] if len(x) == 1 or len(y) == 1 else x == y for x, y in zip(a, b, strict=False))
