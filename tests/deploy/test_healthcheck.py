"""deploy/healthcheck.py, the container health check, against a stand-in /healthz."""

import importlib.util
import json
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

SCRIPT = REPO / "deploy" / "healthcheck.py"

RESPONSES = {
    "/healthz": (200, {"status": "ok", "database": {"ok": True}, "channel_layer": {"ok": True}}),
    "/down": (503, {"status": "unavailable", "database": {"ok": False}}),
    "/degraded": (200, {"status": "degraded", "database": {"ok": True}, "channel_layer": {}}),
    "/odd": (200, {"status": "starting"}),
    "/redirect": (301, None),
    "/not-json": (200, None),
}


def load_script():
    spec = importlib.util.spec_from_file_location("healthcheck", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


healthcheck = load_script()


class StandIn(BaseHTTPRequestHandler):
    seen: list[dict] = []

    def do_GET(self):
        type(self).seen.append(dict(self.headers))
        status, payload = RESPONSES.get(self.path, (404, None))
        body = b"hello" if payload is None else json.dumps(payload).encode()
        self.send_response(status)
        if status == 301:
            self.send_header("Location", "https://localhost/healthz")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), StandIn)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.parametrize(
    ("allowed_hosts", "host"),
    [
        ("", "localhost"),
        ("*", "localhost"),
        ("ideas.example.org", "ideas.example.org"),
        (" ideas.example.org , localhost", "ideas.example.org"),
        (".example.org,localhost", "example.org"),
        ("*,app.example.org", "app.example.org"),
    ],
)
def test_host_header_is_one_django_will_allow(allowed_hosts, host):
    assert healthcheck.host_header(allowed_hosts) == host


def test_healthy_when_only_live_updates_are_down(server):
    assert healthcheck.check(f"{server}/degraded", allowed_hosts="ideas.example.org") == ""


def test_healthy_when_healthz_says_ok(server):
    StandIn.seen.clear()
    assert healthcheck.check(f"{server}/healthz", allowed_hosts="ideas.example.org") == ""
    (headers,) = StandIn.seen
    assert headers["Host"] == "ideas.example.org"
    assert headers["X-Forwarded-Proto"] == "https"


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/down", "HTTP 503"),
        ("/redirect", "HTTP 301"),
        ("/odd", "'starting'"),
        ("/not-json", "did not answer JSON"),
        ("/missing", "HTTP 404"),
    ],
)
def test_unhealthy_otherwise(server, path, reason):
    assert reason in healthcheck.check(f"{server}{path}")


def test_unhealthy_when_nothing_listens():
    assert "unreachable" in healthcheck.check("http://127.0.0.1:9/healthz", timeout=1)


def test_only_http_urls_are_opened():
    assert "not an http:// URL" in healthcheck.check("file:///etc/passwd")


@pytest.mark.parametrize(("path", "exit_code"), [("/healthz", 0), ("/down", 1)])
def test_command_line_exit_code(server, path, exit_code):
    result = subprocess.run(
        [sys.executable, str(SCRIPT), f"{server}{path}"],
        env={"ALLOWED_HOSTS": "localhost"},
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == exit_code, result.stderr
