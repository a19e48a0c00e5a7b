"""Faults under load, each checking its own outcome.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/groundswell_bench
    .venv/bin/python bench/faults.py redis    # Redis stops and returns during voting
    .venv/bin/python bench/faults.py postgres # PostgreSQL restarts during voting
    .venv/bin/python bench/faults.py worker   # the worker is killed during an analysis
    .venv/bin/python bench/faults.py all

``redis``: a Redis of its own (``redis-server`` on a free port) behind one web process; voters
vote while that Redis is stopped for a few seconds and started again. Every vote must be
answered 200 (rate limits and throttles fail open, live updates pause), no vote may be lost
or doubled, and a page that connects afterwards must get live updates again.

``postgres``: a PostgreSQL cluster of its own (initdb, its own port) behind two web processes;
it is restarted (``pg_ctl restart -m fast``) while voters vote. Votes during the restart must
be answered 503 with nothing half-written (never a 500), every vote after it must succeed
again without restarting the web processes, and no vote may be lost or doubled.

``worker``: an analysis of 13,000 contributions starts in a ``db_worker``; the worker is
killed (SIGKILL) mid-run. The run must be marked failed with a reason once its heartbeat is
stale (``ANALYSIS_STALE_SECONDS``, shortened here to 5 s), and running it again in a new worker
must succeed.

Prints one JSON line per fault; exits 1 if any check fails.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")
STALE_SECONDS = 5
os.environ["ANALYSIS_STALE_SECONDS"] = str(STALE_SECONDS)

from bench import load  # noqa: E402


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PrivateRedis:
    """A throwaway redis-server, so stopping it harms nothing else on the machine."""

    def __init__(self) -> None:
        self.port = _free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        binary = shutil.which("redis-server") or "redis-server"
        self.process = subprocess.Popen(  # noqa: S603 - the system's redis-server
            [binary, "--port", str(self.port), "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        for _ in range(100):
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=10)
            self.process = None


async def _first_count(url: str, item: int, token: str, timeout: float = 10) -> float | None:
    """Open a page's socket, cast a vote, and return how long the update took (None: never)."""
    import aiohttp
    import websockets

    ws_url = url.replace("http://", "ws://") + f"/ws/challenges/{load.SLUG}/"
    async with websockets.connect(ws_url, origin=url, open_timeout=10) as ws:
        await asyncio.sleep(0.5)
        async with aiohttp.ClientSession() as session:
            sent = time.perf_counter()
            if await load.cast_vote(session, url, item, token) != 200:
                return None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                raw = await asyncio.wait_for(ws.recv(), timeout=deadline - time.monotonic())
            except TimeoutError:
                return None
            message = json.loads(raw)
            if message.get("type") == "contribution.counts" and message.get("id") == item:
                return time.perf_counter() - sent
    return None


def fault_redis(voters: int = 8, seconds: float = 9, warm_up: float = 8) -> bool:
    redis = PrivateRedis()
    redis.start()
    items, tokens = load.fill(voters + 1, 50)
    servers = load.Servers("daphne", 1, env={"REDIS_URL": redis.url})
    outage = {}
    try:
        asyncio.run(servers.ready(warm_up=warm_up))

        async def scenario():
            voting = asyncio.create_task(
                load.vote_load(servers.urls, items, tokens[:voters], seconds, seed=1)
            )
            await asyncio.sleep(2)
            await asyncio.to_thread(redis.stop)
            outage["stopped_at"] = time.monotonic()
            await asyncio.sleep(3)
            await asyncio.to_thread(redis.start)
            outage["seconds"] = round(time.monotonic() - outage["stopped_at"], 1)
            return await voting

        latencies, elapsed, errors, mine = asyncio.run(scenario())
        # Pages that (re)connect now get live updates again.
        resumed = asyncio.run(_first_count(servers.url, items[-1], tokens[-1]))
    finally:
        servers.stop()
        redis.stop()
    if resumed is not None:  # the check vote above, by the last token's person
        mine[(voters, items[-1])] = 1
    problems = load.check_outcome(tokens, mine)
    result = {
        "fault": "redis stopped during voting",
        "redis_down_seconds": outage.get("seconds"),
        "votes": len(latencies),
        "votes_per_second": round(len(latencies) / elapsed, 1),
        "p99_ms": round(load.percentile(latencies, 0.99) * 1000, 1) if latencies else None,
        "errors": errors,
        "live_updates_resumed_after_s": None if resumed is None else round(resumed, 3),
        "problems": problems[:10],
    }
    result["met"] = not errors and not problems and resumed is not None and bool(latencies)
    print(json.dumps(result), flush=True)
    return result["met"]


class PrivatePostgres:
    """A throwaway PostgreSQL cluster (initdb in a temporary directory, its own port), so a
    restart harms nothing else. PostgreSQL refuses to run as root: as root, run it as the
    ``postgres`` user."""

    def __init__(self, port: int | None = None, directory: str | None = None) -> None:
        """A new cluster's place, or (given both) one that is already running."""
        self.port = port or _free_port()
        self.directory = directory or tempfile.mkdtemp(prefix="groundswell-pg-")
        self.data = os.path.join(self.directory, "data")
        if directory is None and os.geteuid() == 0:
            shutil.chown(self.directory, "postgres", "postgres")

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *command: str) -> None:
        if os.geteuid() == 0:
            command = ("su", "postgres", "-c", shlex.join(command))
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)  # noqa: S603

    def start(self) -> None:
        self._run("initdb", "-D", self.data, "-A", "trust", "-U", "postgres", "--no-sync")
        self._ctl("start")

    def _ctl(self, action: str) -> None:
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run("pg_ctl", "-D", self.data, "-o", options, "-m", "fast", "-w", action)

    def restart(self) -> None:
        self._ctl("restart")

    def stop(self) -> None:
        try:
            self._ctl("stop")
        finally:
            shutil.rmtree(self.directory, ignore_errors=True)


def fault_postgres(quick: bool = False) -> bool:
    """Runs the voting part in a child process whose Django uses the private cluster."""
    if not shutil.which("initdb") or not shutil.which("pg_ctl"):
        print(json.dumps({"fault": "postgres restart", "skipped": "no initdb/pg_ctl"}))
        return True
    cluster = PrivatePostgres()
    cluster.start()
    try:
        env = {**os.environ, "DATABASE_URL": cluster.url, "LOG_LEVEL": "WARNING"}
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True
        )
        inner = ["_postgres", "--port", str(cluster.port)]
        inner += ["--quick"] if quick else []
        child = subprocess.run(  # noqa: S603 - this script
            [sys.executable, __file__, *inner, "--socket-dir", cluster.directory],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
    finally:
        cluster.stop()
    lines = [line for line in child.stdout.splitlines() if line.startswith("{")]
    if not lines:
        print(child.stdout[-2000:], child.stderr[-4000:], file=sys.stderr)
        return False
    print(lines[-1], flush=True)
    return json.loads(lines[-1])["met"]


def _postgres_inner(port: int, directory: str, quick: bool = False) -> None:
    voters, seconds, warm_up = (4, 8, 2) if quick else (8, 12, 8)
    cluster = PrivatePostgres(port, directory)
    items, tokens = load.fill(voters, 50)
    servers = load.Servers("daphne", 2)
    timeline: list = []
    marks = {}
    try:
        asyncio.run(servers.ready(warm_up=warm_up))

        async def scenario():
            voting = asyncio.create_task(
                load.vote_load(servers.urls, items, tokens, seconds, seed=2, timeline=timeline)
            )
            await asyncio.sleep(3)
            marks["restart_from"] = time.monotonic()
            await asyncio.to_thread(cluster.restart)
            marks["restart_to"] = time.monotonic()
            return await voting

        latencies, _elapsed, errors, mine = asyncio.run(scenario())
    finally:
        servers.stop()
    from django.db import connections

    connections.close_all()  # this process's own connection died with the restart too
    problems = load.check_outcome(tokens, mine)
    statuses = {}
    for _, status in timeline:
        statuses[str(status)] = statuses.get(str(status), 0) + 1
    # Recovered: every vote answered at least 2 s after PostgreSQL was back succeeded.
    after = [status for moment, status in timeline if moment > marks["restart_to"] + 2]
    result = {
        "fault": "postgres restarted during voting",
        "restart_seconds": round(marks["restart_to"] - marks["restart_from"], 1),
        "votes": len(latencies),
        "statuses": statuses,
        "errors_other_than_503": {k: v for k, v in errors.items() if k != "503"},
        "answered_after_recovery": len(after),
        "failed_after_recovery": sum(1 for status in after if status != 200),
        "problems": problems[:10],
    }
    result["met"] = (
        not result["errors_other_than_503"]
        and not problems
        and bool(after)
        and result["failed_after_recovery"] == 0
    )
    print(json.dumps(result), flush=True)


def fault_worker(size: int = 13_000) -> bool:
    from analysis import services
    from analysis.models import AnalysisRun, RunStatus
    from bench.analysis import _delete, fill

    slug = fill(size)
    from ideas.models import Challenge

    challenge = Challenge.objects.get(slug=slug)

    class Operator:
        is_authenticated = is_active = is_staff = True
        pk = None

    def worker() -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--no-startup-delay"],
            cwd=ROOT,
            env={**os.environ, "LOG_LEVEL": "WARNING"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def wait_for(run_id: int, statuses: set[str], timeout: float, progress: float = 0.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            run = AnalysisRun.objects.defer("model").get(pk=run_id)
            if run.status in statuses and run.progress >= progress:
                return run
            time.sleep(0.2)
        return AnalysisRun.objects.defer("model").get(pk=run_id)

    result = {"fault": "worker killed during an analysis", "contributions": size}
    first_worker = worker()
    second_worker = None
    try:
        run = services.run_create(user=Operator(), challenge=challenge)
        running = wait_for(run.pk, {RunStatus.RUNNING}, 60, progress=0.1)
        result["killed_at_progress"] = running.progress
        first_worker.send_signal(signal.SIGKILL)
        first_worker.wait(timeout=10)
        time.sleep(STALE_SECONDS + 1)
        again = services.run_create(user=Operator(), challenge=challenge)  # fails the stale one
        failed = AnalysisRun.objects.defer("model").get(pk=run.pk)
        result["first_run"] = {"status": failed.status, "error": failed.error}
        second_worker = worker()
        finished = wait_for(again.pk, {RunStatus.SUCCEEDED, RunStatus.FAILED}, 120)
        result["second_run"] = {"status": finished.status, "themes": finished.metrics.get("k")}
    finally:
        for process in (first_worker, second_worker):
            if process is not None and process.poll() is None:
                process.terminate()
                process.wait(timeout=10)
        _delete(slug, size)
    result["met"] = (
        result.get("first_run", {}).get("status") == RunStatus.FAILED
        and "worker stopped" in result["first_run"]["error"]
        and result.get("second_run", {}).get("status") == RunStatus.SUCCEEDED
    )
    print(json.dumps(result), flush=True)
    return result["met"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=["redis", "postgres", "worker", "all", "_postgres"])
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--socket-dir", help=argparse.SUPPRESS)
    parser.add_argument("--quick", action="store_true", help="Shorter runs, for CI.")
    args = parser.parse_args()
    load._setup()
    if args.what == "_postgres":
        try:
            _postgres_inner(args.port, args.socket_dir, quick=args.quick)
        finally:
            load.clear()
        return 0
    from django.db import connection

    if connection.vendor != "postgresql":
        print("run this on PostgreSQL (DATABASE_URL)", file=sys.stderr)
        return 2
    ok = True
    try:
        if args.what in ("redis", "all"):
            ok &= fault_redis(voters=4, seconds=7, warm_up=2) if args.quick else fault_redis()
        if args.what in ("postgres", "all"):
            ok &= fault_postgres(quick=args.quick)
        if args.what in ("worker", "all"):
            ok &= fault_worker(4_000 if args.quick else 13_000)
    finally:
        load.clear()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
