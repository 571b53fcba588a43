"""The map's layout: papers on one subject sit together, and the same papers give the same map."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse

from survey.core import maplayout
from survey.core.analysis import MAP_SIZE


def _two_subjects(per_subject: int, seed: int = 7) -> tuple[sparse.csr_matrix, list[int]]:
    """Rows that use words from one of two disjoint vocabularies, with the subject of each row."""
    rng = np.random.default_rng(seed)
    rows, subjects = [], []
    for i in range(2 * per_subject):
        subject = i % 2
        row = np.zeros(40)
        words = rng.choice(20, size=6, replace=False) + 20 * subject
        row[words] = rng.uniform(0.5, 1.0, size=6)
        rows.append(row / np.linalg.norm(row))
        subjects.append(subject)
    return sparse.csr_matrix(np.array(rows)), subjects


def _nearest(vectors: sparse.csr_matrix, k: int = 3) -> list[list[int]]:
    similarity = (vectors @ vectors.T).toarray()
    np.fill_diagonal(similarity, -1)
    return [list(np.argsort(-row, kind="stable")[:k]) for row in similarity]


@pytest.mark.parametrize("per_subject", [10, maplayout.DENSE_BELOW])  # the exact and the iterative decomposition
def test_papers_on_one_subject_sit_together(per_subject: int) -> None:
    vectors, subjects = _two_subjects(per_subject)
    points = maplayout.positions(vectors, _nearest(vectors), MAP_SIZE)
    assert points.shape == (len(subjects), 2)
    assert points.min() >= 0 and points.max() <= MAP_SIZE
    subject = np.array(subjects)
    centres = [points[subject == s].mean(axis=0) for s in (0, 1)]
    # Every paper is nearer the middle of its own subject than the middle of the other.
    own = np.linalg.norm(points - np.array(centres)[subject], axis=1)
    other = np.linalg.norm(points - np.array(centres)[1 - subject], axis=1)
    assert (own < other).all()


@pytest.mark.parametrize("per_subject", [10, maplayout.DENSE_BELOW])
def test_the_same_papers_give_the_same_map(per_subject: int) -> None:
    vectors, _ = _two_subjects(per_subject)
    neighbours = _nearest(vectors)
    assert np.array_equal(maplayout.positions(vectors, neighbours, MAP_SIZE),
                          maplayout.positions(vectors.copy(), neighbours, MAP_SIZE))


def test_the_exact_and_iterative_decompositions_agree_on_signs(monkeypatch: pytest.MonkeyPatch) -> None:
    vectors, _ = _two_subjects(60)
    exact = maplayout.principal_plane(vectors)
    monkeypatch.setattr(maplayout, "DENSE_BELOW", 0)
    iterative = maplayout.principal_plane(vectors)
    assert np.allclose(exact, iterative, atol=1e-6)


@pytest.mark.parametrize("n", [0, 1, 2])
def test_a_tiny_survey_still_has_a_map(n: int) -> None:
    points = maplayout.positions(sparse.csr_matrix((n, 5)), [[] for _ in range(n)], MAP_SIZE)
    assert points.shape == (n, 2)
    assert ((points >= 0) & (points <= MAP_SIZE)).all()


def test_preservation_tells_a_faithful_map_from_a_scrambled_one() -> None:
    vectors, _ = _two_subjects(50)
    neighbours = _nearest(vectors)
    points = maplayout.positions(vectors, neighbours, MAP_SIZE)
    scrambled = np.random.default_rng(1).permutation(points)
    assert maplayout.preservation(points, neighbours) > 2 * maplayout.preservation(scrambled, neighbours)
    assert maplayout.preservation(points, [[] for _ in points]) == 1.0


@pytest.mark.parametrize("text", ["0 1 2", "lung", "lung lung nodule"])
def test_papers_whose_texts_have_fewer_than_two_terms_still_get_points(text: str) -> None:
    """Found by a random survey: eight papers whose only words were numbers had no axis at all."""
    from survey.core import analysis
    from survey.core.model import Paper

    papers = [Paper(f"p{i}", f"papers/p{i}.yaml", {"title": text, "tldr": "", "abstract": text}, {})
              for i in range(8)]
    points = analysis.analyse(papers).points
    assert set(points) == {p.id for p in papers}
    assert all(0 <= x <= MAP_SIZE and 0 <= y <= MAP_SIZE for x, y in points.values())
