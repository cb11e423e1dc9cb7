"""The documents of the re-integration report (docs/domain.md §5 "Re-integratieverslag parts"): every write and read.

The problem analysis and the current assessment (physician, non-medical part only), the plan van aanpak with
its signatures, the reviews, the first-year and final review, the employee's own view (through a one-time
link) and the labour expert's uploaded report. Writing a document completes its Poortwachter step through
``services.step_complete``; a signed or final document is never edited: a change makes a new version that
must be signed again, and earlier versions stay readable (docs/decisions.md #39).

The employee has no account: they sign the plan, or give their own view, through a one-time link mailed to
an address the employer or casemanager gives. Only the SHA-256 of the link's token is stored; the token lives
in the e-mail alone.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import secrets
import smtplib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Max
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.absence import poortwachter, selectors, services
from cases.absence.models import AbsenceCase, CaseStatus, StepState
from cases.absence.services import CaseConflict
from cases.documents.models import (
    DocumentPart,
    DocumentSignature,
    DocumentState,
    LinkPurpose,
    OneTimeLink,
    ReintegrationDocument,
    SignerRole,
)
from verzuim.audit import audit_record
from verzuim.models import AuditAction, Role, User
from verzuim.selectors import as_uuid

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

# A one-time link works for 14 days (docs/decisions.md #40): long enough for an employee who
# is ill to react, short enough that an old mail in a shared mailbox is useless.
LINK_VALID_DAYS = 14
# What a PDF file starts with (ISO 32000-1 §7.5.2, the file header).
PDF_MAGIC = b"%PDF-"
# Roles that read the content of the documents. Insurer staff and admins see which parts exist and when
# (progress data), never what a plan says (docs/domain.md §3).
CONTENT_ROLES = frozenset({Role.EMPLOYER, Role.CASEMANAGER, Role.OCCUPATIONAL_PHYSICIAN})
# Roles that ask the employee to sign or to give their own view (they know the employee's address).
LINK_SENDER_ROLES = frozenset({Role.EMPLOYER, Role.CASEMANAGER})
AUDIT_OBJECT = "reintegration_document"


class ActivityOwner:
    """Who carries out an agreed activity of the plan (stored as code, shown in Dutch)."""

    CHOICES: tuple[tuple[str, StrPromise], ...] = (
        ("employee", gettext_lazy("Werknemer")),
        ("employer", gettext_lazy("Werkgever")),
        ("casemanager", gettext_lazy("Casemanager")),
        ("physician", gettext_lazy("Bedrijfsarts")),
        ("labour_expert", gettext_lazy("Arbeidsdeskundige")),
        ("other", gettext_lazy("Anders")),
    )


class PlanGoal:
    """The re-integration goal of the plan, in the order UWV's Werkwijzer Poortwachter looks at them."""

    CHOICES: tuple[tuple[str, StrPromise], ...] = (
        ("own_work", gettext_lazy("Terugkeer in het eigen werk")),
        ("adapted_work", gettext_lazy("Terugkeer in aangepast eigen werk")),
        ("other_work_same_employer", gettext_lazy("Ander werk bij de eigen werkgever")),
        ("work_other_employer", gettext_lazy("Werk bij een andere werkgever (tweede spoor)")),
    )


class Track:
    """The choice at the first-year review (BW 7:658a lid 3)."""

    TRACK_ONE = "track_one"
    TRACK_TWO = "track_two"
    CHOICES: tuple[tuple[str, StrPromise], ...] = (
        (TRACK_ONE, gettext_lazy("Eerste spoor: terugkeer bij de eigen werkgever")),
        (TRACK_TWO, gettext_lazy("Tweede spoor: werk bij een andere werkgever")),
    )


@dataclass(frozen=True)
class PartSpec:
    """How one part of the re-integration report is made."""

    part: str
    # The step a new document of this part completes (None: the employee's view has no step).
    step_code: str | None
    # Roles that write (and revise) it in the portal.
    author_roles: frozenset[str]
    # The headings UWV expects, as (content key, Dutch label); they are the only keys of `content`.
    headings: tuple[tuple[str, StrPromise], ...]
    requires_signatures: bool = False
    # Every new document is a new occurrence (sequence 1, 2, ...) instead of a new version of the one part.
    repeats: bool = False
    uploaded: bool = False

    @property
    def label(self) -> str:
        return str(DocumentPart(self.part).label)


PARTS: dict[str, PartSpec] = {
    spec.part: spec
    for spec in (
        # Regeling procesgang art. 2: the problem analysis by the physician; only the non-medical part is here.
        PartSpec(
            DocumentPart.PROBLEM_ANALYSIS,
            poortwachter.PROBLEM_ANALYSIS,
            frozenset({Role.OCCUPATIONAL_PHYSICIAN}),
            (
                ("functional_limitations", gettext_lazy("Mogelijkheden en beperkingen")),
                ("prognosis", gettext_lazy("Prognose")),
                ("advice", gettext_lazy("Advies over werkhervatting")),
            ),
        ),
        # Regeling procesgang art. 4: the plan, agreed (signed) by employer and employee.
        PartSpec(
            DocumentPart.ACTION_PLAN,
            poortwachter.ACTION_PLAN,
            frozenset({Role.EMPLOYER, Role.CASEMANAGER}),
            (
                ("goal_kind", gettext_lazy("Doel van de re-integratie")),
                ("goal", gettext_lazy("Toelichting op het doel")),
                ("activities", gettext_lazy("Afgesproken activiteiten")),
                ("contact_agreements", gettext_lazy("Contactmomenten en evaluatieafspraken")),
                ("casemanager", gettext_lazy("Casemanager")),
                ("physician_advice", gettext_lazy("Advies van de bedrijfsarts waarop dit plan is gebaseerd")),
            ),
            requires_signatures=True,
        ),
        PartSpec(
            DocumentPart.ACTION_PLAN_REVIEW,
            poortwachter.ACTION_PLAN_REVIEW,
            frozenset({Role.CASEMANAGER}),
            (
                ("progress", gettext_lazy("Voortgang")),
                ("changes", gettext_lazy("Bijstellingen van het plan")),
                ("next_steps", gettext_lazy("Volgende stappen")),
            ),
            repeats=True,
        ),
        PartSpec(
            DocumentPart.FIRST_YEAR_REVIEW,
            poortwachter.FIRST_YEAR_REVIEW,
            frozenset({Role.EMPLOYER, Role.CASEMANAGER}),
            (
                ("result", gettext_lazy("Resultaat van het eerste ziektejaar")),
                ("track", gettext_lazy("Keuze voor het tweede jaar")),
                ("return_expected", gettext_lazy("Concrete terugkeer binnen 3 maanden verwacht")),
                ("return_reason", gettext_lazy("Reden om geen tweede spoor in te zetten")),
            ),
        ),
        PartSpec(
            DocumentPart.CURRENT_ASSESSMENT,
            poortwachter.CURRENT_ASSESSMENT,
            frozenset({Role.OCCUPATIONAL_PHYSICIAN}),
            (
                ("functional_limitations", gettext_lazy("Actuele mogelijkheden en beperkingen")),
                ("prognosis", gettext_lazy("Prognose")),
                ("reintegration_opinion", gettext_lazy("Oordeel over de re-integratie")),
            ),
        ),
        PartSpec(
            DocumentPart.FINAL_REVIEW,
            poortwachter.FINAL_REVIEW,
            frozenset({Role.EMPLOYER, Role.CASEMANAGER}),
            (
                ("result", gettext_lazy("Resultaat van de re-integratie")),
                ("current_situation", gettext_lazy("Huidige situatie")),
                ("evaluation", gettext_lazy("Evaluatie van de inspanningen")),
            ),
        ),
        PartSpec(
            DocumentPart.EMPLOYEE_VIEW,
            None,
            frozenset(),
            (("view", gettext_lazy("Visie van de werknemer")), ("employee_name", gettext_lazy("Gegeven door"))),
            repeats=True,
        ),
        PartSpec(
            DocumentPart.LABOUR_EXPERT_REPORT,
            poortwachter.LABOUR_EXPERT_ASSESSMENT,
            frozenset({Role.CASEMANAGER}),
            (("author", gettext_lazy("Arbeidsdeskundige")), ("original_name", gettext_lazy("Bestand"))),
            repeats=True,
            uploaded=True,
        ),
    )
}
# The parts written and changed through a form in the portal (not uploaded, not from the employee's link).
FORM_PARTS = frozenset(spec.part for spec in PARTS.values() if spec.author_roles and not spec.uploaded)
PART_ORDER = {part: index for index, part in enumerate(DocumentPart.values)}
CHOICE_LABELS: dict[str, dict[str, StrPromise]] = {
    "goal_kind": dict(PlanGoal.CHOICES),
    "track": dict(Track.CHOICES),
}


class LinkInvalid(Exception):
    """The one-time link is unknown, used, expired, or its document can no longer be signed."""


# --- Display ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Activity:
    what: str
    owner: str  # Dutch label
    date: dt.date | None


@dataclass(frozen=True)
class Section:
    """One heading of a document with its text (or, for the plan's activities, its rows)."""

    key: str
    label: str
    text: str = ""
    activities: tuple[Activity, ...] = ()


def _parse_date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def document_title(document: ReintegrationDocument) -> str:
    """ "Bijstelling plan van aanpak 2", "Probleemanalyse": the part, with the occurrence when it repeats."""
    title = str(document.get_part_display())
    return f"{title} {document.sequence}" if PARTS[document.part].repeats else title


def document_sections(document: ReintegrationDocument) -> list[Section]:
    """The document's content under its headings, in Dutch, for pages and the PDF (never any medical data)."""
    sections = []
    owners = dict(ActivityOwner.CHOICES)
    for key, label in PARTS[document.part].headings:
        value = document.content.get(key)
        if key == "activities":
            rows = tuple(
                Activity(
                    what=str(row.get("what", "")),
                    owner=str(owners.get(row.get("owner", ""), row.get("owner", ""))),
                    date=_parse_date(row.get("date")),
                )
                for row in value or []
            )
            sections.append(Section(key=key, label=str(label), activities=rows))
            continue
        if isinstance(value, bool):
            text = _("Ja") if value else _("Nee")
        elif key in CHOICE_LABELS:
            text = str(CHOICE_LABELS[key].get(str(value), value or ""))
        else:
            text = str(value or "")
        if text:
            sections.append(Section(key=key, label=str(label), text=text))
    return sections


def document_needs_resigning(document: ReintegrationDocument) -> bool:
    """A later version of a signed plan: it must be signed again ("opnieuw te ondertekenen")."""
    return document.requires_signatures and document.version > 1 and document.state == DocumentState.DRAFT


def document_signed_by(document: ReintegrationDocument) -> dict[str, DocumentSignature]:
    return {signature.signer_role: signature for signature in document.signatures.all()}


# --- Reads -----------------------------------------------------------------------------------------------------


@dataclass
class DocumentGroup:
    """One part (and occurrence) of the report: its current version and the earlier ones."""

    current: ReintegrationDocument
    earlier: list[ReintegrationDocument] = field(default_factory=list)

    @property
    def title(self) -> str:
        return document_title(self.current)


def _sort_key(document: ReintegrationDocument) -> tuple[int, int, int]:
    return (PART_ORDER[document.part], document.sequence, -document.version)


def document_list(*, fetched_by: User, case_id: Any) -> tuple[AbsenceCase, list[DocumentGroup]]:
    """Every part of the case's report, newest version first within each; every role that sees the case."""
    case = selectors.case_get(fetched_by=fetched_by, case_id=case_id, action="documents")
    documents = sorted(case.documents.prefetch_related("signatures"), key=_sort_key)
    groups: list[DocumentGroup] = []
    for document in documents:
        last = groups[-1].current if groups else None
        if last is not None and (last.part, last.sequence) == (document.part, document.sequence):
            groups[-1].earlier.append(document)
        else:
            groups.append(DocumentGroup(current=document))
    return case, groups


def document_get(
    *, fetched_by: User, case_id: Any, document_id: Any, action: str = "document"
) -> tuple[AbsenceCase, ReintegrationDocument]:
    """One document with its content: the roles of CONTENT_ROLES on a case they see; everyone else 404."""
    case = selectors.case_get(fetched_by=fetched_by, case_id=case_id, action=action)
    if fetched_by.role not in CONTENT_ROLES:
        raise Http404
    pk = as_uuid(document_id)
    document = case.documents.prefetch_related("signatures").filter(pk=pk).first() if pk else None
    if document is None:
        raise Http404
    audit_record(
        actor=fetched_by,
        action=AuditAction.READ,
        object_type=AUDIT_OBJECT,
        object_id=document.pk,
        employer=case.employer,
        changes={"part": document.part, "version": document.version, "view": action},
    )
    return case, document


def document_versions(*, document: ReintegrationDocument) -> list[ReintegrationDocument]:
    """Every version of the document's part and occurrence, newest first."""
    return list(
        ReintegrationDocument.objects.filter(
            case_id=document.case_id, part=document.part, sequence=document.sequence
        ).order_by("-version")
    )


def document_file_get(*, fetched_by: User, case_id: Any, document_id: Any) -> tuple[AbsenceCase, ReintegrationDocument]:
    """The labour expert's report for download: employer, casemanager and physician (CONTENT_ROLES)."""
    case, document = document_get(fetched_by=fetched_by, case_id=case_id, document_id=document_id, action="download")
    if not document.file:
        raise Http404
    return case, document


def link_pending(*, document: ReintegrationDocument) -> OneTimeLink | None:
    """The link the employee can still use to sign this version, if any."""
    return (
        OneTimeLink.objects.filter(
            document=document, purpose=LinkPurpose.SIGN, used_at__isnull=True, expires_at__gt=timezone.now()
        )
        .order_by("-created_at")
        .first()
    )


def employee_view_links_pending(*, case: AbsenceCase) -> list[OneTimeLink]:
    return list(
        OneTimeLink.objects.filter(
            case=case, purpose=LinkPurpose.EMPLOYEE_VIEW, used_at__isnull=True, expires_at__gt=timezone.now()
        ).order_by("-created_at")
    )


def link_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _link_valid(link: OneTimeLink, now: dt.datetime) -> bool:
    if link.used_at is not None or link.expires_at <= now:
        return False
    if link.purpose == LinkPurpose.SIGN:
        document = link.document
        return (
            document is not None
            and document.state == DocumentState.DRAFT
            and not document.signatures.filter(signer_role=SignerRole.EMPLOYEE).exists()
        )
    return link.case.status == CaseStatus.OPEN


def link_open(*, token: str) -> OneTimeLink:
    """The link behind a token, when it can still be used; records that the employee opened it."""
    link = (
        OneTimeLink.objects.select_related("case__employee", "case__employer", "document")
        .filter(token_hash=link_token_hash(token))
        .first()
    )
    if link is None or not _link_valid(link, timezone.now()):
        raise LinkInvalid
    audit_record(
        actor=None,
        action=AuditAction.READ,
        object_type=AUDIT_OBJECT if link.document_id else "absence_case",
        object_id=link.document_id or link.case_id,
        employer=link.case.employer,
        changes={"via": "one_time_link", "link": link.pk, "purpose": link.purpose},
    )
    return link


# --- Writes ----------------------------------------------------------------------------------------------------


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


def _finalise_when_signed(*, case: AbsenceCase, document: ReintegrationDocument, actor: User, today: dt.date) -> None:
    """Both signed: the version is final, and the plan's step is completed on the date of the last signature."""
    signatures = list(document.signatures.all())
    if {s.signer_role for s in signatures} != set(SignerRole.values):
        return
    document.state = DocumentState.FINAL
    document.finalised_at = timezone.now()
    document.save(update_fields=["state", "finalised_at"])
    _audit(actor, AuditAction.UPDATE, document, case, state=[DocumentState.DRAFT, DocumentState.FINAL])
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


def _mail_link(link: OneTimeLink, token: str, case: AbsenceCase) -> None:
    context = {
        "employee": case.employee,
        "employer": case.employer,
        "purpose": link.purpose,
        "url": settings.PORTAL_BASE_URL + reverse("employee_link", kwargs={"token": token}),
        "expires_at": link.expires_at,
        "document": link.document,
    }
    subject = (
        _("Plan van aanpak ondertekenen") if link.purpose == LinkPurpose.SIGN else _("Uw visie op uw re-integratie")
    )
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("email/employee_link.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[link.email],
    )
    message.attach_alternative(render_to_string("email/employee_link.html", context), "text/html")
    message.send()


def one_time_link_send(
    *,
    sent_by: User,
    case: AbsenceCase,
    purpose: str,
    email: str,
    document: ReintegrationDocument | None = None,
) -> OneTimeLink:
    """Mail the employee a link to sign this version of the plan, or to give their own view.

    The mail goes out inside the transaction: the token exists only in memory and in the mail (no outbox or
    broker holds it), and a mail that cannot be sent rolls the link back, so no link exists that nobody got.
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
            sent_by=sent_by, case=case, purpose=purpose, email=email, now=now, mail=_mail_link, document=document
        )


def link_issue(
    *,
    sent_by: User,
    case: AbsenceCase,
    purpose: str,
    email: str,
    now: dt.datetime,
    mail: Callable[[OneTimeLink, str, AbsenceCase], None],
    document: ReintegrationDocument | None = None,
) -> OneTimeLink:
    """Make a one-time link, audit it and hand its token to ``mail``; call inside the caller's transaction,
    with the case locked. Only the token's hash is stored; a mail that cannot be sent raises CaseConflict, which
    rolls the link back, so no link exists that nobody got."""
    token = secrets.token_urlsafe(32)
    link = OneTimeLink(
        case=case,
        document=document,
        purpose=purpose,
        token_hash=link_token_hash(token),
        email=email,
        expires_at=now + dt.timedelta(days=LINK_VALID_DAYS),
        created_by=sent_by,
    )
    link.full_clean(exclude=["case", "document", "created_by"])
    link.save(force_insert=True)
    audit_record(
        actor=sent_by,
        action=AuditAction.CREATE,
        object_type="one_time_link",
        object_id=link.pk,
        employer=case.employer,
        changes={
            "purpose": purpose,
            "document": str(document.pk) if document else "",
            "expires_at": str(link.expires_at),
        },
    )
    try:
        mail(link, token, case)
    except (smtplib.SMTPException, OSError) as exc:
        raise CaseConflict(
            _("De e-mail aan de werknemer kon niet worden verstuurd. Probeer het later opnieuw."),
            code="mail_failed",
        ) from exc
    return link


def _lock_link(token: str) -> tuple[OneTimeLink, AbsenceCase]:
    found = OneTimeLink.objects.filter(token_hash=link_token_hash(token)).values_list("pk", "case_id").first()
    if found is None:
        raise LinkInvalid
    link_pk, case_pk = found
    # The case first, as every other write of the case does, then the link: two tabs cannot both use it.
    case = AbsenceCase.objects.select_for_update().select_related("employer", "employee").get(pk=case_pk)
    link = OneTimeLink.objects.select_for_update(of=("self",)).select_related("document").get(pk=link_pk)
    link.case = case
    if not _link_valid(link, timezone.now()):
        raise LinkInvalid
    return link, case


def document_sign_as_employee(*, token: str, signer_name: str, today: dt.date | None = None) -> DocumentSignature:
    """The employee signs the version their link opens; the link is used up."""
    today = _today(today)
    with transaction.atomic():
        link, case = _lock_link(token)
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


def employee_view_submit(
    *, token: str, signer_name: str, view: str, today: dt.date | None = None
) -> ReintegrationDocument:
    """The employee's own view, in their words, as a part of the report; the link is used up."""
    today = _today(today)
    spec = PARTS[DocumentPart.EMPLOYEE_VIEW]
    with transaction.atomic():
        link, case = _lock_link(token)
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


def upload_max_bytes() -> int:
    return int(settings.DOCUMENT_UPLOAD_MAX_MB) * 1024 * 1024


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
    upload.seek(0)
    head = upload.read(len(PDF_MAGIC))
    upload.seek(0)
    if not (upload.name or "").lower().endswith(".pdf") or head != PDF_MAGIC:
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


def latest_advice(*, case: AbsenceCase) -> str:
    """The advice of the newest problem analysis: the plan says which advice it follows."""
    analysis = (
        case.documents.filter(part=DocumentPart.PROBLEM_ANALYSIS)
        .exclude(state=DocumentState.SUPERSEDED)
        .order_by("-version")
        .first()
    )
    return str(analysis.content.get("advice", "")) if analysis else ""


def parts_creatable(*, user: User, case: AbsenceCase, groups: Sequence[DocumentGroup]) -> list[PartSpec]:
    """The parts the user can write now (a part that exists and does not repeat is changed, not made again)."""
    if case.status != CaseStatus.OPEN:
        return []
    existing = {group.current.part for group in groups}
    plan_done = case.steps.filter(code=poortwachter.ACTION_PLAN, state=StepState.DONE).exists()
    return [
        spec
        for spec in PARTS.values()
        if user.role in spec.author_roles
        and (spec.repeats or spec.part not in existing)
        # A review follows the signed plan (document_create refuses it before).
        and (spec.part != DocumentPart.ACTION_PLAN_REVIEW or plan_done)
    ]
