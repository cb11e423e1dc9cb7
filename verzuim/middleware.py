"""Staff roles must enrol and use TOTP two-factor before they can reach anything."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode
from django_otp import user_has_device

# Reachable by a staff user who has logged in with a password but not (yet) with a second factor.
OPEN_PREFIXES = ("/static/", "/healthz", "/api/", "/agenda/")
# The accessibility statement is public: also for a staff member who has not finished the second step (decision 371).
OPEN_URL_NAMES = ("otp_enrol", "otp_verify", "logout", "accessibility_statement")


class StaffTwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        # django_otp's OTPMiddleware adds is_verified() to the user.
        if user.is_authenticated and getattr(user, "needs_two_factor", False) and not user.is_verified():  # type: ignore[union-attr,attr-defined]
            open_paths = {reverse(name) for name in OPEN_URL_NAMES}
            if request.path not in open_paths and not request.path.startswith(OPEN_PREFIXES):
                target = "otp_verify" if user_has_device(user, confirmed=True) else "otp_enrol"
                return HttpResponseRedirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


# What Django's admin needs beyond the portal's policy: jQuery, which the admin loads for its widgets, applies inline
# styles while it starts (its feature tests) and Chromium reports every one as a CSP violation. Inline styles cannot
# run script; scripts stay 'self' only. The portal's own pages keep the strict policy (CONTENT_SECURITY_POLICY).
ADMIN_PREFIX = "/admin/"
ADMIN_CSP_UPDATE = {"style-src": ["'unsafe-inline'"]}


class AdminCSPMiddleware:
    """Widens style-src for the admin only (issue 21 item 5); listed after csp.middleware.CSPMiddleware so that the
    update is on the response before that middleware writes the header."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(ADMIN_PREFIX):
            response._csp_update = ADMIN_CSP_UPDATE  # type: ignore[attr-defined]
        return response
