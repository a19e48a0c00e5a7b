"""Token votes answered in front of Django (ideas.fast_votes): the same answers, the same
writes, the same live updates, and everything it should not answer handed to Django intact.

The fast path reads and writes on connections of its own, so these tests commit their data
(transactional) and run on PostgreSQL, where the fast path is on.
"""

import asyncio
import json
import random
from datetime import timedelta
from types import SimpleNamespace

import psycopg
import pytest
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import connection
from django.db.models import Count, Q
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token

from backend import events
from backend.asgi import application, django_asgi_app
from backend.handlers import ThreadPoolASGIHandler
from ideas import fast_votes, services, signals
from ideas.models import Comment, Contribution, Participant, Phase, Status, Vote
from tests.asgi import asgi_request
from tests.conftest import make_challenge, make_user

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

HOST = (b"host", b"127.0.0.1:8000")
JSON = (b"content-type", b"application/json")


class Django:
    """Django's handler, counting the requests handed to it."""

    def __init__(self, handler=django_asgi_app) -> None:
        self.calls = 0
        self.handler = handler

    async def __call__(self, scope, receive, send) -> None:
        self.calls += 1
        await self.handler(scope, receive, send)


@pytest.fixture
def world(password_hash):
    if connection.vendor != "postgresql":
        pytest.skip("the fast path answers on PostgreSQL only")
    challenge = make_challenge(slug="fast")
    question = challenge.questions.first()
    alice, bob = make_user("alice", password_hash), make_user("bob", password_hash)
    idea = services.contribution_create(
        user=alice, question=question, body="Protected time for teams to test small changes."
    )
    other = services.contribution_create(
        user=alice, question=question, body="A shared board of changes and who leads them."
    )
    remark = services.comment_create(user=alice, contribution=idea, body="Start on one ward.")
    services.participant_get_or_create(user=bob, challenge=challenge)
    events.coalescer.wait()
    return SimpleNamespace(
        challenge=challenge,
        question=question,
        alice=alice,
        bob=bob,
        idea=idea,
        other=other,
        remark=remark,
        token=Token.objects.create(user=bob).key,
        password_hash=password_hash,
    )


def _token(key: str) -> tuple[bytes, bytes]:
    return (b"authorization", f"Token {key}".encode())


async def _request(app, method: str, path: str, body=b"", headers=(), chunks=1, length=True):
    headers = list(headers) or [HOST]
    if body and length:  # as clients send it (DRF reads no body without it)
        headers.append((b"content-length", str(len(body)).encode()))
    status, raw_headers, content = await asgi_request(
        app, method, path, body=body, headers=headers, chunks=chunks
    )
    headers = {name.decode().lower(): value.decode() for name, value in raw_headers}
    try:
        answer = json.loads(content) if content else None
    except ValueError:
        answer = content.decode(errors="replace")
    return status, headers, answer


def _vote(app, world, item, value, *, token=None, method=None, headers=None):
    kind = "contributions" if isinstance(item, Contribution) else "comments"
    method = method or ("DELETE" if value == 0 else "PUT")
    body = b"" if method == "DELETE" else json.dumps({"value": value}).encode()
    headers = headers or [HOST, JSON, _token(token or world.token)]
    return _request(app, method, f"/api/{kind}/{item.pk}/vote/", body, headers)


def _run(app: fast_votes.FastVotes, steps):
    """Run ``steps`` (a coroutine function) in one event loop, closing the fast path's pool."""

    async def main():
        try:
            return await steps()
        finally:
            await app.close()
            events.coalescer.wait(timeout=5)

    return async_to_sync(main)()


def _counts_match_rows() -> None:
    for model, field in ((Contribution, "votes"), (Comment, "votes")):
        for item in model.objects.annotate(
            ups=Count(field, filter=Q(**{f"{field}__value": 1})),
            downs=Count(field, filter=Q(**{f"{field}__value": -1})),
        ):
            assert (item.up_count, item.down_count) == (item.ups, item.downs), item


def test_votes_by_token_are_answered_in_front_of_django_and_stored_as_the_service_stores_them(
    world,
):
    django = Django()
    app = fast_votes.FastVotes(django)
    announced = []

    def heard(sender, signal, **ids):
        announced.append(ids)

    signals.vote_changed.connect(heard)

    async def steps():
        return [
            await _vote(app, world, world.idea, 1),
            await _vote(app, world, world.idea, -1),
            await _vote(app, world, world.idea, -1),  # no change
            await _vote(app, world, world.remark, 1),
            await _vote(app, world, world.idea, 0),
            await _vote(app, world, world.idea, 0),  # nothing to withdraw
            await _vote(app, world, world.other, 1),
        ]

    try:
        answers = _run(app, steps)
    finally:
        signals.vote_changed.disconnect(heard)
    assert django.calls == 0
    assert [(status, body) for status, _headers, body in answers] == [
        (200, {"up_count": 1, "down_count": 0, "my_vote": 1}),
        (200, {"up_count": 0, "down_count": 1, "my_vote": -1}),
        (200, {"up_count": 0, "down_count": 1, "my_vote": -1}),
        (200, {"up_count": 1, "down_count": 0, "my_vote": 1}),
        (200, {"up_count": 0, "down_count": 0, "my_vote": 0}),
        (200, {"up_count": 0, "down_count": 0, "my_vote": 0}),
        (200, {"up_count": 1, "down_count": 0, "my_vote": 1}),
    ]
    voter = Participant.objects.get(user=world.bob, challenge=world.challenge)
    assert set(Vote.objects.values_list("voter", "contribution", "comment", "value")) == {
        (voter.pk, None, world.remark.pk, 1),
        (voter.pk, world.other.pk, None, 1),
    }
    _counts_match_rows()
    other = Contribution.objects.get(pk=world.other.pk)
    assert other.wilson_score == pytest.approx(services.wilson_lower_bound(1, 0))
    assert other.hot_score == pytest.approx(services.hot_score(1, 0, other.created_at))
    idea = Contribution.objects.get(pk=world.idea.pk)
    assert idea.wilson_score == 0 and idea.hot_score == services.hot_score(0, 0, idea.created_at)
    # An announcement for every change, none for the two that changed nothing.
    cid, iid, oid = world.challenge.pk, world.idea.pk, world.other.pk
    assert announced == [
        {"challenge_id": cid, "contribution_id": iid, "comment_id": None},
        {"challenge_id": cid, "contribution_id": iid, "comment_id": None},
        {"challenge_id": cid, "contribution_id": iid, "comment_id": world.remark.pk},
        {"challenge_id": cid, "contribution_id": iid, "comment_id": None},
        {"challenge_id": cid, "contribution_id": oid, "comment_id": None},
    ]


@pytest.mark.parametrize("https_proxy", [False, True], ids=["http", "behind-an-https-proxy"])
def test_the_answer_is_the_one_django_gives_headers_included(world, settings, https_proxy):
    headers = [HOST, JSON, _token(world.token)]
    if https_proxy:  # as in production: HSTS on secure answers, plain HTTP redirected
        settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
        settings.SECURE_SSL_REDIRECT = True
        settings.SECURE_HSTS_SECONDS = 3600
        settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = settings.SECURE_HSTS_PRELOAD = True
        headers.append((b"x-forwarded-proto", b"https"))
    # Django's middleware reads these settings when it is built: a handler built with them.
    app = fast_votes.FastVotes(Django(ThreadPoolASGIHandler()))

    async def steps():
        fast = await _vote(app, world, world.idea, 1, headers=headers)
        plain = await _vote(app, world, world.idea, 1, headers=headers[:3])
        settings.FAST_VOTES = False
        slow = await _vote(app, world, world.idea, 1, headers=headers)  # the same counts
        return fast, plain, slow

    fast, plain, slow = _run(app, steps)
    (fast_status, fast_headers, fast_body), (slow_status, slow_headers, slow_body) = fast, slow
    assert app.inner.calls == (2 if https_proxy else 1)
    assert plain[0] == (301 if https_proxy else 200)
    assert (fast_status, fast_body) == (slow_status, slow_body)
    assert fast_headers.pop("content-length") == slow_headers.pop("content-length")
    assert fast_headers == slow_headers
    assert ("strict-transport-security" in fast_headers) == https_proxy


def test_what_it_should_not_answer_reaches_django_intact(world):
    """Each case is handed over, the body replayed, and Django's answer is the one given;
    a plain vote between them shows the fast path sees the same data."""
    django = Django()
    app = fast_votes.FastVotes(django)
    hash_ = world.password_hash
    carol = make_user("newcomer", hash_)  # verified, but no participant here yet
    unverified = make_user("carol", hash_)
    inactive = make_user("inactive", hash_)
    suspended = make_user("suspended", hash_)
    for person in (unverified, inactive, suspended):
        services.participant_get_or_create(user=person, challenge=world.challenge)
    Participant.objects.filter(user=suspended).update(
        suspended_until=timezone.now() + timedelta(days=2)
    )
    inactive_token = Token.objects.create(user=inactive).key
    inactive.is_active = False
    inactive.save(update_fields=["is_active"])
    tokens = {
        person: Token.objects.create(user=person).key for person in (carol, unverified, suspended)
    }
    alice_token = Token.objects.create(user=world.alice).key
    held = services.contribution_create(
        user=world.alice, question=world.question, body="Held back for a moderator to read."
    )
    hidden_remark = services.comment_create(
        user=world.alice, contribution=held, body="Under a post held later."
    )
    services.item_status_set(item=held, status=Status.HELD)
    closed = make_challenge(slug="closed-one")
    closed_idea = services.contribution_create(
        user=world.alice, question=closed.questions.first(), body="Posted before it closed."
    )
    services.participant_get_or_create(user=world.bob, challenge=closed)
    closed.phase = Phase.CLOSED
    closed.save(update_fields=["phase"])
    events.coalescer.wait()
    idea = world.idea.pk
    put = f"/api/contributions/{idea}/vote/"
    bob = _token(world.token)

    def case(method, path, body, headers, status, code=None, *, fast=False, length=True):
        return (method, path, body, headers, status, code, fast, length)

    cases = [
        case("PUT", put, b'{"value": 1}', [HOST, JSON, bob], 200, fast=True),
        case("PUT", put, b'{"value": 1}', [HOST, JSON, _token(tokens[carol])], 200),
        case("PUT", put, b'{"value": 1}', [HOST, JSON, _token(alice_token)], 403, "own_post"),
        case("PUT", put, b'{"value": 1}', [HOST, JSON, _token(tokens[unverified])], 403),
        case("PUT", put, b'{"value": 1}', [HOST, JSON, _token(inactive_token)], 403),
        case("PUT", put, b'{"value": 1}', [HOST, JSON, _token(tokens[suspended])], 403),
        case("PUT", put, b'{"value": 1}', [HOST, JSON, _token("f" * 40)], 403),
        case("PUT", put, b'{"value": 1}', [HOST, JSON, _token("not-a-token")], 403),
        case("PUT", put, b'{"value": 1}', [HOST, JSON], 403),
        case("PUT", f"/api/contributions/{held.pk}/vote/", b'{"value": 1}', [HOST, JSON, bob], 404),
        case(
            "PUT",
            f"/api/comments/{hidden_remark.pk}/vote/",
            b'{"value": 1}',
            [HOST, JSON, bob],
            404,
        ),
        case("PUT", "/api/contributions/999999/vote/", b'{"value": 1}', [HOST, JSON, bob], 404),
        case(
            "PUT",
            f"/api/contributions/{closed_idea.pk}/vote/",
            b'{"value": 1}',
            [HOST, JSON, bob],
            403,
            "not_open",
        ),
        case("PUT", put, b'{"value": "-1"}', [HOST, JSON, bob], 200),  # DRF reads "-1"
        case("PUT", put, b'{"value": 2}', [HOST, JSON, bob], 400),
        case("PUT", put, b'{"value": true}', [HOST, JSON, bob], 400),
        case("PUT", put, b'{"value": ', [HOST, JSON, bob], 400),
        case("PUT", put, b"[1]", [HOST, JSON, bob], 400),
        case(
            "PUT",
            put,
            b"value=1",
            [HOST, (b"content-type", b"application/x-www-form-urlencoded"), bob],
            200,
        ),
        case("PUT", put, b'{"value": 1}', [HOST, JSON, bob, (b"cookie", b"sessionid=x")], 200),
        case("PUT", put, b'{"value": 1}', [(b"host", b"evil.example"), JSON, bob], 400),
        case("PUT", put + "?format=json", b'{"value": -1}', [HOST, JSON, bob], 200),
        case(
            "PUT", put, b'{"value": 1, "padding": "' + b"x" * 5000 + b'"}', [HOST, JSON, bob], 200
        ),
        case("POST", put, b'{"value": 1}', [HOST, JSON, bob], 405),
        case("PUT", put, b'{"value": 1}', [HOST, JSON, bob], 400, length=False),  # chunked
        case("DELETE", put, b"", [HOST, bob], 200, fast=True),
    ]

    async def steps():
        answers = []
        for method, path, body, headers, *_expected, length in cases:
            before = django.calls
            status, _headers, answer = await _request(
                app, method, path, body, headers, chunks=2, length=length
            )
            answers.append((status, answer, django.calls - before))
        return answers

    answers = _run(app, steps)
    for (method, path, body, _headers, status, code, fast, _length), (got, answer, handed) in zip(
        cases, answers, strict=True
    ):
        where = f"{method} {path} {body[:40]!r}"
        assert got == status, (where, answer)
        assert handed == (0 if fast else 1), where
        if code:
            assert answer["error"]["code"] == code, where
    assert Participant.objects.filter(user=carol, challenge=world.challenge).exists()
    assert not Vote.objects.filter(contribution=held).exists()
    assert not Vote.objects.filter(contribution=closed_idea).exists()
    _counts_match_rows()


def test_the_shared_rate_limit_is_counted_by_both_paths(world, settings):
    world.challenge.votes_per_minute = 3
    world.challenge.save(update_fields=["votes_per_minute"])
    django = Django()
    app = fast_votes.FastVotes(django)

    async def steps():
        statuses = []
        for index, value in enumerate([1, -1, 1, -1]):
            settings.FAST_VOTES = index != 1  # the second vote goes through Django
            statuses.append((await _vote(app, world, world.idea, value))[0])
        return statuses

    assert _run(app, steps) == [200, 200, 200, 429]
    assert django.calls == 2  # the second, and the fourth: counted over, handed over, refused
    idea = Contribution.objects.get(pk=world.idea.pk)
    assert (idea.up_count, idea.down_count) == (1, 0)


def test_votes_go_on_without_the_rate_limit_when_redis_is_unreachable(world, monkeypatch):
    class Unreachable:
        async def acount_in_window(self, key, timeout):
            raise ConnectionError("Redis is down")

    monkeypatch.setattr("ideas.ratelimit.cache", Unreachable())
    django = Django()
    app = fast_votes.FastVotes(django)
    status, _headers, body = _run(app, lambda: _vote(app, world, world.idea, 1))
    assert (status, body, django.calls) == (200, {"up_count": 1, "down_count": 0, "my_vote": 1}, 0)


def test_a_database_error_hands_the_vote_to_django_and_it_is_counted_once(world, monkeypatch):
    real = fast_votes._run_steps
    failures = {"before": 0, "after": 0}

    async def failing(steps, conn):
        if failures["before"] == 0:
            failures["before"] += 1
            raise psycopg.OperationalError("the server closed the connection")
        result = await real(steps, conn)
        failures["after"] += 1
        raise psycopg.OperationalError("lost after the write")  # the commit may have happened
        return result

    monkeypatch.setattr(fast_votes, "_run_steps", failing)
    django = Django()
    app = fast_votes.FastVotes(django)

    async def steps():
        return [
            await _vote(app, world, world.idea, 1),  # fails before writing
            await _vote(app, world, world.other, -1),  # fails after writing
        ]

    answers = _run(app, steps)
    assert [(status, body) for status, _h, body in answers] == [
        (200, {"up_count": 1, "down_count": 0, "my_vote": 1}),
        (200, {"up_count": 0, "down_count": 1, "my_vote": -1}),
    ]
    assert django.calls == 2 and failures == {"before": 1, "after": 1}
    assert Vote.objects.count() == 2
    _counts_match_rows()


def test_a_fast_vote_reaches_open_pages_live(world):
    fast = application.application_mapping["http"]
    assert isinstance(fast, fast_votes.FastVotes)

    async def steps():
        socket = WebsocketCommunicator(
            application,
            f"/ws/challenges/{world.challenge.slug}/",
            headers=[(b"origin", b"http://127.0.0.1:8000")],
        )
        connected, _code = await socket.connect(timeout=5)
        assert connected
        try:
            await _vote(application, world, world.idea, 1)
            message = await socket.receive_json_from(timeout=5)
        finally:
            await socket.disconnect()
        return message

    message = _run(fast, steps)
    assert message["type"] == "contribution.counts"
    assert (message["id"], message["up"], message["down"]) == (world.idea.pk, 1, 0)
    assert not {"user", "user_id", "email", "author", "voter"} & set(message)


def test_concurrent_votes_through_both_paths_keep_counts_equal_to_rows(world):
    """Voters race on two items through the fast path and through Django at once; every
    answer is stored and every count equals its rows."""
    people = [make_user(f"racer{i}", world.password_hash) for i in range(12)]
    tokens = []
    for person in people:
        services.participant_get_or_create(user=person, challenge=world.challenge)
        tokens.append(Token.objects.create(user=person).key)
    items = [world.idea, world.remark]
    app = fast_votes.FastVotes(Django())
    last: dict[tuple[int, str, int], int] = {}

    async def voter(index: int, token: str) -> None:
        rng = random.Random(index)
        for _ in range(15):
            item = rng.choice(items)
            value = rng.choice([1, -1, 0])
            headers = [HOST, JSON, _token(token)]
            if rng.random() < 0.3:
                headers.append((b"cookie", b"sessionid=none"))  # through Django
            status, _h, body = await _vote(app, world, item, value, headers=headers)
            assert status == 200, body
            last[(index, type(item).__name__, item.pk)] = value

    async def steps():
        await asyncio.gather(*(voter(i, token) for i, token in enumerate(tokens)))

    _run(app, steps)
    assert 0 < app.inner.calls < 12 * 15
    _counts_match_rows()
    for (index, kind, pk), value in last.items():
        field = kind.lower()
        stored = Vote.objects.filter(voter__user=people[index], **{field: pk}).first()
        assert (stored.value if stored else 0) == value


CSRF = "k" * 32  # a CSRF secret in the cookie; the page's script sends it back in the header


def _session_headers(user, *, csrf=CSRF, origin=b"http://127.0.0.1:8000", extra=()):
    """What a signed-in page's vote script sends (frontend/src/votes.mjs)."""
    client = Client()
    client.force_login(user)
    cookie = f"sessionid={client.cookies['sessionid'].value}; csrftoken={CSRF}"
    headers = [HOST, JSON, (b"cookie", cookie.encode()), *extra]
    if csrf:
        headers.append((b"x-csrftoken", csrf.encode()))
    if origin:
        headers.append((b"origin", origin))
    return headers


def test_a_signed_in_page_s_votes_are_answered_in_front_of_django_too(world, settings):
    django = Django()
    app = fast_votes.FastVotes(django)
    bob = _session_headers(world.bob)
    changed = make_user("changed", world.password_hash)
    expired = make_user("expired", world.password_hash)
    for person in (changed, expired):
        services.participant_get_or_create(user=person, challenge=world.challenge)
    changed_headers, expired_headers = _session_headers(changed), _session_headers(expired)
    changed.set_password("a new password, set elsewhere")
    changed.save(update_fields=["password"])
    Session.objects.filter(
        session_key=dict(expired_headers)[b"cookie"].decode().split(";")[0].split("=")[1]
    ).update(expire_date=timezone.now() - timedelta(seconds=1))
    anonymous = SessionStore()
    anonymous["seen"] = True
    anonymous.create()
    anonymous_cookie = f"sessionid={anonymous.session_key}; csrftoken={CSRF}".encode()
    idea = world.idea

    anonymous_headers = [HOST, JSON, (b"cookie", anonymous_cookie), (b"x-csrftoken", CSRF.encode())]
    cases = [
        (bob, 1, 200, True),
        (bob, -1, 200, True),
        (_session_headers(world.bob, csrf=None), 1, 403, False),
        (_session_headers(world.bob, csrf="w" * 32), 1, 403, False),
        (_session_headers(world.bob, origin=b"http://evil.example"), 1, 403, False),
        (_session_headers(world.bob, extra=[_token(world.token)]), 1, 200, False),
        (changed_headers, 1, 403, False),
        (expired_headers, 1, 403, False),
        (anonymous_headers, 1, 403, False),
        (bob, 0, 200, True),
    ]

    async def steps():
        answers = []
        for headers, value, expected, fast in cases:
            before = django.calls
            status, _h, body = await _vote(app, world, idea, value, headers=headers)
            answers.append((status, expected, django.calls - before, fast, body))
        settings.FAST_VOTES = True
        fast = await _vote(app, world, idea, 1, headers=bob)
        settings.FAST_VOTES = False
        slow = await _vote(app, world, idea, 1, headers=bob)
        return answers, fast, slow

    answers, fast, slow = _run(app, steps)
    for index, (status, expected, handed, fast_path, body) in enumerate(answers):
        assert status == expected, (index, body)
        assert handed == (0 if fast_path else 1), index
    assert fast[0] == slow[0] == 200 and fast[2] == slow[2]
    assert fast[1] == slow[1]  # the same headers: no cookie set or changed, Vary: Cookie
    assert not Vote.objects.filter(voter__user__in=[changed, expired]).exists()
    _counts_match_rows()
