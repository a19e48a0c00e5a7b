"""Moderation through the pages and the API: every action by every role."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from ideas import services as idea_services
from ideas.models import RoleKind, Status
from moderation import services
from moderation.models import Case, CaseState, Report, ReportReason
from tests.conftest import api_client_for, make_user


@pytest.fixture
def roles(challenge, password_hash, alice, bob, olive):
    """Every role of the role matrix, in this challenge."""
    people = {"author": alice, "contributor": bob, "organiser": olive}
    for kind, name in [
        (RoleKind.MODERATOR, "mo"),
        (RoleKind.PANEL, "pat"),
        (RoleKind.EDITOR, "ed"),
    ]:
        person = make_user(name, password_hash)
        challenge.roles.create(user=person, kind=kind)
        people[kind.value] = person
    people["anonymous"] = AnonymousUser()
    return people


@pytest.fixture
def reported_case(contribution, bob):
    services.report_file(user=bob, item=contribution, reason=ReportReason.OFFENSIVE)
    return Case.objects.get()


MODERATING_ROLES = {"moderator", "organiser"}


def client_as(person):
    client = Client()
    if person.is_authenticated:
        client.force_login(person)
    return client


@pytest.mark.parametrize(
    "role", ["author", "contributor", "moderator", "panel", "editor", "organiser", "anonymous"]
)
def test_role_matrix_for_the_moderators_pages(roles, reported_case, challenge, role):
    client = client_as(roles[role])
    pages = [
        f"/moderation/{challenge.slug}/",
        f"/moderation/cases/{reported_case.pk}/",
        f"/moderation/{challenge.slug}/audit/",
        "/moderation/",
    ]
    for path in pages:
        response = client.get(path)
        if role == "anonymous":
            assert response.status_code == 302, path
        elif role in MODERATING_ROLES:
            assert response.status_code == 200, path
        else:
            assert response.status_code == 403, (path, role)
    decided = client.post(
        f"/moderation/cases/{reported_case.pk}/", {"action": "hide", "reason": "Abusive."}
    )
    reported_case.refresh_from_db()
    if role in MODERATING_ROLES:
        assert decided.status_code == 302 and reported_case.state == CaseState.CLOSED
    else:
        assert decided.status_code in {302, 403} and reported_case.state == CaseState.OPEN


@pytest.mark.parametrize(
    "role", ["author", "contributor", "moderator", "panel", "editor", "organiser", "anonymous"]
)
def test_role_matrix_for_the_moderation_api(roles, reported_case, challenge, role):
    person = roles[role]
    api = api_client_for(person) if person.is_authenticated else api_client_for(None)
    expected = 200 if role in MODERATING_ROLES else 403
    assert api.get(f"/api/moderation/{challenge.slug}/cases/").status_code == expected
    assert api.get(f"/api/moderation/cases/{reported_case.pk}/").status_code == expected
    assert api.get(f"/api/moderation/{challenge.slug}/audit/").status_code == expected
    response = api.post(
        f"/api/moderation/cases/{reported_case.pk}/decision/",
        {"action": "remove", "reason": "Abusive."},
        format="json",
    )
    assert response.status_code == (201 if role in MODERATING_ROLES else 403)


@pytest.mark.parametrize(
    "role", ["author", "contributor", "moderator", "panel", "editor", "organiser", "anonymous"]
)
def test_role_matrix_for_reporting(roles, contribution, role):
    person = roles[role]
    api = api_client_for(person) if person.is_authenticated else api_client_for(None)
    response = api.post(
        f"/api/contributions/{contribution.pk}/report/", {"reason": "spam"}, format="json"
    )
    if role == "anonymous":
        assert response.status_code == 403
    elif role == "author":
        assert response.status_code == 403  # not one's own post
    else:
        assert response.status_code == 201
    assert Report.objects.count() == (0 if role in {"anonymous", "author"} else 1)


def test_report_page_flow_and_safety_guidance(bob, contribution, client_for):
    client = client_for(bob)
    form = client.get(f"/contributions/{contribution.pk}/report/")
    assert form.status_code == 200 and "Why are you reporting it?" in form.content.decode()
    missing = client.post(f"/contributions/{contribution.pk}/report/", {})
    assert missing.status_code == 400 and "Select why" in missing.content.decode()
    other = client.post(f"/contributions/{contribution.pk}/report/", {"reason": "other"})
    assert other.status_code == 400 and "what the problem is" in other.content.decode()
    done = client.post(
        f"/contributions/{contribution.pk}/report/",
        {"reason": "safety", "note": "Unsafe staffing on nights"},
    )
    html = done.content.decode()
    assert done.status_code == 200 and "Freedom to Speak Up" in html
    again = client.post(f"/contributions/{contribution.pk}/report/", {"reason": "spam"})
    assert again.status_code == 400 and "already reported" in again.content.decode()


def test_report_a_comment_through_the_api_shows_guidance(alice, comment):
    response = api_client_for(alice).post(
        f"/api/comments/{comment.pk}/report/", {"reason": "safety"}, format="json"
    )
    assert response.status_code == 201
    assert "Freedom to Speak Up" in response.json()["guidance"]


def test_queue_filters(roles, challenge, contribution, question, alice, bob):
    mo = roles["moderator"]
    held = idea_services.contribution_create(
        user=bob, question=question, body="Ring Sister Jones on 07700 900123 today"
    )
    services.report_file(user=bob, item=contribution, reason=ReportReason.SAFETY)
    api = api_client_for(mo)
    url = f"/api/moderation/{challenge.slug}/cases/"
    assert api.get(url).json()["count"] == 2
    assert [c["item"]["id"] for c in api.get(url + "?reason=held").json()["results"]] == [held.pk]
    assert api.get(url + "?queue=safety").json()["count"] == 1
    assert api.get(url + "?reason=safety").json()["count"] == 1
    assert api.get(url + "?older_than=week").json()["count"] == 0
    assert api.get(url + "?state=bogus").status_code == 400
    page = client_as(mo).get(f"/moderation/{challenge.slug}/?reason=held").content.decode()
    assert "Ring Sister Jones" in page and "Held" in page


def test_case_page_shows_findings_reports_and_highlights_spans(roles, question, bob, client_for):
    held = idea_services.contribution_create(
        user=bob, question=question, body="Dr Patel on ward 5 shouts at us. Sort it out."
    )
    case = Case.objects.get(contribution=held)
    html = client_for(roles["moderator"]).get(f"/moderation/cases/{case.pk}/").content.decode()
    assert "<mark>Dr Patel on ward 5</mark>" in html
    assert "What the pre-screen found" in html
    assert bob.email not in html and bob.first_name not in html


def test_decision_form_errors_come_back_with_the_reason_kept(roles, reported_case, client_for):
    client = client_for(roles["moderator"])
    response = client.post(
        f"/moderation/cases/{reported_case.pk}/",
        {"action": "hide", "reason": "", "sanction": "mute", "sanction_days": "0"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Say why" in html and "At least 1 day" in html.replace("Give at least", "At least")


def test_author_sees_notice_and_appeals_through_the_pages(
    roles, reported_case, alice, contribution, client_for
):
    services.decision_make(
        moderator=roles["moderator"],
        case=reported_case,
        action="remove",
        reason="Abusive language.",
    )
    client = client_for(alice)
    account = client.get("/account/").content.decode()
    assert "A moderator has removed your contribution" in account
    decision = reported_case.decisions.get()
    assert f"/account/decisions/{decision.pk}/appeal/" in account
    response = client.post(
        f"/account/decisions/{decision.pk}/appeal/",
        {"text": "I was quoting my manager, not abusing anyone."},
    )
    assert response.status_code == 302
    assert Case.objects.filter(state=CaseState.OPEN, appealed=True).exists()
    # Someone else cannot appeal it.
    other = client_for(roles["contributor"]).post(
        f"/account/decisions/{decision.pk}/appeal/", {"text": "Not mine but let me try."}
    )
    assert other.status_code == 404


def test_appeal_must_be_decided_by_a_different_moderator_on_the_page(
    roles, reported_case, alice, contribution, client_for, password_hash, challenge
):
    mo = roles["moderator"]
    decision = services.decision_make(
        moderator=mo, case=reported_case, action="hide", reason="Offensive."
    )
    services.appeal_file(user=alice, decision=decision, text="Please look at it again.")
    case = Case.objects.get(state=CaseState.OPEN)
    same = client_for(mo).get(f"/moderation/cases/{case.pk}/").content.decode()
    assert "a different moderator must decide" in same
    response = client_for(mo).post(
        f"/moderation/cases/{case.pk}/", {"uphold": "no", "reason": "Changed my mind."}
    )
    assert response.status_code == 400
    mia = make_user("mia", password_hash)
    challenge.roles.create(user=mia, kind=RoleKind.MODERATOR)
    response = client_for(mia).post(
        f"/moderation/cases/{case.pk}/", {"uphold": "no", "reason": "It is a fair comment."}
    )
    assert response.status_code == 302
    contribution.refresh_from_db()
    assert contribution.status == Status.PUBLISHED


def test_transparency_page_and_api_show_counts_only(reported_case, challenge, client, api, bob):
    page = client.get(f"/challenges/{challenge.slug}/transparency/")
    html = page.content.decode()
    assert page.status_code == 200 and "Offensive or abusive" in html
    data = api.get(f"/api/challenges/{challenge.slug}/transparency/").json()
    offensive = next(r for r in data["reports_by_reason"] if r["reason"] == "offensive")
    assert offensive["count"] == 1
    assert bob.email not in html and "pseudonym" not in str(data)


def test_held_post_tells_the_author_it_is_awaiting_review(alice, challenge, client_for):
    client = client_for(alice)
    response = client.post(
        f"/challenges/{challenge.slug}/contribute/",
        {
            "question": challenge.questions.first().pk,
            "body": "Our ward manager Mrs O'Brien lives at 14 Acacia Avenue, Leeds LS6 2AB.",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "awaiting review" in html.lower()
    assert "Awaiting review" in client.get("/account/").content.decode()


def test_refused_post_returns_the_text_with_the_reason(alice, challenge, client_for):
    challenge.blocked_words = "numpty"
    challenge.save(update_fields=["blocked_words"])
    response = client_for(alice).post(
        f"/challenges/{challenge.slug}/contribute/",
        {
            "question": challenge.questions.first().pk,
            "body": "The new rota planner is a numpty and should go.",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "numpty" in html and "The new rota planner is a" in html


def test_api_tells_the_author_a_post_is_held_and_why(alice, challenge, contribution):
    api = api_client_for(alice)
    response = api.post(
        f"/api/challenges/{challenge.slug}/contributions/",
        {
            "question": challenge.questions.first().pk,
            "body": "Please call our matron on 07700 900123 about this.",
        },
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "held" and "phone number" in " ".join(body["review_messages"])
    comment = api.post(
        f"/api/contributions/{contribution.pk}/comments/",
        {"body": "Write to me at alice.home@example.net"},
        format="json",
    ).json()
    assert comment["status"] == "held" and comment["review_messages"]
    # A published post says so, with nothing to review.
    fine = api.post(
        f"/api/challenges/{challenge.slug}/contributions/",
        {
            "question": challenge.questions.first().pk,
            "body": "Protected learning time for every team, every month.",
        },
        format="json",
    ).json()
    assert fine["status"] == "published" and fine["review_messages"] == []


@pytest.fixture
def appealed(roles, reported_case, alice):
    decision = services.decision_make(
        moderator=roles["moderator"], case=reported_case, action="hide", reason="Offensive wording."
    )
    return decision


@pytest.mark.parametrize(
    "role", ["author", "contributor", "moderator", "panel", "editor", "organiser", "anonymous"]
)
def test_role_matrix_for_filing_an_appeal(roles, appealed, role):
    person = roles[role]
    api = api_client_for(person) if person.is_authenticated else api_client_for(None)
    response = api.post(
        f"/api/decisions/{appealed.pk}/appeal/",
        {"text": "Please look at this again, it was fair comment."},
        format="json",
    )
    expected = {"author": 201, "anonymous": 403}.get(role, 404)
    assert response.status_code == expected
    assert Case.objects.filter(appealed=True).exists() is (role == "author")


@pytest.mark.parametrize(
    "role", ["author", "contributor", "moderator", "panel", "editor", "organiser", "anonymous"]
)
def test_role_matrix_for_deciding_an_appeal(roles, appealed, alice, role):
    from moderation.models import Appeal

    appeal = services.appeal_file(
        user=alice, decision=appealed, text="Please look at this again, it was fair comment."
    )
    person = roles[role]
    api = api_client_for(person) if person.is_authenticated else api_client_for(None)
    response = api.post(
        f"/api/moderation/appeals/{appeal.pk}/decision/",
        {"uphold": False, "reason": "On reflection it is fine."},
        format="json",
    )
    # The moderator made the original decision, so only the organiser (a different
    # moderator) may decide; everyone else is refused.
    expected = 201 if role == "organiser" else 403
    assert response.status_code == expected, response.content
    appeal.refresh_from_db()
    assert (appeal.state == "overturned") is (role == "organiser")
    assert Appeal.objects.count() == 1
