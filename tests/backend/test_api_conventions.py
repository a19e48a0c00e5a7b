"""One error shape everywhere, throttles that bite, and pagination."""

import pytest

from ideas import services
from tests.conftest import api_client_for


def assert_error(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "fields"}
    assert body["error"]["message"]
    if code:
        assert body["error"]["code"] == code
    return body["error"]


def test_not_found_has_the_error_shape(api, db):
    assert_error(api.get("/api/challenges/nope/"), 404, "not_found")
    assert_error(api.get("/api/contributions/99999/"), 404, "not_found")


def test_validation_errors_name_their_fields(bob, challenge):
    api = api_client_for(bob)
    error = assert_error(
        api.post(
            f"/api/challenges/{challenge.slug}/contributions/", {"question": "abc"}, format="json"
        ),
        400,
        "invalid",
    )
    assert {"question", "body"} <= set(error["fields"])
    error = assert_error(
        api.post(
            f"/api/challenges/{challenge.slug}/contributions/",
            {"question": challenge.questions.first().pk, "body": "short"},
            format="json",
        ),
        400,
    )
    assert error["fields"] == {"body": ["Your contribution must be at least 10 characters."]}


def test_malformed_json_is_a_400(bob, challenge):
    api = api_client_for(bob)
    response = api.post(
        f"/api/challenges/{challenge.slug}/contributions/",
        "{not json",
        content_type="application/json",
    )
    assert_error(response, 400, "parse_error")


def test_unauthenticated_and_forbidden_have_the_shape(api, bob, contribution):
    assert_error(api.put(f"/api/contributions/{contribution.pk}/vote/", {"value": 1}), 403)
    author_api = api_client_for(contribution.author.user)
    error = assert_error(
        author_api.put(f"/api/contributions/{contribution.pk}/vote/", {"value": 1}, format="json"),
        403,
        "own_post",
    )
    assert "own post" in error["message"]


def test_wrong_method_has_the_shape(api, db):
    assert_error(api.delete("/api/challenges/"), 405)


def test_someone_elses_contribution_cannot_be_edited_or_withdrawn(bob, contribution):
    api = api_client_for(bob)
    assert_error(
        api.patch(f"/api/contributions/{contribution.pk}/", {"body": "Bob's now"}, format="json"),
        404,
    )
    assert_error(api.post(f"/api/contributions/{contribution.pk}/withdraw/"), 404)
    contribution.refresh_from_db()
    assert "Bob" not in contribution.body


def test_auth_endpoints_are_throttled(db, api):
    statuses = [
        api.post("/api/auth/password-reset/", {"email": f"p{i}@example.com"}).status_code
        for i in range(31)
    ]
    assert statuses[:30] == [202] * 30
    error = assert_error(
        api.post("/api/auth/password-reset/", {"email": "q@example.com"}), 429, "throttled"
    )
    assert "available in" in error["message"]


def test_lists_are_paginated(alice, challenge, question, api):
    for i in range(25):
        services.contribution_create(user=alice, question=question, body=f"Idea number {i:03}")
    first = api.get(f"/api/challenges/{challenge.slug}/contributions/?sort=new").json()
    assert first["count"] == 25 and len(first["results"]) == 20 and first["next"]
    second = api.get(first["next"]).json()
    assert len(second["results"]) == 5 and second["next"] is None
    small = api.get(f"/api/challenges/{challenge.slug}/contributions/?page_size=5").json()
    assert len(small["results"]) == 5
    assert_error(api.get(f"/api/challenges/{challenge.slug}/contributions/?page=99"), 404)


@pytest.mark.parametrize("params", ["sort=bogus", "seed=-1", "question=x", "category=0"])
def test_bad_list_parameters_are_clear_400s(challenge, api, params):
    assert_error(api.get(f"/api/challenges/{challenge.slug}/contributions/?{params}"), 400)
