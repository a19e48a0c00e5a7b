"""A person's part of moderation, for their personal-data download (registered with
``accounts.personal_data`` in ``ModerationConfig.ready``): what they reported, what they were
told, their appeals and sanctions, and — for moderators — the decisions they made. An erased
moderator's decisions stay in the record under "Moderator N", with no link to them."""

from django.db.models import Q

from accounts.personal_data import stamp
from moderation.models import Appeal, Decision, Notice, Report, Sanction


def _item(record) -> dict:
    return {"contribution": record.contribution_id, "comment": record.comment_id}


def export(user) -> dict:
    own_items = Q(decision__case__contribution__author__user=user) | Q(
        decision__case__comment__author__user=user
    )
    return {
        "reports_filed": [
            {
                "challenge": report.reporter.challenge.slug,
                **_item(report),
                "reason": report.reason,
                "note": report.note,
                "created_at": stamp(report.created_at),
            }
            for report in Report.objects.filter(reporter__user=user)
            .select_related("reporter__challenge")
            .order_by("created_at", "id")
        ],
        "notices": [
            {
                "challenge": notice.participant.challenge.slug,
                **_item(notice),
                "message": notice.message,
                "created_at": stamp(notice.created_at),
                "read_at": stamp(notice.read_at),
            }
            for notice in Notice.objects.filter(participant__user=user)
            .select_related("participant__challenge")
            .order_by("created_at", "id")
        ],
        "appeals": [
            {
                "decision": appeal.decision_id,
                "text": appeal.text,
                "state": appeal.state,
                "created_at": stamp(appeal.created_at),
                "decided_at": stamp(appeal.decided_at),
            }
            for appeal in Appeal.objects.filter(own_items).order_by("created_at", "id")
        ],
        "sanctions": [
            {
                "challenge": sanction.participant.challenge.slug,
                "kind": sanction.kind,
                "until": stamp(sanction.until),
                "reason": sanction.reason,
                "created_at": stamp(sanction.created_at),
            }
            for sanction in Sanction.objects.filter(participant__user=user)
            .select_related("participant__challenge")
            .order_by("created_at", "id")
        ],
        "decisions_made": [
            {
                "challenge": decision.case.challenge.slug,
                "case": decision.case_id,
                **_item(decision.case),
                "action": decision.action,
                "reason": decision.reason,
                "on_appeal": decision.on_appeal,
                "shown_to_others_as": decision.moderator_label,
                "created_at": stamp(decision.created_at),
            }
            for decision in Decision.objects.filter(moderator=user)
            .select_related("case__challenge")
            .order_by("created_at", "id")
        ],
        "sanctions_imposed": [
            {
                "challenge": sanction.participant.challenge.slug,
                "on": sanction.participant.pseudonym,
                "kind": sanction.kind,
                "until": stamp(sanction.until),
                "reason": sanction.reason,
                "shown_to_others_as": sanction.moderator_label,
                "created_at": stamp(sanction.created_at),
            }
            for sanction in Sanction.objects.filter(moderator=user)
            .select_related("participant__challenge")
            .order_by("created_at", "id")
        ],
        "appeals_decided": [
            {
                "appeal": appeal.pk,
                "state": appeal.state,
                "shown_to_others_as": appeal.decided_by_label,
                "decided_at": stamp(appeal.decided_at),
            }
            for appeal in Appeal.objects.filter(decided_by=user).order_by("decided_at", "id")
        ],
    }
