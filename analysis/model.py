"""The fitted model a run keeps: place new texts in a theme, find similar contributions.

Picklable (numpy arrays, scikit-learn estimators and the pipeline's own module-level
functions only), so the Django side can store it with the run and load it in another process.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.svm import LinearSVC

from analysis.vectors import Vectoriser


class FittedModel:
    """Everything needed to treat new texts the way the run treated its own."""

    def __init__(
        self,
        vectoriser: Vectoriser,
        classifier: LinearSVC | None,
        class_to_theme: dict[int, int],
        centres: np.ndarray,
        embedding: np.ndarray,
        other_threshold: float,
    ) -> None:
        self.vectoriser = vectoriser
        self.classifier = classifier
        self.class_to_theme = class_to_theme
        self.centres = np.asarray(centres, dtype=np.float32)  # unit-length, one per theme
        self.embedding = np.asarray(embedding, dtype=np.float32)  # the fitted texts
        self.other_threshold = other_threshold

    @property
    def dimensions(self) -> int:
        return int(self.embedding.shape[1]) if self.embedding.ndim == 2 else 0

    def transform(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length vectors in the run's LSA space (all zeros for texts with no known word)."""
        if not len(texts):
            return np.zeros((0, self.dimensions), dtype=np.float32)
        return self.vectoriser.embed(self.vectoriser.features(list(texts)))

    def place(self, texts: Sequence[str]) -> list[int]:
        """The theme index for each new text, or -1 ("other") when it fits none."""
        if not len(texts) or not len(self.centres):
            return [-1] * len(texts)
        features = self.vectoriser.features(list(texts))
        vectors = self.vectoriser.embed(features)
        if self.classifier is not None:
            classes = [int(c) for c in self.classifier.predict(features)]
            themes = np.array([self.class_to_theme.get(c, -1) for c in classes])
        else:
            themes = np.zeros(len(texts), dtype=np.int64)
        known = np.asarray(features.getnnz(axis=1)).ravel() > 0
        placed = []
        for index, theme in enumerate(themes):
            if not known[index] or theme < 0:
                placed.append(-1)
                continue
            fit = float(vectors[index] @ self.centres[theme])
            placed.append(int(theme) if fit >= self.other_threshold else -1)
        return placed

    def similar(self, text: str, top: int = 5) -> list[tuple[int, float]]:
        """Indices of the fitted texts most similar to ``text``, with cosine scores, best first.

        Only texts with a positive similarity are returned; none for a text with no known word.
        """
        if top <= 0 or not len(self.embedding):
            return []
        vector = self.transform([text])[0]
        if not np.any(vector):
            return []
        scores = self.embedding @ vector
        count = min(top, len(scores))
        best = np.argpartition(-scores, count - 1)[:count]
        best = best[np.argsort(-scores[best], kind="stable")]
        return [(int(i), round(float(scores[i]), 4)) for i in best if scores[i] > 0]
