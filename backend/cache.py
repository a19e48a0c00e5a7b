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

# A counting window in one command (run by its SHA once Redis has it): the first count
# starts the key with its time to live; INCR keeps it.
COUNT_IN_WINDOW = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return count
"""

_clients: dict[tuple, RedisCacheClient] = {}
_clients_lock = threading.Lock()


class SharedRedisCacheClient(RedisCacheClient):
    """One redis-py client per pool, made once instead of once per command."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._redis_clients: dict[int, object] = {}
        self._scripts: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._redis_clients.get(id(pool))
        if client is None:
            client = self._redis_clients.setdefault(id(pool), self._client(connection_pool=pool))
        return client

    def count_in_window(self, key: str, timeout: int) -> int:
        """Add one to ``key``, starting it (with ``timeout`` seconds to live) if it is not
        there, and return the new count: one command, atomic (``COUNT_IN_WINDOW``)."""
        client = self.get_client(key, write=True)
        script = self._scripts.get(id(client))
        if script is None:
            script = self._scripts.setdefault(id(client), client.register_script(COUNT_IN_WINDOW))
        return int(script(keys=[key], args=[timeout]))


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
        same key and the same script, so both count in one window."""
        key = self.make_and_validate_key(key, version=version)
        _client, script = _async_client(self._servers[0])
        return int(await script(keys=[key], args=[timeout]))


# asyncio clients are bound to the loop that made their connections: one per loop and server.
_async_clients: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_DRIVER_INFO = DriverInfo()  # read redis-py's package metadata once, not per connection
ASYNC_TIMEOUT_SECONDS = 2  # a stalled Redis fails open (ideas.ratelimit) rather than hang


def _async_client(server: str):
    """This loop's asyncio client for ``server``, and its counting script."""
    loop = asyncio.get_running_loop()
    clients = _async_clients.setdefault(loop, {})
    found = clients.get(server)
    if found is None:
        client = redis.asyncio.Redis.from_url(
            server,
            socket_timeout=ASYNC_TIMEOUT_SECONDS,
            socket_connect_timeout=ASYNC_TIMEOUT_SECONDS,
            driver_info=_DRIVER_INFO,
        )
        found = clients[server] = (client, client.register_script(COUNT_IN_WINDOW))
    return found
