"""Time the re-integration report PDF (``reintegration_report_render``) on a full two-year dossier.

    .venv/bin/python -m bench.riv_pdf --runs 10          (or: make bench-riv)

Builds, in a throwaway test database (Django's test-database machinery: SQLite in memory by default, or a
``test_...`` database next to DATABASE_URL's), one case as the portal would after 91 weeks: the steps completed
through cases.absence.services, a review every six weeks, every part of the report with realistic Dutch text, a plan
van aanpak in two signed versions, recoveries and functional assessments, and a medical note (which the report
must leave out). Then renders the report --runs times and prints the page count and the time per render: the
first one separately (it pays the WeasyPrint import and the font set-up), then min / median / max of the
others. Exits 1 when the median exceeds --target seconds (the target: about 30 pages in at most 3 s) or when the
medical note's text leaks into the PDF.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import platform
import statistics
import sys
import time
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import connection
from django.test.utils import setup_test_environment, teardown_test_environment
from django.utils import timezone
from pypdf import PdfReader

from cases.absence import services
from cases.absence.models import AbsenceCase, StepState
from cases.documents.models import (
    DocumentPart,
    DocumentSignature,
    DocumentState,
    ReintegrationDocument,
    SignerRole,
)
from cases.dossier import pdf
from cases.medical.models import FunctionalAssessment, MedicalNote
from cases.professionals.models import CasemanagerBasis, CasemanagerRegistration
from verzuim.models import ContractType, Employee, Employer, Role, User

TARGET_SECONDS = 3.0
FIRST_SICK_DAY = dt.date(2024, 1, 1)
# Day 640: the final review, the current assessment and the employee's view are all in.
TODAY = FIRST_SICK_DAY + dt.timedelta(days=639)
MEDICAL_MARKER = "BENCH-MEDISCH-GEHEIM"

PARAGRAPH = (
    "Werknemer heeft de afgelopen periode de opbouw in het eigen werk voortgezet. De werkzaamheden zijn "
    "aangepast aan de mogelijkheden die de bedrijfsarts heeft beschreven: geen zwaar tillen, afwisseling "
    "tussen zitten en staan, en een pauze van een kwartier na elk uur. Leidinggevende en werknemer spreken "
    "elke week kort af hoe het gaat; de casemanager sluit elke zes weken aan bij het gesprek."
)


def day(n: int) -> dt.date:
    return FIRST_SICK_DAY + dt.timedelta(days=n - 1)


def text(paragraphs: int) -> str:
    return "\n\n".join([PARAGRAPH] * paragraphs)


def _user(email: str, name: str, role: Role, employer: Employer | None = None) -> User:
    return User.objects.create(email=email, full_name=name, role=role, employer=employer)


def _document(
    case: AbsenceCase, part: str, on: dt.date, content: dict[str, Any], **fields: Any
) -> ReintegrationDocument:
    values: dict[str, Any] = {
        "state": DocumentState.FINAL,
        "finalised_at": timezone.make_aware(dt.datetime.combine(on, dt.time(12))),
        **fields,
    }
    return ReintegrationDocument.objects.create(case=case, part=part, document_date=on, content=content, **values)


def build_dossier() -> tuple[AbsenceCase, User]:
    """One case at day 640 with every part of the report; returns it with the casemanager who renders it."""
    employer = Employer.objects.create(
        name="Bakkerij De Korenschoof B.V.",
        kvk_number="12345678",
        payroll_tax_number="100000009L01",
        sbi_code="1071",
        street="Molenstraat 12",
        postcode="3511 AB",
        city="Utrecht",
    )
    casemanager = _user("casemanager@bench.example", "Carla Casemanager", Role.CASEMANAGER)
    physician = _user("bedrijfsarts@bench.example", "Bart Bedrijfsarts", Role.OCCUPATIONAL_PHYSICIAN)
    employer.casemanager, employer.occupational_physician = casemanager, physician
    employer.save()
    # Only a registered casemanager is assigned (docs/decisions.md #86).
    CasemanagerRegistration.objects.create(user=casemanager, basis=CasemanagerBasis.INSURER, valid_from=FIRST_SICK_DAY)
    boss = _user("werkgever@bench.example", "Wim Werkgever", Role.EMPLOYER, employer)
    employee = Employee.objects.create(
        employer=employer,
        personnel_number="P00042",
        first_name="Ruud",
        last_name="Verslagman",
        date_of_birth=dt.date(1975, 3, 14),
        employment_start=dt.date(2012, 8, 1),
        weekly_hours=Decimal("36.00"),
        yearly_wage=Decimal("42000.00"),
        contract_type=ContractType.PERMANENT,
    )
    case, _created = services.case_report_sickness(
        reported_by=boss, employee=employee, first_sick_day=FIRST_SICK_DAY, expected_duration_days=90, today=day(1)
    )

    def complete(code: str, on: dt.date, user: User) -> None:
        services.step_complete(completed_by=user, case=case, code=code, completed_on=on, today=on, note="")

    # The report to the arbodienst completed itself on day 1: the employer reported in the portal, on the policy's
    # arbodienst (docs/domain.md §5).
    complete("problem_analysis", day(38), physician)
    complete("action_plan", day(52), boss)
    while (review := case.steps.filter(code="action_plan_review", state=StepState.OPEN).first()) and (
        review.due_date and review.due_date <= TODAY
    ):
        complete("action_plan_review", review.due_date - dt.timedelta(days=2), casemanager)
    complete("uwv_week42_notice", day(290), boss)
    complete("first_year_review", day(340), boss)
    complete("labour_expert_assessment", day(355), casemanager)
    complete("track_two_start", day(395), boss)
    complete("current_assessment", day(620), physician)
    complete("final_review", day(630), boss)

    for pct, on in ((25, day(120)), (50, day(260)), (60, day(480))):
        services.case_report_recovery(reported_by=boss, case=case, date=on, recovered_pct=pct, today=on)
    for on, pct in ((day(35), 100), (day(200), 60), (day(400), 50), (day(610), 45)):
        FunctionalAssessment.objects.create(
            case=case,
            physician=physician,
            assessed_on=on,
            functional_limitations=text(1),
            expected_duration_days=120,
            incapacity_pct=pct,
        )
    MedicalNote.objects.create(
        case=case, physician=physician, consulted_on=day(30), consultation_note=MEDICAL_MARKER, diagnosis=MEDICAL_MARKER
    )

    _document(
        case,
        DocumentPart.PROBLEM_ANALYSIS,
        day(38),
        {"functional_limitations": text(3), "prognosis": text(1), "advice": text(2)},
    )
    plan = {
        "goal_kind": "adapted_work",
        "goal": text(1),
        "activities": [
            {"what": f"Activiteit {n}: {PARAGRAPH[:90]}", "owner": "employee", "date": str(day(60 + 14 * n))}
            for n in range(1, 11)
        ],
        "contact_agreements": text(1),
        "casemanager": "Carla Casemanager",
        "physician_advice": text(1),
    }
    tz = timezone.get_current_timezone()
    for version, on, state in ((1, day(52), DocumentState.SUPERSEDED), (2, day(180), DocumentState.FINAL)):
        document = _document(
            case, DocumentPart.ACTION_PLAN, on, plan, version=version, state=state, requires_signatures=True
        )
        DocumentSignature.objects.create(
            document=document,
            signer_role=SignerRole.EMPLOYER,
            signer_name="Wim Werkgever",
            user=boss,
            signed_at=dt.datetime.combine(on, dt.time(9, 30), tzinfo=tz),
        )
        DocumentSignature.objects.create(
            document=document,
            signer_role=SignerRole.EMPLOYEE,
            signer_name="Ruud Verslagman",
            signed_at=dt.datetime.combine(on, dt.time(17, 5), tzinfo=tz),
        )
    reviews = case.steps.filter(code="action_plan_review", state=StepState.DONE).order_by("sequence")
    for review in reviews:
        assert review.completed_on is not None
        _document(
            case,
            DocumentPart.ACTION_PLAN_REVIEW,
            review.completed_on,
            {"progress": text(4), "changes": text(2), "next_steps": text(2)},
            sequence=review.sequence,
        )
    _document(
        case,
        DocumentPart.FIRST_YEAR_REVIEW,
        day(340),
        {"result": text(2), "track": "track_two", "return_expected": False, "return_reason": ""},
    )
    _document(
        case,
        DocumentPart.LABOUR_EXPERT_REPORT,
        day(355),
        {"author": "A. Deskundige", "original_name": "rapport-arbeidsdeskundige.pdf"},
    )
    _document(
        case,
        DocumentPart.CURRENT_ASSESSMENT,
        day(620),
        {"functional_limitations": text(2), "prognosis": text(1), "reintegration_opinion": text(1)},
    )
    _document(
        case,
        DocumentPart.FINAL_REVIEW,
        day(630),
        {"result": text(2), "current_situation": text(1), "evaluation": text(2)},
    )
    _document(case, DocumentPart.EMPLOYEE_VIEW, day(633), {"view": text(2), "employee_name": "Ruud Verslagman"})
    case.refresh_from_db()
    return case, casemanager


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.riv_pdf", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10, help="renders to time after the first (default 10)")
    parser.add_argument("--target", type=float, default=TARGET_SECONDS, help="median seconds allowed per render")
    parser.add_argument("--keep", metavar="FILE", help="write the last PDF to FILE to look at it")
    args = parser.parse_args(argv)

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        with timezone.override("Europe/Amsterdam"):
            started = time.perf_counter()
            case, user = build_dossier()
            built = time.perf_counter() - started
            times: list[float] = []
            cpu: list[float] = []
            rendered = None
            for _run in range(args.runs + 1):
                started, started_cpu = time.perf_counter(), time.process_time()
                rendered = pdf.reintegration_report_render(case=case, generated_by=user, today=TODAY)
                times.append(time.perf_counter() - started)
                cpu.append(time.process_time() - started_cpu)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
    assert rendered is not None
    reader = PdfReader(io.BytesIO(rendered.pdf))
    pages = len(reader.pages)
    leaked = MEDICAL_MARKER in "".join(page.extract_text() for page in reader.pages)
    if args.keep:
        with open(args.keep, "wb") as target:
            target.write(rendered.pdf)

    first, rest = times[0], times[1:] or times
    median = statistics.median(rest)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, load {load:.1f}, Python {platform.python_version()}")
    print(f"database: {connection.vendor}; dossier built in {built:.1f} s")
    print(f"report: {pages} pages, {len(rendered.pdf) / 1024:.0f} KiB, variant {rendered.variant or 'none (fallback)'}")
    print(f"first render (WeasyPrint import, fonts): {first:.2f} s")
    print(f"next {len(rest)} renders: min {min(rest):.2f} s, median {median:.2f} s, max {max(rest):.2f} s (wall clock)")
    cpu_rest = cpu[1:] or cpu
    print(
        f"  CPU time of this process: median {statistics.median(cpu_rest):.2f} s (what a busy machine does not change)"
    )
    print(f"target: median <= {args.target:.1f} s per render: {'met' if median <= args.target else 'NOT met'}")
    if leaked:
        print("ERROR: the medical note's text is in the report", file=sys.stderr)
        return 1
    return 0 if median <= args.target else 1


if __name__ == "__main__":
    sys.exit(main())
