"""Analyse a challenge's published contributions into themes, in the foreground."""

import threading

from django.core.management.base import BaseCommand, CommandError

from analysis import services
from analysis.models import AnalysisRun, RunStatus
from ideas.errors import ServiceError
from ideas.models import Challenge


class Command(BaseCommand):
    help = (
        "Run the analysis pipeline on a challenge's published contributions (or one "
        "question's), show its progress, and print a summary of the themes. The run is saved "
        "like one started from the site, so its themes appear on the theme pages."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The challenge's slug.")
        parser.add_argument("--question", type=int, help="Analyse only this question (id).")
        parser.add_argument("--k", type=int, help="Number of themes (default: chosen).")
        parser.add_argument(
            "--if-missing",
            action="store_true",
            help="Do nothing if this challenge (or question) already has a finished run.",
        )

    def handle(
        self,
        *args,
        slug: str,
        question: int | None,
        k: int | None,
        if_missing: bool = False,
        **options,
    ):
        challenge = Challenge.objects.filter(slug=slug).first()
        if challenge is None:
            raise CommandError(f"No challenge with the slug '{slug}'.")
        chosen = None
        if question is not None:
            chosen = challenge.questions.filter(pk=question).first()
            if chosen is None:
                raise CommandError(f"Question {question} is not in '{slug}'.")
        if if_missing and services.latest_run(
            challenge_id=challenge.pk, question_id=chosen.pk if chosen else None
        ):
            self.stdout.write(f"'{slug}' has been analysed already; nothing to do.")
            return
        try:
            run = services.run_create(
                user=_command_user(), challenge=challenge, question=chosen, k=k, enqueue=False
            )
        except ServiceError as error:
            raise CommandError(error.message) from None
        done = threading.Event()
        watcher = threading.Thread(target=self._watch, args=(run.pk, done), daemon=True)
        watcher.start()
        run = services.run_execute(run_id=run.pk)
        done.set()
        watcher.join(timeout=2)
        self.stdout.write("")
        if run.status != RunStatus.SUCCEEDED:
            raise CommandError(f"The run failed: {run.error}")
        self._summary(run)

    def _watch(self, run_id: int, done: threading.Event) -> None:
        from django.db import connection

        try:
            while not done.wait(0.5):
                run = AnalysisRun.objects.filter(pk=run_id).values("progress", "step").first()
                if run:
                    bar = "#" * int(run["progress"] * 30)
                    self.stdout.write(
                        f"\r[{bar:<30}] {run['progress']:>4.0%} {run['step']:<40}", ending=""
                    )
                    self.stdout.flush()
        finally:
            connection.close()

    def _summary(self, run: AnalysisRun) -> None:
        metrics, timings = run.metrics, run.timings
        other = metrics.get("other_share")
        self.stdout.write(
            self.style.SUCCESS(
                f"Run {run.pk}: {run.contribution_count:,} contributions, "
                f"{metrics.get('themes', 0)} themes in {timings.get('total', 0):.1f} s"
                + (f", {other:.0%} in 'other'" if isinstance(other, float) else "")
                + (f", silhouette {metrics['silhouette']:.3f}" if "silhouette" in metrics else "")
            )
        )
        for theme in run.themes.select_related("identity").order_by("-size"):
            figures = theme.statistics
            approval = figures.get("approval")
            self.stdout.write(
                f"  {theme.size:>6,}  {theme.display_name}"
                f"  — {', '.join(theme.key_phrases[:5])}"
                + (
                    f"  ({approval:.0%} up, {figures.get('stance')})"
                    if approval is not None
                    else ""
                )
            )


def _command_user():
    """Runs from the command line are the operator's, shown as an organiser's."""

    class Operator:
        is_authenticated = True
        is_active = True
        is_staff = True
        pk = None

    return Operator()
