"""Posting, editing and withdrawing contributions and comments, by the right and wrong people."""

from datetime import timedelta

import pytest
from django.utils import timezone

from ideas import services
from ideas.errors import InvalidInput, NotAllowed, NotOpen
from ideas.models import Comment, Contribution, Participant, Phase, Status
from tests.conftest import HOSTILE_BODY, make_challenge


def test_posting_stores_normalised_plain_text_under_a_pseudonym(alice, question, contribution):
    assert contribution.status == Status.PUBLISHED
    assert "<" not in contribution.body and "\u202e" not in contribution.body
    assert "alert('xss')Managers should spend" in contribution.body
    assert contribution.title == "Floor time"
    participant = contribution.author
    assert participant.user == alice
    assert participant.pseudonym and alice.email not in participant.pseudonym
    assert participant.country == "GB"  # profile facts copied for aggregates


def test_pseudonym_is_stable_within_a_challenge_and_differs_across(alice, question):
    first = services.contribution_create(user=alice, question=question, body="First idea here")
    second = services.contribution_create(user=alice, question=question, body="Second idea here")
    assert first.author_id == second.author_id
    other = make_challenge(slug="other-challenge")
    third = services.contribution_create(
        user=alice, question=other.questions.first(), body="An idea elsewhere"
    )
    assert third.author_id != first.author_id
    assert Participant.objects.filter(user=alice).count() == 2


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "Enter your contribution"),
        ("   \n\t ", "Enter your contribution"),
        ("<p></p>", "Enter your contribution"),
        ("too short", "at least 10"),
        ("x" * 2001, "2,000 characters or fewer"),
    ],
)
def test_bad_bodies_are_refused_and_nothing_is_stored(alice, question, body, message):
    with pytest.raises(InvalidInput, match=message):
        services.contribution_create(user=alice, question=question, body=body)
    assert not Contribution.objects.exists()
    assert not Participant.objects.exists()


def test_category_must_belong_to_the_challenge(alice, question):
    other = make_challenge(slug="elsewhere")
    with pytest.raises(InvalidInput, match="category"):
        services.contribution_create(
            user=alice,
            question=question,
            body="A perfectly good idea",
            category=other.categories.first(),
        )


@pytest.mark.parametrize(
    "phase", [Phase.DRAFT, Phase.CLOSED, Phase.ANALYSIS, Phase.CURATION, Phase.PUBLISHED]
)
def test_posting_only_while_open(alice, challenge, question, phase):
    challenge.phase = phase
    challenge.save(update_fields=["phase"])
    with pytest.raises(NotOpen):
        services.contribution_create(user=alice, question=question, body="A fine idea to try")


def test_posting_only_between_the_dates(alice, challenge, question):
    challenge.closes_at = timezone.now() - timedelta(minutes=1)
    challenge.opens_at = timezone.now() - timedelta(days=2)
    challenge.save(update_fields=["closes_at", "opens_at"])
    with pytest.raises(NotOpen):
        services.contribution_create(user=alice, question=question, body="A fine idea to try")


def test_unverified_and_anonymous_cannot_post(carol, question):
    from django.contrib.auth.models import AnonymousUser

    for person in (carol, AnonymousUser()):
        with pytest.raises(NotAllowed):
            services.contribution_create(user=person, question=question, body="A fine idea!!")


def test_author_edits_within_15_minutes(alice, contribution):
    edited = services.contribution_edit(
        user=alice, contribution=contribution, body="Better <b>wording</b> now", title=""
    )
    assert edited.body == "Better wording now"
    assert edited.edited_at is not None


def test_no_edit_after_15_minutes(alice, contribution):
    Contribution.objects.filter(pk=contribution.pk).update(
        created_at=timezone.now() - timedelta(minutes=16)
    )
    contribution.refresh_from_db()
    with pytest.raises(NotAllowed, match="15 minutes"):
        services.contribution_edit(user=alice, contribution=contribution, body="Too late now")


def test_others_cannot_edit_or_withdraw(bob, contribution):
    with pytest.raises(NotAllowed):
        services.contribution_edit(user=bob, contribution=contribution, body="Hijacked text")
    with pytest.raises(NotAllowed):
        services.contribution_withdraw(user=bob, contribution=contribution)
    contribution.refresh_from_db()
    assert contribution.status == Status.PUBLISHED


def test_withdrawn_contribution_leaves_public_view(alice, contribution):
    services.contribution_withdraw(user=alice, contribution=contribution)
    contribution.refresh_from_db()
    assert contribution.status == Status.WITHDRAWN
    assert not Contribution.objects.published().filter(pk=contribution.pk).exists()


def test_author_may_withdraw_after_the_challenge_closes(alice, contribution):
    challenge = contribution.challenge
    challenge.phase = Phase.CLOSED
    challenge.save(update_fields=["phase"])
    services.contribution_withdraw(user=alice, contribution=contribution)
    contribution.refresh_from_db()
    assert contribution.status == Status.WITHDRAWN


def test_comments_and_one_level_of_replies(alice, bob, contribution):
    top = services.comment_create(
        user=bob, contribution=contribution, body="How about rotas?", is_implementation=True
    )
    reply = services.comment_create(
        user=alice, contribution=contribution, body="Yes, monthly.", parent=top
    )
    assert reply.parent == top and top.is_implementation
    with pytest.raises(InvalidInput, match="one level"):
        services.comment_create(user=bob, contribution=contribution, body="Deeper", parent=reply)
    contribution.refresh_from_db()
    assert contribution.comment_count == 2


def test_reply_must_belong_to_the_same_contribution(alice, bob, question, contribution):
    other = services.contribution_create(user=bob, question=question, body="Another idea here")
    top = services.comment_create(user=bob, contribution=contribution, body="A comment")
    with pytest.raises(InvalidInput):
        services.comment_create(user=alice, contribution=other, body="Wrong thread", parent=top)


def test_comment_withdraw_updates_count_and_only_by_author(alice, bob, comment):
    contribution = comment.contribution
    with pytest.raises(NotAllowed):
        services.comment_withdraw(user=alice, comment=comment)
    services.comment_withdraw(user=bob, comment=comment)
    contribution.refresh_from_db()
    comment.refresh_from_db()
    assert comment.status == Status.WITHDRAWN
    assert contribution.comment_count == 0
    # Withdrawing twice changes nothing.
    with pytest.raises(NotAllowed):
        services.comment_withdraw(user=bob, comment=comment)
    contribution.refresh_from_db()
    assert contribution.comment_count == 0


def test_no_comments_on_hidden_contributions(bob, contribution):
    Contribution.objects.filter(pk=contribution.pk).update(status=Status.HIDDEN)
    contribution.refresh_from_db()
    with pytest.raises(NotAllowed):
        services.comment_create(user=bob, contribution=contribution, body="Can I?")
    assert not Comment.objects.exists()


def test_events_are_sent_only_after_commit(alice, question, django_capture_on_commit_callbacks):
    from ideas import signals

    received = []

    def receiver(**kwargs):
        received.append(kwargs)

    signals.contribution_changed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            services.contribution_create(user=alice, question=question, body=HOSTILE_BODY)
        assert received == []  # nothing before commit
        for callback in callbacks:
            callback()
        assert len(received) == 1 and set(received[0]) >= {"challenge_id", "contribution_id"}
    finally:
        signals.contribution_changed.disconnect(receiver)
