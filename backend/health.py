"""``/healthz``: is the database answering, and does the channel layer carry a message?

503 only when the database is down; a channel layer that is down makes it "degraded" (200).
"""

import asyncio
import time
import uuid

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

CHANNEL_CHECK_SECONDS = 2.0


def _check_database() -> dict:
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any failure at all means "unhealthy", never a 500
        return {"ok": False, "error": type(error).__name__}
    return {
        "ok": True,
        "vendor": connection.vendor,
        "ms": round((time.perf_counter() - started) * 1000, 1),
    }


async def _round_trip(layer) -> None:
    channel = await layer.new_channel("healthz.")
    token = uuid.uuid4().hex
    await layer.send(channel, {"type": "healthz.ping", "token": token})
    message = await layer.receive(channel)
    if message.get("token") != token:
        raise RuntimeError("channel layer returned another message")


async def _check_channel_layer_async() -> dict:
    layer = get_channel_layer()
    if layer is None:
        return {"ok": False, "error": "no channel layer configured"}
    started = time.perf_counter()
    try:
        await asyncio.wait_for(_round_trip(layer), timeout=CHANNEL_CHECK_SECONDS)
    except Exception as error:  # any failure at all means "unhealthy", never a 500
        return {"ok": False, "backend": type(layer).__name__, "error": type(error).__name__}
    return {
        "ok": True,
        "backend": type(layer).__name__,
        "ms": round((time.perf_counter() - started) * 1000, 1),
    }


@never_cache
@require_GET
def healthz(request):
    database = _check_database()
    channel_layer = async_to_sync(_check_channel_layer_async)()
    # Without the database nothing works: 503, and the load balancer stops sending requests
    # here. Without the channel layer only live updates stop (pages, posting and voting go
    # on), so the process stays in service and says it is degraded.
    if not database["ok"]:
        status, code = "unavailable", 503
    elif not channel_layer["ok"]:
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    return JsonResponse(
        {"status": status, "database": database, "channel_layer": channel_layer}, status=code
    )
