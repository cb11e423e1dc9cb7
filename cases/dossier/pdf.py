"""The documents of the dossier: the general part of the re-integratieverslag (RIV) and the one-page worksheet for
the 42nd-week notice to UWV, both built from the non-medical dossier only (this module never reads the medical
compartment, MedicalNote, whoever asks) and rendered through verzuim.pdf.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.absence import poortwachter, selectors
from cases.absence.models import AbsenceCase, SickPeriod, Step
from cases.documents import rules
from cases.documents.check import CheckResult, PartCheck, poortwachter_check
from cases.documents.models import DocumentPart, DocumentSignature, ReintegrationDocument
from cases.interventions.models import Intervention, InterventionStatus
from cases.medical import selectors as selectors_medical
from verzuim.models import Role, User
from verzuim.pdf import RenderedDocument, pdf_filename, render_document

# Who may download the report and the worksheet: the roles that work with the employee on the case. Insurer
# staff and admins see progress, not plan contents (docs/domain.md §3); the complaint handler sees no dossiers.
REPORT_ROLES = frozenset({Role.EMPLOYER, Role.CASEMANAGER, Role.OCCUPATIONAL_PHYSICIAN})


# The order in which the report presents its parts (the order UWV's RIV uses).
PART_ORDER: tuple[str, ...] = (
    DocumentPart.PROBLEM_ANALYSIS,
    DocumentPart.ACTION_PLAN,
    DocumentPart.ACTION_PLAN_REVIEW,
    DocumentPart.FIRST_YEAR_REVIEW,
    DocumentPart.LABOUR_EXPERT_REPORT,
    DocumentPart.CURRENT_ASSESSMENT,
    DocumentPart.FINAL_REVIEW,
    DocumentPart.EMPLOYEE_VIEW,
)


# --- Access and file names ------------------------------------------------------------------------------


def report_case_get(*, fetched_by: User, case_id: Any, document: str) -> AbsenceCase:
    """The case whose documents ``fetched_by`` may download, or 404 (not yours == missing); the read is audited."""
    if fetched_by.role not in REPORT_ROLES:
        raise Http404
    return selectors.case_get(fetched_by=fetched_by, case_id=case_id, action=document)


def report_filename(case: AbsenceCase, kind: str, today: dt.date) -> str:
    return pdf_filename(kind, case.employee.full_name, today)


# --- The re-integration report -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PartEntry:
    """One occurrence of a part (one review per sequence): its check row and its latest agreed version."""

    title: str
    check: PartCheck | None
    document: ReintegrationDocument | None
    sections: tuple[rules.Section, ...] = ()
    signatures: tuple[DocumentSignature, ...] = ()
    # A later version that is not final yet (a changed plan waiting for signatures), by version number.
    pending_version: int | None = None


@dataclass(frozen=True)
class PartSection:
    code: str
    title: str
    entries: tuple[PartEntry, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class TimelineEvent:
    date: dt.date
    text: str


@dataclass(frozen=True)
class StepLine:
    step: Step
    status: str

    @property
    def title(self) -> str:
        # Plan reviews are numbered as in the check ("Bijstelling plan van aanpak 1"), other steps occur once.
        recurring = self.step.code == poortwachter.ACTION_PLAN_REVIEW or self.step.sequence > 1
        return f"{self.step.title} {self.step.sequence}" if recurring else self.step.title

    @property
    def status_label(self) -> str:
        return str(poortwachter.STATUS_LABELS.get(self.status, self.status))

    @property
    def late(self) -> bool:
        step = self.step
        return step.completed_on is not None and step.due_date is not None and step.completed_on > step.due_date


@dataclass(frozen=True)
class ReportData:
    case: AbsenceCase
    today: dt.date
    generated_by: User
    periods: list[SickPeriod]
    timeline: list[TimelineEvent]
    steps: list[StepLine]
    sections: list[PartSection]
    check: CheckResult
    casemanager_name: str = ""
    physician_name: str = ""
    # Approved and finished interventions, oldest first: the re-integration activities the insurer paid.
    interventions: tuple[Intervention, ...] = ()


def _agreed_versions(
    versions: Iterable[ReintegrationDocument],
) -> tuple[dict[tuple[str, int], ReintegrationDocument], dict[tuple[str, int], int]]:
    """Per part and occurrence: the latest version that was ever final (a signed plan stays the agreed one while
    its changed version waits for signatures), and the number of a newer version that is not final yet."""
    agreed: dict[tuple[str, int], ReintegrationDocument] = {}
    newest: dict[tuple[str, int], ReintegrationDocument] = {}
    for version in versions:
        key = (version.part, version.sequence)
        if key not in newest or version.version > newest[key].version:
            newest[key] = version
        if version.finalised_at is not None and (key not in agreed or version.version > agreed[key].version):
            agreed[key] = version
    pending = {
        key: latest.version
        for key, latest in newest.items()
        if latest.finalised_at is None and (key not in agreed or agreed[key].version < latest.version)
    }
    return agreed, pending


def _entry(
    title: str, check: PartCheck | None, document: ReintegrationDocument | None, pending: int | None
) -> PartEntry:
    if document is None:
        return PartEntry(title=title, check=check, document=None, pending_version=pending)
    signatures = tuple(sorted(document.signatures.all(), key=lambda s: (s.signed_at, s.signer_role)))
    return PartEntry(
        title=title,
        check=check,
        document=document,
        sections=tuple(rules.document_sections(document)),
        signatures=signatures,
        pending_version=pending,
    )


def _sections(check: CheckResult, versions: list[ReintegrationDocument]) -> list[PartSection]:
    agreed, pending = _agreed_versions(versions)
    sections = []
    for part in PART_ORDER:
        title = str(DocumentPart(part).label)
        rows = {row.sequence: row for row in check.parts if row.code == part}
        sequences = sorted(
            set(rows) | {seq for (p, seq) in agreed if p == part} | {seq for (p, seq) in pending if p == part}
        )
        entries = []
        for sequence in sequences:
            row = rows.get(sequence)
            entry_title = row.title if row else (f"{title} {sequence}" if sequence > 1 else title)
            key = (part, sequence)
            entries.append(_entry(entry_title, row, agreed.get(key), pending.get(key)))
        note = ""
        if part == DocumentPart.LABOUR_EXPERT_REPORT and not entries:
            note = _(
                "Er is geen arbeidsdeskundig onderzoek gedaan of geadviseerd; "
                "dit onderdeel hoort (nog) niet bij het verslag."
            )
        elif part == DocumentPart.LABOUR_EXPERT_REPORT:
            note = _(
                "Het rapport van de arbeidsdeskundige is een apart PDF-bestand in het dossier "
                "en hoort als bijlage bij dit verslag."
            )
        sections.append(PartSection(code=part, title=title, entries=tuple(entries), note=note))
    return sections


def _timeline(case: AbsenceCase, periods: list[SickPeriod], steps: list[Step]) -> list[TimelineEvent]:
    events: list[TimelineEvent] = []
    for index, period in enumerate(periods):
        text = (
            _("Eerste ziektedag") if index == 0 else _("Opnieuw ziek (binnen 28 dagen na herstel: hetzelfde verzuim)")
        )
        events.append(TimelineEvent(period.start, text))
    for recovery in case.recoveries.order_by("date", "created_at"):
        if recovery.recovered_pct == 100:
            text = _("Volledig hersteld gemeld")
        else:
            text = _("Gedeeltelijk hersteld gemeld: werkt weer %(pct)s%% van de uren") % {"pct": recovery.recovered_pct}
        events.append(TimelineEvent(recovery.date, text))
    for assessment in case.functional_assessments.order_by("assessed_on", "created_at"):
        events.append(
            TimelineEvent(
                assessment.assessed_on,
                _("Functionele mogelijkheden vastgelegd door de bedrijfsarts (%(pct)s%% arbeidsongeschikt)")
                % {"pct": assessment.incapacity_pct},
            )
        )
    for step in steps:
        if step.completed_on is None:
            continue
        line = StepLine(step=step, status="done")
        text = _("%(step)s afgerond") % {"step": line.title}
        if line.late:
            text = _("%(step)s afgerond (te laat: uiterlijk %(due)s)") % {
                "step": line.title,
                "due": f"{step.due_date:%d-%m-%Y}",
            }
        events.append(TimelineEvent(step.completed_on, text))
    if case.closed_on is not None:
        events.append(
            TimelineEvent(
                case.closed_on, _("Verzuimgeval afgesloten: %(reason)s") % {"reason": case.get_close_reason_display()}
            )
        )
    return sorted(events, key=lambda event: event.date)


def reintegration_report_data(*, case: AbsenceCase, generated_by: User, today: dt.date | None = None) -> ReportData:
    """Everything the report prints, read from the non-medical dossier (a fixed number of queries)."""
    today = today or timezone.localdate()
    periods = list(case.periods.order_by("start"))
    steps = list(case.steps.select_related("completed_by").order_by("position", "sequence"))
    versions = list(
        case.documents.select_related("created_by")
        .prefetch_related("signatures")
        .order_by("part", "sequence", "version")
    )
    check = poortwachter_check(steps=steps, documents=versions, today=today)
    physician = case.employer.occupational_physician
    return ReportData(
        case=case,
        today=today,
        generated_by=generated_by,
        periods=periods,
        timeline=_timeline(case, periods, steps),
        steps=[StepLine(step=step, status=step.status_on(today)) for step in steps],
        sections=_sections(check, versions),
        check=check,
        casemanager_name=case.casemanager.get_full_name() if case.casemanager else "",
        physician_name=physician.get_full_name() if physician else "",
        interventions=tuple(
            case.interventions.filter(status__in=[InterventionStatus.APPROVED, InterventionStatus.FINISHED])
            .select_related("provider")
            .order_by("decided_at", "pk")
        ),
    )


def reintegration_report_render(
    *, case: AbsenceCase, generated_by: User, today: dt.date | None = None
) -> RenderedDocument:
    data = reintegration_report_data(case=case, generated_by=generated_by, today=today)
    return render_document(template_name="pdf/reintegration_report.html", context={"report": data})


# --- The 42nd-week notice worksheet --------------------------------------------------------------------------


@dataclass(frozen=True)
class Week42Data:
    case: AbsenceCase
    today: dt.date
    generated_by: User
    periods: list[SickPeriod]
    notice: Step | None
    notice_status: str
    clock_day: int
    expected_duration_days: int | None
    expected_duration_source: str
    physician_name: str
    casemanager_name: str

    @property
    def notice_status_label(self) -> str:
        return str(poortwachter.STATUS_LABELS.get(self.notice_status, self.notice_status))


def week42_worksheet_data(*, case: AbsenceCase, generated_by: User, today: dt.date | None = None) -> Week42Data:
    """What UWV asks in the ziekmelding na 42 weken, as far as the portal knows it (never the BSN: not stored)."""
    today = today or timezone.localdate()
    periods = list(case.periods.order_by("start"))
    notice = case.steps.filter(code=poortwachter.UWV_WEEK42_NOTICE).order_by("sequence").first()
    estimate = selectors_medical.expected_duration(case=case)
    physician = case.employer.occupational_physician
    clock = poortwachter.clock_day(
        [poortwachter.SickPeriod(start=p.start, end=p.end) for p in periods], case.closed_on or today
    )
    return Week42Data(
        case=case,
        today=today,
        generated_by=generated_by,
        periods=periods,
        notice=notice,
        notice_status=notice.status_on(today) if notice else "",
        clock_day=clock,
        expected_duration_days=estimate.days if estimate else None,
        expected_duration_source=estimate.source if estimate else "",
        physician_name=physician.get_full_name() if physician else "",
        casemanager_name=case.casemanager.get_full_name() if case.casemanager else "",
    )


def week42_worksheet_render(*, case: AbsenceCase, generated_by: User, today: dt.date | None = None) -> RenderedDocument:
    data = week42_worksheet_data(case=case, generated_by=generated_by, today=today)
    return render_document(template_name="pdf/week42_worksheet.html", context={"sheet": data})
