"""A 2-D map of all contributions, coloured by theme on the page.

Theme centres are laid out by classical multidimensional scaling of their cosine distances,
so related themes sit near each other. Each text is then drawn towards the themes it
resembles (a softmax over its similarity to every centre) and spread around that point along
its theme's own two main directions of variation, scaled so neighbouring themes do not
overlap. Linear in the number of texts, deterministic, and fast enough for 100,000 texts,
where t-SNE or UMAP would take minutes (and UMAP is not a dependency).
"""

from __future__ import annotations

import numpy as np

TEMPERATURE = 0.05  # softmax temperature over cosine similarities to theme centres
SPREAD = 0.35  # a theme's cloud reaches about this share of the distance to its neighbour


def classical_mds(distances: np.ndarray) -> np.ndarray:
    """2-D coordinates whose Euclidean distances approximate ``distances`` (Torgerson)."""
    k = distances.shape[0]
    if k == 1:
        return np.zeros((1, 2))
    centring = np.eye(k) - np.ones((k, k)) / k
    gram = -0.5 * centring @ (distances**2) @ centring
    values, vectors = np.linalg.eigh(gram)
    order = np.argsort(-values)[:2]
    coords = vectors[:, order] * np.sqrt(np.maximum(values[order], 0.0))
    if coords.shape[1] < 2:
        coords = np.hstack([coords, np.zeros((k, 2 - coords.shape[1]))])
    # Eigenvectors have an arbitrary sign: fix it so the map does not flip between runs.
    for axis in range(2):
        pivot = np.argmax(np.abs(coords[:, axis]))
        if coords[pivot, axis] < 0:
            coords[:, axis] *= -1
    return coords


def theme_map(
    embedding: np.ndarray, labels: np.ndarray, centres: np.ndarray
) -> list[tuple[float, float]]:
    """A position in [-1, 1]² for every text; texts in "other" (-1) sit by their nearest theme
    but further out."""
    n = embedding.shape[0]
    k = centres.shape[0]
    if n == 0:
        return []
    if k == 0:
        return [(0.0, 0.0)] * n
    similarity = np.clip(centres @ centres.T, -1.0, 1.0)
    positions = classical_mds(np.sqrt(np.maximum(2.0 - 2.0 * similarity, 0.0)))
    if k > 1:
        gaps = np.linalg.norm(positions[:, None, :] - positions[None, :, :], axis=2)
        np.fill_diagonal(gaps, np.inf)
        nearest = gaps.min(1)
        nearest[~np.isfinite(nearest)] = 1.0
    else:
        nearest = np.ones(1)

    to_centres = embedding @ centres.T
    weights = np.exp((to_centres - to_centres.max(1, keepdims=True)) / TEMPERATURE)
    weights /= weights.sum(1, keepdims=True)
    points = weights @ positions

    own = np.where(labels >= 0, labels, to_centres.argmax(1))
    for theme in range(k):
        members = np.flatnonzero(own == theme)
        if len(members) < 2:
            continue
        offsets = embedding[members] - centres[theme]
        # The theme's two main directions (SVD of its members' offsets from the centre).
        _, _, directions = np.linalg.svd(offsets - offsets.mean(0), full_matrices=False)
        local = offsets @ directions[:2].T
        if local.shape[1] < 2:
            local = np.hstack([local, np.zeros((len(members), 2 - local.shape[1]))])
        for axis in range(2):
            pivot = np.argmax(np.abs(local[:, axis]))
            if local[pivot, axis] < 0:
                local[:, axis] *= -1
        scale = np.percentile(np.linalg.norm(local, axis=1), 95) or 1.0
        points[members] += local / scale * SPREAD * nearest[theme]
    other = labels < 0
    if other.any():
        points[other] += (points[other] - positions[own[other]]) * 0.5
    span = np.abs(points).max() or 1.0
    points /= span
    return [(round(float(x), 5), round(float(y), 5)) for x, y in points]
