"""Staff sessions end after a short idle time; an employer's session keeps the ordinary lifetime.

Staff (every role but the employer) see other people's data, medical data included, so a browser left open
must not stay logged in for the full SESSION_COOKIE_AGE. The session remembers when its user was last seen;
a staff request after more than STAFF_SESSION_IDLE_SECONDS of silence logs the user out (the session is
flushed, so the second factor is asked again too) and the page sends them to the login page. The cookie
stays a browser-session cookie: closing the browser still ends every session.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

LAST_SEEN_KEY = "staff_last_seen"
# The last-seen time is rewritten at most once a minute, so an active staff user does not cost a session
# write on every request; the idle limit is therefore exact to within that minute.
REFRESH_SECONDS = 60


def staff_session_expired(request: HttpRequest, *, now: float | None = None) -> bool:
    """Whether the request's staff session has been idle for longer than STAFF_SESSION_IDLE_SECONDS."""
    last_seen = request.session.get(LAST_SEEN_KEY)
    if not isinstance(last_seen, int | float):
        return False
    return (now if now is not None else time.time()) - last_seen > settings.STAFF_SESSION_IDLE_SECONDS


class StaffSessionIdleMiddleware:
    """Ends idle staff sessions. Sits right after AuthenticationMiddleware, so everything after it sees the
    anonymous user of an expired session."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and getattr(user, "needs_two_factor", False):
            now = time.time()
            if staff_session_expired(request, now=now):
                logout(request)
            else:
                last_seen = request.session.get(LAST_SEEN_KEY)
                refresh = min(REFRESH_SECONDS, settings.STAFF_SESSION_IDLE_SECONDS / 2)
                if not isinstance(last_seen, int | float) or now - last_seen >= refresh:
                    request.session[LAST_SEEN_KEY] = int(now)
        return self.get_response(request)
