"""Permissions as predicates, per role and per phase."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from ideas import rules
from ideas.models import Contribution, Phase, Status

PHASES = [Phase.DRAFT, Phase.OPEN, Phase.CLOSED, Phase.ANALYSIS, Phase.CURATION, Phase.PUBLISHED]


@pytest.fixture
def people(alice, bob, carol, olive):
    return {
        "author": alice,
        "other": bob,
        "unverified": carol,
        "organiser": olive,
        "anonymous": AnonymousUser(),
    }


@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("role", ["author", "other", "unverified", "organiser", "anonymous"])
def test_role_by_phase_matrix(people, contribution, phase, role):
    challenge = contribution.challenge
    challenge.phase = phase
    challenge.save(update_fields=["phase"])
    person = people[role]
    is_open = phase == Phase.OPEN
    verified = role in {"author", "other", "organiser"}

    assert rules.can_contribute(person, challenge) is (is_open and verified)
    assert rules.can_comment(person, contribution) is (is_open and verified)
    assert rules.can_vote(person, contribution) is (is_open and role in {"other", "organiser"})
    assert rules.can_edit(person, contribution) is (is_open and role == "author")
    assert rules.can_withdraw(person, contribution) is (role == "author")


@pytest.mark.parametrize("status", [Status.HELD, Status.HIDDEN, Status.REMOVED, Status.WITHDRAWN])
def test_nobody_votes_or_comments_on_unpublished_items(bob, contribution, status):
    Contribution.objects.filter(pk=contribution.pk).update(status=status)
    contribution.refresh_from_db()
    assert not rules.can_vote(bob, contribution)
    assert not rules.can_comment(bob, contribution)


def test_edit_window_is_fifteen_minutes(alice, contribution):
    assert rules.can_edit(alice, contribution)
    contribution.created_at = timezone.now() - timedelta(minutes=15, seconds=1)
    assert not rules.can_edit(alice, contribution)


def test_suspended_account_cannot_act(alice, bob, contribution):
    bob.is_active = False
    assert not rules.can_vote(bob, contribution)
    assert not rules.can_contribute(bob, contribution.challenge)


def test_erased_author_is_nobody(alice, bob, contribution):
    contribution.author.user = None
    assert not rules.is_author(alice, contribution)
    assert not rules.can_withdraw(alice, contribution)
