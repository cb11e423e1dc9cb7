"""Views for the load benchmark only (bench/load/): the cheapest responses the portal's stack can give.

They are routed only when the setting BENCH_TRIVIAL_VIEW is on (environment variable of the same name, off by
default), so the portal's normal URL conf never has them.

* `trivial` returns a constant without touching the database or the session: its throughput under load is the
  limit of the machine, gunicorn and the middleware.
* `authenticated_floor` is the cheapest page an authenticated user can get through the same stack (issue 25
  item 1): behind the same middleware (session, user, second factor, lock-out check, CSP nonce), for a signed-in
  user, the base layout with its navigation and notification bell and no content, and the one audit row a
  dossier read writes. Every real page costs at least this much; the benchmark states each page as a share of
  the floor's throughput and its p95 as a multiple of the floor's.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from verzuim.audit import audit_record
from verzuim.auth import portal_user
from verzuim.models import AuditAction

TRIVIAL_BODY = b"ok\n"
FLOOR_OBJECT_TYPE = "bench_floor"


@require_http_methods(["GET"])
def trivial(request: HttpRequest) -> HttpResponse:
    return HttpResponse(TRIVIAL_BODY, content_type="text/plain; charset=utf-8")


@never_cache
@login_required
@require_GET
def authenticated_floor(request: HttpRequest) -> HttpResponse:
    audit_record(actor=portal_user(request), action=AuditAction.READ, object_type=FLOOR_OBJECT_TYPE)
    return render(request, "bench/floor.html")
