"""Every write on the documents of the re-integration report (docs/domain.md §5 "Re-integratieverslag parts").

The problem analysis and the current assessment (physician, non-medical part only), the plan van aanpak with
its signatures, the reviews, the first-year and final review, the employee's own view (through a one-time
link, cases.documents.links) and the labour expert's uploaded report. Writing a document completes its
Poortwachter step through ``services.step_complete``; a signed or final document is never edited: a change makes
a new version that must be signed again, and earlier versions stay readable (docs/decisions.md #39).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.absence import poortwachter, services
from cases.absence.models import AbsenceCase, CaseStatus, StepState
from cases.absence.services import CaseConflict
from cases.documents.links import LinkInvalid, link_issue, link_lock
from cases.documents.mails import EMPLOYEE_LINK, EMPLOYEE_SIGN_REQUEST
from cases.documents.models import (
    DocumentPart,
    DocumentSignature,
    DocumentState,
    LinkPurpose,
    OneTimeLink,
    ReintegrationDocument,
    SignerRole,
)
from cases.documents.rules import AUDIT_OBJECT, LINK_SENDER_ROLES, PARTS, PartSpec, Track, upload_max_bytes
from verzuim.audit import audit_record
from verzuim.mail import mail_queue
from verzuim.models import AuditAction, Role, User
from verzuim.uploads import upload_is_pdf


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def _require_author(user: User, spec: PartSpec) -> None:
    if user.role not in spec.author_roles:
        raise PermissionDenied(_("Uw rol mag dit document niet opstellen."))


def _lock_open_case(case: AbsenceCase) -> AbsenceCase:
    case = AbsenceCase.objects.select_for_update().select_related("employer", "employee").get(pk=case.pk)
    if case.status != CaseStatus.OPEN:
        raise CaseConflict(_("Dit verzuimgeval is afgesloten: er kunnen geen documenten meer bij."), code="case_closed")
    return case


def _validate_date(case: AbsenceCase, document_date: dt.date, today: dt.date) -> None:
    if document_date > today:
        raise ValidationError({"document_date": [_("De datum van het document kan niet in de toekomst liggen.")]})
    if document_date < case.first_sick_day:
        raise ValidationError({"document_date": [_("De datum van het document ligt vóór de eerste ziektedag.")]})


def _validate_content(spec: PartSpec, content: dict[str, Any]) -> None:
    unknown = set(content) - {key for key, _label in spec.headings}
    if unknown:
        raise ValidationError(_("Het document bevat onderdelen die hier niet horen."), code="unknown_content")
    if spec.part == DocumentPart.FIRST_YEAR_REVIEW and content.get("track") == Track.TRACK_ONE:
        # docs/domain.md §5: without a second track, a concrete return within 3 months must be recorded with reason.
        errors: dict[str, list[str]] = {}
        if not content.get("return_expected"):
            errors["return_expected"] = [
                _("Zonder tweede spoor moet een concrete terugkeer binnen 3 maanden verwacht worden.")
            ]
        if not str(content.get("return_reason") or "").strip():
            errors["return_reason"] = [_("Geef de reden waarom het tweede spoor niet wordt ingezet.")]
        if errors:
            raise ValidationError(errors)


def _next_sequence(case: AbsenceCase, spec: PartSpec) -> int:
    if not spec.repeats:
        return 1
    last = case.documents.filter(part=spec.part).aggregate(last=Max("sequence"))["last"] or 0
    if spec.step_code == poortwachter.ACTION_PLAN_REVIEW:
        # Review n is the document of step "Bijstelling plan van aanpak n", also when earlier ones were done by hand.
        step = case.steps.filter(code=spec.step_code, state=StepState.OPEN).order_by("sequence").first()
        if step is not None:
            return max(step.sequence, last + 1)
    return last + 1


def _complete_step(*, case: AbsenceCase, spec: PartSpec, actor: User, completed_on: dt.date, today: dt.date) -> None:
    """Complete the part's step when it is open; a step completed earlier (by hand, or by an earlier version)
    keeps its date and history."""
    if spec.step_code is None or not case.steps.filter(code=spec.step_code, state=StepState.OPEN).exists():
        return
    services.step_complete(completed_by=actor, case=case, code=spec.step_code, completed_on=completed_on, today=today)


def _audit(
    actor: User | None, action: AuditAction, document: ReintegrationDocument, case: AbsenceCase, **changes: Any
) -> None:
    audit_record(
        actor=actor,
        action=action,
        object_type=AUDIT_OBJECT,
        object_id=document.pk,
        employer=case.employer,
        changes={"part": document.part, "sequence": document.sequence, "version": document.version, **changes},
    )


def _revoke_links(document: ReintegrationDocument, now: dt.datetime) -> None:
    """Unused links to a document that changed or was replaced stop working at once."""
    OneTimeLink.objects.filter(document=document, used_at__isnull=True, expires_at__gt=now).update(expires_at=now)


def document_create(
    *,
    created_by: User,
    case: AbsenceCase,
    part: str,
    document_date: dt.date,
    content: dict[str, Any],
    today: dt.date | None = None,
) -> ReintegrationDocument:
    """Write a part of the report. Parts without signatures are final at once and complete their step; the plan
    starts as a draft that employer and employee sign."""
    today = _today(today)
    spec = PARTS[part]
    if spec.uploaded or not spec.author_roles:
        raise PermissionDenied
    _require_author(created_by, spec)
    with transaction.atomic():
        case = _lock_open_case(case)
        _validate_date(case, document_date, today)
        _validate_content(spec, content)
        if not spec.repeats and case.documents.filter(part=part).exists():
            raise CaseConflict(
                _("Dit onderdeel bestaat al. Wijzig het om een nieuwe versie te maken."), code="document_exists"
            )
        if (
            part == DocumentPart.ACTION_PLAN_REVIEW
            and not case.steps.filter(code=poortwachter.ACTION_PLAN, state=StepState.DONE).exists()
        ):
            raise CaseConflict(
                _("Een bijstelling volgt op het plan van aanpak, en dat is nog niet ondertekend."), code="no_plan"
            )
        final = not spec.requires_signatures
        document = ReintegrationDocument(
            case=case,
            part=part,
            sequence=_next_sequence(case, spec),
            version=1,
            state=DocumentState.FINAL if final else DocumentState.DRAFT,
            content=content,
            document_date=document_date,
            requires_signatures=spec.requires_signatures,
            created_by=created_by,
            finalised_at=timezone.now() if final else None,
        )
        document.full_clean(exclude=["case", "created_by", "file"])
        document.save(force_insert=True)
        _audit(created_by, AuditAction.CREATE, document, case, state=document.state)
        if final:
            _complete_step(case=case, spec=spec, actor=created_by, completed_on=document_date, today=today)
    return document


def document_revise(
    *,
    revised_by: User,
    document: ReintegrationDocument,
    document_date: dt.date,
    content: dict[str, Any],
    today: dt.date | None = None,
) -> ReintegrationDocument:
    """Change a document. A draft nobody signed yet is changed in place; a signed or final one gets a new
    version (the old one becomes superseded and stays readable), which must be signed again when the part needs
    signatures. The step it completed stays done with its history."""
    today = _today(today)
    spec = PARTS[document.part]
    if spec.uploaded or not spec.author_roles:
        raise PermissionDenied
    _require_author(revised_by, spec)
    with transaction.atomic():
        case = _lock_open_case(document.case)
        document = ReintegrationDocument.objects.select_for_update().get(pk=document.pk)
        if document.state == DocumentState.SUPERSEDED:
            raise CaseConflict(
                _("Er is al een nieuwere versie van dit document; wijzig die."), code="document_superseded"
            )
        _validate_date(case, document_date, today)
        _validate_content(spec, content)
        now = timezone.now()
        if document.state == DocumentState.DRAFT and not document.signatures.exists():
            before = {"document_date": str(document.document_date), "content": document.content}
            document.content = content
            document.document_date = document_date
            document.full_clean(exclude=["case", "created_by", "file"])
            document.save(update_fields=["content", "document_date"])
            # The employee must never sign a text other than the one they were sent.
            _revoke_links(document, now)
            _audit(
                revised_by,
                AuditAction.UPDATE,
                document,
                case,
                changed=sorted(k for k in content if content.get(k) != before["content"].get(k)),
                document_date=[before["document_date"], str(document_date)],
            )
            return document
        final = not spec.requires_signatures
        new = ReintegrationDocument(
            case=case,
            part=document.part,
            sequence=document.sequence,
            version=document.version + 1,
            state=DocumentState.FINAL if final else DocumentState.DRAFT,
            content=content,
            document_date=document_date,
            requires_signatures=spec.requires_signatures,
            created_by=revised_by,
            finalised_at=now if final else None,
        )
        new.full_clean(exclude=["case", "created_by", "file"])
        old_state = document.state
        document.state = DocumentState.SUPERSEDED
        document.save(update_fields=["state"])
        new.save(force_insert=True)
        _revoke_links(document, now)
        _audit(revised_by, AuditAction.UPDATE, document, case, state=[old_state, DocumentState.SUPERSEDED])
        _audit(revised_by, AuditAction.CREATE, new, case, state=new.state, replaces=str(document.pk))
    return new


def _finalise_when_signed(
    *, case: AbsenceCase, document: ReintegrationDocument, actor: User | None, today: dt.date
) -> None:
    """Both signed: the version is final, and the plan's step is completed on the date of the last signature by
    `actor` (None: nobody at hand may complete it, and the step waits for its owner)."""
    signatures = list(document.signatures.all())
    if {s.signer_role for s in signatures} != set(SignerRole.values):
        return
    document.state = DocumentState.FINAL
    document.finalised_at = timezone.now()
    document.save(update_fields=["state", "finalised_at"])
    _audit(actor, AuditAction.UPDATE, document, case, state=[DocumentState.DRAFT, DocumentState.FINAL])
    if actor is None:
        return
    last_signed = max(timezone.localtime(s.signed_at).date() for s in signatures)
    _complete_step(case=case, spec=PARTS[document.part], actor=actor, completed_on=last_signed, today=today)


def _check_signable(document: ReintegrationDocument, role: str) -> None:
    if not document.requires_signatures or document.state != DocumentState.DRAFT:
        raise CaseConflict(_("Deze versie kan niet (meer) worden ondertekend."), code="not_signable")
    if document.signatures.filter(signer_role=role).exists():
        raise CaseConflict(_("Deze versie is al ondertekend."), code="already_signed")


def document_fingerprint(document: ReintegrationDocument) -> str:
    """What the signer saw: a hash of the version's content and date, sent along with the sign button."""
    payload = json.dumps(
        {"content": document.content, "date": str(document.document_date), "version": document.version},
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def document_sign_as_employer(
    *, signed_by: User, document: ReintegrationDocument, fingerprint: str, today: dt.date | None = None
) -> DocumentSignature:
    """The employer's user signs this version in the portal (name, time and account are stored). The
    fingerprint of the text they read must still match: a draft edited meanwhile is not signed blind."""
    today = _today(today)
    if signed_by.role != Role.EMPLOYER or signed_by.employer_id != document.case.employer_id:
        raise PermissionDenied(_("Alleen de werkgever ondertekent namens de werkgever."))
    with transaction.atomic():
        case = AbsenceCase.objects.select_for_update().select_related("employer").get(pk=document.case_id)
        document = ReintegrationDocument.objects.select_for_update().get(pk=document.pk)
        _check_signable(document, SignerRole.EMPLOYER)
        if not secrets.compare_digest(fingerprint, document_fingerprint(document)):
            raise CaseConflict(
                _("Het plan is gewijzigd nadat u het opende. Lees de nieuwe tekst en onderteken dan opnieuw."),
                code="document_changed",
            )
        signature = DocumentSignature.objects.create(
            document=document, signer_role=SignerRole.EMPLOYER, signer_name=signed_by.get_full_name(), user=signed_by
        )
        _audit(signed_by, AuditAction.UPDATE, document, case, signed_as=SignerRole.EMPLOYER)
        # The employer signed last: they complete the (employer-owned) step.
        _finalise_when_signed(case=case, document=document, actor=signed_by, today=today)
    return signature


def one_time_link_send(
    *,
    sent_by: User,
    case: AbsenceCase,
    purpose: str,
    email: str,
    document: ReintegrationDocument | None = None,
) -> OneTimeLink:
    """Mail the employee a link to sign this version of the plan, or to give their own view.

    The link and its mail are written in one transaction; the outbox sends the mail within a minute, and only then
    does the link get its token (cases.documents.mails), so no token is stored and none opens before it was mailed.
    An earlier unused link for the same thing stops working.
    """
    if sent_by.role not in LINK_SENDER_ROLES:
        raise PermissionDenied(_("Uw rol mag de werknemer geen link sturen."))
    with transaction.atomic():
        case = AbsenceCase.objects.select_for_update().select_related("employer", "employee").get(pk=case.pk)
        now = timezone.now()
        if purpose == LinkPurpose.SIGN:
            if document is None or document.case_id != case.pk:
                raise PermissionDenied
            document = ReintegrationDocument.objects.select_for_update().get(pk=document.pk)
            _check_signable(document, SignerRole.EMPLOYEE)
            if employee_has_account(case) is not None:
                # Signing in the portal replaces the link for an employee with an account (issue 22 item 2).
                raise CaseConflict(
                    _("De werknemer heeft een account en ondertekent in het portaal. Vraag het daar."),
                    code="employee_has_account",
                )
            _revoke_links(document, now)
        else:
            document = None
            if case.status != CaseStatus.OPEN:
                raise CaseConflict(
                    _("Dit verzuimgeval is afgesloten: er kunnen geen documenten meer bij."), code="case_closed"
                )
            OneTimeLink.objects.filter(case=case, purpose=purpose, used_at__isnull=True, expires_at__gt=now).update(
                expires_at=now
            )
        return link_issue(
            sent_by=sent_by,
            case=case,
            purpose=purpose,
            email=email,
            now=now,
            mail_kind=EMPLOYEE_LINK,
            document=document,
        )


def document_sign_as_employee(*, token: str, signer_name: str, today: dt.date | None = None) -> DocumentSignature:
    """The employee signs the version their link opens; the link is used up."""
    today = _today(today)
    with transaction.atomic():
        link, case = link_lock(token)
        if link.purpose != LinkPurpose.SIGN or link.document is None:
            raise LinkInvalid
        document = ReintegrationDocument.objects.select_for_update().get(pk=link.document.pk)
        _check_signable(document, SignerRole.EMPLOYEE)
        signature = DocumentSignature(document=document, signer_role=SignerRole.EMPLOYEE, signer_name=signer_name)
        signature.full_clean(exclude=["document", "user"])
        signature.save(force_insert=True)
        link.used_at = timezone.now()
        link.save(update_fields=["used_at"])
        _audit(None, AuditAction.UPDATE, document, case, signed_as=SignerRole.EMPLOYEE, link=link.pk)
        # The employee signed last: the user who sent the link completes the step on their behalf.
        _finalise_when_signed(case=case, document=document, actor=link.created_by, today=today)
    return signature


def _step_actor(case: AbsenceCase, document: ReintegrationDocument) -> User | None:
    """Who completes the document's step when the employee signs last in the portal: the author, else the employer's
    signer, else the casemanager, whichever may complete that step (the employee completes no step of the employer's).
    None: nobody of them may, and the step waits for its owner."""
    spec = PARTS[document.part]
    owner = next((rule.owner for rule in poortwachter.STEP_RULES if rule.code == spec.step_code), None)
    allowed = services.OWNER_ROLES.get(owner or "", frozenset())
    employer_signer = next(
        (s.user for s in document.signatures.all() if s.signer_role == SignerRole.EMPLOYER and s.user is not None),
        None,
    )
    for candidate in (document.created_by, employer_signer, case.casemanager, case.employer.casemanager):
        if candidate is not None and candidate.is_active and candidate.role in allowed:
            return candidate
    return None


def document_sign_as_employee_account(
    *, signed_by: User, document: ReintegrationDocument, fingerprint: str, today: dt.date | None = None
) -> DocumentSignature:
    """The employee signs this version in the portal with their own account (issue 22 item 2): the account, the name
    and the time are stored, as for the employer. The fingerprint of the text they read must still match. Unused
    one-time links to the version stop working: the portal signature replaces them."""
    today = _today(today)
    if signed_by.role != Role.EMPLOYEE or signed_by.employee_id is None:
        raise PermissionDenied(_("Alleen de werknemer ondertekent namens de werknemer."))
    with transaction.atomic():
        case = (
            AbsenceCase.objects.select_for_update(of=("self",))
            .select_related("employer__casemanager", "casemanager")
            .get(pk=document.case_id)
        )
        if case.employee_id != signed_by.employee_id:
            raise PermissionDenied(_("Alleen de werknemer ondertekent namens de werknemer."))
        document = (
            ReintegrationDocument.objects.select_for_update(of=("self",))
            .select_related("created_by")
            .get(pk=document.pk)
        )
        _check_signable(document, SignerRole.EMPLOYEE)
        if case.status != CaseStatus.OPEN:
            raise CaseConflict(
                _("Dit verzuimgeval is afgesloten: er kan niets meer worden ondertekend."), code="case_closed"
            )
        if not secrets.compare_digest(fingerprint, document_fingerprint(document)):
            raise CaseConflict(
                _("Het plan is gewijzigd nadat u het opende. Lees de nieuwe tekst en onderteken dan opnieuw."),
                code="document_changed",
            )
        signature = DocumentSignature.objects.create(
            document=document, signer_role=SignerRole.EMPLOYEE, signer_name=signed_by.get_full_name(), user=signed_by
        )
        _revoke_links(document, timezone.now())
        _audit(signed_by, AuditAction.UPDATE, document, case, signed_as=SignerRole.EMPLOYEE, via="portal")
        _finalise_when_signed(case=case, document=document, actor=_step_actor(case, document), today=today)
    return signature


def employee_has_account(case: AbsenceCase) -> User | None:
    """The employee's active account, when they have one: they sign in the portal, not through a one-time link."""
    return User.objects.filter(employee_id=case.employee_id, role=Role.EMPLOYEE, is_active=True).first()


def employee_sign_request(*, sent_by: User, case: AbsenceCase, document: ReintegrationDocument) -> User:
    """Ask the employee with an account to sign this version in the portal: a mail with a link to the sign page of
    *Mijn verzuim* (no token: they log in), to the account's address. Replaces the one-time link for them."""
    if sent_by.role not in LINK_SENDER_ROLES:
        raise PermissionDenied(_("Uw rol mag de werknemer niet vragen te ondertekenen."))
    with transaction.atomic():
        case = AbsenceCase.objects.select_for_update().select_related("employer").get(pk=case.pk)
        document = ReintegrationDocument.objects.select_for_update().get(pk=document.pk, case=case)
        _check_signable(document, SignerRole.EMPLOYEE)
        account = employee_has_account(case)
        if account is None:
            raise CaseConflict(
                _("De werknemer heeft geen account. Stuur een link om te ondertekenen."), code="no_employee_account"
            )
        mail_queue(kind=EMPLOYEE_SIGN_REQUEST, to=account.email, object_type=AUDIT_OBJECT, object_id=document.pk)
        _audit(sent_by, AuditAction.UPDATE, document, case, sign_request=str(account.pk))
    return account


def employee_view_submit(
    *, token: str, signer_name: str, view: str, today: dt.date | None = None
) -> ReintegrationDocument:
    """The employee's own view, in their words, as a part of the report; the link is used up."""
    today = _today(today)
    spec = PARTS[DocumentPart.EMPLOYEE_VIEW]
    with transaction.atomic():
        link, case = link_lock(token)
        if link.purpose != LinkPurpose.EMPLOYEE_VIEW:
            raise LinkInvalid
        document = ReintegrationDocument(
            case=case,
            part=spec.part,
            sequence=_next_sequence(case, spec),
            state=DocumentState.FINAL,
            content={"view": view, "employee_name": signer_name},
            document_date=today,
            created_by=None,
            finalised_at=timezone.now(),
        )
        document.full_clean(exclude=["case", "created_by", "file"])
        document.save(force_insert=True)
        link.used_at = timezone.now()
        link.document = document
        link.save(update_fields=["used_at", "document"])
        _audit(None, AuditAction.CREATE, document, case, link=link.pk)
    return document


def _check_pdf(upload: UploadedFile) -> None:
    """PDF only (by name and by content) and no larger than DOCUMENT_UPLOAD_MAX_MB."""
    if upload.size is not None and upload.size > upload_max_bytes():
        raise ValidationError(
            {
                "file": [
                    _("Het bestand is te groot: een rapport mag hoogstens %(max)s MB zijn.")
                    % {"max": settings.DOCUMENT_UPLOAD_MAX_MB}
                ]
            }
        )
    if not (upload.name or "").lower().endswith(".pdf") or not upload_is_pdf(upload):
        raise ValidationError({"file": [_("Dit bestand is geen PDF. Upload het rapport als PDF-bestand.")]})


def labour_expert_report_upload(
    *,
    uploaded_by: User,
    case: AbsenceCase,
    document_date: dt.date,
    upload: UploadedFile,
    author: str = "",
    today: dt.date | None = None,
) -> ReintegrationDocument:
    """Store the labour expert's report (a PDF) under MEDIA_ROOT, which no URL serves, and complete the step.

    A refused file leaves nothing behind: no row and no file on disk.
    """
    today = _today(today)
    spec = PARTS[DocumentPart.LABOUR_EXPERT_REPORT]
    _require_author(uploaded_by, spec)
    _check_pdf(upload)
    stored: str | None = None
    try:
        with transaction.atomic():
            case = _lock_open_case(case)
            _validate_date(case, document_date, today)
            document = ReintegrationDocument(
                case=case,
                part=spec.part,
                sequence=_next_sequence(case, spec),
                state=DocumentState.FINAL,
                content={"author": author, "original_name": os.path.basename(upload.name or "")[:200]},
                document_date=document_date,
                created_by=uploaded_by,
                finalised_at=timezone.now(),
            )
            document.full_clean(exclude=["case", "created_by", "file"])
            # The stored name is the document's id: nothing from the uploader's file name reaches the disk.
            document.file.save(f"{document.pk}.pdf", upload, save=False)
            stored = document.file.name
            document.save(force_insert=True)
            _audit(uploaded_by, AuditAction.CREATE, document, case, size=upload.size)
            _complete_step(case=case, spec=spec, actor=uploaded_by, completed_on=document_date, today=today)
    except BaseException:
        if stored:
            default_storage.delete(stored)
        raise
    return document
