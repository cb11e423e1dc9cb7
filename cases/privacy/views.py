"""Pages of *Mijn gegevens* (issue 22 item 4) and the casemanager's answer to a correction request. Thin: each
parses input, calls one selector or service, and renders. Not yours is 404 (the selectors decide)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases.privacy import selectors, services
from cases.privacy.forms import CorrectionAnswerForm, CorrectionRequestForm
from cases.privacy.services import EXPORT_VALID_DAYS
from verzuim.auth import portal_user
from verzuim.forms import add_service_errors
from verzuim.pdf import pdf_filename


def _my_data_page(request: HttpRequest, form: CorrectionRequestForm | None = None, status: int = 200) -> HttpResponse:
    user = portal_user(request)
    data = selectors.my_data_get(fetched_by=user)
    form = form or CorrectionRequestForm(cases=data.cases)
    context: dict[str, Any] = {"data": data, "form": form, "valid_days": EXPORT_VALID_DAYS}
    return render(request, "cases/my_data.html", context, status=status)


@never_cache
@login_required
@require_GET
def my_data(request: HttpRequest) -> HttpResponse:
    return _my_data_page(request)


@never_cache
@login_required
@require_POST
def my_data_export_request(request: HttpRequest) -> HttpResponse:
    services.export_request(requested_by=portal_user(request))
    messages.success(
        request, _("Uw kopie wordt gemaakt. Dat duurt meestal een paar minuten; ververs deze pagina straks.")
    )
    return redirect("my_data")


@never_cache
@login_required
@require_GET
def my_data_export_download(request: HttpRequest, export_id: Any, file_format: str) -> FileResponse:
    user = portal_user(request)
    export, name = selectors.export_file_get(fetched_by=user, export_id=export_id, file_format=file_format)
    try:
        handle = default_storage.open(name, "rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    day = timezone.localdate(export.ready_at) if export.ready_at else timezone.localdate()
    filename = pdf_filename("mijn-gegevens", export.employee.full_name, day)
    if file_format == "json":
        filename = filename.removesuffix(".pdf") + ".json"
    content_type = "application/json" if file_format == "json" else "application/pdf"
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    return response


@never_cache
@login_required
@require_POST
def my_data_correction(request: HttpRequest) -> HttpResponse:
    user = portal_user(request)
    data = selectors.my_data_get(fetched_by=user)
    form = CorrectionRequestForm(request.POST, cases=data.cases)
    if form.is_valid():
        try:
            services.correction_request_create(
                requested_by=user,
                case_id=form.cleaned_data["case"],
                what_is_wrong=form.cleaned_data["what_is_wrong"],
                should_be=form.cleaned_data["should_be"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Uw verzoek om correctie is verstuurd. Uw casemanager antwoordt binnen een maand.")
            )
            return redirect("my_data")
    return _my_data_page(request, form)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def correction_answer(request: HttpRequest, request_id: Any) -> HttpResponse:
    user = portal_user(request)
    correction = selectors.correction_get_for_handler(fetched_by=user, request_id=request_id)
    form = CorrectionAnswerForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and correction.status == "open" and form.is_valid():
        try:
            services.correction_answer(
                answered_by=user,
                request=correction,
                status=form.cleaned_data["status"],
                answer=form.cleaned_data["answer"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Uw antwoord is vastgelegd; de werknemer ziet het op Mijn gegevens."))
            return redirect("dashboard")
    return render(request, "cases/correction_answer.html", {"correction": correction, "form": form})
