"""Pages: every data-changing view refuses the wrong person; forms work without JavaScript."""

import pytest
from django.test import Client
from django.urls import URLPattern, get_resolver

from ideas.models import Comment, Contribution, Phase, Status, Vote

# Views anyone may use, signed in or not; every other page view needs a signed-in person.
PUBLIC_VIEWS = {
    "home",
    "challenge",
    "contribution",
    "signup",
    "check_email",
    "verify_email",
    "signin",
    "signout",
    "password_reset",
    "password_reset_confirm",
    "privacy",
    "accessibility",
    "transparency",
    # Public once the challenge is published; before that they ask visitors to sign in.
    "themes",
    "theme",
    "theme_identity",
    # The published guide and its downloads: 404 until there is one.
    "guide",
    "guide_export",
}


def page_patterns():
    frontend = next(
        p for p in get_resolver().url_patterns if getattr(p, "app_name", None) == "frontend"
    )
    return [p for p in frontend.url_patterns if isinstance(p, URLPattern)]


def test_every_page_view_is_either_public_or_requires_sign_in(contribution, comment):
    values = {
        "slug": contribution.challenge.slug,
        "pk": contribution.pk,
        "identity_id": 1,
        "section_id": 1,
        "fmt": "html",
        "uid": "MQ",
        "token": "abc-def",
    }
    client = Client()
    checked = 0
    for pattern in page_patterns():
        kwargs = {name: values[name] for name in pattern.pattern.converters}
        from django.urls import reverse

        path = reverse(f"frontend:{pattern.name}", kwargs=kwargs)
        for method in ("get", "post"):
            response = getattr(client, method)(path)
            if pattern.name in PUBLIC_VIEWS:
                assert response.status_code < 500, (method, path)
            else:
                assert response.status_code == 302, (method, path, response.status_code)
                assert response["Location"].startswith("/account/signin/"), path
            checked += 1
    assert checked >= 40


def test_nothing_changes_when_the_wrong_person_posts(
    alice, bob, carol, contribution, comment, client_for
):
    bob_page = client_for(bob)
    # Bob cannot edit or withdraw Alice's contribution: it is not his, so it is not found.
    assert bob_page.get(f"/contributions/{contribution.pk}/edit/").status_code == 404
    assert (
        bob_page.post(
            f"/contributions/{contribution.pk}/edit/", {"body": "Hijacked by Bob"}
        ).status_code
        == 404
    )
    assert bob_page.post(f"/contributions/{contribution.pk}/withdraw/").status_code == 404
    # Alice cannot withdraw Bob's comment, nor vote on her own contribution.
    alice_page = client_for(alice)
    assert alice_page.post(f"/comments/{comment.pk}/withdraw/").status_code == 404
    alice_page.post(f"/contributions/{contribution.pk}/vote/", {"value": "up"})
    # Carol (unverified) cannot vote, post or comment.
    carol_page = client_for(carol)
    carol_page.post(f"/contributions/{contribution.pk}/vote/", {"value": "up"})
    assert (
        carol_page.get(f"/challenges/{contribution.challenge.slug}/contribute/").status_code == 403
    )
    carol_page.post(f"/contributions/{contribution.pk}/comments/", {"body": "Carol here"})
    contribution.refresh_from_db()
    comment.refresh_from_db()
    assert contribution.status == Status.PUBLISHED and "Hijacked" not in contribution.body
    assert comment.status == Status.PUBLISHED
    assert not Vote.objects.exists()
    assert Comment.objects.count() == 1


def test_the_refusal_is_explained(alice, contribution, client_for):
    client = client_for(alice)
    response = client.post(f"/contributions/{contribution.pk}/vote/", {"value": "up"}, follow=True)
    assert "You cannot vote on your own post" in response.content.decode()


def test_post_a_contribution_without_javascript(alice, challenge, client_for):
    client = client_for(alice)
    form = client.get(f"/challenges/{challenge.slug}/contribute/")
    assert form.status_code == 200 and 'name="body"' in form.content.decode()
    question = challenge.questions.first()
    response = client.post(
        f"/challenges/{challenge.slug}/contribute/",
        {
            "question": question.pk,
            "body": "Protected time for improvement work, every week.",
            "title": "Protected time",
            "category": challenge.categories.first().pk,
        },
    )
    contribution = Contribution.objects.get()
    assert response["Location"] == f"/contributions/{contribution.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "Protected time for improvement work" in page
    assert "Your contribution has been posted" in page


def test_a_refused_post_returns_the_text_with_the_reason(alice, challenge, client_for):
    client = client_for(alice)
    response = client.post(
        f"/challenges/{challenge.slug}/contribute/",
        {
            "question": challenge.questions.first().pk,
            "body": "Too short",
            "title": "Kept title",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "at least 10 characters" in html and "There is a problem" in html
    assert "Too short" in html and 'value="Kept title"' in html
    assert html.count("<title>Error:") == 1
    assert not Contribution.objects.exists()


def test_question_is_required_and_must_belong_to_the_challenge(alice, challenge, client_for):
    client = client_for(alice)
    response = client.post(
        f"/challenges/{challenge.slug}/contribute/",
        {"question": "999999", "body": "A perfectly fine idea"},
    )
    assert response.status_code == 400
    assert "Select one of the questions" in response.content.decode()


def test_vote_comment_reply_and_withdraw_without_javascript(alice, bob, contribution, client_for):
    client = client_for(bob)
    path = f"/contributions/{contribution.pk}/"
    assert client.post(f"{path}vote/", {"value": "up", "next": path})["Location"] == path
    page = client.get(path).content.decode()
    assert 'aria-pressed="true"' in page and 'data-count="up">1<' in page
    client.post(f"{path}vote/", {"value": "withdraw"})
    contribution.refresh_from_db()
    assert contribution.up_count == 0
    response = client.post(
        f"{path}comments/", {"body": "Here is how: rota it in.", "is_implementation": "on"}
    )
    top = Comment.objects.get()
    assert response["Location"] == f"{path}#comment-{top.pk}"
    assert top.is_implementation
    reply = client_for(alice).post(f"{path}comments/", {"body": "Thanks!", "parent": top.pk})
    assert reply.status_code == 302 and Comment.objects.count() == 2
    assert client.post(f"/comments/{top.pk}/vote/", {"value": "down"}).status_code == 302
    assert client_for(alice).post(f"/comments/{top.pk}/vote/", {"value": "down"}).status_code == 302
    top.refresh_from_db()
    assert top.down_count == 1  # Bob's own vote on his comment was refused
    client.post(f"/comments/{top.pk}/withdraw/")
    contribution.refresh_from_db()
    assert contribution.comment_count == 1


def test_an_empty_comment_comes_back_with_an_error(bob, contribution, client_for):
    response = client_for(bob).post(f"/contributions/{contribution.pk}/comments/", {"body": "   "})
    assert response.status_code == 400
    assert "Enter your comment" in response.content.decode()


def test_edit_and_withdraw_own_contribution(alice, contribution, client_for):
    client = client_for(alice)
    response = client.post(
        f"/contributions/{contribution.pk}/edit/",
        {"body": "A better idea, more clearly put.", "title": ""},
    )
    assert response.status_code == 302
    contribution.refresh_from_db()
    assert contribution.body == "A better idea, more clearly put."
    assert client.post(f"/contributions/{contribution.pk}/withdraw/").status_code == 302
    contribution.refresh_from_db()
    assert contribution.status == Status.WITHDRAWN
    account = client.get("/account/").content.decode()
    assert "Withdrawn" in account


@pytest.mark.parametrize("sort", ["top", "new", "trending", "needs_votes", "random", "junk"])
def test_challenge_page_sorts_and_filters(contribution, client, sort):
    challenge = contribution.challenge
    response = client.get(
        f"/challenges/{challenge.slug}/",
        {
            "sort": sort,
            "question": contribution.question_id,
            "page": "abc",
        },
    )
    assert response.status_code == 200
    assert "Floor time" in response.content.decode()
    other_question = challenge.questions.exclude(pk=contribution.question_id).first()
    filtered = client.get(f"/challenges/{challenge.slug}/", {"question": other_question.pk})
    assert "Floor time" not in filtered.content.decode()


def test_closed_challenge_stays_readable_but_takes_nothing(bob, contribution, client_for):
    challenge = contribution.challenge
    challenge.phase = Phase.CLOSED
    challenge.save(update_fields=["phase"])
    client = client_for(bob)
    page = client.get(f"/challenges/{challenge.slug}/").content.decode()
    assert "Floor time" in page and "not open" in page
    assert client.get(f"/challenges/{challenge.slug}/contribute/").status_code == 403
    client.post(f"/contributions/{contribution.pk}/vote/", {"value": "up"})
    assert not Vote.objects.exists()


def test_draft_challenges_are_not_public(contribution, client):
    challenge = contribution.challenge
    challenge.phase = Phase.DRAFT
    challenge.save(update_fields=["phase"])
    assert client.get(f"/challenges/{challenge.slug}/").status_code == 404
    assert client.get(f"/contributions/{contribution.pk}/").status_code == 404
    assert client.get(f"/api/challenges/{challenge.slug}/").status_code == 404


def test_pages_set_a_strict_content_security_policy(client, challenge):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy and "unsafe-inline" not in policy
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in response.content.decode()


def test_links_in_contributions_are_clickable_but_safe(contribution, client):
    html = client.get(f"/contributions/{contribution.pk}/").content.decode()
    assert '<a href="https://example.org/floor?a=1&amp;b=2" rel="nofollow ugc noopener">' in html
    assert "<script>alert" not in html and "onmouseover" not in html


def test_unknown_pages_are_a_friendly_404(client, db):
    response = client.get("/contributions/999999/")
    assert response.status_code == 404 and "Page not found" in response.content.decode()
