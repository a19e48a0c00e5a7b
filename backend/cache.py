"""Django's Redis cache with one connection pool per process, and a counting window.

Django keeps a cache object per thread and per async context, and its ``RedisCache`` gives
each object its own client with its own connection pool (Django ticket #35651). Under ASGI
that meant a new TCP connection to Redis for every request, and redis-py reads its own
package metadata each time a client is made. Here every cache object of a process shares
one client per server (redis-py's pools and clients are thread-safe).
"""

from __future__ import annotations

import asyncio
import threading
import weakref

import redis.asyncio
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis import DriverInfo

_clients: dict[tuple, RedisCacheClient] = {}
_clients_lock = threading.Lock()


class SharedRedisCacheClient(RedisCacheClient):
    """One redis-py client per pool, made once instead of once per command."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._redis_clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._redis_clients.get(id(pool))
        if client is None:
            client = self._redis_clients.setdefault(id(pool), self._client(connection_pool=pool))
        return client

    def count_in_window(self, key: str, timeout: int) -> int:
        """Add one to ``key``, starting it (with ``timeout`` seconds to live) if it is not
        there, and return the new count: one round trip, atomic (MULTI/EXEC)."""
        pipeline = self.get_client(key, write=True).pipeline(transaction=True)
        pipeline.set(key, 0, ex=timeout, nx=True)
        pipeline.incr(key)
        return int(pipeline.execute()[1])


class SharedRedisCache(RedisCache):
    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = SharedRedisCacheClient

    @property
    def _cache(self) -> SharedRedisCacheClient:
        key = (tuple(self._servers), repr(sorted(self._options.items())))
        client = _clients.get(key)
        if client is None:
            with _clients_lock:
                client = _clients.get(key)
                if client is None:
                    client = _clients[key] = self._class(self._servers, **self._options)
        return client

    def count_in_window(self, key: str, timeout: int, version=None) -> int:
        """See ``SharedRedisCacheClient.count_in_window`` (used by ``ideas.ratelimit``)."""
        key = self.make_and_validate_key(key, version=version)
        return self._cache.count_in_window(key, timeout)

    async def acount_in_window(self, key: str, timeout: int, version=None) -> int:
        """``count_in_window`` with redis-py's asyncio client, on the running event loop: the
        same key and the same MULTI, so both count in one window."""
        key = self.make_and_validate_key(key, version=version)
        async with _async_client(self._servers[0]).pipeline(transaction=True) as pipeline:
            pipeline.set(key, 0, ex=timeout, nx=True)
            pipeline.incr(key)
            result = await pipeline.execute()
        return int(result[1])


# asyncio clients are bound to the loop that made their connections: one per loop and server.
_async_clients: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_DRIVER_INFO = DriverInfo()  # read redis-py's package metadata once, not per connection
ASYNC_TIMEOUT_SECONDS = 2  # a stalled Redis fails open (ideas.ratelimit) rather than hang


def _async_client(server: str):
    loop = asyncio.get_running_loop()
    clients = _async_clients.setdefault(loop, {})
    client = clients.get(server)
    if client is None:
        client = clients[server] = redis.asyncio.Redis.from_url(
            server,
            socket_timeout=ASYNC_TIMEOUT_SECONDS,
            socket_connect_timeout=ASYNC_TIMEOUT_SECONDS,
            driver_info=_DRIVER_INFO,
        )
    return client
