"""Related papers: cosine similarity of TF-IDF vectors, computed at build time with sparse matrices.

Each document keeps only its strongest terms, each term only the documents where it weighs
most, and the scores are one sparse matrix product, taken a block of rows at a time: the cost
and the memory grow with the number of papers, not with its square. Ties are broken by id, so
the result is the same on every run. Tokenising, the one step in pure Python, is cached by
content (pass the same dict to successive calls, as `survey serve` does).

Usage::

    similarity.most_similar({"a": "lung nodule CT", "b": "CT lung"}, k=5)  # {'a': ['b'], 'b': ['a']}
"""

from __future__ import annotations

import re
from array import array
from collections import Counter
from collections.abc import Iterable, Mapping, MutableMapping

import numpy as np
from scipy import sparse

TERMS_PER_DOCUMENT = 50
"""How many of a document's highest-weighted terms take part in matching."""
DOCUMENTS_PER_TERM = 64
"""How many documents, those where it weighs most, each term links; bounds the work per
document however common a term is, so the whole computation grows linearly."""
BLOCK = 1000
"""Rows of the similarity matrix computed at once: bounds the memory at any corpus size."""

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


def term_counts(text: str) -> Counter[str]:
    """How often each lowercase word of a text occurs, without stopwords, numbers or single
    letters (counting first and then dropping those among the distinct words is the faster way)."""
    counts = Counter(_WORD.findall(text.casefold()))
    for word in [w for w in counts if len(w) < 2 or w in _STOPWORDS or w.isdigit()]:
        del counts[word]
    return counts


def vectors(documents: Mapping[str, str],
            cache: MutableMapping[str, Counter[str]] | None = None) -> tuple[list[str], sparse.csr_matrix]:
    """The document ids, sorted, and their TF-IDF vectors (one unit-length row each, cut to
    its strongest terms). `cache` maps a text to its term counts; it is filled as texts are
    tokenised, and forgets texts that are gone, so it stays one survey big."""
    ids = sorted(documents)
    if cache is None:  # each text's counts let go once read: at 100,000 papers they are a gigabyte
        return ids, _vectors(term_counts(documents[i]) for i in ids)
    counts = [cache.get(documents[i]) or cache.setdefault(documents[i], term_counts(documents[i])) for i in ids]
    for text in cache.keys() - set(documents.values()):
        del cache[text]
    return ids, _vectors(counts)


def most_similar(documents: Mapping[str, str], k: int,
                 cache: MutableMapping[str, Counter[str]] | None = None) -> dict[str, list[str]]:
    """For each document id, the ids of the k most similar other documents (ties by id)."""
    if len(documents) < 2:
        return {i: [] for i in documents}
    ids, vectors_ = vectors(documents, cache)
    return nearest(ids, vectors_, k)


def nearest(ids: list[str], vectors: sparse.csr_matrix, k: int) -> dict[str, list[str]]:
    """For each row's id, the ids of the k rows with the most similar vectors (ties by id)."""
    postings = _strongest_per_column(vectors, DOCUMENTS_PER_TERM).T.tocsr()
    result: dict[str, list[str]] = {}
    for start in range(0, len(ids), BLOCK):
        scores = (vectors[start:start + BLOCK] @ postings).tocsr()
        for row in range(scores.shape[0]):
            begin, end = scores.indptr[row], scores.indptr[row + 1]
            others, values = scores.indices[begin:end], np.round(scores.data[begin:end], 12)
            keep = (others != start + row) & (values > 0)
            others, values = others[keep], values[keep]
            if len(values) > 4 * k:  # a cheap cut first: the k best are among the 4k largest (ties included)
                cut = -np.partition(-values, k - 1)[k - 1]
                others, values = others[values >= cut], values[values >= cut]
            best = np.lexsort((others, -values))[:k]  # highest score first, then by id
            result[ids[start + row]] = [ids[j] for j in others[best]]
    return result


def _vectors(counts: Iterable[Counter[str]]) -> sparse.csr_matrix:
    """TF-IDF rows, each cut to its strongest terms and scaled to unit length; `counts` are
    read once, in order."""
    vocabulary: dict[str, int] = {}
    column = vocabulary.setdefault
    terms, times, sizes = array("q"), array("d"), array("q")
    for count in counts:
        terms.extend(column(term, len(vocabulary)) for term in count)
        times.extend(count.values())
        sizes.append(len(count))
    columns, frequencies, lengths = (np.frombuffer(a, dtype=a.typecode) for a in (terms, times, sizes))
    shape = (len(lengths), len(vocabulary))
    if not vocabulary:
        return sparse.csr_matrix(shape)
    tf = sparse.csr_matrix((frequencies, columns, np.r_[0, np.cumsum(lengths)]), shape=shape)
    # Columns are in order of first use; rank terms by their text so ties break the same way on every run.
    order = np.argsort(np.array(sorted(vocabulary, key=vocabulary.get)), kind="stable")
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    df = np.bincount(tf.indices, minlength=shape[1])
    idf = np.log((1 + shape[0]) / (1 + df)) + 1
    tf.data = (1 + np.log(tf.data)) * idf[tf.indices]
    kept = _strongest_per_row(tf, TERMS_PER_DOCUMENT, rank)
    norms = np.sqrt(np.asarray(kept.multiply(kept).sum(axis=1)).ravel())
    norms[norms == 0] = 1
    return sparse.csr_matrix(sparse.diags(1 / norms) @ kept)


def _best_per_row(rows: np.ndarray, values: np.ndarray, tiebreak: np.ndarray, keep: int) -> np.ndarray:
    """Indices of the `keep` largest values of each row, row by row, largest first (ties by
    `tiebreak`, smallest first): one sort for the whole matrix, no loop over rows."""
    order = np.lexsort((tiebreak, -values, rows))
    sorted_rows = rows[order]
    first = np.r_[0, np.flatnonzero(np.diff(sorted_rows)) + 1]  # where each row's run starts
    run_start = np.repeat(first, np.diff(np.r_[first, len(order)]))
    return order[np.arange(len(order)) - run_start < keep]


def _strongest_per_row(matrix: sparse.csr_matrix, keep: int, rank: np.ndarray | None = None) -> sparse.csr_matrix:
    """The matrix with only the `keep` largest entries of each row (ties by column rank)."""
    coo = matrix.tocoo()
    best = _best_per_row(coo.row, coo.data, rank[coo.col] if rank is not None else coo.col, keep)
    return sparse.csr_matrix((coo.data[best], (coo.row[best], coo.col[best])), shape=matrix.shape)


def _strongest_per_column(matrix: sparse.csr_matrix, keep: int) -> sparse.csr_matrix:
    """The matrix with only the `keep` largest entries of each column (ties by row)."""
    return _strongest_per_row(matrix.T.tocsr(), keep).T.tocsr()
