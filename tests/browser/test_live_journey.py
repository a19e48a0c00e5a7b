"""Live updates in a real browser: one person votes and posts, another's open page shows it
without a reload; the page still passes axe with its live parts shown."""

import threading

import pytest
from django.db import connection
from playwright.sync_api import expect

from ideas import services
from tests.browser.conftest import check_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def elsewhere(service, **kwargs):
    """Call a service as another request would: on its own thread. (Playwright keeps an event
    loop running on the test's thread, where Django's sync-to-async bridge cannot block.)"""
    done = []

    def run():
        try:
            done.append(service(**kwargs))
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=30)
    assert done, f"{service.__name__} did not finish"
    return done[0]


def test_an_open_page_follows_votes_comments_and_new_posts(browser, contribution, bob):
    challenge = contribution.challenge
    watcher = browser()
    page = watcher.page
    page.goto(f"/challenges/{challenge.slug}/")
    counts = page.locator(f'[data-live-contribution="{contribution.pk}"] [data-count=up]')
    expect(counts).to_have_text("0")
    # The socket is open (what happens before then, the page shows as it was loaded).
    expect(page.locator("[data-live-socket]")).to_have_attribute("data-live-state", "open")

    voter = browser(signed_in_as=bob)
    voter.page.goto(f"/contributions/{contribution.pk}/")
    check_page(voter)
    voter.page.get_by_role("button", name="Vote up").click()
    expect(voter.page.locator("[data-count=up]").first).to_have_text("1")

    expect(counts).to_have_text("1", timeout=5000)  # no reload on the watcher's page
    elsewhere(
        services.comment_create, user=bob, contribution=contribution, body="Try it on one ward."
    )
    expect(page.locator(f'[data-live-comments="{contribution.pk}"]')).to_have_text(
        "1 comment", timeout=5000
    )
    elsewhere(
        services.contribution_create,
        user=bob,
        question=contribution.question,
        body="A frontline buddy for every manager.",
    )
    banner = page.locator("[data-live-new]")
    expect(banner).to_be_visible(timeout=5000)
    expect(banner).to_contain_text("1 new contribution")
    check_page(watcher)
