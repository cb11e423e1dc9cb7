"""Pages of the re-integration report's documents, and the employee's one-time link pages.

Each view parses input, calls one service or selector of cases.documents, and renders. A case the user may not
see is a 404 (selectors.case_get); a page or action the user's role has no right to is a 404 too, as the other
case pages do. The link pages need no login and show the one document the link is for, nothing else of the
portal: no navigation, no other case data.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases.absence.dossier import dossier_header
from cases.absence.models import AbsenceCase, CaseStatus
from cases.absence.services import CaseConflict
from cases.absence.views import form_service_call
from cases.documents import links, rules
from cases.documents import selectors as selectors_documents
from cases.documents import services as services_documents
from cases.documents.forms import (
    FORMS,
    UNEXPECTED_FIELDS,
    ActionPlanForm,
    DocumentForm,
    EmployeeSignForm,
    EmployeeViewForm,
    LabourExpertReportForm,
    SendLinkForm,
    activity_formset,
)
from cases.documents.models import DocumentPart, DocumentState, LinkPurpose, OneTimeLink, ReintegrationDocument
from verzuim.auth import portal_user
from verzuim.forms import add_service_errors
from verzuim.models import Role, User

VIEW_LINK_PREFIX = "visie"

logger = logging.getLogger(__name__)

T = TypeVar("T")


def _service_call(form: forms.Form, service: Callable[..., T], /, **kwargs: Any) -> tuple[T | None, int]:
    """form_service_call as the document pages answer: a role the service refuses is a 403."""
    return form_service_call(form, service, denied_as_404=False, **kwargs)


def _link_send(
    form: SendLinkForm,
    *,
    sent_by: User,
    case: AbsenceCase,
    purpose: str,
    document: ReintegrationDocument | None = None,
) -> tuple[OneTimeLink | None, int]:
    """Mail the employee the link if the form is valid: the link sent, or None and the page's status."""
    if not form.is_valid():
        return None, 200
    return _service_call(
        form,
        services_documents.one_time_link_send,
        sent_by=sent_by,
        case=case,
        purpose=purpose,
        email=form.cleaned_data["email"],
        document=document,
    )


# --- The overview ----------------------------------------------------------------------------------------------


def _render_overview(
    request: HttpRequest,
    case: AbsenceCase,
    groups: list[selectors_documents.DocumentGroup],
    *,
    view_form: SendLinkForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = portal_user(request)
    may_request_view = user.role in rules.LINK_SENDER_ROLES and case.status == CaseStatus.OPEN
    context: dict[str, Any] = {
        "case": case,
        "dossier": dossier_header(user=user, case=case, today=timezone.localdate(), current="documenten"),
        "groups": groups,
        "sees_content": user.role in rules.CONTENT_ROLES,
        "creatable": selectors_documents.parts_creatable(user=user, case=case, groups=groups),
        "may_request_view": may_request_view,
        "view_form": view_form or SendLinkForm(prefix=VIEW_LINK_PREFIX),
        "pending_view_links": links.employee_view_links_pending(case=case) if may_request_view else [],
    }
    return render(request, "cases/documents/overview.html", context, status=status)


@never_cache
@login_required
@require_GET
def document_overview(request: HttpRequest, case_id: str) -> HttpResponse:
    """Every part of the case's re-integration report; insurer staff see which parts exist and when, not content."""
    case, groups = selectors_documents.document_list(fetched_by=portal_user(request), case_id=case_id)
    return _render_overview(request, case, groups)


@never_cache
@login_required
@require_POST
def employee_view_request(request: HttpRequest, case_id: str) -> HttpResponse:
    """Mail the employee a one-time link to write their own view of the re-integration."""
    user = portal_user(request)
    case, groups = selectors_documents.document_list(fetched_by=user, case_id=case_id)
    if user.role not in rules.LINK_SENDER_ROLES:
        raise Http404
    form = SendLinkForm(request.POST, prefix=VIEW_LINK_PREFIX)
    link, status = _link_send(form, sent_by=user, case=case, purpose=LinkPurpose.EMPLOYEE_VIEW)
    if link is not None:
        messages.success(
            request,
            _("De link om de eigen visie te geven wordt binnen een minuut per e-mail verstuurd naar %(email)s.")
            % {"email": link.email},
        )
        return redirect("case_documents", case_id=case.pk)
    return _render_overview(request, case, groups, view_form=form, status=status)


# --- Writing a document ----------------------------------------------------------------------------------------


def _document_form(
    part: str, data: Any = None, *, initial: dict[str, Any], activities: list[dict[str, Any]] | None = None
) -> DocumentForm:
    form_class = FORMS[part]
    if form_class is ActionPlanForm:
        return ActionPlanForm(data, initial=initial, activities=activity_formset(data, initial=activities))
    return form_class(data, initial=initial)


def _render_form(
    request: HttpRequest,
    case: AbsenceCase,
    part: str,
    form: DocumentForm | LabourExpertReportForm,
    *,
    document: ReintegrationDocument | None = None,
    status: int = 200,
) -> HttpResponse:
    if form.has_error(NON_FIELD_ERRORS, UNEXPECTED_FIELDS):
        status = 400
    context = {
        "case": case,
        "part": part,
        "part_label": DocumentPart(part).label,
        "form": form,
        "activities": getattr(form, "activities", None),
        "document": document,
        "title": rules.document_title(document) if document else DocumentPart(part).label,
        "is_upload": isinstance(form, LabourExpertReportForm),
        "requires_signatures": rules.PARTS[part].requires_signatures,
        "signed": bool(document and document.signatures.exists()),
    }
    return render(request, "cases/documents/form.html", context, status=status)


def _save_document(
    request: HttpRequest, case: AbsenceCase, part: str, form: DocumentForm, document: ReintegrationDocument | None
) -> HttpResponse:
    """Validate the posted form and create or revise through the service; errors show at the fields."""
    user = portal_user(request)
    status = 200
    if form.is_valid():
        values = {"document_date": form.cleaned_data["document_date"], "content": form.content()}
        if document is None:
            saved, status = _service_call(
                form, services_documents.document_create, created_by=user, case=case, part=part, **values
            )
        else:
            saved, status = _service_call(
                form, services_documents.document_revise, revised_by=user, document=document, **values
            )
        if saved is not None:
            if saved.requires_signatures and saved.state == DocumentState.DRAFT:
                message = _("%(title)s is opgeslagen (versie %(version)s). Werkgever en werknemer ondertekenen het.")
            else:
                message = _("%(title)s is vastgelegd.")
            messages.success(request, message % {"title": rules.document_title(saved), "version": saved.version})
            return redirect("case_document", case_id=case.pk, document_id=saved.pk)
    return _render_form(request, case, part, form, document=document, status=status)


def _upload(request: HttpRequest, case: AbsenceCase) -> HttpResponse:
    part = DocumentPart.LABOUR_EXPERT_REPORT
    if request.method != "POST":
        return _render_form(request, case, part, LabourExpertReportForm())
    form = LabourExpertReportForm(request.POST, request.FILES)
    status = 200
    if form.is_valid():
        document, status = _service_call(
            form,
            services_documents.labour_expert_report_upload,
            uploaded_by=portal_user(request),
            case=case,
            document_date=form.cleaned_data["document_date"],
            upload=form.cleaned_data["file"],
            author=form.cleaned_data["author"],
        )
        if document is not None:
            messages.success(request, _("Het rapport van de arbeidsdeskundige is opgeslagen."))
            return redirect("case_document", case_id=case.pk, document_id=document.pk)
    return _render_form(request, case, part, form, status=status)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def document_create(request: HttpRequest, case_id: str, part: str) -> HttpResponse:
    """A new part of the report, by a role that writes it (the physician's parts, the plan, the reviews, ...)."""
    user = portal_user(request)
    case, groups = selectors_documents.document_list(fetched_by=user, case_id=case_id)
    if part not in {spec.part for spec in selectors_documents.parts_creatable(user=user, case=case, groups=groups)}:
        raise Http404
    if part == DocumentPart.LABOUR_EXPERT_REPORT:
        return _upload(request, case)
    initial = selectors_documents.document_initial(case=case, part=part)
    if request.method != "POST":
        return _render_form(request, case, part, _document_form(part, initial=initial))
    return _save_document(request, case, part, _document_form(part, request.POST, initial=initial), None)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def document_edit(request: HttpRequest, case_id: str, document_id: str) -> HttpResponse:
    """Change a document: in place while nobody signed it, otherwise as a new version."""
    user = portal_user(request)
    case, document = selectors_documents.document_get(
        fetched_by=user, case_id=case_id, document_id=document_id, action="document_edit"
    )
    spec = rules.PARTS[document.part]
    editable = spec.part in rules.FORM_PARTS and document.state != DocumentState.SUPERSEDED
    if user.role not in spec.author_roles or not editable or case.status != CaseStatus.OPEN:
        raise Http404
    initial = FORMS[document.part].initial_from(document.content, document.document_date)
    activities = document.content.get("activities") or []
    data = request.POST if request.method == "POST" else None
    form = _document_form(document.part, data, initial=initial, activities=activities)
    if data is None:
        return _render_form(request, case, document.part, form, document=document)
    return _save_document(request, case, document.part, form, document)


# --- Reading, signing, sending the link ------------------------------------------------------------------------


def _render_detail(
    request: HttpRequest,
    case: AbsenceCase,
    document: ReintegrationDocument,
    *,
    link_form: SendLinkForm | None = None,
    sign_error: str = "",
    status: int = 200,
) -> HttpResponse:
    user = portal_user(request)
    spec = rules.PARTS[document.part]
    signed_by = selectors_documents.document_signed_by(document)
    signable = document.requires_signatures and document.state == DocumentState.DRAFT and case.status == CaseStatus.OPEN
    may_send_link = signable and user.role in rules.LINK_SENDER_ROLES and "employee" not in signed_by
    context: dict[str, Any] = {
        "case": case,
        "document": document,
        "title": rules.document_title(document),
        "sections": rules.document_sections(document),
        "versions": selectors_documents.document_versions(document=document),
        "signed_by": signed_by,
        "needs_resigning": rules.document_needs_resigning(document),
        "may_sign": signable and user.role == Role.EMPLOYER and "employer" not in signed_by,
        "fingerprint": services_documents.document_fingerprint(document),
        "may_send_link": may_send_link,
        "link_form": link_form or SendLinkForm(),
        "pending_link": links.link_pending(document=document) if may_send_link else None,
        "employee_account": services_documents.employee_has_account(case) if may_send_link else None,
        "may_edit": (
            user.role in spec.author_roles
            and spec.part in rules.FORM_PARTS
            and document.state != DocumentState.SUPERSEDED
            and case.status == CaseStatus.OPEN
        ),
        "sign_error": sign_error,
    }
    return render(request, "cases/documents/detail.html", context, status=status)


@never_cache
@login_required
@require_GET
def document_detail(request: HttpRequest, case_id: str, document_id: str) -> HttpResponse:
    case, document = selectors_documents.document_get(
        fetched_by=portal_user(request), case_id=case_id, document_id=document_id
    )
    return _render_detail(request, case, document)


@never_cache
@login_required
@require_POST
def document_sign(request: HttpRequest, case_id: str, document_id: str) -> HttpResponse:
    """The employer's user signs this version (the button on the document page)."""
    user = portal_user(request)
    case, document = selectors_documents.document_get(
        fetched_by=user, case_id=case_id, document_id=document_id, action="document_sign"
    )
    if user.role != Role.EMPLOYER or not document.requires_signatures:
        raise Http404
    try:
        services_documents.document_sign_as_employer(
            signed_by=user, document=document, fingerprint=request.POST.get("fingerprint", "")
        )
    except CaseConflict as exc:
        return _render_detail(request, case, document, sign_error=exc.message, status=409)
    document.refresh_from_db()
    if document.state == DocumentState.FINAL:
        messages.success(request, _("U hebt het plan van aanpak ondertekend. Het is nu definitief."))
    else:
        messages.success(request, _("U hebt het plan van aanpak ondertekend. De werknemer moet nog ondertekenen."))
    return redirect("case_document", case_id=case.pk, document_id=document.pk)


@never_cache
@login_required
@require_POST
def document_send_link(request: HttpRequest, case_id: str, document_id: str) -> HttpResponse:
    """Mail the employee a one-time link to sign this version."""
    user = portal_user(request)
    case, document = selectors_documents.document_get(
        fetched_by=user, case_id=case_id, document_id=document_id, action="document_send_link"
    )
    if user.role not in rules.LINK_SENDER_ROLES or not document.requires_signatures:
        raise Http404
    if services_documents.employee_has_account(case) is not None:
        # The employee has an account: they sign in the portal, and get a mail that asks them to (issue 22 item 2).
        try:
            account = services_documents.employee_sign_request(sent_by=user, case=case, document=document)
        except CaseConflict as exc:
            return _render_detail(request, case, document, sign_error=exc.message, status=409)
        messages.success(
            request,
            _(
                "De werknemer krijgt binnen een minuut een e-mail op %(email)s met het verzoek te ondertekenen in "
                "het portaal."
            )
            % {"email": account.email},
        )
        return redirect("case_document", case_id=case.pk, document_id=document.pk)
    form = SendLinkForm(request.POST)
    link, status = _link_send(form, sent_by=user, case=case, purpose=LinkPurpose.SIGN, document=document)
    if link is not None:
        messages.success(
            request,
            _("De link om te ondertekenen wordt binnen een minuut per e-mail verstuurd naar %(email)s.")
            % {"email": link.email},
        )
        return redirect("case_document", case_id=case.pk, document_id=document.pk)
    return _render_detail(request, case, document, link_form=form, status=status)


@never_cache
@login_required
@require_GET
def document_download(request: HttpRequest, case_id: str, document_id: str) -> FileResponse:
    """The labour expert's report, as an attachment, to the roles that read documents (never insurer staff)."""
    _case, document = selectors_documents.document_file_get(
        fetched_by=portal_user(request), case_id=case_id, document_id=document_id
    )
    return report_file_response(document)


def report_file_response(document: ReintegrationDocument) -> FileResponse:
    """The labour expert's uploaded report as a PDF attachment (also the employee's download, cases.own); 404 when
    the file is gone from storage."""
    filename = f"rapport-arbeidsdeskundige-{document.document_date:%Y-%m-%d}-{document.sequence}.pdf"
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as exc:
        logger.error("labour expert report %s is missing from storage", document.pk)
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=filename, content_type="application/pdf")


# --- The employee's one-time link ------------------------------------------------------------------------------


def _public(response: HttpResponse) -> HttpResponse:
    # The token is in the address: not for search engines. The portal's Referrer-Policy (same-origin) already keeps
    # it from other sites; "no-referrer" would make browsers post `Origin: null`, which the CSRF check refuses.
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _link_invalid(request: HttpRequest) -> HttpResponse:
    # One answer for unknown, used, expired and replaced links: the page tells nothing about the token.
    return _public(render(request, "cases/documents/public_invalid.html", status=404))


@never_cache
@require_http_methods(["GET", "POST"])
def employee_link(request: HttpRequest, token: str) -> HttpResponse:
    """The page the employee's e-mail links to: sign the plan, or write their own view. No login."""
    try:
        link = links.link_open(token=token)
    except links.LinkInvalid:
        return _link_invalid(request)
    if link.purpose == LinkPurpose.INCOME:  # its own page (cases.income.views), which binds it to one browser
        return _link_invalid(request)
    if link.purpose == LinkPurpose.SIGN:
        assert link.document is not None
        form: EmployeeSignForm | EmployeeViewForm = EmployeeSignForm(request.POST or None)
        template = "cases/documents/public_sign.html"
    else:
        form = EmployeeViewForm(request.POST or None)
        template = "cases/documents/public_view.html"
    if request.method == "POST" and form.is_valid():
        try:
            if isinstance(form, EmployeeSignForm):
                services_documents.document_sign_as_employee(token=token, signer_name=form.cleaned_data["signer_name"])
            else:
                services_documents.employee_view_submit(
                    token=token, signer_name=form.cleaned_data["signer_name"], view=form.cleaned_data["view"]
                )
        except (links.LinkInvalid, CaseConflict):
            return _link_invalid(request)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _public(redirect("employee_link_done"))
    context: dict[str, Any] = {
        "form": form,
        "employee_name": link.case.employee.full_name,
        "employer_name": link.case.employer.name,
        "expires_at": link.expires_at,
    }
    if link.document is not None:
        context["document"] = link.document
        context["title"] = rules.document_title(link.document)
        context["sections"] = rules.document_sections(link.document)
        context["signed_by"] = selectors_documents.document_signed_by(link.document)
    return _public(render(request, template, context))


@never_cache
@require_GET
def employee_link_done(request: HttpRequest) -> HttpResponse:
    return _public(render(request, "cases/documents/public_done.html"))
