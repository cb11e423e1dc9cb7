"""Pages of the service rhythm: the contacts due or overdue per casemanager, and one contact, which the
assigned casemanager records (the prevention check with its checklist and advice)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from cases.rhythm import selectors as selectors_rhythm
from cases.rhythm import services as services_rhythm
from cases.rhythm.forms import ContactCompleteForm, PreventionCheckForm
from cases.rhythm.models import ContactKind
from verzuim.auth import portal_user
from verzuim.forms import add_service_errors


@never_cache
@login_required
@require_GET
def service_contacts(request: HttpRequest) -> HttpResponse:
    user = portal_user(request)
    today = timezone.localdate()
    groups = selectors_rhythm.service_contacts_due(fetched_by=user, today=today)
    context = {
        "groups": groups,
        "today": today,
        "window_days": selectors_rhythm.DUE_WINDOW_DAYS,
        "total": sum(len(group.rows) for group in groups),
    }
    return render(request, "cases/contacts.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def service_contact_detail(request: HttpRequest, contact_id: str) -> HttpResponse:
    user = portal_user(request)
    contact = selectors_rhythm.service_contact_get(fetched_by=user, contact_id=contact_id)
    may_complete = selectors_rhythm.may_complete(user=user, contact=contact)
    form_class = PreventionCheckForm if contact.kind == ContactKind.PREVENTION_CHECK else ContactCompleteForm
    form = None
    status = 200
    if may_complete:
        form = form_class(request.POST if request.method == "POST" else None, initial={"done_on": timezone.localdate()})
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                services_rhythm.service_contact_complete(completed_by=user, contact=contact, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            except PermissionDenied as exc:
                raise Http404 from exc
            except services_rhythm.ServiceContactConflict as exc:
                form.add_error(None, exc.message)
                status = 409
            else:
                messages.success(request, _("Het contact is vastgelegd."))
                return redirect("service_contacts")
    context = {
        "contact": contact,
        "status": contact.status_on(timezone.localdate(), due_soon_days=selectors_rhythm.DUE_WINDOW_DAYS),
        "form": form,
    }
    return render(request, "cases/contact_detail.html", context, status=status)
