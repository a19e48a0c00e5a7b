"""DRF's throttles, failing open when the cache (Redis) is unreachable.

Throttling protects the service from floods; refusing every request because the throttle's
counter cannot be read would turn a Redis outage into a full outage. The product's own
per-person limits (``ideas.ratelimit``) fail open for the same reason, and the pre-screen and
moderation keep working without Redis.
"""

import logging

from rest_framework import throttling

logger = logging.getLogger(__name__)


class _FailOpen:
    def allow_request(self, request, view) -> bool:
        try:
            return super().allow_request(request, view)
        except Exception:  # the cache is down: let the request through, and say so
            logger.warning("API throttle skipped: the cache is unavailable", exc_info=True)
            return True


class AnonRateThrottle(_FailOpen, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(_FailOpen, throttling.UserRateThrottle):
    pass


class ScopedRateThrottle(_FailOpen, throttling.ScopedRateThrottle):
    pass
