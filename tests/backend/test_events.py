"""The live-update publisher hands its work to its own thread: a vote's answer does not wait
for Redis or for the figures to be read."""

import threading
import time

from backend import events


def test_a_change_is_announced_without_the_request_waiting_for_it():
    building, release = threading.Event(), threading.Event()
    sent = []

    def build():
        building.set()
        release.wait(5)
        sent.append(True)
        return None  # nothing to send

    coalescer = events.Coalescer()
    started = time.perf_counter()
    coalescer.submit(f"test:{time.time_ns()}", "test-group", build)
    assert time.perf_counter() - started < 0.5
    assert building.wait(5), "the publisher thread never built the message"
    assert sent == []
    release.set()
    coalescer.wait()
    assert sent == [True]


def test_a_failing_message_is_logged_and_the_publisher_goes_on(caplog):
    coalescer = events.Coalescer()
    done = []

    def broken():
        raise RuntimeError("the figures could not be read")

    coalescer.submit(f"test:broken:{time.time_ns()}", "test-group", broken)
    coalescer.submit(f"test:fine:{time.time_ns()}", "test-group", lambda: done.append(1))
    coalescer.wait()
    assert done == [1]
    assert "failed" in caplog.text


def test_past_the_backlog_limit_messages_are_dropped_with_a_warning(caplog):
    coalescer = events.Coalescer()
    coalescer.MAX_BACKLOG = 0  # Redis so slow that the queue is full
    built = []
    coalescer.submit(f"test:full:{time.time_ns()}", "test-group", lambda: built.append(1))
    coalescer.wait()
    assert built == []
    assert "dropped" in caplog.text
