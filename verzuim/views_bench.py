"""A view for the load benchmark only (bench/load/): the cheapest response the portal's stack can give.

It is routed only when the setting BENCH_TRIVIAL_VIEW is on (environment variable of the same name, off by
default), so the portal's normal URL conf never has it. It returns a constant without touching the database
or the session: its throughput under load is the limit of the machine, gunicorn and the middleware, against
which the benchmark sets the throughput of the real pages.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods

TRIVIAL_BODY = b"ok\n"


@require_http_methods(["GET"])
def trivial(request: HttpRequest) -> HttpResponse:
    return HttpResponse(TRIVIAL_BODY, content_type="text/plain; charset=utf-8")
