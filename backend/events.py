"""The event publisher: after a change commits, tell the pages that are open on it.

The apps send signals after their transactions commit (``ideas.signals``,
``moderation.signals``, ``analysis.signals``); the receivers here turn them into messages on
the channel layer, and the websocket consumers (``frontend.consumers``) only forward them.

Every message is JSON with a ``type`` and the item's public id, and carries absolute figures
read from the database when it is sent, never deltas: a lost message does no lasting harm and
the next one repairs it. Messages about one item are coalesced: the first change sends at
once, later changes within the window (one second) send once more at its end, with the
figures as they are then. The window is shared by every web process through the cache.

Nothing here may break a request: when the channel layer or the cache is down, the message is
dropped with a warning and pages catch up when they reconnect.
"""

from __future__ import annotations

import asyncio
import atexit
import logging
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import SyncToAsync, async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.cache import cache
from django.db import connection

logger = logging.getLogger(__name__)

EVENT_TYPE = "live.event"  # the consumers' handler: live_event


def challenge_group(challenge_id: int) -> str:
    return f"challenge-{challenge_id}"


def moderation_group(challenge_id: int) -> str:
    return f"moderation-{challenge_id}"


def run_group(run_id: int) -> str:
    return f"analysis-run-{run_id}"


def window_seconds() -> float:
    return float(getattr(settings, "LIVE_EVENT_WINDOW_SECONDS", 1.0))


def send(group: str, payload: dict | None) -> bool:
    """Put one message on the channel layer; False (and a warning) if it could not."""
    if payload is None:
        return False
    try:
        async_to_sync(get_channel_layer().group_send)(
            group, {"type": EVENT_TYPE, "payload": payload}
        )
    except Exception:  # Redis down or full: the page catches up on reconnect
        logger.warning("Live update to %s not sent", group, exc_info=True)
        return False
    return True


def _server_loop() -> asyncio.AbstractEventLoop | None:
    """The event loop of the server this thread works for (daphne, uvicorn, a test's), if
    any: request threads are started by asgiref's ``sync_to_async``, which records it; or the
    loop running this thread (``ideas.fast_votes`` announces votes from it)."""
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        pass
    loop = getattr(SyncToAsync.threadlocal, "main_event_loop", None)
    pid = getattr(SyncToAsync.threadlocal, "main_event_loop_pid", None)
    return loop if loop is not None and pid == os.getpid() else None


def _send_on(loop: asyncio.AbstractEventLoop | None, group: str, payload: dict | None) -> None:
    """Send without waiting: on the server's event loop when there is one (where its
    sockets and channel-layer connections live), else in a loop of our own."""
    if payload is None:
        return
    message = {"type": EVENT_TYPE, "payload": payload}
    try:
        layer = get_channel_layer()
        if loop is None or loop.is_closed():
            async_to_sync(layer.group_send)(group, message)
            return
        sent = asyncio.run_coroutine_threadsafe(layer.group_send(group, message), loop)
    except Exception:  # Redis down or full, or the server stopping: pages catch up later
        logger.warning("Live update to %s not sent", group, exc_info=True)
        return

    def check(future) -> None:
        if not future.cancelled() and future.exception() is not None:
            logger.warning("Live update to %s not sent", group, exc_info=future.exception())

    sent.add_done_callback(check)


class Coalescer:
    """At most one message per key per window: the first at once, the rest folded into one
    at the window's end. ``build`` reads the figures when the message is actually sent.

    ``submit`` returns at once: it is called after a request's transaction commits, and the
    person waiting for the answer should not also wait for Redis and a read of the figures.
    One publisher thread per process claims the window, reads the figures and hands the
    message to the server's event loop. When Redis is slow and the backlog passes
    ``MAX_BACKLOG``, messages are dropped with a warning (pages catch up on reconnect).
    """

    MAX_BACKLOG = 10_000

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: dict[str, threading.Timer] = {}
        self._publisher = ThreadPoolExecutor(max_workers=1, thread_name_prefix="live-updates")
        self._backlog = 0

    def _claim(self, key: str) -> bool:
        """True if nothing was sent for ``key`` within the window (by any process)."""
        try:
            return bool(cache.add(f"live:{key}", 1, timeout=max(1, round(window_seconds()))))
        except Exception:  # no shared cache: coalesce within this process only
            return True

    def submit(self, key: str, group: str, build: Callable[[], dict | None]) -> None:
        with self._lock:
            if key in self._pending:
                return  # the pending send will read the newest figures
        self._enqueue(self._publish, key, group, build, _server_loop())

    def _enqueue(self, work: Callable, key: str, *args) -> None:
        with self._lock:
            if self._backlog >= self.MAX_BACKLOG:
                logger.warning("Live update %s dropped: %d waiting", key, self._backlog)
                self._pending.pop(key, None)  # the next change may try again
                return
            self._backlog += 1
        try:
            self._publisher.submit(self._run, work, key, *args)
        except RuntimeError:  # the interpreter is shutting down
            with self._lock:
                self._backlog -= 1
                self._pending.pop(key, None)

    def _run(self, work: Callable, key: str, *args) -> None:
        try:
            work(key, *args)
        except Exception:
            logger.exception("Live update %s failed", key)
            with self._lock:
                self._pending.pop(key, None)
        finally:
            with self._lock:
                self._backlog -= 1
            connection.close()  # back to the pool between messages

    def _publish(self, key: str, group: str, build: Callable, loop) -> None:
        if self._claim(key):
            _send_on(loop, group, build())
            return
        with self._lock:
            if key not in self._pending:
                self._schedule(key, group, build, loop)

    def _schedule(self, key: str, group: str, build: Callable, loop) -> None:
        """A send at the window's end (call with the lock held)."""
        timer = threading.Timer(
            window_seconds(), self._enqueue, args=(self._fire, key, group, build, loop)
        )
        timer.daemon = True
        try:
            timer.start()
        except RuntimeError:  # the interpreter is shutting down: pages catch up on reconnect
            return
        self._pending[key] = timer

    def _fire(self, key: str, group: str, build: Callable, loop) -> None:
        if not self._claim(key):
            # Another process sent within the window: try again at its end, so the last
            # change is never left unsent.
            with self._lock:
                self._schedule(key, group, build, loop)
            return
        with self._lock:
            self._pending.pop(key, None)
        _send_on(loop, group, build())

    def wait(self, timeout: float = 5.0) -> None:
        """Wait until nothing is waiting to be sent (tests, and a clean shutdown)."""
        for _ in range(max(1, int(timeout / 0.05))):
            with self._lock:
                timers = list(self._pending.values())
                busy = self._backlog > 0
            if not timers and not busy:
                return
            for timer in timers:
                timer.join(timeout=0.05)
            if not timers:
                time.sleep(0.01)


coalescer = Coalescer()
# A command that changed something (say an analysis run) sends its last messages on exit.
atexit.register(coalescer.wait, timeout=3.0)


# --- what the messages say ---------------------------------------------------------------


def contribution_message(challenge_id: int, contribution_id: int) -> dict:
    """Current public figures of a contribution, or that it is gone from public view."""
    from ideas.selectors import live_states

    return live_states(challenge_id=challenge_id, contribution_ids=[contribution_id])[0]


def comment_message(challenge_id: int, comment_id: int) -> dict:
    from ideas.selectors import live_states

    return live_states(challenge_id=challenge_id, comment_ids=[comment_id])[0]


def queue_message(challenge_id: int) -> dict:
    from moderation.selectors import open_case_counts

    return {"type": "queue.changed", "id": challenge_id, "open": open_case_counts(challenge_id)}


def run_message(run_id: int) -> dict | None:
    from analysis.models import AnalysisRun

    row = (
        AnalysisRun.objects.filter(pk=run_id)
        .values("id", "status", "progress", "step", "error")
        .first()
    )
    if row is None:
        return None
    return {
        "type": "run.progress",
        "id": row["id"],
        "status": row["status"],
        "progress": row["progress"],
        "step": row["step"],
        "error": row["error"],
    }


# --- receivers (connected in backend.apps) --------------------------------------------------


def _contribution_counts(challenge_id: int, contribution_id: int) -> None:
    coalescer.submit(
        f"contribution:{contribution_id}",
        challenge_group(challenge_id),
        lambda: contribution_message(challenge_id, contribution_id),
    )


def _comment_counts(challenge_id: int, comment_id: int) -> None:
    coalescer.submit(
        f"comment:{comment_id}",
        challenge_group(challenge_id),
        lambda: comment_message(challenge_id, comment_id),
    )


def on_contribution_changed(sender, *, challenge_id: int, contribution_id: int, **kwargs):
    from ideas.models import Contribution, Status

    if kwargs.get("created"):
        status = Contribution.objects.filter(pk=contribution_id).values_list("status", flat=True)
        if status.first() == Status.PUBLISHED:  # held posts are nobody's news yet
            send(challenge_group(challenge_id), {"type": "contribution.new", "id": contribution_id})
        return
    _contribution_counts(challenge_id, contribution_id)


def on_comment_changed(sender, *, challenge_id: int, contribution_id: int, comment_id, **kwargs):
    _contribution_counts(challenge_id, contribution_id)
    if comment_id is not None:
        _comment_counts(challenge_id, comment_id)


def on_vote_changed(sender, *, challenge_id: int, contribution_id=None, comment_id=None, **kw):
    if comment_id is not None:
        _comment_counts(challenge_id, comment_id)
    elif contribution_id is not None:
        _contribution_counts(challenge_id, contribution_id)


def on_queue_changed(sender, *, challenge_id: int, **kwargs):
    coalescer.submit(
        f"queue:{challenge_id}", moderation_group(challenge_id), lambda: queue_message(challenge_id)
    )


def on_run_progressed(sender, *, run_id: int, **kwargs):
    coalescer.submit(f"run:{run_id}", run_group(run_id), lambda: run_message(run_id))
