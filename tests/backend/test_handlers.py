"""The web processes' HTTP handler: Django's views on a fixed set of reused threads."""

import asyncio
import threading
import time

import pytest
from asgiref.sync import async_to_sync
from django.http import HttpResponse
from django.urls import path

from backend.handlers import ThreadPoolASGIHandler
from tests.asgi import asgi_request

_running = {"now": 0, "most": 0}
_running_lock = threading.Lock()


def where(request):
    return HttpResponse(threading.current_thread().name)


def slow(request):
    with _running_lock:
        _running["now"] += 1
        _running["most"] = max(_running["most"], _running["now"])
    time.sleep(0.1)
    with _running_lock:
        _running["now"] -= 1
    return HttpResponse("done")


def broken(request):
    raise RuntimeError("a bug in a view")


urlpatterns = [path("where/", where), path("slow/", slow), path("broken/", broken)]


@pytest.fixture(autouse=True)
def _urls(settings):
    settings.ROOT_URLCONF = __name__
    _running.update(now=0, most=0)


async def _get(application, url: str) -> tuple[int, bytes]:
    status, _headers, body = await asgi_request(application, "GET", url)
    return status, body


def test_views_run_on_the_same_few_threads_request_after_request():
    handler = ThreadPoolASGIHandler(threads=2)

    async def requests():
        return [await _get(handler, "/where/") for _ in range(6)]

    answers = async_to_sync(requests)()
    assert all(status == 200 for status, _ in answers)
    threads = {body.decode() for _, body in answers}
    assert len(threads) <= 2 and all(name.startswith("web-") for name in threads), threads


def test_requests_beyond_the_threads_wait_for_one_instead_of_failing():
    handler = ThreadPoolASGIHandler(threads=2)

    async def requests():
        return await asyncio.gather(*(_get(handler, "/slow/") for _ in range(6)))

    answers = async_to_sync(requests)()
    assert answers == [(200, b"done")] * 6
    assert _running["most"] == 2


def test_an_error_in_a_view_is_a_500_and_the_thread_serves_the_next_request():
    handler = ThreadPoolASGIHandler(threads=1)

    async def requests():
        return [await _get(handler, url) for url in ("/broken/", "/where/")]

    (failed, _), (status, _) = async_to_sync(requests)()
    assert (failed, status) == (500, 200)
