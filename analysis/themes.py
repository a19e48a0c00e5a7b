"""What each theme is about: key phrases, a readable label, representatives, near-duplicates.

Key phrases are the words and phrases that set a theme apart: frequent among its members
and rarer elsewhere, scored by their share of the Kullback-Leibler divergence between the
theme's word distribution and the whole run's (p_theme * log(p_theme / p_all), over
document frequencies). Stems are shown as the surface form people used most often.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import scipy.sparse as sp

MAX_KEY_PHRASES = 10
LABEL_PARTS = 3
LABEL_MAX_CHARS = 60


def key_features(
    binary: sp.csr_matrix, labels: np.ndarray, k: int, top: int = MAX_KEY_PHRASES
) -> list[list[int]]:
    """Column indices of each theme's most distinctive features, best first.

    ``labels`` may contain -1 (the "other" group), which counts towards the background only.
    """
    n, width = binary.shape
    if width == 0 or k == 0:
        return [[] for _ in range(k)]
    member = labels >= 0
    one_hot = sp.csr_matrix(
        (np.ones(int(member.sum())), (labels[member], np.flatnonzero(member))), shape=(k, n)
    )
    in_theme = np.asarray((one_hot @ binary).todense(), dtype=np.float64)  # k x width
    sizes = np.bincount(labels[member], minlength=k).astype(np.float64)
    overall = (np.asarray(binary.sum(0)).ravel() + 0.5) / (n + 1.0)
    share = in_theme / np.maximum(sizes, 1)[:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        score = np.where(in_theme > 0, share * np.log(share / overall[None, :]), 0.0)
    # A feature seen in one text of a theme says nothing about the theme (unless it is tiny).
    minimum = np.where(sizes >= 5, 2, 1)[:, None]
    score[in_theme < minimum] = -np.inf
    found = []
    for theme in range(k):
        row = score[theme]
        count = min(top * 3, int(np.isfinite(row).sum()))
        if count == 0:
            found.append([])
            continue
        best = np.argpartition(-row, count - 1)[:count]
        best = best[np.argsort(-row[best], kind="stable")]
        found.append([int(column) for column in best if row[column] > 0])
    return found


def readable_phrases(
    columns: list[int], vocabulary: np.ndarray, readable: Callable[[str], str], top: int
) -> list[str]:
    """Surface forms of features, skipping words already inside a chosen phrase."""
    chosen: list[str] = []
    chosen_stems: list[set[str]] = []
    for column in columns:
        feature = str(vocabulary[column])
        stems = set(feature.split(" "))
        # "staff" adds nothing after "staff training"; "staff training" replaces "staff".
        if any(stems <= earlier for earlier in chosen_stems):
            continue
        merged = [i for i, earlier in enumerate(chosen_stems) if earlier < stems]
        phrase = readable(feature)
        if phrase.casefold() in (earlier.casefold() for earlier in chosen):
            continue
        if merged:
            # The phrase takes the place of the first word it contains; the others go.
            chosen[merged[0]], chosen_stems[merged[0]] = phrase, stems
            for index in reversed(merged[1:]):
                del chosen[index], chosen_stems[index]
            continue
        chosen.append(phrase)
        chosen_stems.append(stems)
        if len(chosen) >= top:
            break
    return chosen


def make_label(phrases: list[str]) -> str:
    """A short readable theme name from its key phrases: "Protected time, learning, …"."""
    parts: list[str] = []
    for phrase in phrases[:LABEL_PARTS]:
        candidate = ", ".join([*parts, phrase])
        if parts and len(candidate) > LABEL_MAX_CHARS:
            break
        parts.append(phrase)
    if not parts:
        return "Miscellaneous"
    label = ", ".join(parts)
    return label[0].upper() + label[1:]


def near_duplicate_groups(
    features: sp.csr_matrix,
    embedding: np.ndarray,
    groups: list[np.ndarray],
    threshold: float,
    chunk: int = 1024,
) -> list[list[int]]:
    """Groups (of two or more) of near-identical texts, searched within each group of indices.

    Candidates are pairs whose LSA vectors are at least ``threshold`` similar; a pair counts
    when its TF-IDF cosine also reaches ``threshold``. Linked pairs form groups (union-find).
    """
    parent = np.arange(features.shape[0])

    def find(i: int) -> int:
        root = i
        while parent[root] != root:
            root = parent[root]
        while parent[i] != root:
            parent[i], i = root, parent[i]
        return root

    linked = False
    for members in groups:
        if len(members) < 2:
            continue
        vectors = embedding[members]
        for start in range(0, len(members), chunk):
            block = vectors[start : start + chunk] @ vectors.T
            rows, cols = np.nonzero(block >= threshold)
            rows = rows + start
            keep = rows < cols
            if not keep.any():
                continue
            left, right = members[rows[keep]], members[cols[keep]]
            exact = np.asarray(features[left].multiply(features[right]).sum(1)).ravel()
            for a, b in zip(left[exact >= threshold], right[exact >= threshold], strict=True):
                root_a, root_b = find(int(a)), find(int(b))
                if root_a != root_b:
                    parent[max(root_a, root_b)] = min(root_a, root_b)
                    linked = True
    if not linked:
        return []
    roots = np.array([find(i) for i in range(len(parent))])
    _, inverse, counts = np.unique(roots, return_inverse=True, return_counts=True)
    in_group = np.flatnonzero(counts[inverse] > 1)
    found: dict[int, list[int]] = {}
    for index in in_group:
        found.setdefault(int(roots[index]), []).append(int(index))
    return sorted(found.values(), key=lambda group: group[0])


def representatives(
    members: np.ndarray,
    embedding: np.ndarray,
    centre: np.ndarray,
    duplicate_of: dict[int, int],
    top: int = 5,
) -> list[int]:
    """Members closest to the theme centre (cosine), one per near-duplicate group."""
    if not len(members):
        return []
    closeness = embedding[members] @ centre
    order = members[np.argsort(-closeness, kind="stable")]
    chosen: list[int] = []
    seen_groups: set[int] = set()
    for index in order:
        group = duplicate_of.get(int(index), -1 - int(index))
        if group in seen_groups:
            continue
        seen_groups.add(group)
        chosen.append(int(index))
        if len(chosen) >= top:
            break
    return chosen
