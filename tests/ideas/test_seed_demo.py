"""The demo challenge: realistic, consistent, and safe to run twice."""

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F, Q

from accounts.models import User
from ideas.models import Challenge, Comment, Contribution, Participant, Vote


def seed(*args):
    call_command("seed_demo", "--contributions", "120", "--seed", "7", *args)


def test_seed_demo_builds_a_consistent_challenge(db):
    seed()
    challenge = Challenge.objects.get(slug="nhs-change-challenge")
    assert challenge.is_open
    assert [q.title for q in challenge.questions.all()] == [
        "What enables bottom-up change?",
        "What prevents it?",
        "What are the solutions?",
    ]
    assert Contribution.objects.filter(challenge=challenge).count() == 120
    assert Comment.objects.filter(parent__isnull=False).exists()
    assert Comment.objects.filter(is_implementation=True).exists()
    participants = Participant.objects.filter(challenge=challenge)
    assert participants.values("country").distinct().count() >= 5
    assert participants.values("role_group").distinct().count() >= 5
    # Every stored count equals its rows, and nobody voted on their own post.
    for item in Contribution.objects.annotate(
        ups=Count("votes", filter=Q(votes__value=1), distinct=True),
        downs=Count("votes", filter=Q(votes__value=-1), distinct=True),
        n_comments=Count("comments", distinct=True),
    ):
        assert (item.up_count, item.down_count, item.comment_count) == (
            item.ups,
            item.downs,
            item.n_comments,
        )
    assert not Vote.objects.filter(contribution__author=F("voter")).exists()
    bodies = list(Contribution.objects.values_list("body", flat=True))
    assert len(set(bodies)) > 0.95 * len(bodies)
    assert all(10 <= len(body) <= 2000 for body in bodies)
    assert User.objects.get(email="demo@groundswell.invalid").email_verified


def test_seed_demo_is_deterministic_for_a_seed(db):
    seed()
    first = list(Contribution.objects.order_by("id").values_list("body", flat=True))
    seed("--reset")
    again = list(Contribution.objects.order_by("id").values_list("body", flat=True))
    assert first == again


def test_seed_demo_if_missing_and_refuses_to_overwrite(db):
    seed()
    seed("--if-missing")
    assert Contribution.objects.count() == 120
    with pytest.raises(CommandError, match="--reset"):
        seed()
