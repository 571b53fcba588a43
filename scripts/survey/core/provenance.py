"""Whether what a paper file says about a paper's datasets and results is in its abstract.

A result's quote must be a sentence of the abstract, exactly (spacing aside), and its value a
number that the quote writes; each number in a dataset's size and annotations must be one the
abstract writes. `survey check` reports what is not, so that no number reaches the site that the
paper's own abstract does not state.

Usage::

    provenance.quote_in(abstract, quote), provenance.value_in(quote, "0.943")
    provenance.numbers_not_in(abstract, "1204 CT examinations")      # [] or the numbers missing
"""

from __future__ import annotations

import re

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def _spaced(text: str) -> str:
    return " ".join(text.split())


def quote_in(abstract: str, quote: str) -> bool:
    return _spaced(quote) in _spaced(abstract)


def value_in(quote: str, value: str) -> bool:
    """The value written in the quote as a whole number: '0.94' is not in '0.943', '12' not in '112'."""
    return _written(_spaced(quote), value.strip())


def numbers_not_in(abstract: str, text: str) -> list[str]:
    """The numbers of `text` that the abstract does not write."""
    spaced = _spaced(abstract)
    return [n for n in _NUMBER.findall(text) if not _written(spaced, n)]


def _written(text: str, value: str) -> bool:
    # As the pattern (?<![\d.,])VALUE(?![\d]|[.,]\d) would find it, without compiling a pattern
    # for every value (a survey has thousands).
    start = text.find(value) if value else -1
    while start >= 0:
        before, after = text[start - 1:start] if start else "", text[start + len(value):start + len(value) + 2]
        if not (before.isdecimal() or before in (".", ",")) and not (
                after[:1].isdecimal() or (after[:1] in (".", ",") and after[1:2].isdecimal())):
            return True
        start = text.find(value, start + 1)
    return False
