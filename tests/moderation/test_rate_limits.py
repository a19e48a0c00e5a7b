"""Rate limits on posting, commenting, voting and reporting hold, also under concurrency."""

import threading

import pytest
from django.db import connections

from ideas import services as idea_services
from ideas.models import Challenge, Contribution
from ideas.ratelimit import RateLimited
from moderation import services
from moderation.models import Report, ReportReason
from tests.conftest import make_challenge, make_user


@pytest.fixture
def strict(db) -> Challenge:
    """A challenge with the product's default limits (the test factory raises them)."""
    defaults = {
        f.name: f.default
        for f in Challenge._meta.get_fields()
        if f.name in {"posts_per_hour", "comments_per_hour", "votes_per_minute", "reports_per_hour"}
    }
    return make_challenge(slug="strict", **defaults)


def test_defaults_are_sensible(strict):
    assert (
        strict.posts_per_hour,
        strict.comments_per_hour,
        strict.votes_per_minute,
        strict.reports_per_hour,
    ) == (10, 30, 60, 20)


def test_posting_is_limited_per_hour(strict, alice):
    question = strict.questions.first()
    for i in range(strict.posts_per_hour):
        idea_services.contribution_create(
            user=alice, question=question, body=f"Idea number {i} about rotas"
        )
    with pytest.raises(RateLimited, match="too many posts"):
        idea_services.contribution_create(
            user=alice, question=question, body="One idea too many today"
        )
    assert Contribution.objects.count() == strict.posts_per_hour


def test_comment_vote_and_report_limits(strict, alice, bob, password_hash):
    Challenge.objects.filter(pk=strict.pk).update(
        comments_per_hour=2, votes_per_minute=2, reports_per_hour=1
    )
    strict.refresh_from_db()
    question = strict.questions.first()
    items = [
        idea_services.contribution_create(
            user=alice, question=question, body=f"Alice's idea number {i}"
        )
        for i in range(3)
    ]
    for i in range(2):
        idea_services.comment_create(user=bob, contribution=items[0], body=f"Comment {i}!")
    with pytest.raises(RateLimited, match="too many comments"):
        idea_services.comment_create(user=bob, contribution=items[0], body="Third comment")
    idea_services.vote_cast(user=bob, item=items[0], value=1)
    idea_services.vote_cast(user=bob, item=items[1], value=1)
    with pytest.raises(RateLimited, match="too many votes"):
        idea_services.vote_cast(user=bob, item=items[2], value=1)
    services.report_file(user=bob, item=items[0], reason=ReportReason.SPAM)
    with pytest.raises(RateLimited, match="too many reports"):
        services.report_file(user=bob, item=items[1], reason=ReportReason.SPAM)


def test_limit_is_a_clear_429_in_the_api(strict, alice, bob):
    from tests.conftest import api_client_for

    Challenge.objects.filter(pk=strict.pk).update(votes_per_minute=1)
    question = strict.questions.first()
    first = idea_services.contribution_create(user=alice, question=question, body="The first idea")
    second = idea_services.contribution_create(
        user=alice, question=question, body="The second idea"
    )
    api = api_client_for(bob)
    assert (
        api.put(f"/api/contributions/{first.pk}/vote/", {"value": 1}, format="json").status_code
        == 200
    )
    response = api.put(f"/api/contributions/{second.pk}/vote/", {"value": 1}, format="json")
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "rate_limited"


@pytest.mark.django_db(transaction=True)
def test_report_limit_holds_under_concurrency(password_hash):
    """Twenty simultaneous reports by one person: exactly the limit get through."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite's test database serialises by failing writes")
    challenge = make_challenge(slug="race", reports_per_hour=5)
    question = challenge.questions.first()
    author = make_user("author", password_hash)
    reporter = make_user("reporter", password_hash)
    items = [
        idea_services.contribution_create(
            user=author, question=question, body=f"Idea to report {i}"
        )
        for i in range(20)
    ]
    idea_services.participant_get_or_create(user=reporter, challenge=challenge)
    barrier = threading.Barrier(len(items))
    outcomes: list[str] = []

    def report(item):
        try:
            barrier.wait()
            services.report_file(user=reporter, item=item, reason=ReportReason.SPAM)
            outcomes.append("ok")
        except RateLimited:
            outcomes.append("limited")
        except Exception as error:  # recorded, so the assertion below shows it
            outcomes.append(type(error).__name__)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=report, args=(item,)) for item in items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert outcomes.count("ok") == 5, outcomes
    assert outcomes.count("limited") == 15
    assert Report.objects.count() == 5
