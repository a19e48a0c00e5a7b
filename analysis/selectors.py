"""Analysis reads: runs, the latest themes, a theme with its contributions, the map,
and similar contributions for someone writing."""

from django.db.models import QuerySet

from analysis import services
from analysis.models import AnalysisRun, Membership, RunStatus, Theme
from ideas.models import Challenge, Contribution, Status

MAP_POINTS = 4000  # enough to see the shape; the page stays light


def runs_for(*, challenge: Challenge) -> QuerySet[AnalysisRun]:
    return AnalysisRun.objects.filter(challenge=challenge).select_related("question").defer("model")


def latest_themes(
    *, challenge: Challenge, question_id: int | None = None
) -> tuple[AnalysisRun | None, list[Theme]]:
    run = (
        AnalysisRun.objects.filter(
            challenge=challenge, question=question_id, status=RunStatus.SUCCEEDED
        )
        .defer("model")
        .order_by("-finished_at", "-id")
        .first()
    )
    if run is None:
        return None, []
    return run, list(run.themes.select_related("identity").order_by("-size", "index"))


def theme_detail(*, pk: int) -> Theme:
    return Theme.objects.select_related("identity", "run__challenge").get(pk=pk)


def latest_theme_of_identity(*, identity_id: int) -> Theme | None:
    """The newest finished run's theme with this identity: what a link to a theme that
    survives re-runs points at."""
    return (
        Theme.objects.filter(identity=identity_id, run__status=RunStatus.SUCCEEDED)
        .select_related("identity", "run__challenge")
        .order_by("-run__finished_at", "-run_id")
        .first()
    )


def theme_contributions(*, theme: Theme) -> QuerySet[Contribution]:
    """The theme's published contributions, most supported first."""
    return (
        Contribution.objects.filter(memberships__theme=theme, status=Status.PUBLISHED)
        .select_related("author", "question")
        .order_by("-wilson_score", "-id")
    )


def published_in_order(ids: list[int]) -> list[Contribution]:
    found = Contribution.objects.filter(pk__in=ids, status=Status.PUBLISHED).select_related(
        "author", "question"
    )
    by_id = {c.pk: c for c in found}
    return [by_id[i] for i in ids if i in by_id]


def map_points(*, run: AnalysisRun) -> list[dict]:
    """Up to MAP_POINTS positions of published contributions, each with its theme index."""
    rows = (
        Membership.objects.filter(run=run, contribution__status=Status.PUBLISHED)
        .values_list("x", "y", "theme__index")
        .order_by("contribution_id")
    )
    step = max(1, rows.count() // MAP_POINTS)
    return [
        {"x": x, "y": y, "theme": index if index is not None else -1}
        for n, (x, y, index) in enumerate(rows.iterator())
        if n % step == 0
    ][:MAP_POINTS]


def similar_contributions(*, challenge: Challenge, text: str, top: int = 5) -> list[Contribution]:
    """Published contributions most like ``text``, using the latest run's vectoriser."""
    run = services.latest_run(challenge_id=challenge.pk)
    if run is None or len(text.strip()) < 10:
        return []
    payload = services.run_model(run.pk)
    ids = payload["contribution_ids"]
    matches = payload["model"].similar(text, top=top * 3)
    wanted = [ids[index] for index, score in matches if score > 0.1]
    return published_in_order(wanted)[:top]
