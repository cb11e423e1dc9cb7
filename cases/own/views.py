"""Pages of the employee's own dossier (*Mijn verzuim*, issue 22 item 2). Employee accounts only; every other role,
and every case or document that is not the employee's own, gets 404 (cases.own.selectors)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from cases.absence.services import CaseConflict
from cases.documents import rules
from cases.documents import services as services_documents
from cases.documents import views as views_documents
from cases.documents.models import DocumentState
from cases.income import pdf as income_pdf
from cases.income import services as services_income
from cases.income.chart import income_result
from cases.own import selectors
from cases.own.selectors import OwnDocument
from verzuim.auth import portal_user
from verzuim.pdf import pdf_response


@never_cache
@login_required
@require_GET
def my_case(request: HttpRequest, case_id: str) -> HttpResponse:
    """The employee's case: what to do and by when, the 104 weeks, documents, spreekuren, advice and income."""
    user = portal_user(request)
    dossier = selectors.own_dossier(fetched_by=user, case_id=case_id)
    income = None
    if dossier.income is not None:
        income = income_result(services_income.income_facts(dossier.income))
    return render(request, "cases/own/case.html", {"dossier": dossier, "case": dossier.case, "result": income})


def _render_document(
    request: HttpRequest, own: OwnDocument, *, sign_error: str = "", status: int = 200
) -> HttpResponse:
    document = own.document
    context = {
        "case": document.case,
        "own": own,
        "document": document,
        "title": own.title,
        "sections": rules.document_sections(document),
        "signed_by": {
            role: signature
            for role, signature in (("employer", own.employer_signature), ("employee", own.employee_signature))
            if signature is not None
        },
        "needs_resigning": rules.document_needs_resigning(document),
        "fingerprint": services_documents.document_fingerprint(document),
        "has_file": selectors.is_labour_expert_report(document),
        "sign_error": sign_error,
    }
    return render(request, "cases/own/document.html", context, status=status)


@never_cache
@login_required
@require_GET
def my_document(request: HttpRequest, case_id: str, document_id: str) -> HttpResponse:
    """One document of the employee's own case, with the sign button while it waits for their signature."""
    own = selectors.own_document_get(fetched_by=portal_user(request), case_id=case_id, document_id=document_id)
    return _render_document(request, own)


@never_cache
@login_required
@require_POST
def my_document_sign(request: HttpRequest, case_id: str, document_id: str) -> HttpResponse:
    """The employee signs this version in the portal (replaces the one-time link for employees with an account)."""
    user = portal_user(request)
    own = selectors.own_document_get(fetched_by=user, case_id=case_id, document_id=document_id, action="own_sign")
    if not own.document.requires_signatures:
        raise Http404
    try:
        services_documents.document_sign_as_employee_account(
            signed_by=user, document=own.document, fingerprint=request.POST.get("fingerprint", "")
        )
    except CaseConflict as exc:
        return _render_document(request, own, sign_error=exc.message, status=409)
    except PermissionDenied as exc:
        raise Http404 from exc
    own.document.refresh_from_db(fields=["state"])
    if own.document.state == DocumentState.FINAL:
        messages.success(request, _("U hebt het plan ondertekend. Het is nu definitief."))
    else:
        messages.success(request, _("U hebt het plan ondertekend. Uw werkgever moet nog ondertekenen."))
    return redirect("my_document", case_id=own.document.case_id, document_id=own.document.pk)


@never_cache
@login_required
@require_GET
def my_document_download(request: HttpRequest, case_id: str, document_id: str) -> FileResponse:
    """The labour expert's report of the employee's own case (a PDF upload), as an attachment."""
    own = selectors.own_document_get(
        fetched_by=portal_user(request), case_id=case_id, document_id=document_id, action="own_document_download"
    )
    if not selectors.is_labour_expert_report(own.document):
        raise Http404
    return views_documents.report_file_response(own.document)


@never_cache
@login_required
@require_GET
def my_income_handout(request: HttpRequest, case_id: str) -> HttpResponse:
    """The handout (PDF) of the latest income conversation of the employee's own case; 404 while there is none."""
    case, conversation = services_income.income_conversation_for_own_handout(
        fetched_by=portal_user(request), case_id=case_id
    )
    rendered = income_pdf.income_handout_render(
        case=case, conversation=conversation, result=income_result(services_income.income_facts(conversation))
    )
    return pdf_response(rendered, filename=income_pdf.handout_filename(case, timezone.localdate()))
