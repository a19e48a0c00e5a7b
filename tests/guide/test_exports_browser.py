"""The exported HTML guide in a real Chromium: opened from disk, it fetches nothing, passes
axe's WCAG 2.2 AA checks, filters with JavaScript on and shows everything with it off.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect, sync_playwright

from guide import exports
from tests.browser.conftest import (
    AXE_OPTIONS,
    CHROMIUM_ARGS,
    TIMEOUT_MS,
    chromium_executable,
    format_violations,
)
from tests.guide.test_exports import hostile_document

pytestmark = pytest.mark.browser


@pytest.fixture
def guide_file(tmp_path):
    path = tmp_path / "guide.html"
    path.write_bytes(exports.render(hostile_document(), "html"))
    return path


@pytest.fixture
def open_guide(guide_file):
    """Open the file in a fresh Chromium; record every request and console error."""
    executable = chromium_executable()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        seen = {"requests": [], "errors": []}

        def open_page(*, java_script_enabled=True):
            context = chromium.new_context(java_script_enabled=java_script_enabled, locale="en-GB")
            context.set_default_timeout(TIMEOUT_MS)
            page = context.new_page()
            page.on("request", lambda request: seen["requests"].append(request.url))
            page.on("console", lambda m: m.type == "error" and seen["errors"].append(m.text))
            page.on("pageerror", lambda error: seen["errors"].append(str(error)))
            page.goto(guide_file.as_uri())
            return page

        yield open_page, seen, guide_file.as_uri()
        chromium.close()


def count_visible(page, selector):
    return page.locator(f"{selector}:visible").count()


def test_guide_fetches_nothing_and_passes_axe(open_guide):
    open_page, seen, uri = open_guide
    page = open_page()
    assert page.locator("#gs-filter").is_visible()  # the script ran under the page's CSP
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, format_violations(violations)
    assert seen["requests"] == [uri]
    assert seen["errors"] == []


def test_search_and_filters_hide_what_does_not_match_and_say_how_much_is_left(open_guide):
    open_page, seen, _ = open_guide
    page = open_page()
    status = page.locator("#gs-count")
    assert status.text_content() == "Showing all 5 quotes and tips in 3 themes."

    # (expect() polls without eval, which the guide's Content-Security-Policy forbids.)
    page.fill("#gs-query", "speak up guardians")
    expect(status).to_have_text("Showing 1 of 5 quotes and tips in 1 of 3 themes.")
    assert count_visible(page, ".gs-section") == 1
    assert page.locator("#theme-102").is_visible()
    assert not page.locator('[data-toc-for="theme-101"]').is_visible()

    page.fill("#gs-query", "no such words anywhere")
    expect(status).to_contain_text("Showing 0 of 5 quotes and tips in 0 of 3 themes.")
    page.fill("#gs-query", "ŁÓDŹ 医院")  # any case, any script, every word
    expect(status).to_have_text("Showing 1 of 5 quotes and tips in 1 of 3 themes.")
    assert page.locator(".gs-quote", has_text="Łódź").is_visible()

    page.click("button[type=reset]")
    expect(status).to_have_text("Showing all 5 quotes and tips in 3 themes.")
    page.select_option("#gs-stance", "divided")
    expect(status).to_have_text("Showing 2 of 5 quotes and tips in 1 of 3 themes.")
    page.select_option("#gs-kind", "tip")
    expect(status).to_have_text("Showing 1 of 5 quotes and tips in 1 of 3 themes.")
    assert count_visible(page, ".gs-quote") == 0

    page.select_option("#gs-stance", "")
    page.select_option("#gs-kind", "")
    page.select_option("#gs-theme", "theme-103")
    assert count_visible(page, ".gs-section") == 1 and count_visible(page, ".gs-item") == 0
    assert seen["errors"] == []


def test_without_javascript_everything_shows_and_the_controls_stay_hidden(open_guide):
    open_page, seen, _ = open_guide
    page = open_page(java_script_enabled=False)
    assert not page.locator("#gs-filter").is_visible()
    assert count_visible(page, ".gs-section") == 3
    assert count_visible(page, ".gs-item") == 5
    assert seen["errors"] == []
