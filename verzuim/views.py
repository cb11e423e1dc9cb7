"""Pages of the core app: dashboard, two-factor enrolment and verification, employees, health check."""

from __future__ import annotations

from base64 import b32encode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from verzuim import employee_accounts, selectors, services
from verzuim.forms import EmployeeForm, EmploymentEndForm, OTPTokenForm, add_service_errors
from verzuim.models import Employer, Role, User
from verzuim.plugins import dashboard_panels_for, employee_sections_for


def _safe_next(request: HttpRequest, default: str = "dashboard") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    from django.urls import reverse

    return reverse(default)


def _employer_of(request: HttpRequest) -> Employer:
    """The employer of an employer user; other roles do not have these pages (404, as if absent)."""
    user: User = request.user  # type: ignore[assignment]
    if user.role != Role.EMPLOYER or user.employer is None:
        raise Http404
    return user.employer


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    checks: dict[str, str] = {}
    healthy = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception:  # noqa: BLE001 - any failure means unhealthy
        checks["database"] = "error"
        healthy = False
    if settings.REDIS_URL:
        try:
            cache.set("healthz", "1", timeout=5)
            checks["redis"] = "ok" if cache.get("healthz") == "1" else "error"
        except Exception:  # noqa: BLE001
            checks["redis"] = "error"
        healthy = healthy and checks["redis"] == "ok"
    else:
        checks["redis"] = "not configured"
    return JsonResponse({"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The start page: the role's heading from the core, then the panels the apps registered for the role
    (verzuim.plugins.dashboard_panel)."""
    user: User = request.user  # type: ignore[assignment]
    context: dict[str, object] = {"role": user.role}
    if user.role == Role.EMPLOYER:
        context["employer"] = user.employer
    elif user.role in selectors.ALL_EMPLOYERS_ROLES or user.role == Role.CASEMANAGER:
        context["employer_count"] = selectors.employer_list(fetched_by=user).count()
    context["panels"] = dashboard_panels_for(user)
    return render(request, f"verzuim/dashboard_{user.role}.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def otp_enrol(request: HttpRequest) -> HttpResponse:
    """Enrol a TOTP authenticator: show a QR code and the secret, confirm with the first code."""
    user: User = request.user  # type: ignore[assignment]
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return redirect("otp_verify")
    device, _created = TOTPDevice.objects.get_or_create(user=user, confirmed=False, defaults={"name": "authenticator"})
    form = OTPTokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            messages.success(request, _("Tweestapsverificatie is ingesteld."))
            return redirect(_safe_next(request))
        form.add_error("token", _("Deze code klopt niet. Controleer de tijd op uw telefoon en probeer het opnieuw."))
    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "otp/enrol.html",
        {
            "form": form,
            "qr_svg": qr.svg_inline(scale=4, title=_("QR-code voor uw authenticator-app")),
            "secret": b32encode(device.bin_key).decode(),
            "next": request.GET.get("next", ""),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return redirect("otp_enrol")
    form = OTPTokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            return redirect(_safe_next(request))
        form.add_error("token", _("Deze code klopt niet. Probeer het opnieuw."))
    return render(request, "otp/verify.html", {"form": form, "next": request.GET.get("next", "")})


@login_required
def employee_list(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    employer = _employer_of(request)
    search = request.GET.get("q", "").strip()
    employees = list(selectors.employee_list(fetched_by=user, search=search))
    # htmx live search asks for the result block only; without JavaScript the whole page is served.
    template = "employees/_table.html" if request.headers.get("HX-Request") else "employees/list.html"
    return render(request, template, {"employer": employer, "employees": employees, "search": search})


@login_required
@require_http_methods(["GET", "POST"])
def employee_create(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    employer = _employer_of(request)
    form = EmployeeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            employee = services.employee_create(created_by=user, employer=employer, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("%(name)s is toegevoegd.") % {"name": employee.full_name})
            return redirect("employee_list")
    return render(request, "employees/form.html", {"form": form, "title": _("Werknemer toevoegen")})


@login_required
def employee_detail(request: HttpRequest, employee_id: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    _employer_of(request)
    employee = selectors.employee_get(fetched_by=user, employee_id=employee_id)
    sections = employee_sections_for(user, employee)
    return render(request, "employees/detail.html", {"employee": employee, "sections": sections})


@login_required
@require_http_methods(["GET", "POST"])
def employee_edit(request: HttpRequest, employee_id: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    _employer_of(request)
    employee = selectors.employee_get(fetched_by=user, employee_id=employee_id)
    form = EmployeeForm(request.POST if request.method == "POST" else None, instance=employee)
    if request.method == "POST" and form.is_valid():
        try:
            services.employee_update(updated_by=user, employee=employee, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("De gegevens zijn opgeslagen."))
            return redirect("employee_detail", employee_id=employee.pk)
    return render(
        request, "employees/form.html", {"form": form, "employee": employee, "title": _("Werknemer wijzigen")}
    )


@login_required
@require_http_methods(["GET", "POST"])
def employee_end(request: HttpRequest, employee_id: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    _employer_of(request)
    employee = selectors.employee_get(fetched_by=user, employee_id=employee_id)
    form = EmploymentEndForm(
        request.POST if request.method == "POST" else None, initial={"employment_end": employee.employment_end}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.employee_end_employment(
                ended_by=user, employee=employee, employment_end=form.cleaned_data["employment_end"]
            )
        except ValidationError as exc:
            # The whole record is validated: a stored value that is no longer accepted (a name with a hidden
            # character, a date of birth now over a hundred years ago) is shown above the form.
            add_service_errors(form, exc)
        else:
            messages.success(request, _("De datum uit dienst is vastgelegd."))
            return redirect("employee_detail", employee_id=employee.pk)
    return render(request, "employees/end.html", {"form": form, "employee": employee})


@never_cache
@require_http_methods(["GET", "POST"])
def employee_account_activate(request: HttpRequest, token: str) -> HttpResponse:
    """The page the employee's invitation links to: set a password (Django's rules), then logged in. An unknown,
    used, expired or replaced link gets the same 404 page as the other one-time links."""
    try:
        invitation = employee_accounts.invitation_open(token=token)
    except employee_accounts.InvitationInvalid:
        return _no_robots(render(request, "cases/documents/public_invalid.html", status=404))
    form = SetPasswordForm(invitation.user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            user = employee_accounts.invitation_accept(token=token, password=form.cleaned_data["new_password1"])
        except employee_accounts.InvitationInvalid:
            return _no_robots(render(request, "cases/documents/public_invalid.html", status=404))
        auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Uw wachtwoord is ingesteld. U bent ingelogd."))
        return redirect("dashboard")
    return _no_robots(
        render(request, "verzuim/employee_account_activate.html", {"form": form, "email": invitation.user.email})
    )


def _no_robots(response: HttpResponse) -> HttpResponse:
    # The token is in the address: not for search engines.
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
