"""A map of the papers: every paper a point in 2-D, placed by the similarity of its text.

The papers' TF-IDF vectors (the same ones related papers are found with, similarity.py) are
reduced to two dimensions by a truncated SVD of the centred matrix (principal components,
computed on the sparse matrix without ever making it dense), then pulled a little towards
their nearest neighbours in text, so that papers on the same subject sit together. Both steps
cost time in proportion to the number of papers. Nothing is random: the SVD starts from a
fixed vector and each axis's sign is fixed, so the same papers give the same map.

Usage::

    points = layout.positions(vectors, neighbours, 1000)  # an n × 2 array, both columns in [0, 1000]
    layout.preservation(points, neighbours)               # how many text neighbours stay map neighbours
"""

from __future__ import annotations

import numpy as np
from scipy import sparse
from scipy.sparse.linalg import LinearOperator, svds

SMOOTHING = 0.5
"""How far each step moves a paper towards the middle of its nearest papers in text."""
STEPS = 4
"""Neighbour-pulling steps; more of them crowd the clusters into points."""
DENSE_BELOW = 300
"""Below this many papers the SVD is computed exactly on the dense matrix."""


def principal_plane(vectors: sparse.csr_matrix) -> np.ndarray:
    """The rows' coordinates on the first two principal components (an n × 2 array)."""
    n, terms = vectors.shape
    if n < 3:
        return np.column_stack([np.arange(n, dtype=float), np.zeros(n)])
    mean = np.asarray(vectors.mean(axis=0)).ravel()
    if n < DENSE_BELOW or terms <= 2:  # a small survey: the exact decomposition is quicker than iterating
        left, values, _ = np.linalg.svd(vectors.toarray() - mean, full_matrices=False)
        # With fewer than two distinct terms in all the texts, the missing axes are zero.
        missing = 2 - min(2, left.shape[1])
        left = np.pad(left[:, :2], ((0, 0), (0, missing)))
        values = np.pad(values[:2], (0, missing))
    else:
        centred = LinearOperator(
            (n, terms), dtype=float,
            matvec=lambda v: vectors @ np.ravel(v) - mean @ np.ravel(v),
            rmatvec=lambda u: vectors.T @ np.ravel(u) - mean * np.sum(u))
        # A fixed start, so every run agrees; not constant, which centring would map to zero.
        start = np.linspace(1.0, 2.0, min(n, terms))
        left, values, _ = svds(centred, k=2, v0=start / np.linalg.norm(start), solver="arpack")
    plane = left[:, np.argsort(-values)] * np.sort(values)[::-1]
    signs = np.sign(plane[np.argmax(np.abs(plane), axis=0), [0, 1]])  # the largest value of each axis is positive
    return plane * np.where(signs == 0, 1, signs)


def pull_towards_neighbours(points: np.ndarray, neighbours: list[list[int]]) -> np.ndarray:
    """Move each point part of the way towards the mean of its neighbours, STEPS times."""
    if not any(neighbours):
        return points
    rows = np.repeat(np.arange(len(neighbours)), [len(n) for n in neighbours])
    columns = np.array([j for n in neighbours for j in n], dtype=np.int64)
    adjacency = sparse.csr_matrix((np.ones(len(columns)), (rows, columns)), shape=(len(points),) * 2)
    degree = np.asarray(adjacency.sum(axis=1)).ravel()
    for _ in range(STEPS):
        mean = (adjacency @ points) / np.maximum(degree, 1)[:, None]
        points = np.where(degree[:, None] > 0, (1 - SMOOTHING) * points + SMOOTHING * mean, points)
    return points


def fit(points: np.ndarray, size: float) -> np.ndarray:
    """Scale into [0, size]², keeping the aspect, with the outermost 1 % clamped to the edge."""
    if len(points) == 0:
        return points
    low, high = np.percentile(points, 1, axis=0), np.percentile(points, 99, axis=0)
    span = float(np.max(high - low)) or 1.0
    centre = (low + high) / 2
    return np.clip((points - centre) / span * 0.96 * size + size / 2, 0, size)


def positions(vectors: sparse.csr_matrix, neighbours: list[list[int]], size: float, smooth: bool = True) -> np.ndarray:
    """Each row's point on a map of [0, size]², rounded to a tenth; `neighbours` are each row's nearest rows in text."""
    points = principal_plane(vectors)
    if smooth:
        points = pull_towards_neighbours(points, neighbours)
    return np.round(fit(points, size), 1)


def preservation(points: np.ndarray, neighbours: list[list[int]]) -> float:
    """The share of each paper's nearest papers in text that are among its nearest on the map."""
    from scipy.spatial import cKDTree

    k = max((len(n) for n in neighbours), default=0)
    if k == 0 or len(points) <= k:
        return 1.0
    _, nearest = cKDTree(points).query(points, k=k + 1)
    kept = sum(len(set(text) & set(map(int, near[1:]))) for text, near in zip(neighbours, nearest, strict=True))
    return kept / sum(len(n) for n in neighbours)
