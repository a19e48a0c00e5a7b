"""A panel member scores a theme and sees the panel's means; an editor turns a shortlisted
theme into a guide section, previews, publishes and downloads it. Every page on the way is
checked with axe (WCAG 2.2 AA)."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from guide import selectors, services
from guide.models import Decision, GuideVersion, ScoreSheet
from ideas.models import Challenge, RoleKind
from tests.browser.conftest import check_page
from tests.conftest import make_user
from tests.guide.conftest import analyse, appoint

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def submit_all(member, identity, value):
    rubric = selectors.criteria(challenge=identity.challenge)
    services.sheet_save(
        member=member, identity=identity, values={c.key: value for c in rubric}, submit=True
    )


def test_panel_scores_and_editor_publishes_the_guide(browser, olive, password_hash):
    # Set-up before any browser starts: an analysed challenge, its panel and editor, another
    # member's scores on the first theme, and a second theme already shortlisted.
    call_command("seed_demo", "--contributions", "150", "--seed", "3", stdout=StringIO())
    challenge = Challenge.objects.get(slug="nhs-change-challenge")
    analyse(challenge, olive)
    pat = appoint(challenge, make_user("pat", password_hash), RoleKind.PANEL)
    pia = appoint(challenge, make_user("pia", password_hash), RoleKind.PANEL)
    ed = appoint(challenge, make_user("ed", password_hash), RoleKind.EDITOR)
    view = selectors.curated_themes(challenge=challenge)
    scored, listed = view.themes[0], view.themes[1]
    submit_all(pia, scored.identity, 2)
    submit_all(pia, listed.identity, 5)
    services.decision_record(
        user=pia,
        identity=listed.identity,
        decision=Decision.SHORTLISTED,
        rationale="Backed by the crowd and doable now.",
    )
    rubric = selectors.criteria(challenge=challenge)

    # Pat opens the panel from the header, scores the first theme and submits.
    checked = browser(signed_in_as=pat)
    page = checked.page
    page.goto("/")
    check_page(checked)
    page.get_by_role("link", name="Panels and guides").click()
    check_page(checked)
    page.get_by_role("link", name=re.compile("Panel: score and shortlist")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Expert panel")
    expect(page.get_by_text("Hidden until you submit").first).to_be_visible()
    check_page(checked)
    page.get_by_role("link", name=scored.name, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(scored.name)
    check_page(checked)
    for criterion in rubric:
        page.get_by_role("group", name=criterion.label).get_by_label("4", exact=True).check()
    page.get_by_label(re.compile("Note")).fill("Strong support on the wards.")
    page.get_by_role("button", name="Submit scores").click()
    expect(page.get_by_text("Your scores have been submitted")).to_be_visible()
    table = page.get_by_role("table", name=re.compile("The panel's scores"))
    expect(table.get_by_role("rowheader", name="You")).to_be_visible()
    expect(table.get_by_role("rowheader", name=re.compile(r"^Member \d+$"))).to_be_visible()
    expect(table.get_by_role("row", name=re.compile("^Mean"))).to_contain_text("3.00")
    check_page(checked)
    assert ScoreSheet.objects.get(member=pat).submitted

    # Ed adds a section for the shortlisted theme, previews, publishes and downloads.
    checked = browser(signed_in_as=ed)
    page = checked.page
    page.goto(f"/challenges/{challenge.slug}/guide/edit/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit the guide")
    check_page(checked)
    page.get_by_role("button", name=f"Add a section for {listed.name}").click()
    expect(page.get_by_text("has been added")).to_be_visible()
    check_page(checked)
    page.get_by_label("Title", exact=True).fill("Floor time for managers")
    page.get_by_label("Summary").fill("Managers asked to work alongside nurses.")
    page.get_by_label("What to do").fill("Book a shift a month on the floor.")
    page.get_by_role("button", name="Save section").click()
    expect(page.get_by_text("has been saved")).to_be_visible()
    check_page(checked)
    page.get_by_role("button", name="Preview").click()
    expect(
        page.get_by_role("heading", level=2, name=re.compile("Floor time for managers"))
    ).to_be_visible()
    expect(page.get_by_text("Book a shift a month on the floor.")).to_be_visible()
    check_page(checked)
    page.get_by_role("link", name="Back to the editor").click()
    check_page(checked)
    page.get_by_role("button", name="Publish a new version").click()
    expect(page.get_by_text("Version 1 of the guide has been published")).to_be_visible()
    check_page(checked)
    assert GuideVersion.objects.filter(guide__challenge=challenge, number=1).exists()
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("^HTML.*published version")).click()
    download = download_info.value
    assert download.suggested_filename == f"{challenge.slug}-guide.html"
    html = Path(download.path()).read_text(encoding="utf-8")
    assert "Floor time for managers" in html and "Book a shift a month on the floor." in html
