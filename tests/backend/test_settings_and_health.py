"""Settings come from the environment and fail loudly; production passes check --deploy;
/healthz reports the database and the channel layer honestly.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from channels.layers import InMemoryChannelLayer

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "GROUNDSWELL_ENV": "production",
    "SECRET_KEY": "q2Vv8#nLr0$Tz1wX!pE5kHy7@mUa3cJd9^sBf6&gR4*iQoZ-eN8+tW2%lY0~hK5",
    "EMAIL_HOST": "smtp.example.org",
    "ALLOWED_HOSTS": "ideas.example.org",
    "DATABASE_URL": "postgres://groundswell@db.example.org:5432/groundswell",
    "REDIS_URL": "redis://redis.example.org:6379/0",
}


def manage(*args, **env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"GROUNDSWELL_ENV", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_passes_check_deploy_with_no_warnings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("name", ["SECRET_KEY", "EMAIL_HOST", "ALLOWED_HOSTS"])
def test_production_without_a_required_setting_fails_loudly(name):
    env = {k: v for k, v in PRODUCTION.items() if k != name}
    result = manage("check", "--deploy", "--fail-level", "WARNING", **env)
    assert result.returncode != 0 and f"Set the {name} environment variable" in result.stderr


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("DEBUG", "perhaps", "DEBUG must be true or false"),
        ("GROUNDSWELL_ENV", "staging", "GROUNDSWELL_ENV must be"),
        ("SIGNIN_FAILURE_LIMIT", "lots", "SIGNIN_FAILURE_LIMIT must be a whole number"),
    ],
)
def test_bad_values_fail_loudly(name, value, message):
    result = manage("check", **{name: value})
    assert result.returncode != 0 and message in result.stderr


def test_debug_cannot_be_on_in_production():
    result = manage("check", DEBUG="true", **PRODUCTION)
    assert result.returncode != 0 and "DEBUG cannot be on" in result.stderr


def test_healthz_reports_database_and_channel_layer(client, db, settings):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] and body["channel_layer"]["ok"]
    expected = "RedisChannelLayer" if os.environ.get("REDIS_URL") else "InMemoryChannelLayer"
    assert body["channel_layer"]["backend"] == expected


class BrokenLayer(InMemoryChannelLayer):
    async def send(self, channel, message):
        raise ConnectionError("redis is down")


def test_healthz_is_degraded_but_in_service_when_the_channel_layer_is_down(client, db, monkeypatch):
    # Only live updates need the channel layer: the process must stay behind the load
    # balancer, so posting and voting go on while Redis is away.
    monkeypatch.setattr("backend.health.get_channel_layer", lambda: BrokenLayer())
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["channel_layer"] == {
        "ok": False,
        "backend": "BrokenLayer",
        "error": "ConnectionError",
    }


def test_healthz_is_503_when_the_database_is_down(client, db, monkeypatch):
    from django.db import OperationalError

    class LostConnection:
        vendor = "postgresql"

        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr("backend.health.connection", LostConnection())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == {"ok": False, "error": "OperationalError"}


def test_a_lost_database_is_a_clear_503_not_a_500(client, db, monkeypatch):
    from django.db import OperationalError

    def lost(**kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("ideas.selectors.challenge_list_visible", lost)
    monkeypatch.setattr("ideas.selectors.challenge_get_visible", lost)
    page = client.get("/")
    assert page.status_code == 503 and page["Retry-After"] == "5"
    assert "briefly unavailable" in page.content.decode()
    api = client.get("/api/challenges/x/")
    assert api.status_code == 503 and api.json()["error"]["code"] == "unavailable"
