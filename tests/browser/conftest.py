"""Browser fixtures: Debian's Chromium driven by Playwright against a live ASGI server.

The server is the whole application as production serves it (``backend.asgi``: pages, the
API and websockets), run by uvicorn on a thread of the test process, so a test sees the
emails it sends and the data it writes exactly as with pytest-django's ``live_server``, which
it replaces (that one speaks plain HTTP only, and the pages open websockets).

Every page a test visits must pass ``check_page``: no JavaScript errors, no failed requests, no
WCAG 2.2 A/AA violations found by axe. The ``browser`` fixture fails the test at teardown if a
page was navigated to and never checked, so a new step cannot quietly skip the audit.
"""

import os
import shutil
import socket
import threading
import time

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.db import connections
from django.test import Client
from playwright.sync_api import Browser, ConsoleMessage, Page, Playwright, Response, sync_playwright

from tests.conftest import REQUIRE_REAL_STACK

DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# WCAG 2.2 at levels A and AA, as the NHS service standard asks. Never narrow this list.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
TIMEOUT_MS = 10_000


class AsgiLiveServer:
    """uvicorn serving ``backend.asgi.application`` (with static files) on a thread."""

    def __init__(self, host: str = "localhost") -> None:
        import uvicorn
        from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
        from django.test.utils import modify_settings

        from backend.asgi import application

        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", 0))
        self.port = listener.getsockname()[1]
        self.host = host
        config = uvicorn.Config(
            ASGIStaticFilesHandler(application),
            log_level="warning",
            lifespan="on",  # the fast votes' pool closes when the server stops
            ws="websockets-sansio",
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [listener]}, daemon=True
        )
        self.thread.start()
        for _ in range(200):
            if self.server.started:
                break
            time.sleep(0.05)
        else:
            raise RuntimeError("the live ASGI server did not start")
        # pytest-django's helper turns this on for each test that uses the server.
        self._live_server_modified_settings = modify_settings(ALLOWED_HOSTS={"append": host})

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def stop(self) -> None:
        from django.db import connections

        self.server.should_exit = True
        self.thread.join(timeout=10)
        # The server's threads kept pooled connections: close them, or the test database
        # cannot be dropped at the end of the session.
        for connection in connections.all(initialized_only=True):
            if getattr(connection, "pool", None) is not None:
                connection.close_pool()


@pytest.fixture(scope="session")
def live_server():
    server = AsgiLiveServer()
    yield server
    server.stop()


def chromium_executable() -> str:
    """Chromium from CHROMIUM_PATH or Debian's package; skip without it, except in CI."""
    wanted = os.environ.get("CHROMIUM_PATH") or DEFAULT_CHROMIUM
    found = shutil.which(wanted)
    if found:
        return found
    reason = (
        f"Chromium not found at {wanted}: install Debian's chromium package "
        "or set CHROMIUM_PATH to a Chromium binary."
    )
    if REQUIRE_REAL_STACK:
        pytest.fail(f"{reason} (GROUNDSWELL_REQUIRE_REAL_STACK=1: browser tests must run)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    return chromium_executable()


class CheckedPage:
    """A visitor's page, recording what a person would notice going wrong between checks."""

    def __init__(self, page: Page, *, java_script_enabled: bool, auditor):
        self.page = page
        self.java_script_enabled = java_script_enabled
        self.auditor = auditor
        self.last_url = ""
        self.unchecked: list[str] = []  # pages loaded since the last check
        self.skipped: list[str] = []  # pages left before anyone checked them
        self.problems: list[str] = []
        page.on("framenavigated", self._navigated)
        page.on("pageerror", lambda error: self.problems.append(f"JavaScript error: {error}"))
        page.on("console", self._console)
        page.on("requestfailed", self._request_failed)
        page.on("response", self._response)

    def _navigated(self, frame) -> None:
        if frame != self.page.main_frame:
            return
        url = frame.url
        if self.last_url and url != self.last_url and _defrag(url) == _defrag(self.last_url):
            self.last_url = url  # a jump within the same page (#fragment), not a new page
            return
        self.last_url = url
        self.unchecked.append(url)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":  # CSP refusals and failed loads land here
            self.problems.append(f"console error: {message.text}")

    def _request_failed(self, request) -> None:
        if request.failure == "net::ERR_ABORTED" and request.resource_type in {"fetch", "xhr"}:
            return  # a script's request cut short by leaving the page: nobody notices that
        self.problems.append(f"request failed: {request.method} {request.url} {request.failure}")

    def _response(self, response: Response) -> None:
        if response.status >= 400:  # an error page, or a stylesheet or script that is missing
            self.problems.append(
                f"HTTP {response.status}: {response.request.method} {response.url}"
            )


def _defrag(url: str) -> str:
    return url.split("#", 1)[0]


def check_page(checked: CheckedPage) -> None:
    """Fail with a readable list if the page broke since the last check or fails WCAG 2.2 AA."""
    page = checked.page
    page.wait_for_load_state("load")
    where = f"{page.url} (JavaScript {'on' if checked.java_script_enabled else 'off'})"
    violations = _axe_violations(page) if checked.java_script_enabled else _audit_copy(checked)
    problems, checked.problems = checked.problems, []
    checked.skipped.extend(checked.unchecked[:-1])
    checked.unchecked.clear()
    report = []
    if problems:
        report.append("Broken:\n" + "\n".join(f"- {problem}" for problem in problems))
    if violations:
        report.append(f"Accessibility violations (axe, {', '.join(AXE_TAGS)}):")
        report.append(format_violations(violations))
    if report:
        pytest.fail(f"{where}\n" + "\n".join(report), pytrace=False)


def _axe_violations(page: Page) -> list[dict]:
    return Axe().run(page, options=AXE_OPTIONS).response["violations"]


def _audit_copy(checked: CheckedPage) -> list[dict]:
    """Audit a JavaScript-off page's DOM in a JavaScript-on page: axe needs timers to run.

    The copy is served at the same URL (so the real stylesheet loads) with every script
    refused, so what axe sees is exactly what the visitor without JavaScript got.
    """
    url, html = checked.page.url, checked.page.content()
    auditor = checked.auditor()

    def serve_copy(route):
        route.fulfill(
            status=200,
            body=html,
            headers={
                "Content-Type": "text/html; charset=utf-8",
                "Content-Security-Policy": "script-src 'none'",
            },
        )

    auditor.route(url, serve_copy)
    try:
        auditor.goto(url)
        return _axe_violations(auditor)
    finally:
        auditor.unroute(url, serve_copy)


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        tags = ", ".join(tag for tag in violation["tags"] if tag.startswith("wcag"))
        lines.append(
            f"- {violation['id']} ({violation['impact']}; {tags}): {violation['help']}\n"
            f"  {violation['helpUrl']}"
        )
        for node in violation["nodes"]:
            lines.append(f"    at {', '.join(map(str, node['target']))}: {node['html'][:200]}")
            lines.extend(f"      {line}" for line in node["failureSummary"].splitlines())
    return "\n".join(lines)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if call.when == "call":
        item.body_failed = report.failed  # a failed step already says what went wrong
    return report


@pytest.fixture
def browser(request, chromium_path, live_server, monkeypatch):
    """Open a page on the live server in a fresh Chromium; returns a ``CheckedPage``.

    ``browser(java_script_enabled=False, signed_in_as=bob)`` gives a visitor without
    JavaScript, already signed in. Chromium is launched per test, and Playwright gives every
    launch a new, empty user-data-dir that it deletes on close.

    Playwright starts only when the test opens a page, after its set-up data exists, and stops
    with the test: its sync API keeps an asyncio loop running on this thread, which would make
    Django refuse ORM calls (and async_to_sync fail) for the rest of a session.
    """
    started: list[Playwright] = []
    chromium: list[Browser] = []
    pages: list[CheckedPage] = []
    auditor: list[Page] = []

    def launch() -> Browser:
        if not chromium:
            started.append(sync_playwright().start())
            # The test body is plain synchronous code; the running loop is Playwright's own.
            monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
            chromium.append(
                started[0].chromium.launch(
                    executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS
                )
            )
        return chromium[0]

    def new_page(*, java_script_enabled: bool = True) -> Page:
        context = launch().new_context(
            base_url=live_server.url, java_script_enabled=java_script_enabled, locale="en-GB"
        )
        context.set_default_timeout(TIMEOUT_MS)
        return context.new_page()

    def audit_page() -> Page:
        if not auditor:
            auditor.append(new_page())
        return auditor[0]

    def open_page(*, java_script_enabled: bool = True, signed_in_as=None) -> CheckedPage:
        cookie = session_cookie(signed_in_as, live_server.url) if signed_in_as else None
        page = new_page(java_script_enabled=java_script_enabled)
        if cookie:
            page.context.add_cookies([cookie])
        checked = CheckedPage(page, java_script_enabled=java_script_enabled, auditor=audit_page)
        pages.append(checked)
        return checked

    yield open_page
    if chromium:
        chromium[0].close()
    if started:
        # While Playwright's loop runs, Django keeps this thread's database connections apart
        # from the usual ones (per context, not per thread): close those the test body opened,
        # or PostgreSQL refuses to drop the test database ("accessed by other users").
        connections.close_all()
        started[0].stop()
    never_checked = [url for checked in pages for url in checked.skipped + checked.unchecked]
    if getattr(request.node, "body_failed", False):
        return
    assert not never_checked, f"Pages visited but never checked with axe: {never_checked}"


def session_cookie(user, base_url: str) -> dict:
    """Sign in the quick way: a real session, made as Django's test client makes it."""
    client = Client()
    client.force_login(user)
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": base_url,
    }
