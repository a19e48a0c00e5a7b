"""Inter-rater agreement for expert panels: Krippendorff's alpha.

Panel members score themes on a rubric (1-5). Alpha says how far the members agree beyond
what chance would give: 1 is perfect agreement, 0 no more than chance, below 0 systematic
disagreement. It copes with members who did not score every theme, and with any number of
members. The computation follows Krippendorff (2011), "Computing Krippendorff's
Alpha-Reliability": a coincidence matrix of the values paired within each unit, and a
difference function per level of measurement. Pure numpy, no Django.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np

Level = Literal["nominal", "ordinal", "interval", "ratio"]


def _differences(values: np.ndarray, totals: np.ndarray, level: Level) -> np.ndarray:
    """Squared differences between every pair of values (rows and columns in value order)."""
    a, b = np.meshgrid(values, values, indexing="ij")
    if level == "nominal":
        return (a != b).astype(float)
    if level == "interval":
        return (a - b) ** 2
    if level == "ratio":
        with np.errstate(divide="ignore", invalid="ignore"):
            squared = ((a - b) / (a + b)) ** 2
        return np.nan_to_num(squared)
    if level == "ordinal":
        # The ranks between two values, counted by how often each value was used: two
        # values far apart in a crowded part of the scale differ more than the same gap
        # where scores are rare.
        cumulative = np.concatenate([[0.0], np.cumsum(totals)])
        positions = np.arange(len(values))
        low = np.minimum.outer(positions, positions)
        high = np.maximum.outer(positions, positions)
        between = cumulative[high + 1] - cumulative[low]
        return (between - (totals[low] + totals[high]) / 2) ** 2
    raise ValueError(f"unknown level of measurement: {level!r}")


def krippendorff_alpha(
    ratings: Sequence[Sequence[float | None]], level: Level = "ordinal"
) -> float | None:
    """Alpha for ``ratings[rater][unit]`` (None or NaN where a rater gave no value).

    Units with fewer than two values are left out, as they give nothing to compare. Returns
    None when there is nothing to compare at all, or when every value is the same (then
    agreement cannot be told from chance).
    """
    data = np.array(
        [[np.nan if value is None else float(value) for value in row] for row in ratings],
        dtype=float,
    )
    if data.ndim != 2 or data.size == 0:
        return None
    values = np.unique(data[~np.isnan(data)])
    if len(values) < 2:
        return None
    index = {value: position for position, value in enumerate(values)}
    coincidences = np.zeros((len(values), len(values)))
    for unit in data.T:
        present = unit[~np.isnan(unit)]
        pairable = len(present)
        if pairable < 2:
            continue
        counts = np.zeros(len(values))
        for value in present:
            counts[index[value]] += 1
        # Every ordered pair of values from different raters, weighted by 1 / (m - 1).
        pairs = np.outer(counts, counts) - np.diag(counts)
        coincidences += pairs / (pairable - 1)
    totals = coincidences.sum(axis=1)
    n = totals.sum()
    if n <= 1:
        return None
    delta = _differences(values, totals, level)
    observed = (coincidences * delta).sum()
    expected = (np.outer(totals, totals) * delta).sum() / (n - 1)
    if expected == 0:
        return None
    return float(1.0 - observed / expected)
