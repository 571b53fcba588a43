"""Related papers: cosine similarity of TF-IDF vectors, computed at build time.

Each document keeps only its strongest terms, each term only the documents where it is
strongest, and scores are accumulated through that inverted index, so the cost grows with
the number of papers rather than with its square.

Usage::

    similarity.most_similar({"a": "lung nodule CT", "b": "CT lung"}, k=5)  # {'a': ['b'], 'b': ['a']}
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter, defaultdict

TERMS_PER_DOCUMENT = 50
"""How many of a document's highest-weighted terms take part in matching."""
DOCUMENTS_PER_TERM = 64
"""How many documents, those where it weighs most, each term links; bounds the work per
document however common a term is, so the whole computation grows linearly."""

_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
_STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had
    has have having here how i if in into is it its itself just more most no nor not of off on once
    only or other our out over own same so some such than that the their them then there these they
    this those through to too under until up very was we were what when where which while who whom
    why will with would you your ours us via based using used use show shows shown propose proposed
    new paper study results result method methods approach model models data dataset datasets
    however
    """.split()
)


def terms(text: str) -> list[str]:
    """Lowercase words of a text without stopwords, numbers or single letters."""
    words = (w.casefold() for w in _WORD.findall(text))
    return [w for w in words if len(w) > 1 and not w.isdigit() and w not in _STOPWORDS]


def most_similar(documents: dict[str, str], k: int) -> dict[str, list[str]]:
    """For each document id, the ids of the k most similar other documents (ties by id)."""
    counts = {doc_id: Counter(terms(text)) for doc_id, text in documents.items()}
    frequency = Counter(term for c in counts.values() for term in c)
    total = len(documents)
    idf = {term: math.log((1 + total) / (1 + df)) + 1 for term, df in frequency.items()}
    vectors: dict[str, dict[str, float]] = {}
    postings: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for doc_id, c in counts.items():
        weights = {t: (1 + math.log(n)) * idf[t] for t, n in c.items()}
        strongest = heapq.nsmallest(TERMS_PER_DOCUMENT, weights.items(), key=lambda tw: (-tw[1], tw[0]))
        norm = math.sqrt(sum(w * w for _, w in strongest)) or 1.0
        vectors[doc_id] = {t: w / norm for t, w in strongest}
        for t, w in strongest:
            postings[t].append((doc_id, w / norm))
    for term, docs in postings.items():
        postings[term] = heapq.nsmallest(DOCUMENTS_PER_TERM, docs, key=lambda dw: (-dw[1], dw[0]))
    result = {}
    for doc_id, vector in vectors.items():
        scores: dict[str, float] = defaultdict(float)
        for term, weight in vector.items():
            for other, other_weight in postings[term]:
                if other != doc_id:
                    scores[other] += weight * other_weight
        ranked = heapq.nsmallest(k, scores.items(), key=lambda s: (-round(s[1], 12), s[0]))
        result[doc_id] = [other for other, _ in ranked]
    return result
