"""Live updates over websockets: who may listen, what they hear, coalescing, and that posting
and voting never depend on the channel layer. Runs on the real channel layer in CI (Redis).
"""

import json
import re
import time

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import Client

from backend import events
from backend.asgi import application
from ideas import services
from ideas.models import Phase, RoleKind, Status
from tests.conftest import make_challenge, make_user

pytestmark = pytest.mark.django_db(transaction=True)

ORIGIN = (b"origin", b"http://127.0.0.1:8000")
IDENTITY = re.compile(r'"(?:email|user|user_id|username|first_name|last_name|author)"')


@pytest.fixture(autouse=True)
def _drain():
    yield
    events.coalescer.wait(timeout=5)


@pytest.fixture
def cookies(world):
    """Session cookies, made before any event loop runs (signing in touches the database)."""
    return {name: _cookie_for(world[name]) for name in ("alice", "mo", "olive")}


@pytest.fixture
def world(password_hash):
    challenge = make_challenge(slug="live")
    people = {name: make_user(name, password_hash) for name in ("alice", "bob", "mo", "olive")}
    people["olive"].is_staff = True
    people["olive"].save(update_fields=["is_staff"])
    challenge.roles.create(user=people["mo"], kind=RoleKind.MODERATOR)
    question = challenge.questions.first()
    idea = services.contribution_create(
        user=people["alice"], question=question, body="Protected time to test small changes."
    )
    events.coalescer.wait()
    return {"challenge": challenge, "question": question, "idea": idea, **people}


def _cookie_for(user) -> tuple[bytes, bytes]:
    client = Client()
    client.force_login(user)
    return (b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode())


async def _open(path: str, *headers) -> WebsocketCommunicator:
    communicator = WebsocketCommunicator(application, path, headers=[ORIGIN, *headers])
    connected, code = await communicator.connect(timeout=5)
    assert connected, f"{path} refused ({code})"
    return communicator


async def _refused(path: str, *headers) -> int | None:
    communicator = WebsocketCommunicator(application, path, headers=list(headers))
    connected, code = await communicator.connect(timeout=5)
    await communicator.disconnect()
    return None if connected else code


async def _messages(communicator, seconds: float) -> list[dict]:
    """Everything that arrives within ``seconds`` (receive_nothing, unlike a receive that
    times out, leaves the socket usable)."""
    found, deadline = [], time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not await communicator.receive_nothing(timeout=0.1):
            found.append(await communicator.receive_json_from(timeout=1))
    return found


def _no_identity(messages: list[dict], *users) -> None:
    text = json.dumps(messages)
    assert not IDENTITY.search(text), text
    for user in users:
        for needle in (user.email, user.first_name, user.last_name):
            assert needle not in text


def test_a_vote_reaches_every_open_page_with_absolute_counts(world, cookies):
    idea, bob = world["idea"], world["bob"]

    async def scenario():
        anonymous = await _open("/ws/challenges/live/")
        signed_in = await _open("/ws/challenges/live/", cookies["alice"])
        await database_sync_to_async(services.vote_cast)(user=bob, item=idea, value=1)
        heard = [await c.receive_json_from(timeout=5) for c in (anonymous, signed_in)]
        for communicator in (anonymous, signed_in):
            await communicator.disconnect()
        return heard

    heard = async_to_sync(scenario)()
    expected = {"type": "contribution.counts", "id": idea.pk, "up": 1, "down": 0, "comments": 0}
    assert heard == [expected, expected]
    _no_identity(heard, world["alice"], bob)


def test_quick_changes_are_coalesced_into_one_more_message_with_the_final_counts(
    world, password_hash
):
    idea = world["idea"]
    voters = [make_user(f"voter{i}", password_hash) for i in range(5)]

    async def scenario():
        socket = await _open("/ws/challenges/live/")
        for voter in voters:
            await database_sync_to_async(services.vote_cast)(user=voter, item=idea, value=1)
        heard = await _messages(socket, 2.5)
        await socket.disconnect()
        return heard

    heard = async_to_sync(scenario)()
    counts = [m for m in heard if m["type"] == "contribution.counts"]
    # The first vote at once; the other four folded into one message a second later.
    assert len(counts) == 2, heard
    assert counts[0]["up"] >= 1 and counts[-1]["up"] == 5


def test_new_withdrawn_and_commented_contributions_are_announced(world):
    alice, bob, question, idea = world["alice"], world["bob"], world["question"], world["idea"]

    async def scenario():
        socket = await _open("/ws/challenges/live/")
        new = await database_sync_to_async(services.contribution_create)(
            user=bob, question=question, body="A frontline buddy for every new manager."
        )
        await database_sync_to_async(services.comment_create)(
            user=bob, contribution=idea, body="Start with one ward and measure it."
        )
        await database_sync_to_async(services.contribution_withdraw)(user=bob, contribution=new)
        heard = await _messages(socket, 2.5)
        await socket.disconnect()
        return new, heard

    new, heard = async_to_sync(scenario)()
    assert {"type": "contribution.new", "id": new.pk} in heard
    assert {"type": "contribution.removed", "id": new.pk} in heard
    assert any(
        m["type"] == "contribution.counts" and m["id"] == idea.pk and m["comments"] == 1
        for m in heard
    )
    assert any(m["type"] == "comment.counts" for m in heard)
    _no_identity(heard, alice, bob)


def test_held_contributions_are_not_announced(world):
    challenge, question = world["challenge"], world["question"]
    challenge.watched_words = "rota"
    challenge.save(update_fields=["watched_words"])

    async def scenario():
        socket = await _open("/ws/challenges/live/")
        held = await database_sync_to_async(services.contribution_create)(
            user=world["bob"], question=question, body="The rota is the problem here."
        )
        heard = await _messages(socket, 1.5)
        await socket.disconnect()
        return held, heard

    held, heard = async_to_sync(scenario)()
    assert held.status == "held"
    assert not any(m["type"] == "contribution.new" for m in heard), heard


def test_sockets_from_other_sites_or_to_hidden_challenges_are_refused(world):
    make_challenge(slug="secret", phase=Phase.DRAFT)

    async def scenario():
        return (
            await _refused("/ws/challenges/live/", (b"origin", b"https://evil.example")),
            await _refused("/ws/challenges/secret/", ORIGIN),
            await _refused("/ws/challenges/nowhere/", ORIGIN),
        )

    assert all(code is not None for code in async_to_sync(scenario)())


def test_the_moderation_queue_is_live_for_moderators_only(world, cookies):
    from moderation import services as moderation_services

    async def scenario():
        codes = [
            await _refused("/ws/moderation/live/", ORIGIN),
            await _refused("/ws/moderation/live/", ORIGIN, cookies["alice"]),
        ]
        socket = await _open("/ws/moderation/live/", cookies["mo"])
        await database_sync_to_async(moderation_services.report_file)(
            user=world["bob"], item=world["idea"], reason="offensive"
        )
        heard = await _messages(socket, 1.5)
        await socket.disconnect()
        return codes, heard

    codes, heard = async_to_sync(scenario)()
    assert codes == [4403, 4403]
    queue = [m for m in heard if m["type"] == "queue.changed"]
    assert queue and queue[-1]["open"]["general"] == 1
    _no_identity(heard, world["alice"], world["bob"])


def test_an_analysis_run_reports_its_progress_live_to_organisers(world, cookies, password_hash):
    from analysis import services as analysis_services

    for index in range(12):
        services.contribution_create(
            user=make_user(f"writer{index}", password_hash),
            question=world["question"],
            body=["Car parking permits for night staff", "Mentoring for new ward managers"][
                index % 2
            ]
            + f" and idea number {index}",
        )
    run = analysis_services.run_create(
        user=world["olive"], challenge=world["challenge"], k=2, enqueue=False
    )
    path = f"/ws/analysis/runs/{run.pk}/"

    async def scenario():
        refused = await _refused(path, ORIGIN, cookies["alice"])
        socket = await _open(path, cookies["olive"])
        await database_sync_to_async(analysis_services.run_execute)(run_id=run.pk)
        heard = await _messages(socket, 2.5)
        await socket.disconnect()
        return refused, heard

    refused, heard = async_to_sync(scenario)()
    assert refused == 4403
    assert heard and all(m["type"] == "run.progress" and m["id"] == run.pk for m in heard)
    assert heard[-1]["status"] == "succeeded" and heard[-1]["progress"] == 1.0


def test_posting_and_voting_work_when_the_channel_layer_is_down(world, monkeypatch, caplog):
    def broken():
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(events, "get_channel_layer", broken)
    result = services.vote_cast(user=world["bob"], item=world["idea"], value=-1)
    assert result.down_count == 1
    post = services.contribution_create(
        user=world["bob"], question=world["question"], body="Still works without live updates."
    )
    assert post.pk
    assert "Live update" in caplog.text


def test_a_reconnecting_page_catches_up_with_current_counts(world, password_hash):
    from rest_framework.test import APIClient

    idea, bob = world["idea"], world["bob"]
    services.vote_cast(user=bob, item=idea, value=1)
    note = services.comment_create(user=bob, contribution=idea, body="Measure it for a month.")
    gone = services.contribution_create(
        user=bob, question=world["question"], body="Something I will take back."
    )
    orphan = services.comment_create(user=bob, contribution=gone, body="Under a withdrawn post.")
    held = services.comment_create(user=bob, contribution=idea, body="Held for a moderator.")
    services.item_status_set(item=held, status=Status.HELD)
    services.contribution_withdraw(user=bob, contribution=gone)
    api = APIClient()
    response = api.get(
        "/api/challenges/live/live/",
        {
            "contributions": f"{idea.pk},{gone.pk},999999",
            "comments": f"{note.pk},{orphan.pk},{held.pk}",
        },
    )
    assert response.status_code == 200
    assert response.json()["items"] == [
        {"type": "contribution.counts", "id": idea.pk, "up": 1, "down": 0, "comments": 1},
        {"type": "contribution.removed", "id": gone.pk},
        {"type": "contribution.removed", "id": 999999},
        {"type": "comment.counts", "id": note.pk, "contribution": idea.pk, "up": 0, "down": 0},
        {"type": "comment.removed", "id": orphan.pk},
        {"type": "comment.removed", "id": held.pk},
    ]
    # Items of another challenge are not this page's business.
    other = make_challenge(slug="other")
    elsewhere = services.contribution_create(
        user=bob, question=other.questions.first(), body="A different challenge's idea."
    )
    response = api.get("/api/challenges/live/live/", {"contributions": str(elsewhere.pk)})
    assert response.json()["items"] == [{"type": "contribution.removed", "id": elsewhere.pk}]


@pytest.mark.parametrize(
    "query",
    [{"contributions": "1,two"}, {"comments": "-4"}, {"contributions": ",".join(["1"] * 201)}],
    ids=["not-a-number", "negative", "too-many"],
)
def test_catching_up_refuses_bad_ids_clearly(world, query):
    from rest_framework.test import APIClient

    response = APIClient().get("/api/challenges/live/live/", query)
    assert response.status_code == 400
    assert response.json()["error"]["fields"]


def test_catching_up_on_a_draft_challenge_is_not_found(world):
    from rest_framework.test import APIClient

    make_challenge(slug="draft", phase=Phase.DRAFT)
    assert APIClient().get("/api/challenges/draft/live/").status_code == 404


def test_with_redis_gone_posting_voting_and_pages_go_on(world, settings, caplog):
    """Redis stopped: the cache (rate limits, API throttles, coalescing) and the channel layer
    point at a port where nothing listens. Everything but live updates carries on."""
    from rest_framework.test import APIClient

    dead = "redis://127.0.0.1:1/0"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": dead,
            "OPTIONS": {"socket_connect_timeout": 0.5},
        }
    }
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [{"address": dead, "socket_connect_timeout": 0.5}]},
        }
    }
    bob = world["bob"]
    api = APIClient()
    api.force_authenticate(bob)
    voted = api.put(f"/api/contributions/{world['idea'].pk}/vote/", {"value": 1}, format="json")
    assert voted.status_code == 200 and voted.json()["up_count"] == 1
    posted = api.post(
        "/api/challenges/live/contributions/",
        {"question": world["question"].pk, "body": "Posted while Redis was away."},
        format="json",
    )
    assert posted.status_code == 201, posted.content
    health = Client().get("/healthz")
    assert health.status_code == 200 and health.json()["status"] == "degraded"
    assert Client().get("/challenges/live/").status_code == 200
    assert "Live update" in caplog.text and "cache is unavailable" in caplog.text
