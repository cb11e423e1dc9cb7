"""Reads of the employee's own dossier (cases.own). Every read starts at own_case_get, which answers 404 for any case
that is not the employee's own and records the read; the page then costs a fixed number of statements whatever the
number of steps, documents, advices or spreekuren."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q
from django.http import Http404
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _lazy

from cases.absence import poortwachter
from cases.absence import selectors as selectors_absence
from cases.absence.dossier import StepRow, Timeline, open_dated, step_rows, timeline, week_of
from cases.absence.models import AbsenceCase, CaseStatus
from cases.absence.views import case_clock_day
from cases.advice.models import Advice
from cases.documents import rules
from cases.documents.models import DocumentPart, DocumentSignature, DocumentState, ReintegrationDocument, SignerRole
from cases.income.models import IncomeConversation
from cases.income.services import income_conversation_latest
from cases.medical.models import Consultation, ConsultationStatus, FunctionalAssessment
from verzuim.models import User
from verzuim.selectors import as_uuid

# What each step means for the employee, in their words ("u"). A step not listed is shown with its title only.
EMPLOYEE_EXPLANATIONS: dict[str, Promise] = {
    poortwachter.REPORT_TO_OHS: _lazy("Uw werkgever meldt uw ziekte bij de arbodienst."),
    poortwachter.CASEMANAGER_ASSIGNED: _lazy("U krijgt een vaste casemanager die u begeleidt."),
    poortwachter.PROBLEM_ANALYSIS: _lazy(
        "Na een gesprek met u schrijft de bedrijfsarts op wat u nog wel en niet kunt. U krijgt deze probleemanalyse "
        "te lezen; er staat geen diagnose in."
    ),
    poortwachter.ACTION_PLAN: _lazy(
        "U maakt samen met uw werkgever een plan van aanpak om weer aan het werk te gaan. U leest het en ondertekent "
        "het hier."
    ),
    poortwachter.ACTION_PLAN_REVIEW: _lazy(
        "U bespreekt regelmatig met uw werkgever hoe het gaat. Verandert het plan, dan ondertekent u de nieuwe versie."
    ),
    poortwachter.UWV_WEEK42_NOTICE: _lazy(
        "Uw werkgever meldt bij UWV dat u lang ziek bent. U krijgt daarover post van UWV."
    ),
    poortwachter.FIRST_YEAR_REVIEW: _lazy(
        "Na bijna een jaar bespreekt u met uw werkgever wat er is bereikt en wat het doel voor het tweede jaar is. "
        "Uw eigen mening komt in het verslag."
    ),
    poortwachter.INCOME_INSIGHT: _lazy("Uw casemanager bespreekt met u wat uw inkomen wordt als u langer ziek blijft."),
    poortwachter.LABOUR_EXPERT_ASSESSMENT: _lazy(
        "Een arbeidsdeskundige onderzoekt samen met u welk werk u kunt doen, bij uw eigen of een andere werkgever."
    ),
    poortwachter.TRACK_TWO_START: _lazy(
        "Lukt terugkeer in uw eigen werk niet, dan zoekt u ook naar werk bij een andere werkgever (tweede spoor)."
    ),
    poortwachter.EARLY_IVA_DEADLINE: _lazy(
        "Bent u volledig en duurzaam arbeidsongeschikt, dan kunt u tot deze datum zelf bij UWV een vervroegde "
        "IVA-uitkering aanvragen. Bespreek dit met uw casemanager of de bedrijfsarts."
    ),
    poortwachter.CURRENT_ASSESSMENT: _lazy(
        "De bedrijfsarts geeft een actueel oordeel over wat u kunt, na een spreekuur met u."
    ),
    poortwachter.FINAL_REVIEW: _lazy(
        "U bespreekt met uw werkgever het hele re-integratietraject. U geeft daarbij uw eigen visie."
    ),
    poortwachter.REINTEGRATION_REPORT: _lazy(
        "Uw werkgever maakt het re-integratieverslag compleet. U hebt het nodig voor uw WIA-aanvraag."
    ),
    poortwachter.WIA_APPLICATION: _lazy(
        "U vraagt zelf een WIA-uitkering aan bij UWV, uiterlijk op deze datum. UWV stuurt u daarvoor vooraf een brief."
    ),
    poortwachter.WAGE_OBLIGATION_END: _lazy("Tot deze dag betaalt uw werkgever uw loon door als u ziek blijft."),
}
# The steps a signed document completes: while a version waits for the employee, the document is the task.
SIGNED_STEPS = frozenset({poortwachter.ACTION_PLAN, poortwachter.ACTION_PLAN_REVIEW})
# How far ahead "Wat u moet doen" looks: six weeks, one review interval of the plan; later steps are in the list of
# all steps and on the timeline (draft decision).
TODO_HORIZON_DAYS = 42
# Steps the employee does or takes part in: they are "Wat u moet doen" while open and dated.
EMPLOYEE_PART: frozenset[str] = frozenset(
    {
        poortwachter.ACTION_PLAN,
        poortwachter.ACTION_PLAN_REVIEW,
        poortwachter.FIRST_YEAR_REVIEW,
        poortwachter.INCOME_INSIGHT,
        poortwachter.EARLY_IVA_DEADLINE,
        poortwachter.FINAL_REVIEW,
        poortwachter.WIA_APPLICATION,
    }
)


@dataclass(frozen=True)
class OwnStep:
    row: StepRow
    explanation: str
    yours: bool  # the employee does it or takes part in it

    @property
    def step(self) -> Any:
        return self.row.step


@dataclass(frozen=True)
class OwnDocument:
    document: ReintegrationDocument
    title: str
    employee_signature: DocumentSignature | None
    employer_signature: DocumentSignature | None

    @property
    def to_sign(self) -> bool:
        """Waiting for the employee's signature in the portal."""
        return (
            self.document.requires_signatures
            and self.document.state == DocumentState.DRAFT
            and self.employee_signature is None
            and self.document.case.status == CaseStatus.OPEN
        )


@dataclass(frozen=True)
class OwnDossier:
    case: AbsenceCase
    week: int
    clock_day: int
    steps: list[OwnStep]
    todo: list[OwnStep]  # the employee's open dated steps, earliest first
    timeline: Timeline
    documents: list[OwnDocument]
    advices: list[Advice]
    assessment: FunctionalAssessment | None
    consultations: list[Consultation]  # planned, the next first
    income: IncomeConversation | None
    casemanager: User | None

    @property
    def to_sign(self) -> list[OwnDocument]:
        return [d for d in self.documents if d.to_sign]


def _visible_documents(case: AbsenceCase) -> Q:
    """The documents the employee reads: every final version, and a draft that waits for signatures (the plan to
    sign). Drafts still being written and superseded versions are not shown."""
    return Q(case=case) & (Q(state=DocumentState.FINAL) | Q(state=DocumentState.DRAFT, requires_signatures=True))


def _own_documents(case: AbsenceCase) -> list[OwnDocument]:
    documents = list(
        ReintegrationDocument.objects.filter(_visible_documents(case))
        .prefetch_related(Prefetch("signatures", queryset=DocumentSignature.objects.order_by("signed_at")))
        .order_by("-document_date", "-created_at")
    )
    return [_own_document(document, case) for document in documents]


def _own_document(document: ReintegrationDocument, case: AbsenceCase) -> OwnDocument:
    """A document with its two signatures (prefetched); its case is the one already read (no query per document)."""
    document.case = case
    signatures = {s.signer_role: s for s in document.signatures.all()}
    return OwnDocument(
        document=document,
        title=rules.document_title(document),
        employee_signature=signatures.get(SignerRole.EMPLOYEE),
        employer_signature=signatures.get(SignerRole.EMPLOYER),
    )


def own_dossier(*, fetched_by: User, case_id: Any, today: dt.date | None = None) -> OwnDossier:
    """The employee's own case as *Mijn verzuim* shows it; 404 unless it is theirs. One audit row for the page."""
    today = today or timezone.localdate()
    case = selectors_absence.own_case_get(fetched_by=fetched_by, case_id=case_id, action="own_dossier")
    rows = step_rows(fetched_by, case, selectors_absence.case_steps(case=case), today)
    steps = [
        OwnStep(
            row=row,
            explanation=str(EMPLOYEE_EXPLANATIONS.get(row.step.code, "")),
            yours=row.step.code in EMPLOYEE_PART,
        )
        for row in rows
        if row.status != "not_applicable"
    ]
    open_rows = {id(r) for r in open_dated(rows)} if case.status == CaseStatus.OPEN else set()
    horizon = today + dt.timedelta(days=TODO_HORIZON_DAYS)
    todo = sorted(
        (s for s in steps if s.yours and id(s.row) in open_rows and s.step.due_date <= horizon),
        key=lambda s: (s.step.due_date, s.step.position, s.step.sequence),
    )
    documents = _own_documents(case)
    if any(d.to_sign for d in documents):
        # The plan to sign is the task; its step says the same again.
        todo = [s for s in todo if s.step.code not in SIGNED_STEPS]
    clock_day = case_clock_day(case, today)
    consultations = list(
        case.consultations.filter(status=ConsultationStatus.PLANNED, starts_at__gte=timezone.now())
        .only("id", "case_id", "starts_at", "duration_minutes", "kind", "location", "video_url", "status")
        .order_by("starts_at")
    )
    return OwnDossier(
        case=case,
        week=week_of(clock_day),
        clock_day=clock_day,
        steps=steps,
        todo=todo,
        timeline=timeline(case, rows, clock_day),
        documents=documents,
        advices=list(case.advices.order_by("-given_on", "-created_at")),
        assessment=case.functional_assessments.order_by("-assessed_on", "-created_at").first(),
        consultations=consultations,
        income=income_conversation_latest(case=case),
        casemanager=case.casemanager or case.employer.casemanager,
    )


def own_document_get(*, fetched_by: User, case_id: Any, document_id: Any, action: str = "own_document") -> OwnDocument:
    """One document of the employee's own case that the employee may read (see _visible_documents), or 404."""
    case = selectors_absence.own_case_get(fetched_by=fetched_by, case_id=case_id, action=action)
    pk = as_uuid(document_id)
    document = (
        ReintegrationDocument.objects.filter(_visible_documents(case), pk=pk).prefetch_related("signatures").first()
        if pk
        else None
    )
    if document is None:
        raise Http404
    return _own_document(document, case)


def is_labour_expert_report(document: ReintegrationDocument) -> bool:
    return document.part == DocumentPart.LABOUR_EXPERT_REPORT and bool(document.file)
