"""Ordering and filtering of contribution lists, and their query counts."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ideas import selectors, services
from ideas.errors import InvalidInput
from ideas.models import Contribution, Status
from tests.conftest import make_user


@pytest.fixture
def voters(db, password_hash):
    return [make_user(f"voter{i}", password_hash) for i in range(6)]


@pytest.fixture
def ranked(alice, question, voters):
    """Three contributions: many ups with a few downs, few ups, and no votes but newest."""
    now = timezone.now()
    popular = services.contribution_create(user=alice, question=question, body="Popular idea!")
    lucky = services.contribution_create(user=alice, question=question, body="Lucky idea!!!")
    fresh = services.contribution_create(user=alice, question=question, body="Fresh idea!!!")
    for voter in voters[:5]:
        services.vote_cast(user=voter, item=popular, value=1)
    services.vote_cast(user=voters[5], item=popular, value=-1)
    services.vote_cast(user=voters[0], item=lucky, value=1)
    Contribution.objects.filter(pk=popular.pk).update(created_at=now - timedelta(hours=3))
    Contribution.objects.filter(pk=lucky.pk).update(created_at=now - timedelta(hours=2))
    return popular, lucky, fresh


def ids(queryset):
    return [c.pk for c in queryset]


def test_top_uses_wilson_not_net_or_ratio(challenge, ranked):
    popular, lucky, fresh = ranked
    assert ids(selectors.contribution_list(challenge=challenge, sort="top")) == [
        popular.pk,
        lucky.pk,
        fresh.pk,
    ]


def test_new_is_newest_first(challenge, ranked):
    popular, lucky, fresh = ranked
    assert ids(selectors.contribution_list(challenge=challenge, sort="new")) == [
        fresh.pk,
        lucky.pk,
        popular.pk,
    ]


def test_needs_votes_is_fewest_votes_first(challenge, ranked):
    popular, lucky, fresh = ranked
    assert ids(selectors.contribution_list(challenge=challenge, sort="needs_votes")) == [
        fresh.pk,
        lucky.pk,
        popular.pk,
    ]


def test_trending_decays_with_age():
    now = timezone.now()
    old_and_popular = services.hot_score(20, 0, now - timedelta(days=3))
    new_and_modest = services.hot_score(3, 0, now)
    assert new_and_modest > old_and_popular
    assert services.hot_score(10, 0, now) > services.hot_score(1, 0, now)
    assert services.hot_score(0, 5, now) < services.hot_score(0, 0, now)


def test_random_is_stable_per_seed_and_differs_between_seeds(alice, challenge, question):
    for i in range(30):
        services.contribution_create(user=alice, question=question, body=f"Idea number {i:03}")
    first = ids(selectors.contribution_list(challenge=challenge, sort="random", seed=11))
    again = ids(selectors.contribution_list(challenge=challenge, sort="random", seed=11))
    other = ids(selectors.contribution_list(challenge=challenge, sort="random", seed=12))
    assert first == again
    assert first != other
    assert sorted(first) == sorted(other)


def test_filters_by_question_and_category(alice, challenge):
    q1, q2 = list(challenge.questions.all())[:2]
    category = challenge.categories.first()
    a = services.contribution_create(
        user=alice, question=q1, body="About question one", category=category
    )
    b = services.contribution_create(user=alice, question=q2, body="About question two")
    assert ids(selectors.contribution_list(challenge=challenge, question_id=q1.pk)) == [a.pk]
    assert ids(selectors.contribution_list(challenge=challenge, question_id=q2.pk)) == [b.pk]
    assert ids(selectors.contribution_list(challenge=challenge, category_id=category.pk)) == [a.pk]


def test_lists_show_only_published(alice, challenge, question):
    for status in Status.values:
        item = services.contribution_create(
            user=alice, question=question, body=f"In state {status}!"
        )
        Contribution.objects.filter(pk=item.pk).update(status=status)
    shown = selectors.contribution_list(challenge=challenge, sort="new")
    assert [c.status for c in shown] == [Status.PUBLISHED]


def test_unknown_sort_is_a_clear_error(challenge):
    with pytest.raises(InvalidInput, match="Sort by one of"):
        selectors.contribution_list(challenge=challenge, sort="bogus")


def test_list_page_query_count_does_not_grow_with_items(alice, bob, challenge, question, client):
    def count_queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(f"/challenges/{challenge.slug}/?sort=top")
            assert response.status_code == 200
        return len(captured)

    services.contribution_create(user=alice, question=question, body="The first idea")
    few = count_queries()
    for i in range(15):
        item = services.contribution_create(
            user=alice, question=question, body=f"Idea number {i:04}"
        )
        services.vote_cast(user=bob, item=item, value=1)
    assert count_queries() == few


def test_api_list_query_count_does_not_grow_with_items(alice, bob, challenge, question):
    from tests.conftest import api_client_for

    api = api_client_for(bob)

    def count_queries():
        with CaptureQueriesContext(connection) as captured:
            assert api.get(f"/api/challenges/{challenge.slug}/contributions/").status_code == 200
        return len(captured)

    services.contribution_create(user=alice, question=question, body="The first idea")
    few = count_queries()
    for i in range(15):
        item = services.contribution_create(
            user=alice, question=question, body=f"Idea number {i:04}"
        )
        services.vote_cast(user=bob, item=item, value=1)
    assert count_queries() == few
