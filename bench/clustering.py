"""Clustering quality on the labelled development sets, with the steps that justify the method.

    .venv/bin/python bench/clustering.py [--data ../shared/data/clustering] [--seeds 0 1 2]

For each labelled TSV (``label<TAB>text``) and each seed, with the true number of labels:

- ``baseline``: TF-IDF (scikit-learn's stop words) -> LSA(100) -> k-means, the usual recipe;
- ``kmeans-ours``: k-means on the pipeline's own LSA space (its tokens, stems and phrases);
- ``dmm-1``: one Dirichlet multinomial mixture chain, no classification rounds;
- ``dmm-16``: the consensus of 16 chains, no classification rounds;
- ``pipeline``: the product's pipeline (16 chains + iterative classification);
- ``auto``: the product's pipeline choosing k itself.

It prints a Markdown table of mean NMI, ARI and ACC (Hungarian-matched) over the seeds,
with the spread of ACC, the k found and seconds. The variants run the pipeline's own code
with settings changed (``ClusterSettings``), so the comparison is of method, not of code.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from sklearn.cluster import KMeans  # noqa: E402
from sklearn.decomposition import TruncatedSVD  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402

from analysis.cluster import ClusterSettings  # noqa: E402
from analysis.evaluation import clustering_scores, read_labelled_tsv  # noqa: E402
from analysis.pipeline import PipelineConfig, run_pipeline  # noqa: E402
from analysis.vectors import Vectoriser  # noqa: E402


def _kmeans(embedding: np.ndarray, k: int, seed: int) -> list[int]:
    return KMeans(k, n_init=10, random_state=seed).fit_predict(embedding).tolist()


def baseline(texts: list[str], k: int, seed: int) -> tuple[list[int], int]:
    matrix = TfidfVectorizer(stop_words="english").fit_transform(texts)
    embedding = TruncatedSVD(100, random_state=seed).fit_transform(matrix)
    embedding /= np.maximum(np.linalg.norm(embedding, axis=1, keepdims=True), 1e-12)
    return _kmeans(embedding, k, seed), k


def kmeans_ours(texts: list[str], k: int, seed: int) -> tuple[list[int], int]:
    _, embedding = Vectoriser().fit_transform(texts, np.random.default_rng(seed))
    return _kmeans(embedding, k, seed), k


def _pipeline(settings: ClusterSettings | None, automatic: bool = False):
    def run(texts: list[str], k: int, seed: int) -> tuple[list[int], int]:
        config = PipelineConfig(k=None if automatic else k, seed=seed)
        if settings is not None:
            config = replace(config, clustering=settings)
        result = run_pipeline(texts, config)
        return result.assignments, result.metrics["k"]

    return run


VARIANTS = {
    "baseline": baseline,
    "kmeans-ours": kmeans_ours,
    "dmm-1": _pipeline(ClusterSettings(chains=1, ic_rounds=0)),
    "dmm-16": _pipeline(ClusterSettings(ic_rounds=0)),
    "pipeline": _pipeline(None),
    "auto": _pipeline(None, automatic=True),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data" / "clustering"))
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--variants", nargs="+", default=list(VARIANTS), choices=list(VARIANTS))
    args = parser.parse_args()
    files = sorted(Path(args.data).glob("*.tsv"))
    if not files:
        print(f"no labelled TSV files in {args.data}", file=sys.stderr)
        return 2
    print("| set | method | NMI | ARI | ACC | ACC range | k | seconds |")
    print("|---|---|---|---|---|---|---|---|")
    for path in files:
        labels, texts = read_labelled_tsv(path)
        true_k = len(set(labels))
        for name in args.variants:
            scores, ks, seconds = [], [], []
            for seed in args.seeds:
                clock = time.perf_counter()
                predicted, k = VARIANTS[name](texts, true_k, seed)
                seconds.append(time.perf_counter() - clock)
                scores.append(clustering_scores(labels, predicted))
                ks.append(k)
            mean = {m: statistics.mean(s[m] for s in scores) for m in ("nmi", "ari", "acc")}
            accs = [s["acc"] for s in scores]
            print(
                f"| {path.stem} ({true_k}) | {name} | {mean['nmi']:.3f} | {mean['ari']:.3f} "
                f"| {mean['acc']:.3f} | {min(accs):.3f}-{max(accs):.3f} "
                f"| {'/'.join(map(str, ks))} | {statistics.mean(seconds):.1f} |",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
