"""Theme finding: a DMM ensemble, consensus, iterative classification, and the choice of k.

1. Sixteen DMM chains (``analysis.dmm``) cluster the texts; their labels are aligned to the
   chain with the best integrated likelihood (Hungarian matching) and each text takes its
   majority theme. The consensus is steadier and more accurate than any single chain.
2. Iterative classification (Rakib et al. 2020, "Enhancement of short text clustering by
   iterative classification"): a linear SVM on TF-IDF is trained on a random 70% of every
   theme and re-assigns the other 30%, until the labels settle. It fixes texts the mixture
   placed by chance, and classifies texts outside the clustered sample on large inputs.
3. The number of themes, unless given, is chosen by the simplified silhouette (cosine
   distance to theme centres in the LSA space): a likelihood-driven merge path from a fine
   clustering scores every candidate, the best few are clustered directly, and among near-ties
   the finer count wins.

bench/README.md has the measurements behind each choice. Pure numpy/scipy/scikit-learn.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from scipy.optimize import linear_sum_assignment
from scipy.special import gammaln
from sklearn.exceptions import ConvergenceWarning
from sklearn.svm import LinearSVC

from analysis.dmm import DMMSettings, run_chains

K_GRID = (2, 3, 4, 5, 6, 7, 8, 10, 12, 15, 20, 25, 30, 35, 40, 50, 60, 80, 100)


@dataclass(frozen=True)
class ClusterSettings:
    dmm: DMMSettings = field(default_factory=lambda: DMMSettings(sweeps=12))
    chains: int = 16  # DMM chains voting on the final themes
    scan_chains: int = 4  # DMM chains per candidate k when choosing k
    scan_sample: int = 4_000  # texts for the first round of choosing k
    cluster_sample: int = 15_000  # texts clustered by the DMM; the rest are classified
    min_k: int = 2
    max_k: int = 30
    k_direct_max: int = 8  # candidates up to this are scanned directly, larger by merging
    k_shortlist: int = 4  # at most this many of the best candidates are clustered in earnest,
    k_shortlist_margin: float = 0.1  # those within 10% of the best first score
    k_dimensions: int = 50  # leading LSA dimensions for the silhouette
    k_tolerance: float = 0.02  # near-ties: within 2% of the best silhouette
    refill: float = 0.9  # re-run with more themes when fewer than 90% of k survive
    ic_keep: float = 0.7  # share of each theme used for training in each round
    ic_rounds: int = 10
    ic_settled: float = 0.005  # stop when fewer than this share of labels change
    svm_c: float = 1.0
    workers: int = 2  # threads for independent DMM chains


@dataclass
class Clustering:
    labels: np.ndarray  # theme per text, 0..k-1
    k: int
    agreement: np.ndarray  # per clustered text: share of DMM chains agreeing with consensus
    k_scores: dict = field(default_factory=dict)  # silhouettes of the candidate counts
    classifier: LinearSVC | None = None
    timings: dict[str, float] = field(default_factory=dict)


def compact(labels: np.ndarray) -> np.ndarray:
    """Renumber labels 0..m-1, keeping their order."""
    if not len(labels):
        return np.zeros(0, dtype=np.int64)
    return np.unique(labels, return_inverse=True)[1].ravel().astype(np.int64)


def consensus(chains: np.ndarray, scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Majority theme per text across chains aligned to the best-scoring chain."""
    n = chains.shape[1]
    order = np.argsort(-scores, kind="stable")
    reference = chains[order[0]]
    votes = np.zeros((n, k))
    rows = np.arange(n)
    for chain in order:
        labels = chains[chain]
        overlap = np.zeros((k, k))
        np.add.at(overlap, (labels, reference), 1)
        mine, theirs = linear_sum_assignment(overlap, maximize=True)
        mapping = np.arange(k)
        mapping[mine] = theirs
        votes[rows, mapping[labels]] += 1
    votes[rows, reference] += 0.5  # ties go to the best chain
    return compact(votes.argmax(1)), (votes.max(1) - 0.5) / len(order)


def centroid_silhouette(embedding: np.ndarray, labels: np.ndarray) -> float:
    """Simplified silhouette: (b - a) / max(a, b), where a and b are the cosine distances to
    the own and to the nearest other theme centre, averaged over texts; 0 below two themes."""
    k = int(labels.max()) + 1 if len(labels) else 0
    if k < 2:
        return 0.0
    centres = np.zeros((k, embedding.shape[1]))
    np.add.at(centres, labels, embedding)
    centres /= np.maximum(np.linalg.norm(centres, axis=1, keepdims=True), 1e-12)
    distance = 1.0 - embedding @ centres.T
    rows = np.arange(len(labels))
    own = distance[rows, labels].copy()
    distance[rows, labels] = np.inf
    other = distance.min(1)
    return float(np.mean((other - own) / np.maximum(np.maximum(own, other), 1e-12)))


def k_candidates(n: int, settings: ClusterSettings) -> list[int]:
    """Candidate theme counts: the grid from min_k up to the smaller of max_k and sqrt(n)."""
    upper = max(1, min(settings.max_k, int(np.sqrt(max(n, 1)))))
    lower = min(settings.min_k, upper)
    grid = {k for k in K_GRID if lower <= k <= upper} | {lower, upper}
    return sorted(grid)


def _sample(n: int, size: int, rng: np.random.Generator) -> np.ndarray:
    if n <= size:
        return np.arange(n)
    return np.sort(rng.choice(n, size, replace=False))


def _theme_log_evidence(
    sizes: np.ndarray, word_counts: np.ndarray, settings: DMMSettings, vocabulary: int
) -> np.ndarray:
    """Each theme's term of the DMM's integrated likelihood (terms common to all dropped)."""
    alpha, beta = settings.alpha, settings.beta
    return (
        gammaln(sizes + alpha)
        + gammaln(word_counts + beta).sum(-1)
        - vocabulary * gammaln(beta)
        + gammaln(vocabulary * beta)
        - gammaln(word_counts.sum(-1) + vocabulary * beta)
    )


def merge_path(
    binary: sp.csr_matrix, labels: np.ndarray, settings: DMMSettings, stops: set[int]
) -> dict[int, np.ndarray]:
    """Merge themes two at a time, always the pair the DMM likelihood minds least, and keep
    the labels at each theme count in ``stops``: a whole hierarchy from one fine clustering."""
    n, vocabulary = binary.shape
    labels = compact(labels)
    k = int(labels.max()) + 1
    one_hot = sp.csr_matrix((np.ones(n), (np.arange(n), labels)), shape=(n, k))
    word_counts = np.asarray((one_hot.T @ binary).todense(), dtype=np.float64)
    sizes = np.bincount(labels, minlength=k).astype(np.float64)
    evidence = _theme_log_evidence(sizes, word_counts, settings, vocabulary)
    gain = np.full((k, k), -np.inf)
    for a in range(k - 1):
        merged = _theme_log_evidence(
            sizes[a] + sizes[a + 1 :], word_counts[a] + word_counts[a + 1 :], settings, vocabulary
        )
        gain[a, a + 1 :] = merged - evidence[a] - evidence[a + 1 :]
    mapping = np.arange(k)
    alive = np.ones(k, dtype=bool)
    found: dict[int, np.ndarray] = {}
    for count in range(k, 1, -1):
        if count in stops:
            found[count] = compact(mapping[labels])
        a, b = np.unravel_index(np.argmax(gain), gain.shape)
        sizes[a] += sizes[b]
        word_counts[a] += word_counts[b]
        evidence[a] = _theme_log_evidence(sizes[a], word_counts[a], settings, vocabulary)
        mapping[mapping == b] = a
        alive[b] = False
        gain[b, :] = gain[:, b] = -np.inf
        others = np.flatnonzero(alive)
        others = others[others != a]
        if len(others):
            merged = _theme_log_evidence(
                sizes[a] + sizes[others], word_counts[a] + word_counts[others], settings, vocabulary
            )
            gain[np.minimum(a, others), np.maximum(a, others)] = (
                merged - evidence[a] - evidence[others]
            )
    return found


def _scan_direct(
    binary: sp.csr_matrix,
    space: np.ndarray,
    ks: list[int],
    chains: int,
    seeds: dict[int, int],
    settings: ClusterSettings,
) -> dict[int, tuple[float, np.ndarray, np.ndarray]]:
    """Cluster directly at each k; silhouette, chains' labels and scores.

    The chains of each k run as two groups on the workers: balanced, where running the
    candidates side by side leaves a core idle behind the largest k.
    """
    found = {}
    for k in ks:
        labels, scores = run_chains(
            binary, k, chains, seeds[k], settings.dmm, settings.workers, max(1, chains // 2)
        )
        agreed, _ = consensus(labels, scores, k)
        found[k] = (centroid_silhouette(space, agreed), labels, scores)
    return found


def choose_k(
    binary: sp.csr_matrix,
    embedding: np.ndarray,
    settings: ClusterSettings,
    rng: np.random.Generator,
    progress: Callable[[float], None] | None = None,
) -> tuple[int, dict, tuple[np.ndarray, np.ndarray] | None]:
    """The number of themes: best separated in the LSA space, the finer among near-ties.

    Every candidate count gets a first score from the simplified silhouette: small counts
    (up to ``k_direct_max``) from a quick direct clustering, larger ones from a merge path
    (one quick clustering at the largest count, merged step by step by the DMM likelihood).
    The best few are then clustered in earnest and scored again; of those within
    ``k_tolerance`` of the best, the largest count wins: when two counts separate the texts
    equally well, the finer one loses less, as panels can merge themes afterwards.

    Returns the count, the scores, and the chains already sampled at that count (or None).
    """
    n = binary.shape[0]
    sample = _sample(n, settings.cluster_sample, rng)
    sub_binary = binary[sample]
    space = embedding[sample][:, : settings.k_dimensions]
    space = space / np.maximum(np.linalg.norm(space, axis=1, keepdims=True), 1e-12)
    # The first round of scoring runs on a smaller sample still.
    quick = _sample(len(sample), settings.scan_sample, rng)
    quick_binary, quick_space = sub_binary[quick], space[quick]
    candidates = k_candidates(len(sample), settings)
    if len(candidates) == 1:
        return candidates[0], {}, None
    seeds = {
        k: int(seed)
        for k, seed in zip(candidates, rng.integers(2**31 - 1, size=len(candidates)), strict=True)
    }
    final_seeds = {
        k: int(seed)
        for k, seed in zip(candidates, rng.integers(2**31 - 1, size=len(candidates)), strict=True)
    }

    clock = time.perf_counter()
    first: dict[int, float] = {}
    small = [k for k in candidates if k <= settings.k_direct_max]
    for k, (score, _, _) in _scan_direct(
        quick_binary, quick_space, small, settings.scan_chains, seeds, settings
    ).items():
        first[k] = score
    large = [k for k in candidates if k > settings.k_direct_max]
    if large:
        top = large[-1]
        chains, scores = run_chains(
            quick_binary, top, settings.scan_chains, seeds[top], settings.dmm, settings.workers, 2
        )
        fine, _ = consensus(chains, scores, top)
        for k, labels in merge_path(quick_binary, fine, settings.dmm, set(large)).items():
            first[k] = centroid_silhouette(quick_space, labels)
        if int(fine.max()) + 1 < top:  # fewer themes survived than asked for
            first.setdefault(int(fine.max()) + 1, centroid_silhouette(quick_space, fine))
    scan_seconds = time.perf_counter() - clock
    if progress:
        progress(0.5)
    leader = max(first.values())
    close = [k for k in first if first[k] >= leader - settings.k_shortlist_margin * abs(leader)]
    shortlist = sorted(sorted(close, key=lambda k: (-first[k], k))[: settings.k_shortlist])
    # A count the merge path found on its own (fewer themes survived) has no seed yet.
    for k in shortlist:
        final_seeds.setdefault(
            k,
            int(np.random.SeedSequence([final_seeds[candidates[0]], k]).generate_state(1)[0])
            % (2**31 - 1),
        )
    final = _scan_direct(sub_binary, space, shortlist, settings.chains // 2, final_seeds, settings)
    if progress:
        progress(1.0)
    second = {k: result[0] for k, result in final.items()}
    best = max(second.values())
    chosen = max(
        k for k, score in second.items() if score >= best - settings.k_tolerance * abs(best)
    )
    reuse = (final[chosen][1], final[chosen][2])
    seconds = {"scan": scan_seconds, "shortlist": time.perf_counter() - clock - scan_seconds}
    return chosen, {"first": first, "shortlist": second, "seconds": seconds}, reuse


def _fit_svm(features: sp.spmatrix, labels: np.ndarray, c: float, seed: int) -> LinearSVC:
    model = LinearSVC(C=c, random_state=seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(features, labels)
    return model


def iterative_classification(
    features: sp.spmatrix,
    labels: np.ndarray,
    settings: ClusterSettings,
    rng: np.random.Generator,
    rounds: int | None = None,
) -> tuple[np.ndarray, LinearSVC | None]:
    """Re-train a linear SVM on a random share of each theme and re-assign the rest, until
    the labels settle; returns the labels and an SVM fitted on all of them."""
    labels = compact(labels)
    if labels.max(initial=0) < 1:
        return labels, None
    seed = int(rng.integers(2**31 - 1))
    for _ in range(settings.ic_rounds if rounds is None else rounds):
        train = np.zeros(len(labels), dtype=bool)
        for theme in np.unique(labels):
            members = np.flatnonzero(labels == theme)
            keep = max(1, int(np.ceil(len(members) * settings.ic_keep)))
            train[rng.permutation(members)[:keep]] = True
        if train.all() or len(np.unique(labels[train])) < 2:
            break
        model = _fit_svm(features[train], labels[train], settings.svm_c, seed)
        updated = labels.copy()
        updated[~train] = model.predict(features[~train])
        changed = float(np.mean(updated != labels))
        labels = updated
        if changed < settings.ic_settled:
            break
    labels = compact(labels)
    if labels.max(initial=0) < 1:
        return labels, None
    return labels, _fit_svm(features, labels, settings.svm_c, seed)


def cluster(
    binary: sp.csr_matrix,
    features: sp.csr_matrix,
    embedding: np.ndarray,
    k: int | None,
    settings: ClusterSettings,
    seed: int,
    progress: Callable[[float, str], None] | None = None,
) -> Clustering:
    """Themes for texts given as binary word rows (DMM), TF-IDF rows (classifier) and
    unit-length LSA rows (choice of k). Leave texts without any word out."""
    rng = np.random.default_rng(seed)
    n = binary.shape[0]
    timings: dict[str, float] = {}
    if n == 0:
        return Clustering(np.zeros(0, dtype=np.int64), 0, np.zeros(0))
    if n == 1 or k == 1:
        return Clustering(np.zeros(n, dtype=np.int64), 1, np.ones(n))

    k_scores: dict = {}
    started = time.perf_counter()
    reuse = None
    if k is None:
        k, k_scores, reuse = choose_k(
            binary,
            embedding,
            settings,
            rng,
            (lambda share: progress(share, "choosing the number of themes")) if progress else None,
        )
    k = max(1, min(int(k), n))
    timings["choose_k"] = time.perf_counter() - started

    started = time.perf_counter()
    sample = _sample(n, settings.cluster_sample, rng)
    sample_binary = binary[sample]
    seeds = rng.integers(2**31 - 1, size=2)
    if reuse is not None and len(sample) == n:
        # Half the chains were sampled while choosing k: sample the other half.
        more, more_scores = run_chains(
            sample_binary,
            k,
            settings.chains - reuse[0].shape[0],
            int(seeds[0]),
            settings.dmm,
            settings.workers,
            group_size=4,  # two groups, so both workers have one
        )
        chains = np.concatenate([reuse[0], more])
        scores = np.concatenate([reuse[1], more_scores])
    else:
        chains, scores = run_chains(
            sample_binary, k, settings.chains, int(seeds[0]), settings.dmm, settings.workers
        )
    sample_labels, agreement = consensus(chains, scores, k)
    used = int(sample_labels.max()) + 1
    if used < settings.refill * k and 2 * k <= len(sample):
        # The mixture empties themes when many are small (it prefers a few big ones). Asked
        # for k, start from 2k and keep the result if no more than k themes survive.
        chains, scores = run_chains(
            sample_binary, 2 * k, settings.chains, int(seeds[1]), settings.dmm, settings.workers
        )
        wider, wider_agreement = consensus(chains, scores, 2 * k)
        if used < int(wider.max()) + 1 <= k:
            sample_labels, agreement = wider, wider_agreement
    timings["dmm"] = time.perf_counter() - started
    if progress:
        progress(1.0, "grouping")

    started = time.perf_counter()
    sample_labels, model = iterative_classification(features[sample], sample_labels, settings, rng)
    labels = np.zeros(n, dtype=np.int64)
    labels[sample] = sample_labels
    if len(sample) < n and model is not None:
        rest = np.setdiff1d(np.arange(n), sample)
        labels[rest] = model.predict(features[rest])
        # One more round over everyone lets the themes settle on the whole input.
        labels, model = iterative_classification(features, labels, settings, rng, rounds=1)
    timings["iterative_classification"] = time.perf_counter() - started
    labels = compact(labels)
    return Clustering(
        labels=labels,
        k=int(labels.max()) + 1,
        agreement=agreement,
        k_scores=k_scores,
        classifier=model,
        timings=timings,
    )
