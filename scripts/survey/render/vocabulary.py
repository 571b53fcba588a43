"""The words of the search records, for the search box's typo correction (assets/search.js).

A word typed with one wrong, missing, extra or swapped letter keeps its first letter or its
last one (in a word of three or more letters, no single edit changes both). So the words are
written twice: in a shard per first letter and in a shard per last letter. A search that finds
nothing fetches the two shards of each word it does not know (a few KB each) and picks the most
frequent word one edit away; nothing is fetched before that. Each shard lists its words by how
many records hold them, most first, so the first candidate found is the likeliest.

Usage::

    vocabulary.shards(texts)     # {"first-61.json": '["and", "image", …]', "last-65.json": …}
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable

SHORTEST = 3
"""Words shorter than this are not kept: a typo is corrected only in a word of four or more
letters, and one of them with a letter missing has three."""

_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """The words of a text as the search box splits a query: runs of letters and digits, lowercased."""
    return [w for w in _WORD.findall(text.casefold()) if len(w) >= SHORTEST and not w.isdigit()]


def shards(texts: Iterable[str]) -> dict[str, str]:
    """{file name: JSON list of words} for the records' texts (one text a record), each shard
    named by the hex code of the letter its words start (first-…) or end (last-…) with."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(set(words(text)))
    ranked = sorted(counts, key=lambda w: (-counts[w], w))
    grouped: dict[str, list[str]] = {}
    for word in ranked:
        grouped.setdefault(f"first-{ord(word[0]):x}.json", []).append(word)
        grouped.setdefault(f"last-{ord(word[-1]):x}.json", []).append(word)
    return {name: json.dumps(grouped[name], ensure_ascii=False, separators=(",", ":")) for name in sorted(grouped)}
