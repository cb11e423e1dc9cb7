"""Reads of the re-integration report's documents: every version of every part of a case, one document with its
content (CONTENT_ROLES only, everyone else 404; the read is audited), and what the pages show around them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.http import Http404

from cases.absence import poortwachter, selectors
from cases.absence.models import AbsenceCase, CaseStatus, StepState
from cases.documents.models import DocumentPart, DocumentSignature, DocumentState, ReintegrationDocument
from cases.documents.rules import AUDIT_OBJECT, CONTENT_ROLES, PART_ORDER, PARTS, PartSpec, document_title
from verzuim.audit import audit_record
from verzuim.models import AuditAction, User
from verzuim.selectors import as_uuid


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


def document_recent(*, case: AbsenceCase, limit: int = 3) -> tuple[list[DocumentGroup], int]:
    """The newest documents of a case the user already got through case_get (without their content), and how many
    parts the report has: for the dossier's overview. Two queries, whatever the number of documents."""
    recent = list(case.documents.defer("content").order_by("-document_date", "-created_at")[:limit])
    parts = case.documents.order_by().values("part", "sequence").distinct().count()
    return [DocumentGroup(current=document) for document in recent], parts


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


def document_signed_by(document: ReintegrationDocument) -> dict[str, DocumentSignature]:
    return {signature.signer_role: signature for signature in document.signatures.all()}


def latest_advice(*, case: AbsenceCase) -> str:
    """The advice of the newest problem analysis: the plan says which advice it follows."""
    analysis = (
        case.documents.filter(part=DocumentPart.PROBLEM_ANALYSIS)
        .exclude(state=DocumentState.SUPERSEDED)
        .order_by("-version")
        .first()
    )
    return str(analysis.content.get("advice", "")) if analysis else ""


# What the physician's parts (problem analysis, current assessment) start from: the latest functional assessment of
# the medical compartment (issue 20 item 4: no retyping). cases.medical fills it from cases/apps.py, since the
# packages of this layer do not import each other; it returns initial values by the forms' field names.
PhysicianPrefill = Callable[[AbsenceCase], dict[str, str]]
_PHYSICIAN_PREFILL: list[PhysicianPrefill] = []
PHYSICIAN_PREFILL_PARTS = frozenset({DocumentPart.PROBLEM_ANALYSIS, DocumentPart.CURRENT_ASSESSMENT})


def physician_prefill_register(source: PhysicianPrefill) -> None:
    _PHYSICIAN_PREFILL[:] = [source]


def document_initial(*, case: AbsenceCase, part: str) -> dict[str, Any]:
    """The initial values of a new document of `part`: the plan names the casemanager and follows the analysis's
    advice; the physician's parts start from the latest functional assessment."""
    if part == DocumentPart.ACTION_PLAN:
        return {
            "casemanager": case.casemanager.get_full_name() if case.casemanager else "",
            "physician_advice": latest_advice(case=case),
        }
    if part in PHYSICIAN_PREFILL_PARTS:
        if not _PHYSICIAN_PREFILL:
            raise ImproperlyConfigured(
                "No source for the physician's parts is registered "
                "(cases.documents.selectors.physician_prefill_register)."
            )
        return dict(_PHYSICIAN_PREFILL[0](case))
    return {}


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
