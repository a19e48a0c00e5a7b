"""Who may do what with panels, curation and the guide (tests/guide/test_rules.py).

Organisers are staff. Panel members and editors are appointed per challenge (ideas.Role).
"""

from ideas.models import Challenge, Phase, RoleKind


def _active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_organiser(user) -> bool:
    return _active(user) and user.is_staff


def _has_role(user, challenge: Challenge, *kinds: str) -> bool:
    return _active(user) and challenge.roles.filter(user=user, kind__in=kinds).exists()


def is_panel_member(user, challenge: Challenge) -> bool:
    return _has_role(user, challenge, RoleKind.PANEL)


def is_editor(user, challenge: Challenge) -> bool:
    return _has_role(user, challenge, RoleKind.EDITOR)


def can_view_panel(user, challenge: Challenge) -> bool:
    """The panel's pages: its members, the guide's editors and organisers."""
    return is_organiser(user) or _has_role(user, challenge, RoleKind.PANEL, RoleKind.EDITOR)


def can_score(user, challenge: Challenge) -> bool:
    """Panel members score, until the guide is published."""
    return is_panel_member(user, challenge) and challenge.phase != Phase.PUBLISHED


def is_blind(user, challenge: Challenge) -> bool:
    """Panel members see others' scores for a theme only once they submitted their own;
    organisers and editors who are not on the panel see them all."""
    return is_panel_member(user, challenge)


def can_decide(user, challenge: Challenge) -> bool:
    """Panel members and organisers record shortlist decisions."""
    return is_organiser(user) or is_panel_member(user, challenge)


def can_curate(user, challenge: Challenge) -> bool:
    """Renaming, merging, splitting, moving and picking exemplars and tips: the panel, the
    editors and organisers."""
    return can_view_panel(user, challenge) and challenge.phase != Phase.DRAFT


def can_change_rubric(user, challenge: Challenge) -> bool:
    return is_organiser(user)


def can_edit_guide(user, challenge: Challenge) -> bool:
    return is_organiser(user) or is_editor(user, challenge)


def can_see_public_guide(challenge: Challenge) -> bool:
    return challenge.phase == Phase.PUBLISHED
