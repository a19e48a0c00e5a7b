"""A report reaches a moderator, who decides it; the author sees why and can appeal.
Every page on the way is checked with axe (WCAG 2.2 AA)."""

import re

import pytest
from playwright.sync_api import expect

from ideas.models import RoleKind, Status
from moderation.models import Case, CaseState
from tests.browser.conftest import check_page
from tests.conftest import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_report_decide_and_appeal(browser, live_server, alice, bob, contribution, password_hash):
    moderator = make_user("mo", password_hash)
    contribution.challenge.roles.create(user=moderator, kind=RoleKind.MODERATOR)

    # Bob reports the contribution, choosing "Other", which reveals the note field.
    checked = browser(signed_in_as=bob)
    page = checked.page
    page.goto(f"/contributions/{contribution.pk}/")
    check_page(checked)
    page.get_by_role("link", name=re.compile("Report this")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Report this contribution")
    check_page(checked)
    page.get_by_label("Other").check()
    page.get_by_label(re.compile("What is the problem")).fill("An advert for a private course")
    check_page(checked)
    page.get_by_role("button", name="Send report").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Thank you for your report")
    check_page(checked)

    # The moderator works the queue and hides it, muting the author for a week.
    checked = browser(signed_in_as=moderator)
    page = checked.page
    page.goto("/moderation/")
    check_page(checked)
    page.get_by_role("link", name=contribution.challenge.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Moderation queue")
    check_page(checked)
    page.get_by_role("link", name=re.compile("Managers should spend")).click()
    expect(page.get_by_text("An advert for a private course")).to_be_visible()
    check_page(checked)
    page.get_by_label("Hide it").check()
    page.get_by_label(re.compile("restrict the author")).select_option("mute")
    page.get_by_label("For how many days?").fill("7")
    page.get_by_label(re.compile("Why \\(the author will be told\\)")).fill("Advertising.")
    check_page(checked)
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_text("Your decision has been recorded")).to_be_visible()
    check_page(checked)
    contribution.refresh_from_db()
    assert contribution.status == Status.HIDDEN
    assert Case.objects.get().state == CaseState.CLOSED
    page.goto(f"/moderation/{contribution.challenge.slug}/audit/")
    expect(page.get_by_role("cell", name=re.compile("^Moderator \\d+$")).first).to_be_visible()
    check_page(checked)

    # Alice is told why, and can appeal.
    checked = browser(signed_in_as=alice)
    page = checked.page
    page.goto("/account/")
    expect(page.get_by_text(re.compile("A moderator has hidden your contribution"))).to_be_visible()
    check_page(checked)
    page.get_by_role("link", name="Appeal this decision").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Appeal a decision")
    check_page(checked)
    page.get_by_label("Why should the decision change?").fill(
        "It is a genuine suggestion about training, not an advert."
    )
    page.get_by_role("button", name="Send appeal").click()
    expect(page.get_by_text(re.compile("Your appeal has been sent"))).to_be_visible()
    check_page(checked)
    assert Case.objects.filter(state=CaseState.OPEN, appealed=True).exists()
