"""Plain votes, answered on the event loop without Django's request cycle.

A vote is the platform's most frequent write. Through Django, DRF and the ORM it cost about
22 ms of CPU on the 2-core bench machine, of which an authenticated DRF request that does
nothing at all is about 8 ms (bench/README.md, "Votes under load"). This ASGI layer sits in
front of Django and answers the common case itself, in one process's event loop, with one
read, the rate limit, and the vote's own writes.

What it answers: ``PUT`` (body ``{"value": 1 | -1}`` as JSON) and ``DELETE`` on
``/api/contributions/<id>/vote/`` and ``/api/comments/<id>/vote/``, on PostgreSQL, from a
person who already has a participant in that challenge, authenticated either by
``Authorization: Token …`` (apps, integrations, the load benchmark) or by the session cookie
with DRF's own CSRF check (the pages' vote buttons, ``frontend/src/votes.mjs``); the
session is read as Django's database sessions store it and checked as
``django.contrib.auth.get_user`` checks it. It asks the service's own questions on the rows it read
(``services.vote_check``, ``services.require_not_sanctioned``, ``arate_limit_check`` on the
shared counter), writes through ``services.vote_store_steps`` and announces through
``services.vote_announce``, so there is one definition of a vote.

Everything else goes to Django unchanged, the body replayed: other requests, a first vote
in a challenge (a participant and pseudonym to create), bad input, every refusal (so the
error messages, 404s and 429s have one home), and any database or Redis error (Django then
answers 503, or succeeds). A vote sets a value rather than adding one, so a request handed
over after a failed attempt cannot be counted twice.
"""

from __future__ import annotations

import asyncio
import functools
import io
import json
import logging
import re
import weakref
from typing import NamedTuple

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.handlers.asgi import ASGIRequest
from django.db import connections
from django.http.cookie import parse_cookie
from django.http.request import split_domain_port, validate_host
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.csp import CSP, build_policy
from psycopg_pool import AsyncConnectionPool
from rest_framework.authentication import SessionAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import PermissionDenied

from accounts.models import User
from ideas import services, signals
from ideas.errors import ServiceError
from ideas.models import Challenge, Comment, Contribution, Participant, Status, Vote
from ideas.ratelimit import arate_limit_check
from ideas.sql import column, table

logger = logging.getLogger(__name__)

PATH = re.compile(r"/api/(contributions|comments)/([1-9][0-9]{0,17})/vote/")
TOKEN = re.compile(rb"[Tt][Oo][Kk][Ee][Nn] ([0-9a-f]{40})")  # DRF: any case of "Token"
MAX_BODY = 1024  # a vote is a dozen bytes; anything longer is Django's to judge
POOL_TIMEOUT_SECONDS = 5


class HandOver(Exception):
    """This request is Django's to answer."""


class FastVotes:
    """ASGI middleware: answer plain votes here, pass everything else to ``inner``."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self._pools: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        self._headers: list[tuple[bytes, bytes]] | None = None

    @staticmethod
    def enabled() -> bool:
        # From settings, not ``connections``: that would make a database wrapper per request.
        return settings.FAST_VOTES and settings.DATABASES["default"]["ENGINE"].endswith(
            ".postgresql"
        )

    async def __call__(self, scope, receive, send) -> None:
        match = self._candidate(scope)
        if match is None:
            return await self.inner(scope, receive, send)
        body, complete = await _read_body(receive)
        if complete:
            try:
                answer = await self.vote(scope, match, body)
            except HandOver:
                pass
            except Exception as error:  # Django answers it (503 if the database is down)
                logger.warning("Vote handed to Django after %s: %s", type(error).__name__, error)
            else:
                return await self._respond(scope, send, answer)
        await self.inner(scope, _replay(body, complete, receive), send)

    # --- which requests ---------------------------------------------------------------------

    def _candidate(self, scope) -> tuple[str, int, Credential] | None:
        if scope["type"] != "http" or scope["method"] not in ("PUT", "DELETE"):
            return None
        match = PATH.fullmatch(scope["path"])
        if match is None or scope.get("query_string") or not self.enabled():
            return None
        authorization = host = cookies = None
        for name, value in scope["headers"]:
            if name == b"authorization":
                authorization = value
            elif name == b"host":
                host = value.decode("latin-1")
            elif name == b"cookie":
                text = value.decode("latin-1")
                cookies = text if cookies is None else f"{cookies}; {text}"
            elif name == b"x-forwarded-host" and settings.USE_X_FORWARDED_HOST:
                return None
        if not _host_allowed(host) or (settings.SECURE_SSL_REDIRECT and not _secure(scope)):
            return None  # Django refuses the host, or redirects to HTTPS
        session_key = parse_cookie(cookies).get(settings.SESSION_COOKIE_NAME) if cookies else None
        if authorization is not None:
            found = TOKEN.fullmatch(authorization)
            if found is None or session_key is not None:
                return None  # DRF tries the session first, then the token: its call
            credential = Credential("token", found.group(1).decode())
        elif session_key and _sessions_readable():
            credential = Credential("session", session_key)
        else:
            return None
        return match.group(1), int(match.group(2)), credential

    # --- the vote ---------------------------------------------------------------------------

    async def vote(self, scope, match: tuple[str, int, Credential], body: bytes) -> dict:
        kind, pk, credential = match
        value = 0 if scope["method"] == "DELETE" else _value(scope, body)
        if credential.kind == "session":
            _check_csrf(scope, body)
        pool = await self._pool()
        async with pool.connection(timeout=POOL_TIMEOUT_SECONDS) as connection:
            if credential.kind == "session":
                session = await _session(connection, credential.value)
                who = _user_id(session)
            else:
                session, who = None, credential.value
            cursor = await connection.execute(_context_statement(kind, credential.kind), [pk, who])
            row = await cursor.fetchone()
            if row is None:
                raise HandOver  # no such token, person or item: Django says which
            user, item, voter = _objects(kind, row)
            if session is not None:
                _check_session(session, user)
            try:
                challenge = services.vote_check(user=user, item=item)
                if value:
                    services.require_not_sanctioned(voter, posting=False)
                    await arate_limit_check(
                        action="vote",
                        participant_id=voter.pk,
                        limit=challenge.votes_per_minute,
                        window_seconds=services.VOTE_WINDOW_SECONDS,
                    )
            except ServiceError:
                raise HandOver from None
            steps = services.vote_store_steps(
                voter_id=voter.pk, item=item, value=value, now=timezone.now()
            )
            # (psycopg's pipeline mode, to send BEGIN and COMMIT with the statements, was
            # measured: it nearly doubled the CPU a vote costs.)
            async with connection.transaction():
                previous, up, down = await _run_steps(steps, connection)
        if previous != value:  # after the commit above, as the service's on_commit does
            signals.vote_changed.send(sender=Vote, **services.vote_changed_ids(item))
        return {"up_count": up, "down_count": down, "my_vote": value}

    async def _pool(self) -> AsyncConnectionPool:
        """This event loop's connection pool (psycopg's async connections belong to one)."""
        loop = asyncio.get_running_loop()
        pool = self._pools.get(loop)
        if pool is None:
            params = connections["default"].get_connection_params()
            params.pop("cursor_factory", None)  # Django's, for its own sync connections
            params["autocommit"] = True  # the writes run in an explicit transaction
            pool = AsyncConnectionPool(
                kwargs=params,
                min_size=1,
                max_size=settings.FAST_VOTES_POOL_MAX,
                timeout=POOL_TIMEOUT_SECONDS,
                open=False,
                name="fast-votes",
            )
            self._pools[loop] = pool
        await pool.open()  # at once if it is open; connections are made in the background
        return pool

    async def close(self) -> None:
        """Close this loop's pool: at the server's shutdown, and in tests."""
        pool = self._pools.pop(asyncio.get_running_loop(), None)
        if pool is not None:
            await pool.close()

    async def lifespan(self, scope, receive, send) -> None:
        """ASGI lifespan (uvicorn; daphne has none): the pool closes with the server, so a
        server stopped inside a process (the browser tests') leaves no connection open."""
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await self.close()
                await send({"type": "lifespan.shutdown.complete"})
                return

    # --- the answer -------------------------------------------------------------------------

    async def _respond(self, scope, send, answer: dict) -> None:
        content = json.dumps(answer, separators=(",", ":")).encode()
        headers = [*self._static_headers(), (b"content-length", str(len(content)).encode())]
        if settings.SECURE_HSTS_SECONDS and _secure(scope):
            headers.append((b"strict-transport-security", _hsts().encode()))
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": content})

    def _static_headers(self) -> list[tuple[bytes, bytes]]:
        """The headers Django's answer to the same vote carries (tests/ideas/
        test_fast_votes.py compares them), less those that vary per answer."""
        if self._headers is None:
            headers = {
                "content-type": "application/json",
                "vary": "Accept, Cookie",
                "allow": "PUT, DELETE, OPTIONS",
                "x-frame-options": settings.X_FRAME_OPTIONS,
            }
            if settings.SECURE_CONTENT_TYPE_NOSNIFF:
                headers["x-content-type-options"] = "nosniff"
            if settings.SECURE_REFERRER_POLICY:
                headers["referrer-policy"] = settings.SECURE_REFERRER_POLICY
            if settings.SECURE_CROSS_ORIGIN_OPENER_POLICY:
                headers["cross-origin-opener-policy"] = settings.SECURE_CROSS_ORIGIN_OPENER_POLICY
            for header, config in (
                (CSP.HEADER_ENFORCE, settings.SECURE_CSP),
                (CSP.HEADER_REPORT_ONLY, settings.SECURE_CSP_REPORT_ONLY),
            ):
                if config:  # as ContentSecurityPolicyMiddleware adds them (no nonce asked for)
                    headers[str(header).lower()] = build_policy(config)
            self._headers = [(name.encode(), value.encode()) for name, value in headers.items()]
        return self._headers


# --- helpers ------------------------------------------------------------------------------


class Credential(NamedTuple):
    kind: str  # "token" or "session"
    value: str


def _sessions_readable() -> bool:
    """Sessions kept in the database and not saved on every request: a vote only reads one."""
    return (
        settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
        and not settings.SESSION_SAVE_EVERY_REQUEST
    )


def _check_csrf(scope, body: bytes) -> None:
    """DRF's own CSRF check for session-authenticated API requests, on Django's request."""
    request = ASGIRequest(scope, io.BytesIO(body))
    try:
        SessionAuthentication().enforce_csrf(request)
    except PermissionDenied:
        raise HandOver from None  # Django refuses it, in its words


async def _session(connection, session_key: str) -> dict:
    """The session's data, as ``SessionStore.load`` reads it (unexpired, decoded)."""
    cursor = await connection.execute(_session_statement(), [session_key, timezone.now()])
    row = await cursor.fetchone()
    if row is None:
        raise HandOver  # expired or unknown: an anonymous visitor to Django
    return SessionStore(session_key).decode(row[0])


@functools.cache
def _session_statement() -> str:
    return (
        f"SELECT {column(Session, 'session_data')} FROM {table(Session)} "  # noqa: S608
        f"WHERE {column(Session, 'session_key')} = %s AND {column(Session, 'expire_date')} > %s"
    )


def _user_id(session: dict) -> int:
    try:
        return User._meta.pk.to_python(session[SESSION_KEY])
    except (KeyError, ValidationError):
        raise HandOver from None  # signed out, or not a session we understand


def _check_session(session: dict, user: User) -> None:
    """What ``django.contrib.auth.get_user`` checks: a backend in use and the session's
    password hash (a fallback key's match, which Django rewrites, is Django's)."""
    if session.get(BACKEND_SESSION_KEY) not in settings.AUTHENTICATION_BACKENDS:
        raise HandOver
    if not constant_time_compare(session.get(HASH_SESSION_KEY, ""), user.get_session_auth_hash()):
        raise HandOver


async def _read_body(receive) -> tuple[bytes, bool]:
    """The request body, up to ``MAX_BODY`` bytes; (what was read, whether that is all)."""
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] != "http.request":  # the client went away
            return b"".join(chunks), False
        chunk = message.get("body", b"")
        chunks.append(chunk)
        size += len(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks), True
        if size > MAX_BODY:
            return b"".join(chunks), False


def _replay(body: bytes, complete: bool, receive):
    """``receive`` as if nothing had been read: the part read so far comes first."""
    sent = False

    async def replayed():
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": not complete}
        return await receive()

    return replayed


def _value(scope, body: bytes) -> int:
    headers = dict(scope["headers"])
    content_type = headers.get(b"content-type", b"")
    if content_type.split(b";")[0].strip().lower() != b"application/json":
        raise HandOver  # forms and the like: DRF's parsers
    if headers.get(b"content-length", b"").strip() in (b"", b"0"):
        raise HandOver  # DRF reads no body without a length (chunked uploads)
    try:
        payload = json.loads(body)
    except ValueError:
        raise HandOver from None
    value = payload.get("value") if isinstance(payload, dict) else None
    if type(value) is not int or value not in (1, -1):
        raise HandOver  # DRF reads "1" as 1, and words the errors
    return value


def _host_allowed(host: str | None) -> bool:
    if not host:
        return False
    domain, _port = split_domain_port(host)
    allowed = settings.ALLOWED_HOSTS
    if settings.DEBUG and not allowed:
        allowed = [".localhost", "127.0.0.1", "[::1]"]
    return bool(domain) and validate_host(domain, allowed)


def _secure(scope) -> bool:
    """``request.is_secure()``: HTTPS here, or as the trusted proxy's header says."""
    if settings.SECURE_PROXY_SSL_HEADER:
        header, expected = settings.SECURE_PROXY_SSL_HEADER
        name = header.removeprefix("HTTP_").lower().replace("_", "-").encode()
        for found, value in scope["headers"]:
            if found == name:
                return value.decode("latin-1").split(",")[0].strip() == expected
    return scope.get("scheme") == "https"


def _hsts() -> str:
    """The Strict-Transport-Security header SecurityMiddleware adds to secure answers."""
    header = f"max-age={settings.SECURE_HSTS_SECONDS}"
    if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS:
        header += "; includeSubDomains"
    if settings.SECURE_HSTS_PRELOAD:
        header += "; preload"
    return header


async def _run_steps(steps, connection) -> tuple:
    """``services.run_steps`` on an async psycopg connection."""
    cursor = connection.cursor()
    try:
        step = next(steps)
        while True:
            await cursor.execute(step.statement, step.params)
            step = steps.send(await cursor.fetchone() if step.returns_row else None)
    except StopIteration as done:
        return done.value


def _objects(kind: str, row) -> tuple[User, Contribution | Comment, Participant]:
    """Unsaved model instances carrying what ``services.vote_check`` and the writes read."""
    (
        user_id,
        user_active,
        email_verified,
        password,
        item_id,
        item_status,
        item_created,
        author_user,
        contribution_id,
        contribution_status,
        challenge_id,
        phase,
        opens_at,
        closes_at,
        votes_per_minute,
        voter_id,
        muted_until,
        suspended_until,
    ) = row
    if voter_id is None:
        raise HandOver  # a first vote here: the service creates the participant
    user = User(id=user_id, is_active=user_active, email_verified=email_verified, password=password)
    if not user.is_active:
        raise HandOver  # DRF refuses the token
    challenge = Challenge(
        id=challenge_id,
        phase=phase,
        opens_at=opens_at,
        closes_at=closes_at,
        votes_per_minute=votes_per_minute,
    )
    author = Participant(user_id=author_user)
    contribution = Contribution(id=contribution_id, status=contribution_status, challenge=challenge)
    if kind == "contributions":
        contribution.author, contribution.created_at = author, item_created
        item = contribution
    else:
        if contribution_status != Status.PUBLISHED:
            raise HandOver  # the comment is not public (selectors.comment_get_public)
        item = Comment(id=item_id, status=item_status, contribution=contribution, author=author)
    voter = Participant(
        id=voter_id, muted_until=muted_until, suspended_until=suspended_until, user=user
    )
    return user, item, voter


@functools.cache
def _context_statement(kind: str, by: str) -> str:
    """One query for everything a vote checks: the person (``by`` their API token or their
    id), the item, its challenge, its author and the person's participant there (row order
    as ``_objects`` reads it)."""
    model = Contribution if kind == "contributions" else Comment
    source = "i" if model is Contribution else "c"  # the item, or the comment's contribution
    joins = ""
    if model is Comment:
        joins = (
            f"JOIN {table(Contribution)} c ON {column(Contribution, 'id', 'c')} = "
            f"{column(Comment, 'contribution', 'i')} "
        )
    selected = ", ".join(
        column(owner, name, alias)
        for alias, owner, names in (
            ("u", User, ["id", "is_active", "email_verified", "password"]),
            ("i", model, ["id", "status", "created_at"]),
            ("a", Participant, ["user"]),
            (source, Contribution, ["id", "status"]),
            ("ch", Challenge, ["id", "phase", "opens_at", "closes_at", "votes_per_minute"]),
            ("p", Participant, ["id", "muted_until", "suspended_until"]),
        )
        for name in names
    )
    person = (
        f"{table(Token)} t JOIN {table(User)} u ON {column(User, 'id', 'u')} = "
        f"{column(Token, 'user', 't')} "
        if by == "token"
        else f"{table(User)} u "
    )
    who = column(Token, "key", "t") if by == "token" else column(User, "id", "u")
    return (
        f"SELECT {selected} FROM {person}"  # noqa: S608 - the models' own names
        f"JOIN {table(model)} i ON {column(model, 'id', 'i')} = %s "
        f"{joins}"
        f"JOIN {table(Challenge)} ch ON {column(Challenge, 'id', 'ch')} = "
        f"{column(Contribution, 'challenge', source)} "
        f"JOIN {table(Participant)} a ON {column(Participant, 'id', 'a')} = "
        f"{column(model, 'author', 'i')} "
        f"LEFT JOIN {table(Participant)} p ON {column(Participant, 'challenge', 'p')} = "
        f"{column(Challenge, 'id', 'ch')} AND {column(Participant, 'user', 'p')} = "
        f"{column(User, 'id', 'u')} "
        f"WHERE {who} = %s"
    )
