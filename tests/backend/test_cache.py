"""The Redis cache: one client per process, and the rate limits' counting window."""

import pytest
from asgiref.sync import async_to_sync
from django.conf import settings
from django.core.cache import cache, caches

from backend.cache import SharedRedisCache

pytestmark = pytest.mark.skipif(
    not settings.REDIS_URL, reason="needs Redis (REDIS_URL), as in CI and production"
)


def test_every_cache_object_in_a_process_shares_one_client_and_connection_pool():
    # Django makes a cache object per thread and per request context under ASGI.
    first, second = caches.create_connection("default"), caches.create_connection("default")
    assert isinstance(first, SharedRedisCache) and first is not second
    assert first._cache is second._cache
    assert first._cache.get_client(write=True) is second._cache.get_client(write=True)


def test_the_counting_window_counts_and_expires():
    key = "test:count-in-window"
    cache.delete(key)
    assert [cache.count_in_window(key, 60) for _ in range(3)] == [1, 2, 3]
    client = cache._cache.get_client(write=True)
    assert 0 < client.ttl(cache.make_key(key)) <= 60
    cache.delete(key)


def test_the_event_loop_counts_in_the_same_window_as_the_threads():
    key = "test:count-in-window-async"
    cache.delete(key)
    assert cache.count_in_window(key, 30) == 1

    async def counts():
        return [await caches["default"].acount_in_window(key, 30) for _ in range(2)]

    assert async_to_sync(counts)() == [2, 3]
    assert cache.count_in_window(key, 30) == 4
    client = cache._cache.get_client(write=True)
    assert 0 < client.ttl(cache.make_key(key)) <= 30
    cache.delete(key)
