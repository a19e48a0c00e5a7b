"""No lost votes: many people casting, changing and withdrawing at once on PostgreSQL."""

import random
import threading

import pytest
from django.db import connection, connections
from django.db.models import Count, Q

from ideas import services
from ideas.errors import ServiceError
from ideas.models import Comment, Contribution, Vote
from tests.conftest import make_challenge, make_user

THREADS = 20
ACTIONS_PER_THREAD = 30


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_votes_keep_every_count_equal_to_its_rows(password_hash):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises every write")
    challenge = make_challenge(slug="concurrency")
    question = challenge.questions.first()
    author = make_user("author", password_hash)
    items = [
        services.contribution_create(user=author, question=question, body=f"Item number {i}")
        for i in range(3)
    ]
    items.append(services.comment_create(user=author, contribution=items[0], body="A comment"))
    # Half the voters share items in a tight race; each thread is one person, and two threads
    # act for the same person to race the one-vote-per-person constraint too.
    voters = [make_user(f"racer{i}", password_hash) for i in range(THREADS // 2)]
    errors: list[BaseException] = []
    barrier = threading.Barrier(THREADS)

    def act(thread_index: int) -> None:
        rng = random.Random(thread_index)
        voter = voters[thread_index % len(voters)]
        try:
            barrier.wait()
            for _ in range(ACTIONS_PER_THREAD):
                item = rng.choice(items)
                try:
                    if rng.random() < 0.25:
                        services.vote_withdraw(user=voter, item=item)
                    else:
                        services.vote_cast(user=voter, item=item, value=rng.choice([1, -1]))
                except ServiceError as error:  # pragma: no cover - would be a test failure
                    errors.append(error)
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=act, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a voter thread hung"
    assert errors == []

    for model, field in ((Contribution, "contribution"), (Comment, "comment")):
        for item in model.objects.filter(pk__in=[i.pk for i in items if isinstance(i, model)]):
            rows = Vote.objects.filter(**{field: item}).aggregate(
                up=Count("id", filter=Q(value=1)), down=Count("id", filter=Q(value=-1))
            )
            assert (item.up_count, item.down_count) == (rows["up"], rows["down"]), item
    # One person, one vote: the database never holds two votes by one voter on one item.
    duplicates = (
        Vote.objects.values("voter", "contribution", "comment")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    assert not duplicates.exists()
    assert Vote.objects.exists()
