"""A person's part of panels and the guide, for their personal-data download and their
erasure (registered with ``accounts.personal_data`` in ``GuideConfig.ready``)."""

from accounts.personal_data import stamp
from guide.models import CurationStep, GuideVersion, ScoreSheet, ShortlistDecision


def export(user) -> dict:
    sheets = (
        ScoreSheet.objects.filter(member=user)
        .select_related("identity__challenge")
        .prefetch_related("scores__criterion")
        .order_by("created_at", "id")
    )
    return {
        "score_sheets": [
            {
                "challenge": sheet.identity.challenge.slug,
                "theme": sheet.identity_id,
                "shown_to_others_as": sheet.member_label,
                "scores": {s.criterion.key: s.value for s in sheet.scores.all()},
                "note": sheet.note,
                "submitted_at": stamp(sheet.submitted_at),
                "updated_at": stamp(sheet.updated_at),
            }
            for sheet in sheets
        ],
        "shortlist_decisions": [
            {
                "challenge": decision.identity.challenge.slug,
                "theme": decision.identity_id,
                "decision": decision.decision,
                "rationale": decision.rationale,
                "shown_to_others_as": decision.decided_by_label,
                "created_at": stamp(decision.created_at),
            }
            for decision in ShortlistDecision.objects.filter(decided_by=user)
            .select_related("identity__challenge")
            .order_by("created_at", "id")
        ],
        "curation_steps": [
            {
                "challenge": step.challenge.slug,
                "kind": step.kind,
                "summary": step.summary,
                "shown_to_others_as": step.actor_label,
                "created_at": stamp(step.created_at),
            }
            for step in CurationStep.objects.filter(actor=user)
            .select_related("challenge")
            .order_by("created_at", "id")
        ],
        "guide_versions_published": [
            {
                "challenge": version.guide.challenge.slug,
                "version": version.number,
                "shown_to_others_as": version.published_by_label,
                "published_at": stamp(version.published_at),
            }
            for version in GuideVersion.objects.filter(published_by=user)
            .select_related("guide__challenge")
            .defer("content")
            .order_by("published_at", "id")
        ],
    }


def erase(user) -> None:
    """Drafts go with the person; submitted scores stay under "Member N" (the panel's means,
    agreement and shortlist rest on them) and lose the link to the account."""
    ScoreSheet.objects.filter(member=user, submitted_at__isnull=True).delete()
