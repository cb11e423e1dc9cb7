"""Signatures in "Mijn taken" (verzuim.plugins.task_source; issue 20 item 1) and as the dossier's next step
(cases.absence.dossier.step_action: "Plan van aanpak ondertekenen" rather than "opstellen" once the plan waits for a
signature). Imported by CasesConfig.ready.

The employer sees each plan version waiting for their signature; the casemanager every signable version still
missing a signature (the employer's or the employee's, who signs through a one-time link). The due date is that of
the step the signed document completes (the plan van aanpak, a review), when it is open. Two queries in all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _

from cases.absence import poortwachter
from cases.absence.dossier import step_action
from cases.absence.models import AbsenceCase, Step, StepState
from cases.absence.selectors import case_names_related, open_cases_of
from cases.documents.models import DocumentSignature, DocumentState, ReintegrationDocument, SignerRole
from cases.documents.rules import CONTENT_ROLES, PARTS
from verzuim.models import Role, User
from verzuim.plugins import Task, task_source

LIMIT = 200


def _signed_by(role: str) -> Exists:
    return Exists(DocumentSignature.objects.filter(document=OuterRef("pk"), signer_role=role))


@task_source
def signature_tasks(user: User, today: dt.date) -> Iterable[Task]:
    if user.role not in (Role.EMPLOYER, Role.CASEMANAGER):
        return []
    queryset = (
        ReintegrationDocument.objects.filter(
            open_cases_of(user=user), requires_signatures=True, state=DocumentState.DRAFT
        )
        .annotate(employer_signed=_signed_by(SignerRole.EMPLOYER), employee_signed=_signed_by(SignerRole.EMPLOYEE))
        .select_related(*case_names_related(user=user))
        .order_by("document_date", "pk")
    )
    if user.role == Role.EMPLOYER:
        queryset = queryset.filter(employer_signed=False)
    else:
        queryset = queryset.exclude(employer_signed=True, employee_signed=True)
    documents = list(queryset[:LIMIT])
    # The due date of the step each document completes (the same part's open step, same sequence).
    step_codes = {PARTS[d.part].step_code for d in documents if PARTS[d.part].step_code}
    due: dict[tuple[object, str, int], dt.date | None] = (
        {
            (case_id, code, sequence): due_date
            for case_id, code, sequence, due_date in Step.objects.filter(
                case__in={d.case_id for d in documents}, code__in=step_codes, state=StepState.OPEN
            ).values_list("case_id", "code", "sequence", "due_date")
        }
        if documents
        else {}
    )
    tasks = []
    for document in documents:
        case = document.case
        part = document.get_part_display()
        if user.role == Role.EMPLOYER:
            action = _("%(part)s ondertekenen") % {"part": part}
            subject = case.employee.full_name
        else:
            missing = [
                str(label)
                for signed, label in (
                    (document.employer_signed, _("werkgever")),
                    (document.employee_signed, _("werknemer")),
                )
                if not signed
            ]
            action = _("%(part)s: handtekening %(who)s ontbreekt") % {"part": part, "who": _(" en ").join(missing)}
            subject = f"{case.employee.full_name} ({case.employer.name})"
        code = PARTS[document.part].step_code
        tasks.append(
            Task(
                key=f"document-{document.pk}",
                action=action,
                subject=subject,
                due=due.get((case.pk, code, document.sequence)) if code else None,
                url=reverse("case_document", args=[case.pk, document.pk]),
            )
        )
    return tasks


# The steps a signed document completes, with the instruction for each missing signature.
SIGNED_STEPS = frozenset({poortwachter.ACTION_PLAN, poortwachter.ACTION_PLAN_REVIEW})


@step_action
def signature_step_action(user: User, case: AbsenceCase, step: Step) -> tuple[str, str] | None:
    """The plan (or its review) is written and waits for a signature: say so, and link to the document. One query,
    only when the dossier's next step is such a step."""
    if step.code not in SIGNED_STEPS:
        return None
    parts = [part for part, spec in PARTS.items() if spec.step_code == step.code]
    document = (
        ReintegrationDocument.objects.filter(
            case=case, part__in=parts, sequence=step.sequence, requires_signatures=True, state=DocumentState.DRAFT
        )
        .annotate(employer_signed=_signed_by(SignerRole.EMPLOYER), employee_signed=_signed_by(SignerRole.EMPLOYEE))
        .order_by("-version")
        .first()
    )
    if document is None or (document.employer_signed and document.employee_signed):
        return None
    part = document.get_part_display()
    if not document.employer_signed:
        action = _("%(part)s ondertekenen") % {"part": part}
    else:
        action = _("%(part)s: handtekening werknemer ophalen") % {"part": part}
    if user.role in CONTENT_ROLES:
        return action, reverse("case_document", args=[case.pk, document.pk])
    return action, reverse("case_documents", args=[case.pk])
