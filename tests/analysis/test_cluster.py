"""The clustering parts on their own: DMM chains, consensus, the merge path, the k grid."""

import numpy as np
import pytest
import scipy.sparse as sp

from analysis.cluster import (
    ClusterSettings,
    centroid_silhouette,
    compact,
    consensus,
    k_candidates,
    merge_path,
)
from analysis.dmm import DMMSettings, icl, run_chains


def _blocks(groups: int = 3, per_group: int = 30, words: int = 8, seed: int = 0):
    """Binary rows where each group uses its own words (plus a little noise)."""
    rng = np.random.default_rng(seed)
    rows, cols = [], []
    for g in range(groups):
        for i in range(per_group):
            chosen = rng.choice(words, 4, replace=False) + g * words
            noise = rng.integers(0, groups * words, 1)
            for c in [*chosen, *noise]:
                rows.append(g * per_group + i)
                cols.append(int(c))
    matrix = sp.csr_matrix(
        (np.ones(len(rows), dtype=np.float32), (rows, cols)),
        shape=(groups * per_group, groups * words),
    )
    matrix.data[:] = 1
    truth = np.repeat(np.arange(groups), per_group)
    return matrix, truth


def test_dmm_chains_find_word_blocks_and_do_not_depend_on_threads():
    matrix, truth = _blocks()
    one, scores_one = run_chains(matrix, 3, 4, seed=5, workers=1, group_size=2)
    two, scores_two = run_chains(matrix, 3, 4, seed=5, workers=2, group_size=2)
    assert np.array_equal(one, two) and np.array_equal(scores_one, scores_two)
    labels, agreement = consensus(one, scores_one, 3)
    assert len(set(zip(labels, truth, strict=True))) == 3  # a perfect one-to-one match
    assert agreement.mean() > 0.9


def test_the_likelihood_prefers_the_true_grouping():
    matrix, truth = _blocks()
    shuffled = np.random.default_rng(1).permutation(truth)
    assert icl(matrix, truth, DMMSettings()) > icl(matrix, shuffled, DMMSettings())


def test_consensus_aligns_permuted_chains():
    base = np.array([0, 0, 1, 1, 2, 2])
    chains = np.stack([base, (base + 1) % 3, (base + 2) % 3, np.array([0, 0, 1, 1, 2, 1])])
    labels, agreement = consensus(chains, np.array([3.0, 2.0, 1.0, 0.0]), 3)
    assert list(labels) == [0, 0, 1, 1, 2, 2]
    assert agreement[-1] == pytest.approx(0.75)
    assert agreement[0] == pytest.approx(1.0)


def test_merge_path_gives_every_requested_count():
    matrix, truth = _blocks(groups=4)
    fine = truth * 2 + (np.arange(len(truth)) % 2)  # each true group split in two
    path = merge_path(matrix, fine, DMMSettings(), {2, 4, 6})
    assert sorted(path) == [2, 4, 6]
    assert all(int(labels.max()) + 1 == k for k, labels in path.items())
    # Merging by likelihood first undoes the arbitrary splits.
    assert len(set(zip(path[4], truth, strict=True))) == 4


def test_silhouette_is_high_for_separated_groups_and_none_for_mixed_or_one():
    points = np.array([[1, 0], [0.99, 0.1], [0, 1], [0.1, 0.99]], dtype=float)
    points /= np.linalg.norm(points, axis=1, keepdims=True)
    assert centroid_silhouette(points, np.array([0, 0, 1, 1])) > 0.8
    # Each "theme" mixes both groups: the centres coincide and nothing is separated.
    assert abs(centroid_silhouette(points, np.array([0, 1, 0, 1]))) < 0.05
    assert centroid_silhouette(points, np.zeros(4, dtype=int)) == 0.0


def test_k_candidates_stay_in_range_and_shrink_for_small_inputs():
    settings = ClusterSettings()
    assert k_candidates(10_000, settings)[0] == 2
    assert k_candidates(10_000, settings)[-1] == 30
    assert k_candidates(30, settings) == [2, 3, 4, 5]
    assert k_candidates(3, settings) == [1]


def test_compact_renumbers_in_order():
    assert list(compact(np.array([5, 2, 5, 9]))) == [1, 0, 1, 2]
    assert len(compact(np.array([], dtype=int))) == 0
