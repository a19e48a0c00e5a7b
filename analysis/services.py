"""Analysis writes: start a run, execute it (load → pipeline → persist), match themes to the
previous run, and place contributions published after a run in their nearest theme.

The pipeline itself (``analysis.pipeline``) is pure; this module is the one place that reads
contributions and votes for it and writes its results back.
"""

import logging
import pickle
import statistics as stats
import time
from collections import Counter
from functools import lru_cache

import numpy as np
from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from scipy.optimize import linear_sum_assignment

from analysis import rules, signals
from analysis.models import AnalysisRun, Membership, RunStatus, Theme, ThemeIdentity
from ideas.errors import Conflict, InvalidInput, NotAllowed
from ideas.models import Challenge, Contribution, Question, Status

logger = logging.getLogger(__name__)

SMALL_CELL = 5  # demographic cells with fewer people than this are suppressed
MATCH_MIN_OVERLAP = 0.2  # Jaccard overlap below which a new theme gets a new identity
PROGRESS_EVERY_SECONDS = 0.5
MAX_K = 60


# --- starting and executing runs ------------------------------------------------------------


def run_create(
    *,
    user,
    challenge: Challenge,
    question: Question | None = None,
    k: int | None = None,
    enqueue: bool = True,
) -> AnalysisRun:
    """Queue an analysis of a challenge's (or one question's) published contributions."""
    if not rules.can_run_analysis(user, challenge):
        raise NotAllowed("Only organisers can start an analysis.")
    if question is not None and question.challenge_id != challenge.pk:
        raise InvalidInput("Choose a question from this challenge.", field="question")
    if k is not None and not (isinstance(k, int) and 2 <= k <= MAX_K):
        raise InvalidInput(f"Ask for between 2 and {MAX_K} themes, or leave it empty.", field="k")
    run_fail_stale(challenge_id=challenge.pk)
    with transaction.atomic():
        busy = AnalysisRun.objects.select_for_update().filter(
            challenge=challenge,
            question=question,
            status__in=[RunStatus.QUEUED, RunStatus.RUNNING],
        )
        if busy.exists():
            raise Conflict("An analysis of this is already under way.", code="run_busy")
        run = AnalysisRun.objects.create(
            challenge=challenge,
            question=question,
            requested_k=k,
            created_by=user if getattr(user, "pk", None) else None,
            parameters={"k": k, "seed": 0},
        )
        if enqueue:
            from analysis.tasks import run_analysis

            transaction.on_commit(lambda: run_analysis.enqueue(run.pk))
    return run


def _claim(run_id: int) -> bool:
    """Take a queued run for this process (a conditional update, so only one worker does)."""
    return bool(
        AnalysisRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
            status=RunStatus.RUNNING,
            started_at=timezone.now(),
            heartbeat_at=timezone.now(),
            progress=0.0,
            step="Starting",
        )
    )


class _Progress:
    """Writes progress to the run at most twice a second (the pipeline calls it often)."""

    def __init__(self, run_id: int, start: float, end: float):
        self.run_id, self.start, self.end = run_id, start, end
        self.last = 0.0

    def __call__(self, fraction: float, step: str) -> None:
        now = time.monotonic()
        if now - self.last < PROGRESS_EVERY_SECONDS and fraction < 1:
            return
        self.last = now
        value = self.start + (self.end - self.start) * max(0.0, min(1.0, fraction))
        AnalysisRun.objects.filter(pk=self.run_id).update(
            progress=round(value, 4), step=step[:100], heartbeat_at=timezone.now()
        )
        _progressed(self.run_id)


def _progressed(run_id: int) -> None:
    transaction.on_commit(lambda: signals.run_progressed.send(sender=AnalysisRun, run_id=run_id))


def run_execute(*, run_id: int) -> AnalysisRun:
    """Execute a queued run to the end, or mark it failed with the reason."""
    if not _claim(run_id):
        return AnalysisRun.objects.get(pk=run_id)
    run = AnalysisRun.objects.select_related("challenge", "question").get(pk=run_id)
    started = time.perf_counter()
    try:
        _Progress(run_id, 0, 1)(0.0, "Reading contributions")
        rows = _load(run)
        loaded = time.perf_counter()
        # Imported here: scikit-learn and NLTK load only in processes that analyse.
        from analysis.pipeline import PipelineConfig, run_pipeline

        texts = [f"{row['title']}\n{row['body']}" if row["title"] else row["body"] for row in rows]
        result = run_pipeline(
            texts, PipelineConfig(k=run.requested_k, seed=0), progress=_Progress(run_id, 0.05, 0.85)
        )
        analysed = time.perf_counter()
        _Progress(run_id, 0, 1)(0.9, "Saving themes")
        _persist(run, rows, result)
        saved = time.perf_counter()
    except Exception as error:
        logger.exception("Analysis run %s failed", run_id)
        AnalysisRun.objects.filter(pk=run_id).update(
            status=RunStatus.FAILED,
            finished_at=timezone.now(),
            error=f"{type(error).__name__}: {error}"[:2000],
        )
        _progressed(run_id)
        run.refresh_from_db()
        return run
    timings = {
        **getattr(result, "timings", {}),
        "load": round(loaded - started, 3),
        "pipeline": round(analysed - loaded, 3),
        "save": round(saved - analysed, 3),
        "total": round(saved - started, 3),
    }
    AnalysisRun.objects.filter(pk=run_id).update(
        status=RunStatus.SUCCEEDED,
        progress=1.0,
        step="Finished",
        finished_at=timezone.now(),
        timings=timings,
    )
    _progressed(run_id)
    run.refresh_from_db()
    return run


def run_fail_stale(
    *, challenge_id: int | None = None, older_than_seconds: int | None = None
) -> int:
    """Mark running runs whose worker stopped reporting (killed, out of memory, machine
    restarted) as failed, so they say why and the analysis can be started again.

    The pipeline reports progress between its steps, seconds apart even for 100,000
    contributions, so ``ANALYSIS_STALE_SECONDS`` (ten minutes) of silence means the worker
    is gone.
    """
    if older_than_seconds is None:
        older_than_seconds = settings.ANALYSIS_STALE_SECONDS
    cutoff = timezone.now() - timezone.timedelta(seconds=older_than_seconds)
    stale = AnalysisRun.objects.filter(status=RunStatus.RUNNING).filter(
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, started_at__lt=cutoff)
    )
    if challenge_id is not None:
        stale = stale.filter(challenge=challenge_id)
    ids = list(stale.values_list("pk", flat=True))
    failed = AnalysisRun.objects.filter(pk__in=ids, status=RunStatus.RUNNING).update(
        status=RunStatus.FAILED,
        finished_at=timezone.now(),
        error=(
            "The worker stopped before the run finished (no progress for "
            f"{_duration(older_than_seconds)}). Run it again."
        ),
    )
    for run_id in ids:
        _progressed(run_id)
    return failed


def _duration(seconds: int) -> str:
    if seconds >= 120:
        return f"{seconds // 60} minutes"
    return f"{seconds} seconds"


def _scope(run: AnalysisRun) -> Q:
    scope = Q(challenge=run.challenge_id, status=Status.PUBLISHED)
    if run.question_id:
        scope &= Q(question=run.question_id)
    return scope


def _load(run: AnalysisRun) -> list[dict]:
    return list(
        Contribution.objects.filter(_scope(run))
        .order_by("id")
        .values(
            "id",
            "title",
            "body",
            "up_count",
            "down_count",
            "author_id",
            "author__country",
            "author__role_group",
        )
    )


# --- persisting ----------------------------------------------------------------------------


def _persist(run: AnalysisRun, rows: list[dict], result) -> None:
    ids = [row["id"] for row in rows]
    members_by_index = {theme.index: [ids[i] for i in theme.members] for theme in result.themes}
    previous = _previous_run(run)
    identities = _match_identities(run, previous, members_by_index)
    # Near-duplicate groups by the themes their members are in (a group may span two).
    duplicates_by_theme: dict[int, list[list[int]]] = {}
    for group in result.near_duplicates:
        for index in {result.assignments[i] for i in group}:
            duplicates_by_theme.setdefault(index, []).append([ids[i] for i in group])
    with transaction.atomic():
        themes = {}
        for theme in result.themes:
            member_rows = [rows[i] for i in theme.members]
            supported = sorted(
                member_rows,
                key=lambda r: (-(r["up_count"] - r["down_count"]), -r["up_count"], r["id"]),
            )
            themes[theme.index] = Theme.objects.create(
                run=run,
                identity=identities[theme.index],
                index=theme.index,
                label=theme.label[:200],
                key_phrases=list(theme.key_phrases)[:12],
                size=len(theme.members),
                statistics=theme_statistics(member_rows),
                representative_ids=[ids[i] for i in theme.representatives][:5],
                most_supported_ids=[r["id"] for r in supported[:5]],
                near_duplicate_groups=duplicates_by_theme.get(theme.index, [])[:20],
            )
        memberships_write(
            [
                (
                    run.pk,
                    contribution_id,
                    themes[index].pk if index >= 0 else None,
                    float(result.coords[i][0]),
                    float(result.coords[i][1]),
                )
                for i, (contribution_id, index) in enumerate(
                    zip(ids, result.assignments, strict=True)
                )
            ]
        )
        AnalysisRun.objects.filter(pk=run.pk).update(
            contribution_count=len(rows),
            metrics={**result.metrics, "themes": len(result.themes)},
            model=pickle.dumps(
                {"model": result.model, "contribution_ids": ids}, protocol=pickle.HIGHEST_PROTOCOL
            ),
        )


MEMBERSHIP_COLUMNS = ("run", "contribution", "theme", "x", "y")


def memberships_write(rows: list[tuple], *, copy: bool | None = None) -> None:
    """Store (run id, contribution id, theme id or None, x, y) rows as memberships.

    On PostgreSQL they go in with COPY: a national challenge's 100,000 rows take a second
    instead of a quarter of a minute through INSERTs. Elsewhere, or with ``copy=False``,
    through ``bulk_create``. Call inside the run's transaction.
    """
    if copy is None:
        copy = connection.vendor == "postgresql"
    if not copy:
        Membership.objects.bulk_create(
            [
                Membership(run_id=run, contribution_id=item, theme_id=theme, x=x, y=y)
                for run, item, theme, x, y in rows
            ],
            batch_size=2000,
        )
        return
    meta = Membership._meta
    columns = ", ".join(
        connection.ops.quote_name(meta.get_field(name).column)
        for name in (*MEMBERSHIP_COLUMNS, "placed_later")
    )
    table = connection.ops.quote_name(meta.db_table)
    with (
        connection.cursor() as cursor,
        cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as stream,
    ):
        for row in rows:
            stream.write_row((*row, False))


def _previous_run(run: AnalysisRun) -> AnalysisRun | None:
    return (
        AnalysisRun.objects.filter(
            challenge=run.challenge_id, question=run.question_id, status=RunStatus.SUCCEEDED
        )
        .exclude(pk=run.pk)
        .defer("model")
        .order_by("-finished_at", "-id")
        .first()
    )


def _match_identities(
    run: AnalysisRun, previous: AnalysisRun | None, members_by_index: dict[int, list[int]]
) -> dict[int, ThemeIdentity]:
    """Give each new theme the identity of the previous run's theme it overlaps most
    (Jaccard, one-to-one, by the Hungarian method); themes with no good match get new ones.
    """
    matched: dict[int, ThemeIdentity] = {}
    if previous is not None:
        old = {}
        for theme in previous.themes.select_related("identity"):
            old[theme.identity] = set(
                previous.memberships.filter(theme=theme).values_list("contribution_id", flat=True)
            )
        new_indices = list(members_by_index)
        old_identities = list(old)
        if new_indices and old_identities:
            overlap = np.zeros((len(new_indices), len(old_identities)))
            for i, index in enumerate(new_indices):
                members = set(members_by_index[index])
                for j, identity in enumerate(old_identities):
                    union = members | old[identity]
                    overlap[i, j] = len(members & old[identity]) / len(union) if union else 0
            rows, cols = linear_sum_assignment(-overlap)
            for i, j in zip(rows, cols, strict=True):
                if overlap[i, j] >= MATCH_MIN_OVERLAP:
                    matched[new_indices[i]] = old_identities[j]
    for index in members_by_index:
        if index not in matched:
            matched[index] = ThemeIdentity.objects.create(
                challenge_id=run.challenge_id, question_id=run.question_id
            )
    return matched


def theme_statistics(rows: list[dict]) -> dict:
    """Figures that join text and votes for one theme, with small demographic cells hidden.

    ``consensus`` is the share of up votes across the theme's contributions; ``spread`` is
    how much that share varies between them (high spread: a divided theme).
    """
    up = sum(r["up_count"] for r in rows)
    down = sum(r["down_count"] for r in rows)
    shares = [
        r["up_count"] / (r["up_count"] + r["down_count"])
        for r in rows
        if r["up_count"] + r["down_count"] > 0
    ]
    spread = round(stats.pstdev(shares), 3) if len(shares) > 1 else 0.0
    approval = round(up / (up + down), 3) if up + down else None
    if approval is None:
        stance = "no votes yet"
    elif approval >= 0.7 and spread < 0.25:
        stance = "consensus"
    elif approval <= 0.3 and spread < 0.25:
        stance = "opposed"
    else:
        stance = "divided"
    people = {r["author_id"]: r for r in rows}
    return {
        "size": len(rows),
        "up_votes": up,
        "down_votes": down,
        "support": up - down,
        "approval": approval,
        "spread": spread,
        "stance": stance,
        "contributors": len(people),
        "countries": suppress_small_cells(
            Counter(r["author__country"] or "not given" for r in people.values())
        ),
        "roles": suppress_small_cells(
            Counter(r["author__role_group"] or "not given" for r in people.values())
        ),
    }


def suppress_small_cells(counts: Counter) -> dict:
    """Counts of people per value, with every value held by fewer than 5 people folded into
    one "fewer than 5 each" total — and that total hidden too if it is itself below 5.
    """
    shown = {value: n for value, n in counts.most_common() if n >= SMALL_CELL}
    hidden = sum(n for n in counts.values() if n < SMALL_CELL)
    result = {
        "shown": shown,
        "suppressed_values": sum(1 for n in counts.values() if n < SMALL_CELL),
    }
    result["suppressed_people"] = hidden if hidden >= SMALL_CELL else None
    return result


# --- after a run: new contributions and suggestions ---------------------------------------


@lru_cache(maxsize=4)
def run_model(run_id: int):
    blob = AnalysisRun.objects.values_list("model", flat=True).get(pk=run_id)
    return pickle.loads(bytes(blob))  # noqa: S301 - written by this app's own run_execute


def latest_run(*, challenge_id: int, question_id: int | None = None) -> AnalysisRun | None:
    return (
        AnalysisRun.objects.filter(
            challenge=challenge_id,
            question=question_id,
            status=RunStatus.SUCCEEDED,
            model__isnull=False,
        )
        .defer("model")
        .order_by("-finished_at", "-id")
        .first()
    )


def contribution_place(*, contribution: Contribution) -> Membership | None:
    """Put a contribution published after the latest run into that run's nearest theme."""
    if contribution.status != Status.PUBLISHED:
        return None
    placed = None
    for question_id in (None, contribution.question_id):
        run = latest_run(challenge_id=contribution.challenge_id, question_id=question_id)
        if run is None or Membership.objects.filter(run=run, contribution=contribution).exists():
            continue
        payload = run_model(run.pk)
        text = (
            f"{contribution.title}\n{contribution.body}"
            if contribution.title
            else contribution.body
        )
        index = payload["model"].place([text])[0]
        theme = run.themes.filter(index=index).first() if index >= 0 else None
        position = Membership.objects.filter(run=run, theme=theme).values_list("x", "y")[:200]
        xs, ys = zip(*position, strict=True) if position else ((0.0,), (0.0,))
        placed, _ = Membership.objects.get_or_create(
            run=run,
            contribution=contribution,
            defaults={
                "theme": theme,
                "x": float(np.mean(xs)),
                "y": float(np.mean(ys)),
                "placed_later": True,
            },
        )
        if theme is not None:
            Theme.objects.filter(pk=theme.pk).update(size=F("size") + 1)
    return placed


def on_contribution_changed(sender, *, challenge_id: int, contribution_id: int, **kwargs):
    """ideas' event (after commit): place newly published contributions."""
    contribution = Contribution.objects.filter(pk=contribution_id).first()
    if contribution is None:
        return
    try:
        contribution_place(contribution=contribution)
    except Exception:  # placing is a nicety: never let it break posting
        logger.exception("Could not place contribution %s", contribution_id)
