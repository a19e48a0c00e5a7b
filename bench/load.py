"""Votes over HTTP under load, and live fan-out over websockets, on the real stack.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/groundswell_bench
    export REDIS_URL=redis://127.0.0.1:6379/0
    .venv/bin/python bench/load.py votes [--server daphne|uvicorn] [--auth token|session]
        [--voters N] [--rate R] [--seconds S]
    .venv/bin/python bench/load.py fanout [--clients 100 1000 5000]
    .venv/bin/python bench/load.py all [--quick]

``votes``: many voters (each with an API token, or with ``--auth session`` a signed-in
session and CSRF token as the pages' script sends them) cast, change and withdraw votes on a
challenge's contributions, through ``--processes`` server processes (daphne or uvicorn)
sharing one listening socket, as a load balancer would spread them: as fast as the server
answers (closed loop: its capacity), or with ``--rate`` arriving at that many a second from
whichever voters are not waiting for an answer (open loop: people on a site). It reports votes
per second and latency percentiles, then checks its own outcome: every stored count equals the
vote rows, and equals what the voters' last actions say it must be.

``fanout``: N websocket clients listen on one challenge; one vote is cast over HTTP; the time
until each client has the new count is measured (p50/p99/max), and every client must have
converged to the final count.

Each prints one JSON line per measurement and exits 1 if a target or a check fails. Targets
(this 2-core machine): at least 300 votes/s with p99 under 250 ms; a vote reaches 1,000
clients with p99 under one second.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")

SLUG = "bench-load"
TARGET_VOTES_PER_SECOND = 300
TARGET_P99_MS = 250
TARGET_FANOUT_P99_S = 1.0
# ``all``: the target as people vote (votes arriving at 300 a second from 400 voters, by API
# token and from signed-in pages), the capacity (16 voters voting as fast as answered), and
# uvicorn for comparison.
ALL_VOTE_RUNS = [
    {"server": "daphne", "auth": "token", "voters": 400, "rate": TARGET_VOTES_PER_SECOND},
    {"server": "daphne", "auth": "session", "voters": 400, "rate": TARGET_VOTES_PER_SECOND},
    {"server": "daphne", "auth": "token", "voters": 16, "rate": None},
    {"server": "uvicorn", "auth": "token", "voters": 400, "rate": TARGET_VOTES_PER_SECOND},
]
BENCH_CSRF = "b" * 32  # the voters' CSRF cookie, sent back in the header as pages do


def _setup() -> None:
    import django

    django.setup()


# --- data -------------------------------------------------------------------------------------


def fill(voters: int, items: int) -> tuple[list[int], list[str]]:
    """A fresh challenge with ``items`` contributions and ``voters`` people with API tokens."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    from accounts.models import User
    from ideas.models import Challenge, Contribution, Participant, Phase, Question, Status
    from ideas.pseudonyms import random_pseudonym

    clear()
    now = timezone.now()
    with transaction.atomic():
        challenge = Challenge.objects.create(
            slug=SLUG,
            title="Load benchmark",
            phase=Phase.OPEN,
            opens_at=now - timezone.timedelta(days=1),
            closes_at=now + timezone.timedelta(days=30),
            votes_per_minute=30_000,  # the load comes from few people voting fast
        )
        question = Question.objects.create(challenge=challenge, title="Ideas", position=0)
        unusable = make_password(None)
        authors = User.objects.bulk_create(
            [
                User(email=f"load-author-{i}@bench.invalid", password=unusable, email_verified=True)
                for i in range(items)
            ]
        )
        names = set()
        while len(names) < items:
            names.add(random_pseudonym())
        participants = Participant.objects.bulk_create(
            [
                Participant(challenge=challenge, user=user, pseudonym=name)
                for user, name in zip(authors, sorted(names), strict=True)
            ]
        )
        contributions = Contribution.objects.bulk_create(
            [
                Contribution(
                    challenge=challenge,
                    question=question,
                    author=author,
                    body=f"Idea number {index} for the load benchmark.",
                    status=Status.PUBLISHED,
                )
                for index, author in enumerate(participants)
            ]
        )
        people = User.objects.bulk_create(
            [
                User(email=f"load-voter-{i}@bench.invalid", password=unusable, email_verified=True)
                for i in range(voters)
            ]
        )
        tokens = Token.objects.bulk_create(
            [Token(user=user, key=Token.generate_key()) for user in people]
        )
        # People who have taken part before (the steady state of a running challenge): a
        # first vote also makes the person's pseudonym, through Django (about 25 ms of CPU).
        taken, more = set(names), set()
        while len(more) < voters:
            name = random_pseudonym()
            if name not in taken:
                more.add(name)
        Participant.objects.bulk_create(
            [
                Participant(challenge=challenge, user=user, pseudonym=name)
                for user, name in zip(people, sorted(more), strict=True)
            ]
        )
    return [c.pk for c in contributions], [t.key for t in tokens]


def clear() -> None:
    from accounts.models import User
    from ideas.models import Challenge, Contribution, Participant, Vote

    Vote.objects.filter(voter__challenge__slug=SLUG).delete()
    Contribution.objects.filter(challenge__slug=SLUG).delete()
    Participant.objects.filter(challenge__slug=SLUG).delete()
    Challenge.objects.filter(slug=SLUG).delete()
    User.objects.filter(email__endswith="@bench.invalid", email__startswith="load-").delete()


def check_counts(expected: dict[int, tuple[int, int]] | None) -> list[str]:
    """Stored counts against vote rows, and (unless ``expected`` is None, when some votes'
    fate is unknown) against what the voters' actions say."""
    from django.db.models import Count, Q

    from ideas.models import Contribution

    problems = []
    rows = Contribution.objects.filter(challenge__slug=SLUG).annotate(
        ups=Count("votes", filter=Q(votes__value=1)),
        downs=Count("votes", filter=Q(votes__value=-1)),
    )
    for row in rows:
        if (row.up_count, row.down_count) != (row.ups, row.downs):
            problems.append(
                f"{row.pk}: stored {row.up_count}/{row.down_count}, rows {row.ups}/{row.downs}"
            )
        want = None if expected is None else expected.get(row.pk, (0, 0))
        if want is not None and (row.ups, row.downs) != want:
            problems.append(f"{row.pk}: rows {row.ups}/{row.downs}, voters' actions say {want}")
    return problems


# --- servers ----------------------------------------------------------------------------------


class Servers:
    """``processes`` web servers, each on its own port; clients spread over them in turn, as
    the load balancer in front of several web replicas does (docker-compose: Caddy)."""

    def __init__(self, kind: str, processes: int, env: dict | None = None) -> None:
        self.kind = kind
        self.listeners = []
        self.ports: list[int] = []
        self.processes = []
        env = {**os.environ, "LOG_LEVEL": "WARNING", **(env or {})}
        for _ in range(processes):
            listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.bind(("127.0.0.1", 0))
            listener.listen(4096)
            listener.set_inheritable(True)
            fd = str(listener.fileno())
            if kind == "daphne":
                command = ["-m", "daphne", "--fd", fd, "-v", "0", "backend.asgi:application"]
            else:
                # Not --fd: uvicorn takes an inherited socket for a Unix one and leaves Nagle's
                # algorithm on, which stalled every answer 40 ms (delayed ACKs); deployed
                # uvicorn binds its own TCP socket, as here.
                port = str(listener.getsockname()[1])
                listener.close()
                command = [
                    "-m", "uvicorn", "--host", "127.0.0.1", "--port", port, "--log-level",
                    "warning", "--no-access-log", "--ws", "websockets-sansio",
                    "backend.asgi:application",
                ]  # fmt: skip
            self.listeners.append(listener)
            self.ports.append(listener.getsockname()[1] if kind == "daphne" else int(port))
            self.processes.append(
                subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
                    [sys.executable, *command],
                    cwd=ROOT,
                    env=env,
                    pass_fds=(listener.fileno(),) if kind == "daphne" else (),
                )
            )

    @property
    def urls(self) -> list[str]:
        return [f"http://127.0.0.1:{port}" for port in self.ports]

    @property
    def url(self) -> str:
        return self.urls[0]

    async def ready(self, timeout: float = 60, warm_up: float = 8) -> None:
        import aiohttp

        deadline = time.monotonic() + timeout
        async with aiohttp.ClientSession() as session:
            for url in self.urls:
                while True:
                    try:
                        async with session.get(f"{url}/healthz") as response:
                            if response.status == 200:
                                break
                    except aiohttp.ClientError:
                        pass
                    if time.monotonic() > deadline:
                        raise RuntimeError(f"{self.kind} did not start")
                    await asyncio.sleep(0.2)
        # Each process loads the offensive-language model in the background as it starts;
        # let that finish before measuring.
        await asyncio.sleep(warm_up)

    def cpu_seconds(self) -> float | None:
        """CPU time (user + system) the server processes have used so far (Linux only)."""
        try:
            total = 0
            for process in self.processes:
                fields = Path(f"/proc/{process.pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])  # utime, stime
        except OSError:
            return None
        return total / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        for listener in self.listeners:
            listener.close()


# --- votes ------------------------------------------------------------------------------------


async def vote_load(
    urls: list[str],
    items: list[int],
    tokens: list[str],
    seconds: float,
    seed: int,
    timeline: list | None = None,
    sessions: list[str] | None = None,
    rate: float | None = None,
):
    """Voters pick an item, then vote up, down or withdraw; returns the latencies, the count
    of answered votes, errors, and the final state the voters expect.

    Without ``rate`` (closed loop) every voter votes again as soon as the last answer comes:
    the server's capacity, with as many votes waiting as there are voters. With ``rate``
    (open loop) votes arrive at random (Poisson) at that many a second from whichever voters
    are not waiting for an answer, as people on a site do; a vote's time counts from its
    arrival, so time spent waiting for a free voter or a slow server is in the latency.
    """
    import aiohttp

    rng = random.Random(seed)
    latencies: list[float] = []
    errors: dict[str, int] = {}
    # (voter, item) -> value after their last answered action; None: fate unknown.
    mine: dict[tuple[int, int], int | None] = {}
    deadline = time.monotonic() + seconds
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as session:

        def headers_for(index: int) -> dict:
            if sessions is None:
                return {"Authorization": f"Token {tokens[index]}", "Accept": "application/json"}
            return {  # as a signed-in page's vote script sends it
                "Accept": "application/json",
                "Cookie": f"sessionid={sessions[index]}; csrftoken={BENCH_CSRF}",
                "X-CSRFToken": BENCH_CSRF,
                "Origin": urls[index % len(urls)],
            }

        async def vote(index: int, started: float) -> None:
            item = rng.choice(items)
            current = mine.get((index, item), 0)
            choice = rng.choice([v for v in (1, -1, 0) if v != current])
            path = f"{urls[index % len(urls)]}/api/contributions/{item}/vote/"
            try:
                if choice == 0:
                    request = session.delete(path, headers=headers_for(index))
                else:
                    request = session.put(path, json={"value": choice}, headers=headers_for(index))
                async with request as response:
                    await response.read()
                    status = response.status
            except aiohttp.ClientError as error:
                errors[type(error).__name__] = errors.get(type(error).__name__, 0) + 1
                # Unknown whether it was stored: then only rows and counts are compared.
                mine[(index, item)] = None
                return
            latencies.append(time.perf_counter() - started)
            if timeline is not None:
                timeline.append((time.monotonic(), status))
            if status in (200, 201, 204):
                mine[(index, item)] = choice
            else:
                errors[str(status)] = errors.get(str(status), 0) + 1
                if status >= 500:  # stored or not: the answer cannot say
                    mine[(index, item)] = None

        async def voter(index: int) -> None:
            while time.monotonic() < deadline:
                await vote(index, time.perf_counter())

        async def arrivals() -> None:
            idle: asyncio.Queue[int] = asyncio.Queue()
            for index in rng.sample(range(len(tokens)), len(tokens)):
                idle.put_nowait(index)
            in_flight: set[asyncio.Task] = set()

            async def one(index: int, arrived: float) -> None:
                try:
                    await vote(index, arrived)
                finally:
                    idle.put_nowait(index)

            arrival = time.perf_counter()
            while time.monotonic() < deadline:
                arrival += rng.expovariate(rate)
                await asyncio.sleep(max(0.0, arrival - time.perf_counter()))
                index = await idle.get()  # one vote at a time per person
                task = asyncio.create_task(one(index, arrival))
                in_flight.add(task)
                task.add_done_callback(in_flight.discard)
            await asyncio.gather(*in_flight)

        clock = time.monotonic()
        if rate:
            await arrivals()
        else:
            await asyncio.gather(*(voter(i) for i in range(len(tokens))))
        elapsed = time.monotonic() - clock
    return latencies, elapsed, errors, mine


def sign_in(tokens: list[str]) -> list[str]:
    """A database session per voter (the tokens' people), as signing in on a page makes."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import transaction
    from rest_framework.authtoken.models import Token

    people = {t.key: t.user for t in Token.objects.filter(key__in=tokens).select_related("user")}
    keys = []
    with transaction.atomic():
        for token in tokens:
            person = people[token]
            session = SessionStore()
            session[SESSION_KEY] = str(person.pk)
            session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
            session[HASH_SESSION_KEY] = person.get_session_auth_hash()
            session.create()
            keys.append(session.session_key)
    return keys


def check_each_vote(tokens: list[str], mine: dict) -> list[str]:
    """Each voter's stored vote on each item against their last answered action (pairs whose
    fate is unknown are skipped): nothing lost, nothing doubled, nothing changed behind them."""
    from rest_framework.authtoken.models import Token

    from ideas.models import Vote

    user_of = dict(Token.objects.filter(key__in=tokens).values_list("key", "user_id"))
    stored: dict[tuple[int, int], list[int]] = {}
    for user_id, item, value in Vote.objects.filter(contribution__challenge__slug=SLUG).values_list(
        "voter__user_id", "contribution_id", "value"
    ):
        stored.setdefault((user_id, item), []).append(value)
    problems = [
        f"{pair}: {len(values)} votes" for pair, values in stored.items() if len(values) > 1
    ]
    for (index, item), value in mine.items():
        if value is None:
            continue
        found = stored.get((user_of[tokens[index]], item), [0])[0]
        if found != value:
            problems.append(f"voter {index} on {item}: stored {found}, last answered {value}")
    return problems


def check_outcome(tokens: list[str], mine: dict) -> list[str]:
    """Everything a vote run can check afterwards: counts against rows, rows against the
    voters' answered actions, and each voter's vote on each item."""
    expected, certain = expected_counts(mine)
    return check_counts(expected if certain else None) + check_each_vote(tokens, mine)


def expected_counts(mine: dict) -> tuple[dict[int, tuple[int, int]], bool]:
    counts: dict[int, list[int]] = {}
    certain = True
    for (_voter, item), value in mine.items():
        up_down = counts.setdefault(item, [0, 0])
        if value is None:
            certain = False
        elif value == 1:
            up_down[0] += 1
        elif value == -1:
            up_down[1] += 1
    return {item: (up, down) for item, (up, down) in counts.items()}, certain


async def cast_vote(session, url: str, item: int, token: str) -> int:
    """One up vote over the API; the answer's status."""
    async with session.put(
        f"{url}/api/contributions/{item}/vote/",
        json={"value": 1},
        headers={"Authorization": f"Token {token}"},
    ) as response:
        return response.status


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def run_votes(args) -> bool:
    items, tokens = fill(args.voters, args.items)
    sessions = sign_in(tokens) if args.auth == "session" else None
    servers = Servers(args.server, args.processes)
    try:
        asyncio.run(servers.ready(warm_up=2 if args.quick else 8))
        cpu_before, load_before = servers.cpu_seconds(), resource.getrusage(resource.RUSAGE_SELF)
        latencies, elapsed, errors, mine = asyncio.run(
            vote_load(
                servers.urls,
                items,
                tokens,
                args.seconds,
                args.seed,
                sessions=sessions,
                rate=args.rate,
            )
        )
        cpu_after, load_after = servers.cpu_seconds(), resource.getrusage(resource.RUSAGE_SELF)
    finally:
        servers.stop()
        if sessions:
            from django.contrib.sessions.models import Session

            Session.objects.filter(session_key__in=sessions).delete()
    problems = check_outcome(tokens, mine)
    rate = len(latencies) / elapsed
    p99 = percentile(latencies, 0.99) * 1000
    result = {
        "bench": "votes",
        "server": args.server,
        "auth": args.auth,
        "offered_rate": args.rate,
        "processes": args.processes,
        "voters": args.voters,
        "items": args.items,
        "seconds": round(elapsed, 1),
        "votes": len(latencies),
        "votes_per_second": round(rate, 1),
        "p50_ms": round(percentile(latencies, 0.5) * 1000, 1),
        "p90_ms": round(percentile(latencies, 0.9) * 1000, 1),
        "p99_ms": round(p99, 1),
        # CPU per answered vote: the web processes' (all threads), and this load generator's.
        # Unlike votes/s, these hardly change when other work shares the machine.
        "server_cpu_ms_per_vote": None
        if cpu_before is None or not latencies
        else round((cpu_after - cpu_before) * 1000 / len(latencies), 2),
        "client_cpu_ms_per_vote": round(
            (
                load_after.ru_utime
                + load_after.ru_stime
                - load_before.ru_utime
                - load_before.ru_stime
            )
            * 1000
            / max(1, len(latencies)),
            2,
        ),
        "load_average": round(os.getloadavg()[0], 1),
        "errors": errors,
        "counts_checked": len(items),
        "problems": problems[:10],
    }
    result["met"] = (
        rate >= TARGET_VOTES_PER_SECOND and p99 < TARGET_P99_MS and not problems and not errors
    )
    print(json.dumps(result), flush=True)
    return result["met"]


# --- fan-out ----------------------------------------------------------------------------------


async def fanout(url: str, item: int, token: str, clients: int) -> dict:
    import aiohttp
    import websockets

    ws_url = url.replace("http://", "ws://") + f"/ws/challenges/{SLUG}/"
    origin = url
    sockets = []
    for start in range(0, clients, 200):  # open in batches, as pages load over a few seconds
        batch = await asyncio.gather(
            *(
                websockets.connect(ws_url, origin=origin, open_timeout=60, max_queue=None)
                for _ in range(min(200, clients - start))
            )
        )
        sockets.extend(batch)
    await asyncio.sleep(1.0)  # every socket has joined its group
    arrived: list[float | None] = [None] * clients
    final: list[int | None] = [None] * clients

    async def listen(index: int, ws) -> None:
        try:
            async for raw in ws:
                message = json.loads(raw)
                if message.get("type") == "contribution.counts" and message.get("id") == item:
                    final[index] = message["up"]
                    if arrived[index] is None:
                        arrived[index] = time.perf_counter()
        except websockets.ConnectionClosed:
            pass

    listeners = [asyncio.create_task(listen(i, ws)) for i, ws in enumerate(sockets)]
    async with aiohttp.ClientSession() as session:
        sent = time.perf_counter()
        status = await cast_vote(session, url, item, token)
        assert status in (200, 201), status
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(a is None for a in arrived):
        await asyncio.sleep(0.05)
    for ws in sockets:
        await ws.close()
    for task in listeners:
        task.cancel()
    delays = [a - sent for a in arrived if a is not None]
    return {
        "bench": "fanout",
        "clients": clients,
        "reached": len(delays),
        "converged": sum(1 for value in final if value == 1),
        "p50_s": round(percentile(delays, 0.5), 3) if delays else None,
        "p99_s": round(percentile(delays, 0.99), 3) if delays else None,
        "max_s": round(max(delays), 3) if delays else None,
    }


def run_fanout(args) -> bool:
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    items, tokens = fill(len(args.clients) + 1, 1)
    ok = True
    servers = Servers("daphne", 1)
    try:
        asyncio.run(servers.ready(warm_up=2 if args.quick else 8))
        for index, clients in enumerate(args.clients):
            result = asyncio.run(fanout(servers.url, items[0], tokens[index], clients))
            result["met"] = (
                result["converged"] == clients
                and result["p99_s"] is not None
                and (clients > 1000 or result["p99_s"] < TARGET_FANOUT_P99_S)
            )
            ok &= result["met"]
            print(json.dumps(result), flush=True)
            # The next round's vote is by a new voter: the count grows by one each time.
            _reset_votes(items[0])
    finally:
        servers.stop()
    return ok


def _reset_votes(item: int) -> None:
    from ideas.models import Contribution, Vote

    Vote.objects.filter(contribution=item).delete()
    Contribution.objects.filter(pk=item).update(up_count=0, down_count=0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=["votes", "fanout", "all"])
    parser.add_argument("--server", choices=["daphne", "uvicorn"], default="daphne")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument(
        "--auth",
        choices=["token", "session"],
        default="token",
        help="Voters send an API token, or a session cookie and CSRF token as pages do.",
    )
    parser.add_argument(
        "--rate",
        type=float,
        help="Votes arrive at this many a second (open loop); without it every voter votes "
        "again as soon as answered (closed loop, the server's capacity).",
    )
    parser.add_argument("--voters", type=int, default=400)
    parser.add_argument("--items", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--clients", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--quick", action="store_true", help="Short runs, for CI.")
    args = parser.parse_args()
    _setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        print("run this on PostgreSQL (DATABASE_URL)", file=sys.stderr)
        return 2
    if args.quick:
        args.seconds, args.voters, args.clients = 5, 40, [100]
    ok = True
    try:
        if args.what == "votes":
            ok &= run_votes(args)
        if args.what == "all":
            for run in ALL_VOTE_RUNS:
                if args.quick:
                    run = {**run, "voters": min(run["voters"], args.voters)}
                ok &= run_votes(argparse.Namespace(**{**vars(args), **run}))
        if args.what in ("fanout", "all"):
            ok &= run_fanout(args)
    finally:
        clear()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
