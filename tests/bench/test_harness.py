"""The load and fault harnesses in bench/, in their quick versions: each run checks its own
outcome (no lost or doubled vote, every client converged, recovery after the fault), and these
tests fail when it does not. The throughput targets are measured by the full runs
(`make bench`, results in bench/README.md), not asserted here.

They run against this test session's PostgreSQL database and the real Redis, starting web
servers, a private Redis, a private PostgreSQL cluster and workers as subprocesses.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db(transaction=True)


def _real_stack() -> None:
    if connection.vendor != "postgresql" or "Redis" not in settings.CACHES["default"]["BACKEND"]:
        pytest.skip("the harnesses run on PostgreSQL and Redis (the CI stack)")


def harness(script: str, *args: str, timeout: int = 300) -> list[dict]:
    """Run a bench script on this session's test database; its JSON lines, parsed."""
    _real_stack()
    database = connection.settings_dict
    password = f":{database['PASSWORD']}" if database.get("PASSWORD") else ""
    url = (
        f"postgres://{database['USER']}{password}@{database['HOST'] or '127.0.0.1'}:"
        f"{database['PORT'] or 5432}/{database['NAME']}"
    )
    connection.close()  # the harness empties its tables; do not hold locks on them
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), *args],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url, "DATABASE_POOL_MAX": "4"},
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert lines, f"no result from {script}:\n{result.stdout[-2000:]}\n{result.stderr[-4000:]}"
    return lines


@pytest.mark.parametrize("auth", ["token", "session"])
def test_votes_under_load_are_neither_lost_nor_doubled(auth):
    (result,) = harness("load.py", "votes", "--quick", "--auth", auth)
    assert result["votes"] > 50
    assert result["errors"] == {} and result["problems"] == []


def test_a_vote_reaches_every_listening_client():
    (result,) = harness("load.py", "fanout", "--quick")
    assert result["reached"] == result["clients"] == result["converged"] == 100


def test_voting_goes_on_while_redis_is_away_and_live_updates_come_back():
    (result,) = harness("faults.py", "redis", "--quick")
    assert result["met"], result


def test_a_postgres_restart_costs_some_503s_and_nothing_else():
    (result,) = harness("faults.py", "postgres", "--quick")
    assert result["met"], result
    assert set(result["statuses"]) <= {"200", "503"}


def test_an_analysis_whose_worker_is_killed_fails_clearly_and_runs_again():
    (result,) = harness("faults.py", "worker", "--quick")
    assert result["met"], result
