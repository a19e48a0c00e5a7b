"""Account reads. ``personal_data_export`` is everything we hold about one person."""

from django.utils import timezone

from accounts import personal_data
from accounts.models import User

_stamp = personal_data.stamp


def personal_data_export(*, user: User) -> dict:
    """All of a person's data as plain JSON-ready data, for the owner alone: the account,
    their roles, what they did under each pseudonym, and every other app's records about
    them (``accounts.personal_data``)."""
    participations = user.participations.select_related("challenge").prefetch_related(
        "contributions__question", "contributions__category", "comments", "votes"
    )
    data = {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "email": user.email,
            "email_verified": user.email_verified,
            "date_joined": _stamp(user.date_joined),
            "last_login": _stamp(user.last_login),
            "role_group": user.role_group,
            "country": user.country,
            "organisation_type": user.organisation_type,
            "is_organiser": user.is_staff,
        },
        "roles": [
            {
                "challenge": role.challenge.slug,
                "role": role.kind,
                "shown_to_others_as": role.label,
                "appointed_at": _stamp(role.created_at),
            }
            for role in user.challenge_roles.select_related("challenge").order_by("created_at")
        ],
        "challenges": [
            {
                "challenge": participant.challenge.slug,
                "challenge_title": participant.challenge.title,
                "pseudonym": participant.pseudonym,
                "joined_at": _stamp(participant.created_at),
                "contributions": [
                    {
                        "id": item.pk,
                        "question": item.question.title,
                        "category": item.category.name if item.category else None,
                        "title": item.title,
                        "body": item.body,
                        "status": item.status,
                        "created_at": _stamp(item.created_at),
                        "edited_at": _stamp(item.edited_at),
                        "up_count": item.up_count,
                        "down_count": item.down_count,
                    }
                    for item in participant.contributions.all()
                ],
                "comments": [
                    {
                        "id": comment.pk,
                        "contribution": comment.contribution_id,
                        "reply_to": comment.parent_id,
                        "body": comment.body,
                        "how_to_make_it_happen": comment.is_implementation,
                        "status": comment.status,
                        "created_at": _stamp(comment.created_at),
                    }
                    for comment in participant.comments.all()
                ],
                "votes": [
                    {
                        "contribution": vote.contribution_id,
                        "comment": vote.comment_id,
                        "value": vote.value,
                        "updated_at": _stamp(vote.updated_at),
                    }
                    for vote in participant.votes.all()
                ],
            }
            for participant in participations
        ],
    }
    for part in personal_data.parts():
        data[part.name] = part.export(user)
    return data
