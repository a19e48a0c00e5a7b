"""Measure the analysis pipeline against labelled texts.

    python manage.py evaluate_clustering PATH.tsv [--k N] [--seed S] [--json]

PATH.tsv is UTF-8 with the header ``label<TAB>text`` and unquoted fields. The texts go
through exactly the pipeline the product runs (``analysis.pipeline.run_pipeline``); the
themes are scored against the labels with NMI, ARI and Hungarian-matched accuracy. Texts the
pipeline puts in "other" count as one more cluster, so they cost accuracy as they should.
"""

import json
import resource
import time

from django.core.management.base import BaseCommand, CommandError

from analysis.evaluation import clustering_scores, read_labelled_tsv
from analysis.pipeline import PipelineConfig, run_pipeline


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far (ru_maxrss is in KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Command(BaseCommand):
    help = (
        "Cluster the texts of a labelled TSV (header 'label<TAB>text') with the analysis "
        "pipeline and print NMI, ARI, Hungarian accuracy, the number of themes, wall seconds "
        "and peak memory. Without --k the pipeline chooses the number of themes itself."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Labelled TSV file: 'label<TAB>text' per line.")
        parser.add_argument(
            "--k", type=int, default=None, help="Number of themes (default: chosen automatically)."
        )
        parser.add_argument("--seed", type=int, default=0, help="Random seed (default 0).")
        parser.add_argument(
            "--json",
            action="store_true",
            help="Print one JSON object: nmi, ari, acc, k, seconds, peak_rss_mb.",
        )

    def handle(self, *args, **options):
        if options["k"] is not None and options["k"] < 1:
            raise CommandError("--k must be at least 1")
        try:
            labels, texts = read_labelled_tsv(options["path"])
        except (OSError, UnicodeDecodeError, ValueError) as error:
            raise CommandError(f"cannot read {options['path']}: {error}") from error
        if not texts:
            raise CommandError(f"{options['path']} has no labelled texts")

        config = PipelineConfig(k=options["k"], seed=options["seed"])
        started = time.perf_counter()
        result = run_pipeline(texts, config)
        seconds = time.perf_counter() - started
        scores = clustering_scores(labels, result.assignments)
        report = {
            "nmi": round(scores["nmi"], 4),
            "ari": round(scores["ari"], 4),
            "acc": round(scores["acc"], 4),
            "k": result.metrics["k"],
            "seconds": round(seconds, 2),
            "peak_rss_mb": round(peak_rss_mb(), 1),
        }
        if options["json"]:
            self.stdout.write(json.dumps(report))
            return
        true_k = len(set(labels))
        lines = [
            f"texts        {len(texts)} ({true_k} labels)",
            f"NMI          {report['nmi']:.4f}",
            f"ARI          {report['ari']:.4f}",
            f"ACC          {report['acc']:.4f}  (Hungarian-matched)",
            f"themes (k)   {report['k']}"
            + (
                "  (chosen automatically)"
                if options["k"] is None
                else f"  (asked for {options['k']})"
            ),
            f"other        {result.metrics['other_share']:.1%} of texts",
            f"seconds      {report['seconds']:.2f}",
            f"peak memory  {report['peak_rss_mb']:.0f} MB",
        ]
        self.stdout.write("\n".join(lines))
