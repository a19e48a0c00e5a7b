"""Who may moderate, report and appeal."""

from ideas.models import Challenge, Comment, Contribution, RoleKind, Status
from ideas.rules import is_author, is_verified_person


def is_moderator(user, challenge: Challenge) -> bool:
    """Appointed moderators of this challenge, and organisers (staff)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_staff:
        return True
    return challenge.roles.filter(user=user, kind=RoleKind.MODERATOR).exists()


def can_report(user, item: Contribution | Comment) -> bool:
    return (
        is_verified_person(user) and item.status == Status.PUBLISHED and not is_author(user, item)
    )


def can_appeal(user, item: Contribution | Comment) -> bool:
    return is_author(user, item)
