"""The one end-to-end journey, in a real Chromium, with axe on every page visited.

A newcomer signs up, confirms their email, signs in, posts a contribution and votes up someone
else's; then the same vote again with JavaScript switched off, through the plain form.
"""

import re
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.core import mail
from playwright.sync_api import expect

from accounts.models import User
from ideas.models import Contribution, Vote
from tests.browser.conftest import check_page
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEWCOMER = "new.starter@example.com"
IDEA = (
    "Protect thirty minutes a week for each team to fix one small thing that slows it down, "
    "and share what worked on the staff intranet."
)
VERIFY_LINK = re.compile(r"https?://\S+/account/verify/\S+/\S+/")


def verification_link(email: str, live_server_url: str) -> str:
    """The link from the verification email, pointed at the live server instead of SITE_URL."""
    sent = [message for message in mail.outbox if email in message.to]
    assert len(sent) == 1, f"expected one email to {email}, got {[m.subject for m in sent]}"
    assert sent[0].subject == "Confirm your email address for Groundswell"
    found = VERIFY_LINK.search(sent[0].body)
    assert found, f"no verification link in:\n{sent[0].body}"
    link = urlsplit(found.group(0))
    site = urlsplit(settings.SITE_URL)
    assert (link.scheme, link.netloc) == (site.scheme, site.netloc), "link must use SITE_URL"
    server = urlsplit(live_server_url)
    return urlunsplit((server.scheme, server.netloc, link.path, link.query, ""))


def test_newcomer_signs_up_contributes_and_votes_in_place(browser, live_server, contribution):
    challenge = contribution.challenge
    others = contribution  # posted by alice in set-up
    checked = browser()
    page = checked.page

    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Change challenges")
    # The design system's inline script ran (its CSP nonce was accepted).
    expect(page.locator("body")).to_have_class(re.compile(r"\bnhsuk-frontend-supported\b"))
    check_page(checked)

    # Sign up through the form.
    page.get_by_role("link", name="Create an account").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Create an account")
    check_page(checked)
    page.get_by_label("Email address").fill(NEWCOMER)
    page.get_by_label("Create a password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    expect(page).to_have_url(re.compile(r"/account/check-email/$"))
    check_page(checked)
    assert not User.objects.get(email=NEWCOMER).email_verified

    # Follow the link in the email: confirmed, and sent on to sign in.
    page.goto(verification_link(NEWCOMER, live_server.url))
    expect(page).to_have_url(re.compile(r"/account/signin/$"))
    expect(
        page.get_by_text("Your email address is confirmed. You can now sign in.")
    ).to_be_visible()
    check_page(checked)
    assert User.objects.get(email=NEWCOMER).email_verified

    page.get_by_label("Email address").fill(NEWCOMER)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("link", name="Your account")).to_be_visible()
    check_page(checked)

    # Post a contribution through the form on the open challenge.
    page.get_by_role("link", name=challenge.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(challenge.title)
    check_page(checked)
    page.get_by_role("button", name="Add your contribution").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add your contribution")
    check_page(checked)
    page.get_by_role("radio", name="What are the solutions?").check()
    page.get_by_role("textbox", name="Your contribution").fill(IDEA)
    # The character count is the design system's script: proof the JavaScript loaded.
    expect(page.get_by_text(f"You have {2000 - len(IDEA):,} characters remaining")).to_be_visible()
    check_page(checked)
    page.get_by_role("button", name="Post contribution").click()
    expect(page.get_by_text("Your contribution has been posted.")).to_be_visible()
    expect(page.locator(".gs-body")).to_have_text(IDEA)
    expect(page.get_by_text("What are the solutions?")).to_be_visible()
    expect(page.get_by_text("This is your contribution. You cannot vote on it.")).to_be_visible()
    check_page(checked)
    mine = Contribution.objects.get(author__user__email=NEWCOMER)
    assert page.url == f"{live_server.url}/contributions/{mine.pk}/"
    assert mine.body == IDEA

    # Vote up someone else's contribution: the count changes without a page load.
    page.get_by_role("navigation", name="Breadcrumb").get_by_role(
        "link", name=challenge.title
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(challenge.title)
    check_page(checked)
    page.get_by_role("link", name=others.title, exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/contributions/{others.pk}/")
    check_page(checked)
    vote_up = page.get_by_role("button", name=re.compile(r"^Vote up"))
    up_count = page.locator("[data-count=up]")
    expect(up_count).to_have_text("0")
    expect(vote_up).to_have_attribute("aria-pressed", "false")
    page.evaluate("window.stillTheSamePage = true")
    with page.expect_response(f"**/api/contributions/{others.pk}/vote/") as vote:
        vote_up.click()
    assert vote.value.request.method == "PUT"
    assert vote.value.status == 200, f"the vote API answered {vote.value.status}"
    expect(up_count).to_have_text("1")
    expect(vote_up).to_have_attribute("aria-pressed", "true")
    expect(page.locator("[data-vote-status]")).to_have_text("1 up, 0 down")
    assert page.evaluate("window.stillTheSamePage") is True, "the vote reloaded the page"
    check_page(checked)

    # The vote was saved: a reload shows it.
    page.reload()
    expect(up_count).to_have_text("1")
    expect(vote_up).to_have_attribute("aria-pressed", "true")
    check_page(checked)
    vote_saved = Vote.objects.get(contribution=others)
    assert (vote_saved.value, vote_saved.voter.user.email) == (1, NEWCOMER)


def test_vote_without_javascript_uses_the_form(browser, live_server, bob, contribution):
    others = contribution  # posted by alice in set-up
    checked = browser(java_script_enabled=False, signed_in_as=bob)
    page = checked.page

    page.goto(f"/contributions/{others.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(others.title)
    expect(page.locator("body")).not_to_have_class(re.compile(r"\bjs-enabled\b"))
    check_page(checked)
    vote_up = page.get_by_role("button", name=re.compile(r"^Vote up"))
    expect(vote_up).to_have_attribute("aria-pressed", "false")
    with page.expect_navigation():
        vote_up.click()
    expect(page).to_have_url(f"{live_server.url}/contributions/{others.pk}/")
    expect(page.locator("[data-count=up]")).to_have_text("1")
    expect(vote_up).to_have_attribute("aria-pressed", "true")
    check_page(checked)
    assert Vote.objects.get(contribution=others).voter.user == bob
