"""Clustering quality against known labels, and the labelled TSV format the benchmarks use.

Pure: no Django. ``evaluate_clustering`` (the management command) and ``bench/`` call these.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from scipy.optimize import linear_sum_assignment
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score


def read_labelled_tsv(path: str | Path) -> tuple[list[str], list[str]]:
    """Labels and texts from a UTF-8 TSV with the header ``label<TAB>text``.

    Fields are not quoted (texts contain ``"``), so the file is read with quoting off. Rows
    without a TAB are skipped; a missing or wrong header raises ``ValueError``.
    """
    csv.field_size_limit(sys.maxsize)
    labels: list[str] = []
    texts: list[str] = []
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader, None)
        if header is None or [field.strip().lower() for field in header[:2]] != ["label", "text"]:
            raise ValueError(f"{path}: the first line must be the header 'label<TAB>text'")
        for row in reader:
            if len(row) < 2:
                continue
            labels.append(row[0])
            # A stray TAB inside a text is part of the text.
            texts.append("\t".join(row[1:]))
    return labels, texts


def _codes(values: Sequence) -> np.ndarray:
    _, codes = np.unique(np.asarray([str(value) for value in values]), return_inverse=True)
    return codes.ravel()


def hungarian_accuracy(truth: Sequence, predicted: Sequence) -> float:
    """Accuracy after matching predicted clusters to true labels one-to-one (Hungarian).

    Every predicted cluster, the "other" group (-1) included, is a cluster of its own; clusters
    left without a partner (when there are more clusters than labels) count as wrong.
    """
    if len(truth) != len(predicted):
        raise ValueError("truth and predicted differ in length")
    if not len(truth):
        return 1.0
    true_codes, predicted_codes = _codes(truth), _codes(predicted)
    contingency = np.zeros((predicted_codes.max() + 1, true_codes.max() + 1), dtype=np.int64)
    np.add.at(contingency, (predicted_codes, true_codes), 1)
    rows, cols = linear_sum_assignment(contingency, maximize=True)
    return float(contingency[rows, cols].sum() / len(truth))


def clustering_scores(truth: Sequence, predicted: Sequence) -> dict[str, float]:
    """NMI (arithmetic mean normalisation, scikit-learn's default), ARI and Hungarian ACC."""
    true_codes, predicted_codes = _codes(truth), _codes(predicted)
    return {
        "nmi": float(normalized_mutual_info_score(true_codes, predicted_codes)),
        "ari": float(adjusted_rand_score(true_codes, predicted_codes)),
        "acc": hungarian_accuracy(true_codes, predicted_codes),
    }
