import pytest

from ideas import services
from ideas.errors import InvalidInput, NotAllowed, NotOpen
from ideas.models import Phase, Status, Vote


def test_vote_up_then_change_then_withdraw_keeps_counts_exact(bob, contribution):
    result = services.vote_cast(user=bob, item=contribution, value=1)
    assert (result.up_count, result.down_count, result.my_vote) == (1, 0, 1)
    result = services.vote_cast(user=bob, item=contribution, value=-1)
    assert (result.up_count, result.down_count, result.my_vote) == (0, 1, -1)
    result = services.vote_withdraw(user=bob, item=contribution)
    assert (result.up_count, result.down_count, result.my_vote) == (0, 0, 0)
    assert not Vote.objects.filter(contribution=contribution).exists()


def test_voting_twice_the_same_way_counts_once(bob, contribution):
    services.vote_cast(user=bob, item=contribution, value=1)
    result = services.vote_cast(user=bob, item=contribution, value=1)
    assert result.up_count == 1
    assert Vote.objects.filter(contribution=contribution).count() == 1


def test_wilson_score_is_stored_and_ranks_confidence_over_ratio(bob, contribution):
    services.vote_cast(user=bob, item=contribution, value=1)
    contribution.refresh_from_db()
    assert contribution.wilson_score == pytest.approx(services.wilson_lower_bound(1, 0))
    assert services.wilson_lower_bound(40, 5) > services.wilson_lower_bound(2, 0)
    assert services.wilson_lower_bound(0, 0) == 0.0


def test_cannot_vote_on_own_post(alice, contribution):
    with pytest.raises(NotAllowed, match="own post"):
        services.vote_cast(user=alice, item=contribution, value=1)


def test_unverified_person_cannot_vote(carol, contribution):
    with pytest.raises(NotAllowed):
        services.vote_cast(user=carol, item=contribution, value=1)


def test_cannot_vote_on_hidden_content(bob, contribution):
    contribution.status = Status.HIDDEN
    contribution.save(update_fields=["status"])
    with pytest.raises(NotAllowed):
        services.vote_cast(user=bob, item=contribution, value=1)


@pytest.mark.parametrize("phase", [Phase.DRAFT, Phase.CLOSED, Phase.ANALYSIS, Phase.PUBLISHED])
def test_cannot_vote_outside_the_open_phase(bob, contribution, phase):
    challenge = contribution.challenge
    challenge.phase = phase
    challenge.save(update_fields=["phase"])
    with pytest.raises(NotOpen):
        services.vote_cast(user=bob, item=contribution, value=1)


@pytest.mark.parametrize("value", [0, 2, -2, "1", None])
def test_vote_value_must_be_up_or_down(bob, contribution, value):
    with pytest.raises(InvalidInput):
        services.vote_cast(user=bob, item=contribution, value=value)


def test_votes_on_comments_count_separately(alice, comment):
    result = services.vote_cast(user=alice, item=comment, value=-1)
    assert (result.up_count, result.down_count) == (0, 1)
    comment.refresh_from_db()
    assert comment.down_count == 1
    assert comment.contribution.up_count == 0
