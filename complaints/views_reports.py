"""The report pages: the yearly complaints report and the covenant evaluation, as page, CSV and PDF.

Who may see which: complaints.reports_data (every other role: 404). Reading a report is an audit row.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from complaints import pdf, reports, reports_data
from verzuim.auth import portal_user

FORMATS = {"csv", "pdf"}


def _today() -> dt.date:
    return timezone.localdate()


def _years(today_year: int) -> list[int]:
    return list(range(today_year, reports_data.FIRST_YEAR - 1, -1))


def _download(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@never_cache
@login_required
@require_GET
def complaints_report(request: HttpRequest) -> HttpResponse:
    user = portal_user(request)
    reports_data.report_allowed(user, reports_data.COMPLAINTS)
    today = _today()
    year = reports_data.year_parse(request.GET.get("jaar"), today)
    report = reports_data.complaints_report_load(year=year, today=today)
    reports_data.report_read_audit(user=user, report=reports_data.COMPLAINTS, year=year, file_format="html")
    return render(
        request,
        "complaints/report_complaints.html",
        {
            "report": report,
            "years": _years(today.year),
            "shows_covenant": user.role in reports_data.COVENANT_REPORT_ROLES,
        },
    )


@never_cache
@login_required
@require_GET
def complaints_report_export(request: HttpRequest, file_format: str) -> HttpResponse:
    user = portal_user(request)
    reports_data.report_allowed(user, reports_data.COMPLAINTS)
    if file_format not in FORMATS:
        raise Http404
    today = _today()
    year = reports_data.year_parse(request.GET.get("jaar"), today)
    report = reports_data.complaints_report_load(year=year, today=today)
    reports_data.report_read_audit(user=user, report=reports_data.COMPLAINTS, year=year, file_format=file_format)
    name = f"klachtenrapportage-{year}.{file_format}"
    if file_format == "csv":
        return _download(reports.complaints_csv(report), content_type="text/csv; charset=utf-8", filename=name)
    rendered = pdf.complaints_report_render(report=report, generated_by=user, today=today)
    return _download(rendered.pdf, content_type="application/pdf", filename=name)


@never_cache
@login_required
@require_GET
def covenant_report(request: HttpRequest) -> HttpResponse:
    user = portal_user(request)
    reports_data.report_allowed(user, reports_data.COVENANT)
    today = _today()
    year = reports_data.year_parse(request.GET.get("jaar"), today)
    report = reports_data.covenant_report_load(year=year, today=today)
    reports_data.report_read_audit(user=user, report=reports_data.COVENANT, year=year, file_format="html")
    return render(request, "complaints/report_covenant.html", {"report": report, "years": _years(today.year)})


@never_cache
@login_required
@require_GET
def covenant_report_export(request: HttpRequest, file_format: str) -> HttpResponse:
    user = portal_user(request)
    reports_data.report_allowed(user, reports_data.COVENANT)
    if file_format not in FORMATS:
        raise Http404
    today = _today()
    year = reports_data.year_parse(request.GET.get("jaar"), today)
    report = reports_data.covenant_report_load(year=year, today=today)
    reports_data.report_read_audit(user=user, report=reports_data.COVENANT, year=year, file_format=file_format)
    name = f"convenantevaluatie-{year}.{file_format}"
    if file_format == "csv":
        return _download(reports.covenant_csv(report), content_type="text/csv; charset=utf-8", filename=name)
    rendered = pdf.covenant_report_render(report=report, generated_by=user, today=today)
    return _download(rendered.pdf, content_type="application/pdf", filename=name)
