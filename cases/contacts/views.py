"""Pages of the contact log: the section of the case page (contact_context, composed by cases.dossier), the page
"Contactmoment vastleggen" and marking a follow-up done. Only the casemanager writes; see cases/contacts/selectors.py
for who reads."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from cases.absence.models import AbsenceCase
from cases.absence.services import CaseConflict
from cases.contacts import selectors as selectors_contacts
from cases.contacts import services as services_contacts
from cases.contacts.forms import ContactForm
from verzuim.auth import portal_user
from verzuim.forms import add_service_errors
from verzuim.models import User


def contact_context(user: User, case: AbsenceCase, today: dt.date) -> dict[str, Any]:
    """What the case page's contact section needs (cases/_contacts.html)."""
    return {
        "sees_contacts": user.role in selectors_contacts.CONTACT_READ_ROLES,
        "sees_contact_summaries": user.role in selectors_contacts.CONTACT_SUMMARY_ROLES,
        "may_log_contact": user.role in selectors_contacts.CONTACT_WRITE_ROLES,
        "contact_rows": selectors_contacts.contact_rows(fetched_by=user, case=case, today=today),
    }


def _back(case: AbsenceCase) -> str:
    return reverse("case_contacts", args=[case.pk])


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def contact_add(request: HttpRequest, case_id: str) -> HttpResponse:
    user = portal_user(request)
    case = selectors_contacts.contact_case_get(fetched_by=user, case_id=case_id, action="contact_add")
    if request.method == "POST":
        form = ContactForm(request.POST)
        if form.is_valid():
            try:
                services_contacts.contact_log(recorded_by=user, case=case, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Het contactmoment is vastgelegd."))
                return redirect(_back(case))
    else:
        form = ContactForm(initial={"contact_date": timezone.localdate()})
    context = {"case": case, "form": form, "title": _("Contactmoment vastleggen"), "action": request.path}
    return render(request, "cases/contact_form.html", context)


@never_cache
@login_required
@require_POST
def contact_followup_done(request: HttpRequest, case_id: str, contact_moment_id: str) -> HttpResponse:
    user = portal_user(request)
    case = selectors_contacts.contact_case_get(fetched_by=user, case_id=case_id, action="contact_followup_done")
    contact = selectors_contacts.contact_get(fetched_by=user, case=case, contact_id=contact_moment_id)
    try:
        services_contacts.contact_followup_done(done_by=user, contact=contact)
    except CaseConflict as exc:
        context = {"case": case, "title": _("Opvolging afronden"), "conflict": exc.message}
        return render(request, "cases/contact_form.html", context, status=409)
    messages.success(request, _("De opvolging is afgerond."))
    return redirect(_back(case))
