"""From texts to vectors: stemmed words and phrases, TF-IDF, and an LSA embedding.

``Vectoriser`` is fitted once per run and pickled with the run's model, so contributions
posted later (placing them in a theme, "similar ideas" while someone writes) go through
exactly the same steps.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from analysis import text as text_tools


@dataclass(frozen=True)
class VectorSettings:
    min_df: int = 2  # a word must appear in two texts to say anything about a theme
    max_df: float = 0.5  # words in more than half the texts separate nothing
    max_features: int = 60_000
    phrase_min_count: int = 3
    phrase_sample: int = 30_000  # texts used to find phrases (collocations)
    lsa_dimensions: int = 100
    lsa_sample: int = 30_000  # texts used to fit the LSA basis


def _identity(features: list[str]) -> list[str]:
    # TfidfVectorizer's analyzer: our features are already made. Module level: picklable.
    return features


class Vectoriser:
    """Stems and phrases → TF-IDF → unit-length LSA vectors, fitted on one run's texts."""

    def __init__(self, settings: VectorSettings = VectorSettings()) -> None:
        self.settings = settings
        self.phrases: frozenset[tuple[str, str]] = frozenset()
        self.surface = text_tools.SurfaceForms()
        self.tfidf: TfidfVectorizer | None = None
        self.svd: TruncatedSVD | None = None
        self.vocabulary: np.ndarray = np.array([], dtype=object)

    # Fitting -----------------------------------------------------------------------------

    def fit_transform(
        self, texts: Sequence[str], rng: np.random.Generator
    ) -> tuple[sp.csr_matrix, np.ndarray]:
        """Fit on ``texts``; return their TF-IDF rows and unit-length LSA embedding."""
        stems, self.surface = text_tools.analyse(texts)
        n = len(texts)
        phrase_docs = stems
        if n > self.settings.phrase_sample:
            chosen = rng.choice(n, self.settings.phrase_sample, replace=False)
            phrase_docs = [stems[i] for i in np.sort(chosen)]
        min_count = self.settings.phrase_min_count if n >= 50 else 2
        self.phrases = text_tools.find_phrases(phrase_docs, min_count=min_count)
        documents = [text_tools.features(doc, self.phrases) for doc in stems]
        matrix = self._fit_tfidf(documents, n)
        embedding = self._fit_lsa(matrix, rng)
        return matrix, embedding

    def _fit_tfidf(self, documents: list[list[str]], n: int) -> sp.csr_matrix:
        # Small inputs keep every word: with a handful of texts, a word seen once still counts.
        min_df = self.settings.min_df if n >= 20 else 1
        max_df = self.settings.max_df if n >= 20 else 1.0
        for attempt_min_df, attempt_max_df in ((min_df, max_df), (1, 1.0)):
            self.tfidf = TfidfVectorizer(
                analyzer=_identity,
                min_df=attempt_min_df,
                max_df=attempt_max_df,
                max_features=self.settings.max_features,
                sublinear_tf=True,
                dtype=np.float32,
            )
            try:
                matrix = self.tfidf.fit_transform(documents)
            except ValueError:  # an empty vocabulary: no text has a content word
                continue
            self.vocabulary = self.tfidf.get_feature_names_out()
            # The words pruned by frequency are only kept for introspection: they would make
            # the pickled model many times larger.
            if hasattr(self.tfidf, "stop_words_"):
                del self.tfidf.stop_words_
            return matrix.tocsr()
        self.tfidf = None
        self.vocabulary = np.array([], dtype=object)
        return sp.csr_matrix((n, 0), dtype=np.float32)

    def _fit_lsa(self, matrix: sp.csr_matrix, rng: np.random.Generator) -> np.ndarray:
        n, width = matrix.shape
        dimensions = min(self.settings.lsa_dimensions, width - 1, n - 1)
        if dimensions < 2:
            self.svd = None
            return self._unit(matrix.toarray())
        self.svd = TruncatedSVD(
            n_components=dimensions, algorithm="randomized", n_iter=5,
            random_state=int(rng.integers(2**31 - 1)),
        )  # fmt: skip
        # When every text says the same thing the explained-variance ratio divides by zero;
        # the basis itself is fine.
        with np.errstate(invalid="ignore", divide="ignore"):
            if n > self.settings.lsa_sample:
                sample = np.sort(rng.choice(n, self.settings.lsa_sample, replace=False))
                self.svd.fit(matrix[sample])
            else:
                self.svd.fit(matrix)
        # Single precision is plenty for cosine similarities and halves the stored model.
        self.svd.components_ = self.svd.components_.astype(np.float32)
        return self._unit(self.svd.transform(matrix))

    @staticmethod
    def _unit(vectors: np.ndarray) -> np.ndarray:
        vectors = np.asarray(vectors, dtype=np.float32)
        if vectors.ndim != 2 or 0 in vectors.shape:  # no texts, or no words to measure them by
            return np.zeros(vectors.shape if vectors.ndim == 2 else (0, 0), dtype=np.float32)
        return normalize(vectors).astype(np.float32)

    # Using a fitted vectoriser -----------------------------------------------------------

    @property
    def width(self) -> int:
        return len(self.vocabulary)

    def features(self, texts: Sequence[str]) -> sp.csr_matrix:
        """TF-IDF rows for new texts (words unseen at fitting time are ignored)."""
        if self.tfidf is None:
            return sp.csr_matrix((len(texts), 0), dtype=np.float32)
        documents = [text_tools.features(text_tools.stems(text), self.phrases) for text in texts]
        return self.tfidf.transform(documents).tocsr()

    def embed(self, matrix: sp.spmatrix) -> np.ndarray:
        """Unit-length LSA vectors for TF-IDF rows (all-zero rows stay zero)."""
        if self.svd is None:
            return self._unit(matrix.toarray())
        return self._unit(self.svd.transform(matrix))

    def readable(self, feature: str) -> str:
        """A feature (a stem or a stem pair) as the words people actually wrote."""
        return self.surface.phrase(feature)
