"""Django's HTTP handler under ASGI, run the way a threaded WSGI server runs it.

Every view and middleware here is synchronous. Django's own ``ASGIHandler`` serves each
request on a new thread, created and joined for that request, and builds its middleware
chain for async mode, so a sync chain goes event loop -> thread -> event loop (for the
handler below the last sync middleware) -> thread (the view) and back again. Measured on
the 2-core bench machine (bench/README.md, "Votes under load"), the thread start and join
and those hops were about half the cost of a trivial view.

This handler keeps a fixed set of worker threads per process (``WEB_THREADS``), each a
one-thread executor that serves one request at a time, and runs the sync middleware chain
and the view in one call on that thread: one hop in, one hop out. Requests beyond the
threads wait on the event loop (cheap) rather than as runnable threads contending for the
GIL. What stays the same: everything thread-sensitive in a request runs on that request's
thread (asgiref ``ThreadSensitiveContext``), so Django's per-thread database connection is
the request's own and goes back to the pool at ``request_finished``; the body is read and
the response written on the event loop; streaming responses stream.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import ThreadSensitiveContext, sync_to_async
from django.conf import settings
from django.core.handlers import base
from django.core.handlers.asgi import ASGIHandler
from django.http import FileResponse


class ThreadPoolASGIHandler(ASGIHandler):
    def __init__(self, threads: int | None = None) -> None:
        base.BaseHandler.__init__(self)
        self.load_middleware(is_async=False)
        self.threads = threads or settings.WEB_THREADS
        self._idle: asyncio.Queue[ThreadPoolExecutor] | None = None

    def _executors(self) -> asyncio.Queue[ThreadPoolExecutor]:
        if self._idle is None:  # created on the server's event loop, at the first request
            self._idle = asyncio.Queue()
            for index in range(self.threads):
                self._idle.put_nowait(
                    ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"web-{index}")
                )
        return self._idle

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            raise ValueError(f"Django can only handle ASGI/HTTP connections, not {scope['type']}.")
        idle = self._executors()
        executor = await idle.get()
        try:
            async with ThreadSensitiveContext(executor=executor):
                await self.handle(scope, receive, send)
        finally:
            idle.put_nowait(executor)

    async def run_get_response(self, request):
        # The whole sync middleware chain and the view, in one call on the request's thread.
        response = await sync_to_async(self.get_response, thread_sensitive=True)(request)
        response._handler_class = self.__class__
        if isinstance(response, FileResponse):
            response.block_size = self.chunk_size
        return response
