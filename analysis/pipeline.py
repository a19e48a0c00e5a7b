"""The analysis pipeline: a list of texts in, themes out. Pure Python, no Django.

Steps (each measured on labelled data; see bench/README.md):

1. Normalise and tokenise (NLTK ``RegexpTokenizer``), drop stop words (scikit-learn's list),
   Snowball-stem, and add phrases: adjacent word pairs that NLTK's collocation finder ranks
   as real collocations ("protected time", "freedom speak").
2. TF-IDF (sublinear, words in at least two texts and at most half of them), and LSA
   (truncated SVD, 100 dimensions) for similarity, the map and choosing k.
3. Themes: an ensemble of Dirichlet multinomial mixture chains (GSDMM's model, made for
   short texts) with a consensus vote, then iterative classification with a linear SVM.
   The number of themes is chosen by silhouette unless given.
4. Texts that fit no theme (no known word, or cosine below 0.1 to their theme's centre) go
   to "other" (-1), and so do themes of fewer than three texts (fewer for small inputs)
   when k was chosen automatically.
5. Each theme: key phrases and a label in the words people used, representatives (closest
   to the centre, one per near-duplicate group), near-duplicate groups; a 2-D map; metrics.

``evaluate_clustering``, the benchmarks and the product all call ``run_pipeline``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
from sklearn.metrics import silhouette_score

from analysis import text as text_tools
from analysis.cluster import ClusterSettings, centroid_silhouette, cluster
from analysis.dmm import binary_rows
from analysis.layout import theme_map
from analysis.model import FittedModel
from analysis.themes import (
    key_features,
    make_label,
    near_duplicate_groups,
    readable_phrases,
    representatives,
)
from analysis.vectors import Vectoriser, VectorSettings

Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class PipelineConfig:
    k: int | None = None  # None: choose automatically
    seed: int = 0
    min_k: int = 2  # range searched when k is None
    max_k: int = 30
    other_threshold: float = 0.1  # cosine to the theme centre below which a text is "other"
    min_theme_size: int = 3  # with k chosen automatically, smaller themes join "other"
    duplicate_threshold: float = 0.9  # TF-IDF cosine for near-duplicates
    representatives: int = 5
    key_phrases: int = 10
    workers: int = 2  # threads for the clustering (the machine has two cores)
    vectors: VectorSettings = field(default_factory=VectorSettings)
    clustering: ClusterSettings = field(default_factory=ClusterSettings)

    def __post_init__(self) -> None:
        if self.k is not None and self.k < 1:
            raise ValueError("k must be at least 1 (or None to choose it automatically)")
        if self.min_k < 1 or self.max_k < self.min_k:
            raise ValueError("need 1 <= min_k <= max_k")


@dataclass
class ThemeResult:
    index: int
    label: str  # readable, real words
    key_phrases: list[str]  # readable surface forms, best first
    members: list[int]  # indices into texts
    representatives: list[int]  # closest to the centre, best first (up to 5)


@dataclass
class PipelineResult:
    assignments: list[int]  # theme index per text, -1 for "other"
    themes: list[ThemeResult]
    coords: list[tuple[float, float]]  # 2-D map position per text
    near_duplicates: list[list[int]]  # groups of indices of near-identical texts
    metrics: dict  # silhouette, other_share, k, chosen_k_scores, …
    timings: dict  # seconds per step
    model: FittedModel
    sizes: list[int] = field(default_factory=list)  # members per theme, by index


def _notify(progress: Progress | None, fraction: float, step: str) -> None:
    if progress is not None:
        progress(min(1.0, max(0.0, fraction)), step)


def _centres(embedding: np.ndarray, labels: np.ndarray, k: int) -> np.ndarray:
    centres = np.zeros((k, embedding.shape[1]), dtype=np.float64)
    member = labels >= 0
    np.add.at(centres, labels[member], embedding[member])
    norms = np.linalg.norm(centres, axis=1, keepdims=True)
    return (centres / np.maximum(norms, 1e-12)).astype(np.float32)


def _relabel(labels: np.ndarray, mapping: np.ndarray) -> np.ndarray:
    """``mapping[label]`` for every theme label; "other" (-1) stays -1."""
    relabelled = np.full(len(labels), -1, dtype=np.int64)
    themed = labels >= 0
    relabelled[themed] = mapping[labels[themed]]
    return relabelled


def _silhouette(embedding: np.ndarray, labels: np.ndarray, seed: int) -> float | None:
    member = labels >= 0
    themed = labels[member]
    if len(np.unique(themed)) < 2 or len(themed) < 3 or len(np.unique(themed)) >= len(themed):
        return None
    size = min(3000, len(themed))
    return round(
        float(
            silhouette_score(
                embedding[member], themed, metric="cosine", sample_size=size, random_state=seed
            )
        ),
        4,
    )


def _readable_forms(
    texts: list[str],
    binary,
    columns: list[list[int]],
    vectoriser: Vectoriser,
    per_feature: int = 40,
) -> Callable[[str], str]:
    """Show key features as people wrote them, from a few texts that contain each."""
    wanted = sorted({column for theme in columns for column in theme})
    if not wanted:
        return vectoriser.readable
    by_column = binary[:, wanted].tocsc()
    rows: set[int] = set()
    for position in range(len(wanted)):
        start, end = by_column.indptr[position], by_column.indptr[position + 1]
        rows.update(int(row) for row in by_column.indices[start:end][:per_feature])
    spans = text_tools.surface_spans(
        (texts[row] for row in sorted(rows)), {str(vectoriser.vocabulary[c]) for c in wanted}
    )
    return lambda feature: spans.get(feature) or vectoriser.readable(feature)


def run_pipeline(
    texts: Sequence[str],
    config: PipelineConfig = PipelineConfig(),
    progress: Progress | None = None,
) -> PipelineResult:
    """Themes for ``texts`` (one contribution each). Deterministic for a given config.seed."""
    started = time.perf_counter()
    texts = ["" if text is None else str(text) for text in texts]
    n = len(texts)
    rng = np.random.default_rng(config.seed)
    timings: dict[str, float] = {}
    _notify(progress, 0.0, "reading the contributions")

    clock = time.perf_counter()
    vectoriser = Vectoriser(config.vectors)
    features, embedding = vectoriser.fit_transform(texts, rng)
    binary = binary_rows(features)
    has_words = np.diff(binary.indptr) > 0
    timings["vectorise"] = time.perf_counter() - clock
    _notify(progress, 0.15, "finding words and phrases")

    settings = replace(
        config.clustering, min_k=config.min_k, max_k=config.max_k, workers=config.workers
    )
    worded = np.flatnonzero(has_words)
    labels = np.full(n, -1, dtype=np.int64)
    classifier = None
    agreement_mean = None
    k_scores: dict = {}
    if len(worded):
        # Texts with the same words are the same to the clustering: never more themes than
        # distinct texts, and one theme when everyone said the same thing.
        distinct = len(
            {binary.indices[binary.indptr[i] : binary.indptr[i + 1]].tobytes() for i in worded}
        )
        if distinct == 1:
            labels[worded] = 0
        else:
            settings = replace(settings, max_k=max(1, min(settings.max_k, distinct)))
            requested = None if config.k is None else min(config.k, distinct)

            def stage(share: float, step: str) -> None:
                if step.startswith("choosing"):
                    _notify(progress, 0.15 + 0.4 * share, step)
                else:
                    _notify(progress, 0.75, step)

            found = cluster(
                binary[worded],
                features[worded],
                embedding[worded],
                requested,
                settings,
                config.seed,
                stage,
            )
            labels[worded] = found.labels
            classifier = found.classifier
            k_scores = found.k_scores
            agreement_mean = round(float(np.mean(found.agreement)), 4)
            timings.update(found.timings)
    _notify(progress, 0.85, "refining the themes")

    clock = time.perf_counter()
    # Themes by size, largest first; then texts too far from their theme go to "other".
    original = labels.copy()
    sizes = np.bincount(labels[labels >= 0]) if (labels >= 0).any() else np.zeros(0, int)
    order = np.argsort(-sizes, kind="stable")
    rank = np.full(len(sizes), -1, dtype=np.int64)
    rank[order] = np.arange(len(order))
    labels = _relabel(labels, rank)
    k = len(sizes)
    centres = _centres(embedding, labels, k)
    if k:
        fit = np.einsum("ij,ij->i", embedding, centres[np.maximum(labels, 0)])
        labels[(labels >= 0) & (fit < config.other_threshold)] = -1
    if config.k is None and k:
        # A theme of one or two contributions is not a theme; when the count was asked for,
        # the organiser gets it.
        smallest = min(config.min_theme_size, max(1, n // 50))
        counts = np.bincount(labels[labels >= 0], minlength=k)
        labels[(labels >= 0) & (counts[np.maximum(labels, 0)] < smallest)] = -1
    # Drop themes emptied by that, keeping the size order.
    remaining = np.unique(labels[labels >= 0])
    renumber = np.full(max(k, 1), -1, dtype=np.int64)
    renumber[remaining] = np.arange(len(remaining))
    labels = _relabel(labels, renumber)
    k = len(remaining)
    centres = _centres(embedding, labels, k)
    class_to_theme: dict[int, int] = {}
    if classifier is not None:
        for cls in classifier.classes_:
            old = int(cls)
            class_to_theme[old] = int(renumber[rank[old]]) if rank[old] >= 0 else -1
    elif k:
        class_to_theme = {0: 0}

    columns = key_features(binary, labels, k, top=config.key_phrases)
    readable = _readable_forms(texts, binary, columns, vectoriser)
    phrases = [
        readable_phrases(cols, vectoriser.vocabulary, readable, config.key_phrases)
        for cols in columns
    ]
    timings["describe"] = time.perf_counter() - clock
    _notify(progress, 0.9, "labelling the themes")

    clock = time.perf_counter()
    groups = [np.flatnonzero(labels == theme) for theme in range(k)]
    groups.append(np.flatnonzero((labels < 0) & has_words))
    duplicates = near_duplicate_groups(features, embedding, groups, config.duplicate_threshold)
    # Texts with no words at all are near-identical to each other only if they are identical.
    blank: dict[str, list[int]] = {}
    for index in np.flatnonzero(~has_words):
        blank.setdefault(texts[index].strip().casefold(), []).append(int(index))
    duplicates += [group for key, group in blank.items() if key and len(group) > 1]
    duplicates.sort(key=lambda group: group[0])
    duplicate_of = {index: group[0] for group in duplicates for index in group}
    themes = []
    for theme in range(k):
        members = groups[theme]
        themes.append(
            ThemeResult(
                index=theme,
                label=make_label(phrases[theme]),
                key_phrases=phrases[theme],
                members=[int(i) for i in members],
                representatives=representatives(
                    members, embedding, centres[theme], duplicate_of, config.representatives
                ),
            )
        )
    timings["near_duplicates"] = time.perf_counter() - clock
    _notify(progress, 0.95, "finding near-duplicates")

    clock = time.perf_counter()
    coords = theme_map(embedding, labels, centres)
    timings["map"] = time.perf_counter() - clock

    clock = time.perf_counter()
    metrics = {
        "texts": n,
        "k": k,
        "k_requested": config.k,
        "other_share": round(float(np.mean(labels < 0)) if n else 0.0, 4),
        "without_words": int((~has_words).sum()),
        "silhouette": _silhouette(embedding, labels, config.seed),
        "centroid_silhouette": round(
            centroid_silhouette(embedding[labels >= 0], labels[labels >= 0]), 4
        )
        if k >= 2
        else None,
        "chosen_k_scores": k_scores,
        "chain_agreement": agreement_mean,
        "theme_sizes": [len(group) for group in groups[:k]],
        "near_duplicate_groups": len(duplicates),
        "vocabulary": vectoriser.width,
        "phrases": len(vectoriser.phrases),
        "changed_by_other": int(np.sum((original >= 0) & (labels < 0))),
    }
    timings["metrics"] = time.perf_counter() - clock
    timings["total"] = time.perf_counter() - started
    timings = {step: round(seconds, 4) for step, seconds in timings.items()}

    model = FittedModel(
        vectoriser=vectoriser,
        classifier=classifier,
        class_to_theme=class_to_theme,
        centres=centres,
        embedding=embedding,
        other_threshold=config.other_threshold,
    )
    _notify(progress, 1.0, "done")
    return PipelineResult(
        assignments=[int(label) for label in labels],
        themes=themes,
        coords=coords,
        near_duplicates=duplicates,
        metrics=metrics,
        timings=timings,
        model=model,
        sizes=[len(group) for group in groups[:k]],
    )
