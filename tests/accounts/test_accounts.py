"""Sign up, verify, sign in (slowed after failures), reset, profile, export and erase."""

import json
import re

import pytest
from django.contrib.auth.hashers import identify_hasher
from django.core import mail
from django.test import override_settings

from accounts import services
from accounts.models import User
from ideas import services as idea_services
from ideas.errors import InvalidInput, NotAllowed
from ideas.models import Contribution, Participant
from tests.conftest import PASSWORD, api_client_for

NEW_PASSWORD = "a much better passphrase 2026"
# Emails go out on commit (never for a rolled-back sign-up), so these tests really commit.
pytestmark = pytest.mark.django_db(transaction=True)


def link_from(message) -> str:
    return re.search(r"http://\S+", message.body).group(0)


def path_of(link: str) -> str:
    return "/" + link.split("/", 3)[3]


# --- sign up and verify -----------------------------------------------------------------


def test_sign_up_hashes_with_argon2_and_sends_a_verification_link(db, client):
    response = client.post(
        "/account/signup/",
        {"email": "New.Person@Example.com", "password": PASSWORD, "country": "NG"},
    )
    assert response.status_code == 302 and response["Location"] == "/account/check-email/"
    user = User.objects.get(email="new.person@example.com")
    assert identify_hasher(user.password).algorithm == "argon2"
    assert not user.email_verified and user.country == "NG"
    assert len(mail.outbox) == 1 and "Confirm your email" in mail.outbox[0].subject

    response = client.get(path_of(link_from(mail.outbox[0])))
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email_verified
    # The link is spent once used: a second use still lands safely.
    assert client.get(path_of(link_from(mail.outbox[0]))).status_code == 302


def test_sign_up_does_not_reveal_a_registered_email(alice, client, api):
    page = client.post("/account/signup/", {"email": alice.email, "password": PASSWORD})
    assert page.status_code == 302 and page["Location"] == "/account/check-email/"
    fresh = client.post(
        "/account/signup/", {"email": "brand.new@example.com", "password": PASSWORD}
    )
    assert fresh["Location"] == page["Location"]
    first = api.post("/api/auth/signup/", {"email": alice.email, "password": PASSWORD})
    second = api.post("/api/auth/signup/", {"email": "other.new@example.com", "password": PASSWORD})
    assert first.status_code == second.status_code == 202
    assert first.json() == second.json()
    assert User.objects.filter(email=alice.email).count() == 1
    # The owner of the registered address is told by email instead.
    subjects = [m.subject for m in mail.outbox if m.to == [alice.email]]
    assert subjects == ["You already have a Groundswell account"] * 2


@pytest.mark.parametrize(
    ("email", "password", "field"),
    [
        ("", PASSWORD, "email"),
        ("not-an-email", PASSWORD, "email"),
        ("ok@example.com", "short", "password"),
        ("ok@example.com", "1234567890123", "password"),
        ("ok@example.com", "", "password"),
    ],
)
def test_sign_up_bad_input_is_a_clear_error_and_keeps_the_email(
    db, client, api, email, password, field
):
    page = client.post("/account/signup/", {"email": email, "password": password})
    assert page.status_code == 400
    html = page.content.decode()
    assert "There is a problem" in html and "Error:" in html
    if email:
        assert f'value="{email}"' in html
    response = api.post("/api/auth/signup/", {"email": email, "password": password})
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    assert not User.objects.exists()


def test_tampered_verification_link_fails_cleanly(db, client):
    services.user_sign_up(email="x@example.com", password=PASSWORD)
    link = link_from(mail.outbox[0])
    response = client.get(path_of(link[:-3] + "zzz/"))
    assert response.status_code == 400
    assert not User.objects.get(email="x@example.com").email_verified
    assert client.get("/account/verify/!!!/abc/").status_code == 400


def test_verify_through_the_api(db, api):
    services.user_sign_up(email="y@example.com", password=PASSWORD)
    uid, token = path_of(link_from(mail.outbox[0])).strip("/").split("/")[-2:]
    assert api.post("/api/auth/verify/", {"uid": uid, "token": token}).status_code == 200
    assert User.objects.get(email="y@example.com").email_verified
    bad = api.post("/api/auth/verify/", {"uid": uid, "token": "nope"})
    assert bad.status_code in {200, 400}  # already verified is fine; never a 500


# --- sign in ------------------------------------------------------------------------------


def test_sign_in_and_out_through_the_pages(alice, client):
    response = client.post(
        "/account/signin/",
        {"email": "ALICE.author@example.com", "password": PASSWORD, "next": "/account/"},
    )
    assert response.status_code == 302 and response["Location"] == "/account/"
    assert client.get("/account/").status_code == 200
    client.post("/account/signout/")
    assert client.get("/account/").status_code == 302


def test_open_redirects_are_refused(alice, client):
    response = client.post(
        "/account/signin/",
        {"email": alice.email, "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response["Location"] == "/"


def test_wrong_password_and_unknown_email_get_the_same_answer(alice, client):
    wrong = client.post("/account/signin/", {"email": alice.email, "password": "wrong one!"})
    unknown = client.post(
        "/account/signin/", {"email": "who@example.com", "password": "wrong one!"}
    )
    assert wrong.status_code == unknown.status_code == 400
    assert "The email address or password is not right" in wrong.content.decode()
    assert "The email address or password is not right" in unknown.content.decode()


def test_unverified_sign_in_is_refused_with_a_fresh_link(carol, client):
    response = client.post("/account/signin/", {"email": carol.email, "password": PASSWORD})
    assert response.status_code == 403
    assert "Confirm your email address first" in response.content.decode()
    assert mail.outbox[-1].to == [carol.email]


@override_settings(SIGNIN_FAILURE_LIMIT=3)
def test_repeated_failures_are_slowed_down_even_for_unknown_emails(alice, api):
    for email in (alice.email, "nobody@example.com"):
        for _ in range(3):
            response = api.post(
                "/api/auth/signin/",
                {"email": email, "password": "bad guess"},
                REMOTE_ADDR=f"10.0.0.{len(email)}",
            )
            assert response.status_code == 400
        locked = api.post(
            "/api/auth/signin/",
            {"email": email, "password": "bad guess"},
            REMOTE_ADDR=f"10.0.0.{len(email)}",
        )
        assert locked.status_code == 429
        assert "Too many attempts" in locked.json()["error"]["message"]
    # Even the right password is refused while locked out.
    locked = api.post(
        "/api/auth/signin/", {"email": alice.email, "password": PASSWORD}, REMOTE_ADDR="10.9.9.9"
    )
    assert locked.status_code == 429


@override_settings(SIGNIN_FAILURE_LIMIT=3)
def test_one_client_guessing_many_emails_is_slowed_down(db, api):
    for i in range(3):
        api.post(
            "/api/auth/signin/",
            {"email": f"guess{i}@example.com", "password": "x" * 10},
            REMOTE_ADDR="10.1.1.1",
        )
    response = api.post(
        "/api/auth/signin/",
        {"email": "guess9@example.com", "password": "x" * 10},
        REMOTE_ADDR="10.1.1.1",
    )
    assert response.status_code == 429


def test_token_authentication(alice, api):
    token = api.post("/api/auth/token/", {"email": alice.email, "password": PASSWORD}).json()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token['token']}")
    assert api.get("/api/me/").json()["email"] == alice.email


# --- password reset -----------------------------------------------------------------------


def test_password_reset_round_trip_and_single_use(alice, client):
    response = client.post("/account/password-reset/", {"email": alice.email})
    assert response["Location"] == "/account/check-email/"
    link = path_of(link_from(mail.outbox[-1]))
    response = client.post(link, {"password": NEW_PASSWORD})
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)
    reused = client.post(link, {"password": "yet another passphrase"})
    assert reused.status_code == 400
    assert "expired or has already been used" in reused.content.decode()


def test_password_reset_for_unknown_email_looks_the_same_and_sends_nothing(db, client, api):
    response = client.post("/account/password-reset/", {"email": "ghost@example.com"})
    assert response["Location"] == "/account/check-email/"
    assert api.post("/api/auth/password-reset/", {"email": "ghost@example.com"}).status_code == 202
    assert mail.outbox == []


def test_password_reset_confirm_api_rejects_weak_passwords(alice, api):
    services.password_reset_request(email=alice.email)
    uid, token = path_of(link_from(mail.outbox[-1])).strip("/").split("/")[-2:]
    weak = api.post(
        "/api/auth/password-reset/confirm/", {"uid": uid, "token": token, "password": "password"}
    )
    assert weak.status_code == 400 and "password" in weak.json()["error"]["fields"]
    good = api.post(
        "/api/auth/password-reset/confirm/", {"uid": uid, "token": token, "password": NEW_PASSWORD}
    )
    assert good.status_code == 200


# --- profile, export, erase ---------------------------------------------------------------


def test_profile_update_reaches_participants_and_rejects_unknown_choices(alice, contribution):
    services.profile_update(user=alice, role_group="manager", country="IN")
    assert Participant.objects.get(user=alice).country == "IN"
    with pytest.raises(InvalidInput):
        services.profile_update(user=alice, country="XX")
    api = api_client_for(alice)
    assert api.patch("/api/me/", {"country": "ZZ"}, format="json").status_code == 400
    assert api.patch("/api/me/", {"role_group": "nurse"}, format="json").json()["country"] == "IN"


def test_data_download_has_everything_of_mine_and_nothing_of_others(
    alice, bob, contribution, comment, client_for
):
    idea_services.vote_cast(user=bob, item=contribution, value=1)
    response = client_for(alice).get("/account/data/")
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["account"]["email"] == alice.email
    [challenge] = data["challenges"]
    assert challenge["pseudonym"] == contribution.author.pseudonym
    assert [c["id"] for c in challenge["contributions"]] == [contribution.pk]
    assert challenge["comments"] == [] and challenge["votes"] == []
    assert bob.email not in response.content.decode()
    assert comment.author.pseudonym not in response.content.decode()
    bob_data = api_client_for(bob).get("/api/me/data/").json()
    assert len(bob_data["challenges"][0]["votes"]) == 1


def test_erase_keeps_contributions_under_the_pseudonym_and_forgets_the_person(
    alice, contribution, client_for
):
    pseudonym = contribution.author.pseudonym
    client = client_for(alice)
    wrong = client.post("/account/erase/", {"password": "not my password"})
    assert wrong.status_code == 400 and User.objects.filter(pk=alice.pk).exists()
    response = client.post("/account/erase/", {"password": PASSWORD})
    assert response.status_code == 302
    assert not User.objects.filter(pk=alice.pk).exists()
    contribution.refresh_from_db()
    participant = contribution.author
    assert participant.pseudonym == pseudonym and participant.user is None
    assert (participant.role_group, participant.country, participant.organisation_type) == (
        "",
        "",
        "",
    )
    assert Contribution.objects.published().filter(pk=contribution.pk).exists()
    assert client.get("/account/").status_code == 302  # signed out
    with pytest.raises(InvalidInput):
        services.sign_in(email=alice.email, password=PASSWORD)


def test_erase_through_the_api_needs_the_password(bob, api):
    client = api_client_for(bob)
    assert client.delete("/api/me/", {"password": "nope"}, format="json").status_code == 400
    assert client.delete("/api/me/", {"password": PASSWORD}, format="json").status_code == 204
    assert not User.objects.filter(pk=bob.pk).exists()


def test_account_endpoints_need_a_signed_in_person(db, api, client):
    for method, path in [
        ("get", "/api/me/"),
        ("patch", "/api/me/"),
        ("delete", "/api/me/"),
        ("get", "/api/me/data/"),
        ("get", "/api/me/contributions/"),
    ]:
        assert getattr(api, method)(path).status_code in {401, 403}, path
    for path in ["/account/", "/account/data/", "/account/erase/"]:
        response = client.get(path)
        assert response.status_code == 302 and "/account/signin/" in response["Location"]


def test_sign_in_service_refuses_not_verified(carol):
    with pytest.raises(NotAllowed):
        services.sign_in(email=carol.email, password=PASSWORD)
