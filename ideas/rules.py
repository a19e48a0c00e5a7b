"""Who may do what, as small named predicates. Services enforce them; pages use them to
decide what to offer. Each is tested per role and per phase (tests/ideas/test_rules.py).
"""

from datetime import timedelta

from django.utils import timezone

from ideas.models import Challenge, Comment, Contribution, Status

EDIT_WINDOW = timedelta(minutes=15)


def is_verified_person(user) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and getattr(user, "email_verified", False)
    )


def is_author(user, item: Contribution | Comment) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and item.author.user_id is not None
        and item.author.user_id == user.pk
    )


def can_contribute(user, challenge: Challenge) -> bool:
    return is_verified_person(user) and challenge.is_open


def can_comment(user, contribution: Contribution) -> bool:
    return can_contribute(user, contribution.challenge) and (
        contribution.status == Status.PUBLISHED
    )


def can_vote(user, item: Contribution | Comment) -> bool:
    challenge = item.challenge if isinstance(item, Contribution) else item.contribution.challenge
    return (
        is_verified_person(user)
        and challenge.is_open
        and item.status == Status.PUBLISHED
        and not is_author(user, item)
    )


def can_edit(user, contribution: Contribution) -> bool:
    """Authors edit for 15 minutes after posting, or when a moderator asked for an edit."""
    if not (is_author(user, contribution) and contribution.challenge.is_open):
        return False
    if contribution.edit_requested_at is not None:
        return contribution.status == Status.HELD
    return (
        contribution.status in {Status.PUBLISHED, Status.HELD}
        and timezone.now() - contribution.created_at <= EDIT_WINDOW
    )


def can_withdraw(user, item: Contribution | Comment) -> bool:
    """Authors may withdraw their own posts at any time, whatever the phase."""
    return is_author(user, item) and item.status in {Status.PUBLISHED, Status.HELD}
