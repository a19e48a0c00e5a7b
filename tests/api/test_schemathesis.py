"""Property-based API tests: schemathesis drives every operation in /api/schema/ in-process.

No call may end in a server error, and every response must match the schema (status code,
content type and body), for anonymous callers and for a verified person using token auth.

Generated ids, slugs and passwords are sometimes swapped for seeded ones, so calls reach real
objects as well as missing ones; a table of valid calls then walks every operation's happy path
(post, comment, vote, edit, withdraw, profile, erase, sign-up, reset) through the same checks.
Each call runs in a savepoint that is rolled back, so one example's withdrawal or erasure
cannot change what the next one sees, and Hypothesis can replay a failure exactly.
"""

import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass

import hypothesis.strategies as st
import pytest
import schemathesis
from django.contrib.auth.tokens import default_token_generator
from django.core.signals import got_request_exception, request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.core import NOT_SET
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from accounts.models import User
from accounts.services import email_verification_token
from ideas import services
from ideas.models import Contribution
from tests.conftest import HOSTILE_BODY, PASSWORD, make_challenge, make_user

APP = get_wsgi_application()
schema = schemathesis.openapi.from_wsgi("/api/schema/", APP)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# Every operation twice (anonymous and signed in), 8 examples each: a few hundred calls.
FUZZ = settings(
    max_examples=8,
    deadline=None,
    database=None,  # examples depend on seeded rows that differ between runs
    suppress_health_check=list(HealthCheck),
)


@dataclass
class World:
    """What calls can aim at: a token, and ids and names that exist, by owner."""

    token: str
    slug: str
    question_ids: list[int]
    category_ids: list[int]
    own_contribution_id: int
    other_contribution_id: int
    own_comment_id: int  # alice's comment on bob's contribution
    other_comment_id: int  # bob's comment on alice's contribution
    email: str
    verify: dict[str, str]  # a genuine link for carol, who has not verified yet
    reset: dict[str, str]  # a genuine password-reset link for alice

    def ids_for(self, path: str) -> list[int]:
        if path.startswith("/api/comments/"):
            return [self.own_comment_id, self.other_comment_id]
        return [self.own_contribution_id, self.other_contribution_id]


def _uid(user) -> str:
    return urlsafe_base64_encode(force_bytes(user.pk))


@pytest.fixture
def world(db, password_hash) -> World:
    """An open challenge with questions and categories, where alice (the caller when signed
    in) and bob have each posted a contribution and commented on the other's.
    """
    alice = make_user("alice", password_hash, role_group="nurse", country="GB")
    bob = make_user("bob", password_hash)
    carol = make_user("carol", password_hash)
    challenge = make_challenge()
    questions = list(challenge.questions.all())
    mine = services.contribution_create(user=alice, question=questions[0], body=HOSTILE_BODY)
    theirs = services.contribution_create(
        user=bob, question=questions[1], body="Protected time to think, test and learn."
    )
    my_comment = services.comment_create(user=alice, contribution=theirs, body="Rota it in.")
    their_comment = services.comment_create(user=bob, contribution=mine, body="Yes, buddy up.")
    return World(
        token=Token.objects.create(user=alice).key,
        slug=challenge.slug,
        question_ids=[q.pk for q in questions],
        category_ids=list(challenge.categories.values_list("pk", flat=True)),
        own_contribution_id=mine.pk,
        other_contribution_id=theirs.pk,
        own_comment_id=my_comment.pk,
        other_comment_id=their_comment.pk,
        email=alice.email,
        verify={"uid": _uid(carol), "token": email_verification_token.make_token(carol)},
        reset={"uid": _uid(alice), "token": default_token_generator.make_token(alice)},
    )


@pytest.fixture
def server_errors():
    """Tracebacks of exceptions the app did not handle, so a 500 explains itself.

    Like Django's test client, keep the request signals from closing the test's connection,
    which would end the transaction every example runs in.
    """
    caught: list[str] = []

    def record(**kwargs):
        caught.append("".join(traceback.format_exception(*sys.exc_info())))

    got_request_exception.connect(record)
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield caught
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
    got_request_exception.disconnect(record)


def _aim(case, data, world: World) -> None:
    """Sometimes replace generated ids, slugs and passwords with real ones."""

    def pick(generated, *real):
        return data.draw(st.sampled_from([generated, *real]))

    path_parameters = case.path_parameters or {}
    if "id" in path_parameters:
        path_parameters["id"] = pick(path_parameters["id"], *world.ids_for(case.path))
    if "slug" in path_parameters:
        path_parameters["slug"] = pick(path_parameters["slug"], world.slug)
    if isinstance(case.body, dict):
        body = case.body
        if "question" in body:
            body["question"] = pick(body["question"], *world.question_ids)
        if "category" in body:
            body["category"] = pick(body["category"], *world.category_ids)
        if "parent" in body:
            body["parent"] = pick(body["parent"], world.own_comment_id, world.other_comment_id)
        if "password" in body and case.operation.label == "DELETE /api/me/":
            body["password"] = pick(body["password"], PASSWORD)


def _call(case, server_errors: list[str], headers: dict):
    with transaction.atomic():
        response = case.call(headers=headers)
        transaction.set_rollback(True)
    if server_errors:
        pytest.fail(f"{case.operation.label} raised:\n{server_errors.pop()}")
    case.validate_response(response, checks=CHECKS)
    return response


def _signed_in(world: World) -> dict:
    return {"Authorization": f"Token {world.token}"}


@schema.parametrize()
@schema.given(data=st.data())
@FUZZ
def test_api_anonymous(case, data, world, server_errors):
    _aim(case, data, world)
    _call(case, server_errors, headers={})


@schema.parametrize()
@schema.given(data=st.data())
@FUZZ
def test_api_signed_in_with_token(case, data, world, server_errors):
    _aim(case, data, world)
    _call(case, server_errors, headers=_signed_in(world))


# --- every operation's happy path, through the same checks -----------------------------------


@dataclass
class Call:
    label: str
    status: int
    path: Callable[[World], dict] = lambda world: {}
    body: Callable[[World], dict] | None = None
    query: dict | None = None
    signed_in: bool = True

    def __str__(self) -> str:
        return " ".join([self.label, str(self.status), *map(str, self.query or {})])


CALLS = [
    Call("GET /api/challenges/", 200, signed_in=False),
    Call("GET /api/challenges/{slug}/", 200, lambda w: {"slug": w.slug}, signed_in=False),
    Call(
        "GET /api/challenges/{slug}/live/",
        200,
        lambda w: {"slug": w.slug},
        query={"contributions": "1,2,3", "comments": "4"},
        signed_in=False,
    ),
    Call(
        "GET /api/challenges/{slug}/contributions/",
        200,
        lambda w: {"slug": w.slug},
        query={"sort": "random", "seed": 7, "page_size": 1},
    ),
    Call(
        "POST /api/challenges/{slug}/contributions/",
        201,
        lambda w: {"slug": w.slug},
        lambda w: {
            "question": w.question_ids[2],
            "category": w.category_ids[0],
            "title": "<b>Floor</b> time",
            "body": HOSTILE_BODY,
        },
    ),
    Call("GET /api/contributions/{id}/", 200, lambda w: {"id": w.other_contribution_id}),
    Call(
        "PATCH /api/contributions/{id}/",
        200,
        lambda w: {"id": w.own_contribution_id},
        lambda w: {"body": "Managers on the wards one day a month.", "category": None},
    ),
    Call(
        "PATCH /api/contributions/{id}/",
        200,
        lambda w: {"id": w.own_contribution_id},
        lambda w: {"title": "Only the title changes"},
    ),
    Call("POST /api/contributions/{id}/withdraw/", 200, lambda w: {"id": w.own_contribution_id}),
    Call(
        "PUT /api/contributions/{id}/vote/",
        200,
        lambda w: {"id": w.other_contribution_id},
        lambda w: {"value": 1},
    ),
    Call("DELETE /api/contributions/{id}/vote/", 200, lambda w: {"id": w.other_contribution_id}),
    Call(
        "GET /api/contributions/{id}/comments/",
        200,
        lambda w: {"id": w.other_contribution_id},
        signed_in=False,
    ),
    Call(
        "POST /api/contributions/{id}/comments/",
        201,
        lambda w: {"id": w.other_contribution_id},
        lambda w: {"body": "<i>Rota</i> it in", "parent": w.own_comment_id},
    ),
    Call(
        "POST /api/contributions/{id}/comments/",
        201,
        lambda w: {"id": w.own_contribution_id},
        lambda w: {"body": "How: a buddy list", "is_implementation": True},
    ),
    Call("POST /api/comments/{id}/withdraw/", 200, lambda w: {"id": w.own_comment_id}),
    Call(
        "PUT /api/comments/{id}/vote/",
        200,
        lambda w: {"id": w.other_comment_id},
        lambda w: {"value": -1},
    ),
    Call("DELETE /api/comments/{id}/vote/", 200, lambda w: {"id": w.other_comment_id}),
    Call("GET /api/me/", 200),
    Call("PATCH /api/me/", 200, body=lambda w: {"country": "IE", "role_group": ""}),
    Call("GET /api/me/contributions/", 200),
    Call("GET /api/me/data/", 200),
    Call("DELETE /api/me/", 400, body=lambda w: {"password": "not my password"}),
    Call("DELETE /api/me/", 400, body=lambda w: {"password": ""}),
    Call("DELETE /api/me/", 204, body=lambda w: {"password": PASSWORD}),
    Call(
        "POST /api/auth/signup/",
        202,
        body=lambda w: {"email": "new.person@example.com", "password": "a long odd passphrase 7"},
        signed_in=False,
    ),
    Call("POST /api/auth/verify/", 200, body=lambda w: w.verify, signed_in=False),
    Call(
        "POST /api/auth/signin/",
        200,
        body=lambda w: {"email": w.email, "password": PASSWORD},
        signed_in=False,
    ),
    Call(
        "POST /api/auth/token/",
        200,
        body=lambda w: {"email": w.email, "password": PASSWORD},
        signed_in=False,
    ),
    Call(
        "POST /api/contributions/{id}/report/",
        201,
        lambda w: {"id": w.other_contribution_id},
        lambda w: {"reason": "off_topic", "note": "<b>Not</b> about leadership"},
    ),
    Call(
        "POST /api/comments/{id}/report/",
        201,
        lambda w: {"id": w.other_comment_id},
        lambda w: {"reason": "safety"},
    ),
    Call(
        "GET /api/challenges/{slug}/transparency/",
        200,
        lambda w: {"slug": w.slug},
        signed_in=False,
    ),
    Call("GET /api/me/notices/", 200),
    Call("POST /api/auth/signout/", 200),
    Call("POST /api/auth/password-reset/", 202, body=lambda w: {"email": w.email}, signed_in=False),
    Call(
        "POST /api/auth/password-reset/confirm/",
        200,
        body=lambda w: w.reset | {"password": "a brand new passphrase 9"},
        signed_in=False,
    ),
    Call(
        "GET /api/challenges/{slug}/similar/",
        200,
        lambda w: {"slug": w.slug},
        query={"text": "Managers should spend time on the wards"},
        signed_in=False,
    ),
    # Contributors see themes once the guide is published, and cannot start analyses.
    Call("GET /api/challenges/{slug}/themes/", 403, lambda w: {"slug": w.slug}),
    Call(
        "POST /api/challenges/{slug}/analysis/runs/",
        403,
        lambda w: {"slug": w.slug},
        lambda w: {"k": 5},
    ),
    # Panels and the guide: contributors are not on the panel, and the challenge is open, so
    # its guide is not public yet (tests/guide/test_apis.py walks the panel's own paths).
    Call("GET /api/challenges/{slug}/panel/", 403, lambda w: {"slug": w.slug}),
    Call("GET /api/challenges/{slug}/guide/", 403, lambda w: {"slug": w.slug}, signed_in=False),
    Call(
        "PUT /api/challenges/{slug}/panel/themes/{id}/scores/",
        404,
        lambda w: {"slug": w.slug, "id": HUGE},
        lambda w: {"values": {"doable": 3}},
    ),
    Call(
        "POST /api/challenges/{slug}/panel/themes/{id}/decisions/",
        404,
        lambda w: {"slug": w.slug, "id": 1},
        lambda w: {"decision": "shortlisted", "rationale": "A strong theme."},
    ),
]


# Ids past 64 bits, which the fuzzer seldom draws: SQLite cannot even compare one with a
# foreign key, so each must be turned away before the database sees it.
HUGE = 2**64
EDGES = [
    Call(
        "GET /api/challenges/{slug}/contributions/",
        400,
        lambda w: {"slug": w.slug},
        query={"question": HUGE},
    ),
    Call(
        "GET /api/challenges/{slug}/contributions/",
        400,
        lambda w: {"slug": w.slug},
        query={"category": HUGE},
    ),
    Call("GET /api/contributions/{id}/", 404, lambda w: {"id": HUGE}),
    Call("PUT /api/comments/{id}/vote/", 404, lambda w: {"id": HUGE}, lambda w: {"value": 1}),
    Call(
        "POST /api/challenges/{slug}/contributions/",
        400,
        lambda w: {"slug": w.slug},
        lambda w: {"question": HUGE, "category": HUGE, "body": "A fine idea to try"},
    ),
    Call(
        "POST /api/contributions/{id}/comments/",
        400,
        lambda w: {"id": w.other_contribution_id},
        lambda w: {"body": "Yes", "parent": HUGE},
    ),
    Call(
        "PATCH /api/contributions/{id}/",
        400,
        lambda w: {"id": w.own_contribution_id},
        lambda w: {"category": HUGE},
    ),
]


@pytest.mark.parametrize("call", CALLS + EDGES, ids=str)
def test_chosen_calls_match_the_schema(call, world, server_errors):
    """Each happy path, and each edge case, gets its status and matches the schema."""
    method, path = call.label.split(" ")
    case = schema[path][method].Case(
        path_parameters=call.path(world),
        body=call.body(world) if call.body else NOT_SET,
        query=call.query,
        media_type="application/json" if call.body else None,
    )
    response = _call(case, server_errors, headers=_signed_in(world) if call.signed_in else {})
    assert response.status_code == call.status, response.text


# Their happy paths need a moderator with a case or a decision to appeal, or a finished analysis
# run (tests/analysis covers those); the fuzzing above still runs them for contributors and
# strangers.
NEEDS_A_MODERATOR = ("/api/moderation/", "/api/decisions/", "/api/analysis/", "/api/themes/")


def test_every_operation_has_a_valid_call():
    labels = {operation.ok().label for operation in schema.get_all_operations()}
    covered = {call.label for call in CALLS}
    assert covered <= labels, "the table names operations that no longer exist"
    missing = {
        label for label in labels - covered if not label.split()[1].startswith(NEEDS_A_MODERATOR)
    }
    assert not missing, "add a valid call to CALLS for each new operation"


def test_erasing_the_account_in_a_call_is_rolled_back(world, server_errors):
    """The savepoint really isolates examples: an erasure is undone before the next call."""
    case = schema["/api/me/"]["DELETE"].Case(
        body={"password": PASSWORD}, media_type="application/json"
    )
    assert _call(case, server_errors, headers=_signed_in(world)).status_code == 204
    assert User.objects.filter(email=world.email).exists()
    assert Contribution.objects.filter(pk=world.own_contribution_id).exists()
