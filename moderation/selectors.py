"""Moderation reads: the queue, a case with its context, the audit log, transparency."""

from datetime import timedelta

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from ideas.models import Challenge, Comment, Status
from moderation.models import (
    AuditEntry,
    Case,
    CaseState,
    Decision,
    Notice,
    Queue,
    Report,
    ReportReason,
)

AGES = {"day": timedelta(days=1), "week": timedelta(days=7)}


def case_queue(
    *,
    challenge: Challenge,
    queue: str = "",
    state: str = CaseState.OPEN,
    reason: str = "",
    older_than: str = "",
) -> QuerySet[Case]:
    """Cases for moderators, oldest first, with what the list shows already joined.

    ``reason`` is a report reason, ``held`` (the pre-screen) or ``appeal``; ``older_than``
    is ``day`` or ``week``.
    """
    cases = (
        Case.objects.filter(challenge=challenge)
        .select_related(
            "contribution__author",
            "contribution__question",
            "comment__author",
            "comment__contribution",
        )
        .annotate(report_count=Count("reports", distinct=True))
    )
    if queue:
        cases = cases.filter(queue=queue)
    if state:
        cases = cases.filter(state=state)
    if reason == "held":
        cases = cases.filter(held=True)
    elif reason == "appeal":
        cases = cases.filter(appealed=True)
    elif reason:
        cases = cases.filter(reports__reason=reason).distinct()
    if older_than in AGES:
        cases = cases.filter(opened_at__lte=timezone.now() - AGES[older_than])
    return cases.order_by("opened_at", "id")


def open_case_counts(challenge_id: int) -> dict[str, int]:
    """Open cases per queue (every queue listed, zeros included), for the live queue."""
    counts = dict(
        Case.objects.filter(challenge=challenge_id, state=CaseState.OPEN)
        .values_list("queue")
        .annotate(n=Count("id"))
        .values_list("queue", "n")
    )
    return {key: counts.get(key, 0) for key, _label in Queue.choices}


def case_detail(*, pk: int) -> Case:
    reports = Report.objects.select_related("reporter").order_by("created_at")
    decisions = Decision.objects.select_related("appeal").order_by("created_at")
    return (
        Case.objects.select_related(
            "challenge",
            "contribution__author",
            "contribution__question",
            "contribution__category",
            "comment__author",
            "comment__contribution__author",
        )
        .prefetch_related(
            Prefetch("reports", queryset=reports), Prefetch("decisions", queryset=decisions)
        )
        .get(pk=pk)
    )


def case_history(*, case: Case) -> list[Decision]:
    """Every decision ever made on this item (across its cases), oldest first."""
    item_filter = (
        {"case__contribution": case.contribution}
        if case.contribution_id
        else {"case__comment": case.comment}
    )
    return list(
        Decision.objects.filter(**item_filter).select_related("appeal").order_by("created_at", "id")
    )


def case_thread(*, case: Case) -> list[Comment]:
    """The contribution's comments in every state, for context (moderators see all)."""
    contribution = case.contribution or case.comment.contribution
    return list(
        Comment.objects.filter(contribution=contribution)
        .select_related("author")
        .order_by("created_at", "id")
    )


def audit_log(*, challenge: Challenge) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(challenge_id=challenge.pk).order_by("-created_at", "-id")


def notices_for(*, user) -> QuerySet[Notice]:
    return (
        Notice.objects.filter(participant__user=user)
        .select_related("participant__challenge", "decision__appeal", "decision__case")
        .order_by("-created_at", "-id")
    )


def transparency(*, challenge: Challenge) -> dict:
    """Public figures: reports by reason and moderation outcomes. Counts only."""
    reports = dict(
        Report.objects.filter(
            Q(contribution__challenge=challenge) | Q(comment__contribution__challenge=challenge)
        )
        .values_list("reason")
        .annotate(n=Count("id"))
        .order_by()
    )
    outcomes = dict(
        AuditEntry.objects.filter(challenge_id=challenge.pk)
        .values_list("action")
        .annotate(n=Count("id"))
        .order_by()
    )
    published = challenge.contributions.filter(status=Status.PUBLISHED).count()
    return {
        "reports_by_reason": [
            {"reason": key, "label": label, "count": reports.get(key, 0)}
            for key, label in ReportReason.choices
        ],
        "outcomes": [
            {"outcome": key, "label": label, "count": outcomes.get(key, 0)}
            for key, label in OUTCOME_LABELS
        ],
        "published_contributions": published,
        "queues": [{"queue": key, "label": label} for key, label in Queue.choices],
    }


OUTCOME_LABELS = [
    ("refused", "Refused automatically before posting"),
    ("held", "Held automatically for review"),
    ("auto_hidden", "Hidden automatically after reports"),
    ("keep", "Kept by a moderator"),
    ("hide", "Hidden by a moderator"),
    ("remove", "Removed by a moderator"),
    ("ask_edit", "Author asked to edit"),
    ("mute", "Accounts muted"),
    ("suspend", "Accounts suspended"),
    ("appealed", "Decisions appealed"),
    ("appeal_overturned", "Appeals upheld for the author"),
    ("appeal_upheld", "Appeals turned down"),
]
