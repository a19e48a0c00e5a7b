"""Shared test set-up: the named personas, hostile factories and the real-stack guard.

Personas (like healthchecks' hc/test.py): alice the author, bob another contributor, carol who
has not verified her email, mo the moderator, pat the panel member, ed the editor, olive the
organiser, and the anonymous visitor. Each has a distinctive real name and email so the
anonymity tests can look for them anywhere.
"""

import os
import uuid
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.cache import cache
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import User
from ideas import services
from ideas.models import Category, Challenge, Phase, Question

# One cache/channel prefix per test process (each xdist worker too), so parallel runs sharing
# Redis cannot see or clear each other's keys. pytest-django has already loaded the settings
# (in a worker, from the controller's environment), so set them here, before any cache or
# channel layer is first opened.
_RUN_PREFIX = f"test-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}-{uuid.uuid4().hex[:8]}"
settings.CACHES["default"]["KEY_PREFIX"] = _RUN_PREFIX
if "CONFIG" in settings.CHANNEL_LAYERS["default"]:
    settings.CHANNEL_LAYERS["default"]["CONFIG"]["prefix"] = _RUN_PREFIX

PASSWORD = "correct horse battery staple"
REQUIRE_REAL_STACK = os.environ.get("GROUNDSWELL_REQUIRE_REAL_STACK") == "1"

# Hostile by default, so every test exercises sanitising (adhocracy-plus style).
HOSTILE_BODY = (
    "<script>alert('xss')</script>Managers should spend a day a month on the wards "
    "<b onmouseover=alert(1)>alongside</b> nurses; see https://example.org/floor?a=1&b=2 "
    "\u202eevil\u200b'; DROP TABLE ideas_contribution;--"
)

PERSONAS = {
    "alice": ("alice.author@example.com", "Alice", "Zanzibar-Author"),
    "bob": ("bob.builder@example.com", "Bobby", "Quixote-Voter"),
    "carol": ("carol.unverified@example.com", "Carol", "Unverified-Person"),
    "mo": ("mo.moderator@example.com", "Mohammed", "Moderator-Smith"),
    "pat": ("pat.panel@example.com", "Patricia", "Panellist-Jones"),
    "ed": ("ed.editor@example.com", "Edmund", "Editor-Brown"),
    "olive": ("olive.organiser@example.com", "Olivia", "Organiser-Green"),
}


def pytest_sessionstart(session):
    if not REQUIRE_REAL_STACK:
        return
    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" not in engine:
        raise pytest.UsageError(f"CI must run on PostgreSQL, not {engine}: set DATABASE_URL.")
    if "RedisChannelLayer" not in settings.CHANNEL_LAYERS["default"]["BACKEND"]:
        raise pytest.UsageError("CI must run with the Redis channel layer: set REDIS_URL.")


@pytest.fixture(scope="session")
def password_hash():
    # Argon2 is deliberately slow; hash the personas' shared password once per session.
    return make_password(PASSWORD)


@pytest.fixture(autouse=True)
def _isolate_cache():
    """Throttle counters and cached values must not leak from one test into the next."""
    _clear_cache()
    yield
    _clear_cache()


@pytest.fixture(autouse=True)
def _live_updates_sent():
    """Live updates leave after commit from a publisher thread (backend.events); a test's
    own finish before the database is taken away for the next test."""
    yield
    from backend import events

    events.coalescer.wait(timeout=5)


def _clear_cache():
    if "Redis" in settings.CACHES["default"]["BACKEND"]:
        client = cache._cache.get_client(write=True)
        prefix = settings.CACHES["default"].get("KEY_PREFIX", "")
        keys = list(client.scan_iter(match=f"{prefix}:*"))
        if keys:
            client.delete(*keys)
    else:
        cache.clear()


def make_user(name: str, password_hash: str, **extra) -> User:
    email, first, last = PERSONAS.get(name, (f"{name}@example.com", name.title(), "Person"))
    values = {"first_name": first, "last_name": last, "email_verified": name != "carol"}
    values.update(extra)
    return User.objects.create(email=email, password=password_hash, **values)


@pytest.fixture
def alice(db, password_hash):
    return make_user(
        "alice", password_hash, role_group="nurse", country="GB", organisation_type="acute"
    )


@pytest.fixture
def bob(db, password_hash):
    return make_user("bob", password_hash, role_group="doctor", country="IE")


@pytest.fixture
def carol(db, password_hash):
    return make_user("carol", password_hash)


@pytest.fixture
def olive(db, password_hash):
    return make_user("olive", password_hash, is_staff=True, is_superuser=True)


@pytest.fixture
def everyone(alice, bob, carol, olive):
    return {"alice": alice, "bob": bob, "carol": carol, "olive": olive}


# Tests that post many items as one person raise the per-challenge limits; the rate-limit
# tests (tests/moderation/test_rate_limits.py) use the product's defaults.
GENEROUS_LIMITS = {
    "posts_per_hour": 1000,
    "comments_per_hour": 1000,
    "votes_per_minute": 1000,
    "reports_per_hour": 1000,
}


def make_challenge(slug: str = "nhs-change", phase: str = Phase.OPEN, **extra) -> Challenge:
    for name, value in GENEROUS_LIMITS.items():
        extra.setdefault(name, value)
    challenge = Challenge.objects.create(
        slug=slug,
        title=extra.pop("title", "How do we make <em>bottom-up</em> change happen?"),
        summary=extra.pop("summary", "Tell us what helps, what gets in the way, and what to do."),
        phase=phase,
        opens_at=extra.pop("opens_at", timezone.now() - timedelta(days=1)),
        closes_at=extra.pop("closes_at", timezone.now() + timedelta(days=30)),
        **extra,
    )
    for position, title in enumerate(
        ["What enables bottom-up change?", "What prevents it?", "What are the solutions?"]
    ):
        Question.objects.create(challenge=challenge, title=title, position=position)
    for position, name in enumerate(["Leadership", "Culture and speaking up"]):
        Category.objects.create(challenge=challenge, name=name, position=position)
    return challenge


@pytest.fixture
def challenge(db):
    return make_challenge()


@pytest.fixture
def question(challenge):
    return challenge.questions.first()


@pytest.fixture
def contribution(alice, question):
    return services.contribution_create(
        user=alice, question=question, body=HOSTILE_BODY, title="<i>Floor</i> time"
    )


@pytest.fixture
def comment(bob, contribution):
    return services.comment_create(
        user=bob, contribution=contribution, body="<img src=x onerror=alert(1)>Yes: rota it in."
    )


@pytest.fixture
def api():
    return APIClient()


def api_client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user=user)
    return client


@pytest.fixture
def client_for(client):
    """A page client signed in as the given user (through the real session)."""
    from django.test import Client

    def make(user):
        signed_in = Client()
        signed_in.force_login(user)
        return signed_in

    return make


@pytest.fixture
def is_postgres():
    return connection.vendor == "postgresql"
