"""A seeded challenge with a finished analysis, and the people of a panel."""

from io import StringIO

import pytest
from django.core.management import call_command

from analysis import services as analysis_services
from ideas.models import Challenge, Role, RoleKind
from tests.conftest import make_user


@pytest.fixture
def seeded(db, password_hash) -> Challenge:
    call_command("seed_demo", "--contributions", "150", "--seed", "3", stdout=StringIO())
    return Challenge.objects.get(slug="nhs-change-challenge")


def analyse(challenge, user, k=6):
    run = analysis_services.run_create(user=user, challenge=challenge, k=k, enqueue=False)
    return analysis_services.run_execute(run_id=run.pk)


@pytest.fixture
def analysed(seeded, olive):
    analyse(seeded, olive)
    return seeded


def appoint(challenge, user, kind):
    Role.objects.create(challenge=challenge, user=user, kind=kind)
    return user


@pytest.fixture
def pat(analysed, password_hash):
    return appoint(analysed, make_user("pat", password_hash), RoleKind.PANEL)


@pytest.fixture
def pia(analysed, password_hash):
    return appoint(analysed, make_user("pia", password_hash), RoleKind.PANEL)


@pytest.fixture
def ed(analysed, password_hash):
    return appoint(analysed, make_user("ed", password_hash), RoleKind.EDITOR)


@pytest.fixture
def mo(analysed, password_hash):
    return appoint(analysed, make_user("mo", password_hash), RoleKind.MODERATOR)
