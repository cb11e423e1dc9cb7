"""Spam defence of the public complaint intake, without third-party services: a honeypot field, a
minimum fill time (a signed timestamp in the form) and a per-address rate limit in Django's cache (Redis when
REDIS_URL is set, so every web process counts together)."""

from __future__ import annotations

import logging
import time

from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# At most this many complaint posts (form and API together, refused ones included) per address per window.
RATE_LIMIT = 10
RATE_WINDOW_SECONDS = 60 * 60
# A person needs longer than this to fill in the form; a script posts at once.
MIN_FILL_SECONDS = 3
# A form older than this is refused too (a token cannot be harvested once and replayed for days).
MAX_FORM_AGE_SECONDS = 24 * 60 * 60
HONEYPOT_FIELD = "website"
STARTED_FIELD = "started"
_SALT = "complaints.intake.started"
_CACHE_PREFIX = "complaints:intake-rate"


def client_ip(request: HttpRequest) -> str:
    """The client's address as django-axes sees it (PROXY_COUNT reverse proxies are skipped)."""
    from axes.helpers import get_client_ip_address

    return get_client_ip_address(request) or "unknown"


def rate_limit_hit(ip: str) -> bool:
    """Count one post from `ip`; True when it is over the limit. The window starts at the address's first post
    and lasts an hour (the counter key expires then): add + incr are atomic in Redis and in the local cache.

    The limiter fails open: when the cache cannot be reached the post is let through (and logged), because a
    complaint must always be receivable; the honeypot and the fill-time check still apply (docs/resilience.md)."""
    key = f"{_CACHE_PREFIX}:{ip}"
    try:
        cache.add(key, 0, timeout=RATE_WINDOW_SECONDS)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr: this post starts a new window
            cache.add(key, 1, timeout=RATE_WINDOW_SECONDS)
            count = 1
    except (RedisError, OSError):
        logger.warning("Complaint rate limiter skipped: the cache is unreachable.", exc_info=True)
        return False
    return count > RATE_LIMIT


def form_started_token(*, now: float | None = None) -> str:
    """A signed moment for the hidden field: the server, not the browser, knows when the form was handed out."""
    return signing.dumps({"t": int(now if now is not None else time.time())}, salt=_SALT)


def form_too_fast_or_forged(token: str, *, now: float | None = None) -> bool:
    """True when the token is missing, forged, older than a day, or younger than MIN_FILL_SECONDS."""
    now = now if now is not None else time.time()
    try:
        data = signing.loads(token or "", salt=_SALT, max_age=MAX_FORM_AGE_SECONDS)
        started = float(data["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return True
    return now - started < MIN_FILL_SECONDS


def honeypot_filled(value: str | None) -> bool:
    return bool((value or "").strip())
