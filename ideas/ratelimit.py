"""Rate limits that hold across processes and under concurrency.

A window per (action, participant) that starts at the first attempt: the cache's atomic
``add`` + ``incr`` (in production one script of INCR + EXPIRE in Redis, ``backend.cache``;
INCR keeps the key's expiry) counts attempts, so
parallel requests cannot both slip under the limit, and there is no clock boundary at which a
burst could get twice the allowance. The embedded default's local-memory cache is atomic
within its one process. When the cache is unreachable the limit is skipped (fail open).
"""

import logging

from django.core.cache import cache

from ideas.errors import ServiceError

logger = logging.getLogger(__name__)


class RateLimited(ServiceError):
    status_code = 429
    code = "rate_limited"


WORDS = {"post": "posts", "comment": "comments", "vote": "votes", "report": "reports"}


def rate_limit_check(*, action: str, participant_id: int, limit: int, window_seconds: int) -> None:
    """Count one attempt; raise ``RateLimited`` once ``limit`` is passed in the window."""
    if limit <= 0:
        return
    try:
        count = _count(_key(action, participant_id), window_seconds)
    except Exception:
        _unchecked(action)
        return
    _refuse_over(count, limit=limit, action=action, window_seconds=window_seconds)


async def arate_limit_check(
    *, action: str, participant_id: int, limit: int, window_seconds: int
) -> None:
    """``rate_limit_check`` on the event loop (``ideas.fast_votes``): the same count, shared
    with it, and the same refusal; Redis is asked without blocking the loop."""
    if limit <= 0:
        return
    key = _key(action, participant_id)
    try:
        acount_in_window = getattr(cache, "acount_in_window", None)
        if acount_in_window is not None:
            count = await acount_in_window(key, window_seconds)
        else:  # the local-memory cache: in this process, nothing to wait for
            count = _count(key, window_seconds)
    except Exception:
        _unchecked(action)
        return
    _refuse_over(count, limit=limit, action=action, window_seconds=window_seconds)


def _key(action: str, participant_id: int) -> str:
    return f"ratelimit:{action}:{participant_id}"


def _unchecked(action: str) -> None:
    # The cache (Redis) is down. Posting and voting go on without the limit rather than
    # stop for everyone; the pre-screen and moderation still apply.
    logger.warning("Rate limit for %s not checked: the cache is unavailable", action)


def _refuse_over(count: int, *, limit: int, action: str, window_seconds: int) -> None:
    if count > limit:
        period = "minute" if window_seconds <= 60 else "hour"
        raise RateLimited(
            f"You have made too many {WORDS.get(action, action)} in the last {period}. "
            f"Please wait a little and try again."
        )


def _count(key: str, window_seconds: int) -> int:
    count_in_window = getattr(cache, "count_in_window", None)
    if count_in_window is not None:  # Redis (backend.cache): one atomic round trip
        return count_in_window(key, window_seconds)
    cache.add(key, 0, timeout=window_seconds)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr: a new window starts now
        cache.add(key, 1, timeout=window_seconds)
        return 1
