"""Rate limits that hold across processes and under concurrency.

A fixed window per (action, participant): the cache's atomic ``add`` + ``incr`` (Redis
INCR in production) counts attempts, so parallel requests cannot both slip under the limit.
The embedded default's local-memory cache is atomic within its one process.
"""

import time

from django.core.cache import cache

from ideas.errors import ServiceError


class RateLimited(ServiceError):
    status_code = 429
    code = "rate_limited"


WORDS = {"post": "posts", "comment": "comments", "vote": "votes", "report": "reports"}


def rate_limit_check(*, action: str, participant_id: int, limit: int, window_seconds: int) -> None:
    """Count one attempt; raise ``RateLimited`` once ``limit`` is passed in the window."""
    if limit <= 0:
        return
    window = int(time.time() // window_seconds)
    key = f"ratelimit:{action}:{participant_id}:{window}"
    cache.add(key, 0, timeout=window_seconds + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr: start again
        cache.add(key, 1, timeout=window_seconds + 5)
        count = 1
    if count > limit:
        period = "minute" if window_seconds <= 60 else "hour"
        raise RateLimited(
            f"You have made too many {WORDS.get(action, action)} in the last {period}. "
            f"Please wait a little and try again."
        )
