"""Who may start analyses and see their results."""

from ideas.models import Challenge, RoleKind


def can_run_analysis(user, challenge: Challenge) -> bool:
    """Organisers (staff) start runs."""
    return bool(user is not None and user.is_authenticated and user.is_active and user.is_staff)


def can_see_themes(user, challenge: Challenge) -> bool:
    """Organisers, moderators, panel members and editors see themes before publication."""
    if can_run_analysis(user, challenge):
        return True
    if user is None or not user.is_authenticated:
        return False
    return challenge.roles.filter(
        user=user, kind__in=[RoleKind.PANEL, RoleKind.EDITOR, RoleKind.MODERATOR]
    ).exists()
