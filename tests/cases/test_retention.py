"""Retention (issue 22 item 5): the dated terms, the dry run, the anonymisation, the holds, the audit, the page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.contrib import admin
from django.core.files.base import ContentFile
from django.test import Client, RequestFactory
from django.utils import timezone

from cases.absence.models import AbsenceCase, CaseStatus, CloseReason
from cases.admin import RetentionTermAdmin
from cases.advice.models import Advice, GuaranteeDecision
from cases.contacts.models import ContactChannel, ContactMoment, ContactParty
from cases.documents.models import DocumentPart, ReintegrationDocument
from cases.medical.models import MedicalNote, PhysicianMessage
from cases.messages.models import CaseMessage
from cases.retention import services
from cases.retention.models import RetentionDone, RetentionReport, RetentionSubject, RetentionTerm
from cases.retention.terms import retention_terms
from cases.statistics.data import employer_year_statistics
from cases.tasks import retention_sweep
from complaints.models import Complaint, ComplaintCategory, ComplaintChannel, ComplaintStatus, ComplaintTerms
from premiums.claims.models import Claim, ClaimStatus
from tests.factories import EmployeeFactory, EmployerFactory, PolicyFactory, SanctionFactory, UserFactory
from verzuim.models import AuditLog, Employer, Role, User

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 7)
# The casework term is 24 months: a case closed on this day or before is past it on TODAY.
CASEWORK_CUTOFF = dt.date(2024, 12, 7)


@pytest.fixture
def staff() -> User:
    return UserFactory.create(role=Role.CASEMANAGER)


@pytest.fixture
def employer() -> Employer:
    return EmployerFactory.create()


def closed_case(employer: Employer, staff: User, closed_on: dt.date, *, with_dossier: bool = True) -> AbsenceCase:
    """A closed case with a phone number, a contact log entry, an advice and a medical note."""
    case = AbsenceCase.objects.create(
        employee=EmployeeFactory.create(employer=employer),
        employer=employer,
        status=CaseStatus.CLOSED,
        first_sick_day=closed_on - dt.timedelta(days=60),
        closed_on=closed_on,
        close_reason=CloseReason.RECOVERED,
        absent_pct=50,
        phone="0612345678",
        care_address="Ziekenhuislaan 1, Utrecht",
        reported_by=staff,
    )
    if with_dossier:
        ContactMoment.objects.create(
            case=case,
            contact_date=closed_on - dt.timedelta(days=30),
            channel=ContactChannel.PHONE,
            party=ContactParty.EMPLOYEE,
            summary="Gebeld over de opbouw van uren.",
            recorded_by=staff,
        )
        Advice.objects.create(
            case=case,
            given_by=staff,
            given_on=closed_on - dt.timedelta(days=20),
            text="Begin met halve dagen.",
            due_date=closed_on - dt.timedelta(days=10),
        )
        MedicalNote.objects.create(
            case=case,
            physician=staff,
            consulted_on=closed_on - dt.timedelta(days=40),
            consultation_note="Verslag van het consult.",
            diagnosis="Diagnose.",
        )
    return case


def around_the_term(employer: Employer, staff: User) -> dict[int, AbsenceCase]:
    """Closed cases from three days before to three days after the casework term's cut-off, by offset in days."""
    return {
        offset: closed_case(employer, staff, CASEWORK_CUTOFF + dt.timedelta(days=offset)) for offset in range(-3, 4)
    }


def listed(report: RetentionReport, subject: str = RetentionSubject.CASEWORK, part: str = "anonymise") -> set[str]:
    return {entry["case"] for entry in report.data["subjects"][subject][part]}


def open_claim(case: AbsenceCase, staff: User, status: str = ClaimStatus.CALCULATED) -> Claim:
    paid = {"paid_by": staff, "paid_at": dt.datetime(2025, 1, 1, tzinfo=dt.UTC)} if status == ClaimStatus.PAID else {}
    approver = UserFactory.create(role=Role.INSURER) if status in (ClaimStatus.APPROVED, ClaimStatus.PAID) else None
    return Claim.objects.create(
        case=case,
        employer=case.employer,
        policy=PolicyFactory.create(employer=case.employer),
        status=status,
        period_start=case.first_sick_day,
        period_end=case.closed_on or case.first_sick_day,
        waiting_days=10,
        coverage="100_70",
        employer_charges_pct=Decimal("30.00"),
        yearly_wage=Decimal("42000.00"),
        waiting_days_before=0,
        waiting_days_in_period=10,
        sick_work_days=40,
        paid_work_days=30,
        amount=Decimal("4000.00"),
        created_by=staff,
        approved_by=approver,
        approved_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC) if approver else None,
        **paid,
    )


def complaint_about(case: AbsenceCase, status: str) -> Complaint:
    received = dt.date(2026, 11, 1)
    return Complaint.objects.create(
        reference=f"KL-2026-{Complaint.objects.count() + 1:06d}",
        category=ComplaintCategory.CASEMANAGER,
        description="Klacht over de begeleiding.",
        contact_name="Jan Jansen",
        contact_email="jan@example.nl",
        employer=case.employer,
        case=case,
        channel=ComplaintChannel.PORTAL,
        received_on=received,
        terms=ComplaintTerms.objects.order_by("valid_from")[0],
        acknowledge_by=received + dt.timedelta(days=5),
        answer_by=received + dt.timedelta(weeks=6),
        status=status,
        outcome="unfounded" if status == ComplaintStatus.CLOSED else "",
    )


def snapshot(case: AbsenceCase) -> dict[str, Any]:
    case.refresh_from_db()
    return {
        "phone": case.phone,
        "care_address": case.care_address,
        "summaries": sorted(case.contact_moments.values_list("summary", flat=True)),
        "advices": sorted(case.advices.values_list("text", flat=True)),
        "notes": sorted(case.medical_notes.values_list("consultation_note", "diagnosis")),
    }


# --- The terms ---------------------------------------------------------------------------------------------------


def test_the_terms_are_readable_with_their_source_for_other_code() -> None:
    terms = {term.subject: term for term in retention_terms(TODAY)}

    assert terms["casework"].months == 24
    assert terms["medical"].months == 240  # the WGBO term since 2020
    assert terms["financial"].months == 84
    assert all(term.source and term.source_url.startswith("https://") for term in terms.values())
    assert terms["casework"].years_text == "2 jaar"


def test_a_term_applies_from_its_date_on() -> None:
    before_2020 = {term.subject: term.months for term in retention_terms(dt.date(2019, 6, 1))}

    assert before_2020["medical"] == 180  # the fifteen years of the WGBO before 2020


# --- The acceptance point ------------------------------------------------------------------------------------------


def test_dry_run_lists_exactly_the_closed_cases_past_the_term(employer: Employer, staff: User) -> None:
    cases = around_the_term(employer, staff)
    AbsenceCase.objects.create(
        employee=EmployeeFactory.create(employer=employer),
        employer=employer,
        first_sick_day=dt.date(2020, 1, 6),
        phone="0611111111",
        reported_by=staff,
    )  # an open case, however old, is never expired

    report = services.retention_dry_run(today=TODAY)

    assert report.dry_run
    assert listed(report) == {str(case.pk) for offset, case in cases.items() if offset <= 0}
    assert listed(report, RetentionSubject.MEDICAL) == set()


def test_real_run_anonymises_exactly_the_dry_runs_cases_and_nothing_else(employer: Employer, staff: User) -> None:
    cases = around_the_term(employer, staff)
    kept_before = {offset: snapshot(case) for offset, case in cases.items() if offset > 0}
    dry_run = services.retention_dry_run(today=TODAY)

    services.retention_execute(dry_run, today=TODAY + dt.timedelta(days=1))

    for offset, case in cases.items():
        if offset <= 0:
            after = snapshot(case)
            assert after["phone"] == after["care_address"] == ""
            assert after["summaries"] == after["advices"] == [""]
            # The medical file has its own, longer term.
            assert after["notes"] == [("Verslag van het consult.", "Diagnose.")]
            # What the statistics need stays.
            assert (case.closed_on, case.absent_pct, case.employer_id) == (
                CASEWORK_CUTOFF + dt.timedelta(days=offset),
                50,
                employer.pk,
            )
        else:
            assert snapshot(case) == kept_before[offset]
    assert set(RetentionDone.objects.values_list("case_id", flat=True)) == {
        case.pk for offset, case in cases.items() if offset <= 0
    }


def test_the_real_run_does_not_take_cases_that_expired_after_the_dry_run(employer: Employer, staff: User) -> None:
    """A case that passes its term the day after the dry run waits for the next dry run: staff read it first."""
    case = closed_case(employer, staff, CASEWORK_CUTOFF + dt.timedelta(days=1))
    dry_run = services.retention_dry_run(today=TODAY)

    report = services.retention_execute(dry_run, today=TODAY + dt.timedelta(days=1))

    assert listed(report) == set()
    assert snapshot(case)["phone"] == "0612345678"


def test_the_medical_file_is_anonymised_after_its_own_term(employer: Employer, staff: User) -> None:
    old = closed_case(employer, staff, dt.date(2006, 12, 1))
    dry_run = services.retention_dry_run(today=TODAY)

    services.retention_execute(dry_run, today=TODAY)

    assert listed(dry_run, RetentionSubject.MEDICAL) == {str(old.pk)}
    assert snapshot(old)["notes"] == [("", "")]


# --- Holds --------------------------------------------------------------------------------------------------------


def test_a_case_with_an_open_claim_is_kept(employer: Employer, staff: User) -> None:
    held = closed_case(employer, staff, dt.date(2023, 1, 10))
    open_claim(held, staff)

    dry_run = services.retention_dry_run(today=TODAY)
    services.retention_execute(dry_run, today=TODAY)

    assert str(held.pk) not in listed(dry_run)
    assert [entry["kept_because"] for entry in dry_run.data["subjects"]["casework"]["kept"]] == [
        ["Openstaande declaratie"]
    ]
    assert snapshot(held)["phone"] == "0612345678"


def test_a_paid_claim_does_not_keep_a_case(employer: Employer, staff: User) -> None:
    case = closed_case(employer, staff, dt.date(2023, 1, 10))
    open_claim(case, staff, status=ClaimStatus.PAID)

    assert listed(services.retention_dry_run(today=TODAY)) == {str(case.pk)}


def test_a_case_with_an_open_sanction_is_kept(employer: Employer, staff: User) -> None:
    held = closed_case(employer, staff, dt.date(2023, 1, 10))
    SanctionFactory.create(case=held, recorded_by=staff, start=dt.date(2022, 6, 1), decision=GuaranteeDecision.PENDING)
    done_sanction = closed_case(employer, staff, dt.date(2023, 1, 10))
    SanctionFactory.create(
        case=done_sanction,
        recorded_by=staff,
        start=dt.date(2022, 6, 1),
        decision=GuaranteeDecision.REJECTED,
        decided_by=staff,
        decided_at=dt.datetime(2022, 7, 1, tzinfo=dt.UTC),
    )

    dry_run = services.retention_dry_run(today=TODAY)

    assert listed(dry_run) == {str(done_sanction.pk)}
    assert listed(dry_run, part="kept") == {str(held.pk)}


def test_a_case_with_an_open_complaint_is_kept(employer: Employer, staff: User) -> None:
    held = closed_case(employer, staff, dt.date(2023, 1, 10))
    complaint_about(held, ComplaintStatus.ANSWERED)
    closed_complaint = closed_case(employer, staff, dt.date(2023, 1, 10))
    complaint_about(closed_complaint, ComplaintStatus.CLOSED)

    dry_run = services.retention_dry_run(today=TODAY)

    assert listed(dry_run) == {str(closed_complaint.pk)}
    assert listed(dry_run, part="kept") == {str(held.pk)}


def test_a_claim_that_comes_in_after_the_dry_run_keeps_the_case(employer: Employer, staff: User) -> None:
    case = closed_case(employer, staff, dt.date(2023, 1, 10))
    dry_run = services.retention_dry_run(today=TODAY)
    open_claim(case, staff)

    report = services.retention_execute(dry_run, today=TODAY)

    assert listed(report) == set()
    assert listed(report, part="kept") == {str(case.pk)}
    assert snapshot(case)["phone"] == "0612345678"


# --- The nightly job: idempotent, audited, constant queries ----------------------------------------------------------


def test_the_nightly_job_carries_out_yesterdays_dry_run_and_is_safe_to_run_twice(
    employer: Employer, staff: User
) -> None:
    case = closed_case(employer, staff, dt.date(2023, 1, 10))
    assert services.retention_nightly(today=TODAY) == 0  # the first night only writes the dry run

    assert services.retention_nightly(today=TODAY + dt.timedelta(days=1)) == 1
    audit_rows = AuditLog.objects.count()
    assert services.retention_nightly(today=TODAY + dt.timedelta(days=1)) == 0

    assert AuditLog.objects.count() == audit_rows
    assert RetentionDone.objects.filter(case=case, subject=RetentionSubject.CASEWORK).count() == 1
    assert RetentionReport.objects.filter(dry_run=True, run_on=TODAY + dt.timedelta(days=1)).count() == 1
    assert listed(RetentionReport.objects.get(dry_run=True, run_on=TODAY + dt.timedelta(days=1))) == set()


def test_every_anonymised_case_gets_an_audit_row(employer: Employer, staff: User) -> None:
    cases = [closed_case(employer, staff, dt.date(2023, 1, day)) for day in (10, 11)]
    dry_run = services.retention_dry_run(today=TODAY)

    services.retention_execute(dry_run, today=TODAY)

    rows = AuditLog.objects.filter(object_type="absence_case", changes__retention="casework")
    assert sorted(rows.values_list("object_id", flat=True)) == sorted(str(case.pk) for case in cases)
    assert all(row.employer_id == employer.pk and "contactmoment.summary" in row.changes["anonymised"] for row in rows)


@pytest.mark.parametrize("size", [2, 12])
def test_the_sweeps_query_count_does_not_grow_with_the_number_of_cases(
    size: int, employer: Employer, staff: User, django_assert_max_num_queries: Any
) -> None:
    for day in range(size):
        closed_case(employer, staff, dt.date(2006, 1, 1) + dt.timedelta(days=day))
    dry_run = services.retention_dry_run(today=TODAY)

    # 42: a fixed number: the two message threads add a read of their attachments and an update each
    # (cases.messages), the correction requests' hold and anonymiser three (cases.privacy.retention).
    with django_assert_max_num_queries(42):
        report = services.retention_execute(dry_run, today=TODAY)

    assert len(listed(report)) == len(listed(report, RetentionSubject.MEDICAL)) == size


# --- The page -------------------------------------------------------------------------------------------------------


def test_insurer_staff_read_the_dry_run_report(
    staff_login: Callable[[User], Client], employer: Employer, staff: User
) -> None:
    due = closed_case(employer, staff, dt.date(2023, 1, 10))
    held = closed_case(employer, staff, dt.date(2023, 1, 11))
    open_claim(held, staff)
    services.retention_dry_run(today=TODAY)
    insurer = UserFactory.create(role=Role.INSURER)

    response = staff_login(insurer).get("/bewaartermijnen/")

    assert response.status_code == 200
    page = response.content.decode()
    assert str(due.pk) in page
    assert str(held.pk) in page
    assert "Openstaande declaratie" in page
    assert "10-01-2023" in page
    assert AuditLog.objects.filter(actor=insurer, object_type="retention_report").exists()


def test_the_report_page_before_the_first_night_says_there_is_none_yet(staff_login: Callable[[User], Client]) -> None:
    response = staff_login(UserFactory.create(role=Role.INSURER)).get("/bewaartermijnen/")

    assert response.status_code == 200
    assert "Er is nog geen proefrapport." in response.content.decode()


def test_only_the_insurers_start_page_links_to_the_report(staff_login: Callable[[User], Client]) -> None:
    insurer_page = staff_login(UserFactory.create(role=Role.INSURER)).get("/").content.decode()
    casemanager_page = staff_login(UserFactory.create(role=Role.CASEMANAGER)).get("/").content.decode()

    assert 'href="/bewaartermijnen/"' in insurer_page
    assert 'href="/bewaartermijnen/"' not in casemanager_page


def test_the_celery_task_runs_the_nightly_job(employer: Employer, staff: User) -> None:
    closed_case(employer, staff, dt.date(2020, 1, 10))

    assert retention_sweep() == 0  # the first night writes the dry run only

    assert RetentionReport.objects.filter(dry_run=True).count() == 1


def test_the_absence_figures_of_past_years_do_not_change(employer: Employer, staff: User) -> None:
    for day in (10, 11, 12):
        closed_case(employer, staff, dt.date(2023, 3, day))
    before = employer_year_statistics(employer=employer, year=2023, today=TODAY)

    services.retention_execute(services.retention_dry_run(today=TODAY), today=TODAY)

    assert RetentionDone.objects.count() == 3
    assert employer_year_statistics(employer=employer, year=2023, today=TODAY) == before


def test_an_uploaded_file_is_deleted_with_the_documents_content(
    employer: Employer, staff: User, settings: Any, tmp_path: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    case = closed_case(employer, staff, dt.date(2023, 1, 10))
    document = ReintegrationDocument.objects.create(
        case=case,
        part=DocumentPart.LABOUR_EXPERT_REPORT,
        document_date=dt.date(2022, 12, 1),
        content={"summary": "Rapport over de werknemer."},
        file=ContentFile(b"%PDF-1.4 rapport", name="rapport.pdf"),
    )
    stored = tmp_path / document.file.name
    assert stored.exists()

    with django_capture_on_commit_callbacks(execute=True):
        services.retention_execute(services.retention_dry_run(today=TODAY), today=TODAY)

    document.refresh_from_db()
    assert (document.content, document.file.name) == ({}, "")
    assert not stored.exists()


def test_an_anonymised_case_still_opens_in_every_section_of_the_dossier(
    staff_login: Callable[[User], Client], employer: Employer, staff: User
) -> None:
    case = closed_case(employer, staff, dt.date(2023, 1, 10))
    document = ReintegrationDocument.objects.create(
        case=case,
        part=DocumentPart.ACTION_PLAN,
        document_date=dt.date(2022, 12, 1),
        content={"agreements": "Afspraken met de werknemer."},
    )
    AbsenceCase.objects.filter(pk=case.pk).update(casemanager=staff)
    services.retention_execute(services.retention_dry_run(today=TODAY), today=TODAY)
    client = staff_login(staff)  # the case's casemanager

    sections = ["", "stappen/", "adviezen/", "interventies/", "contactmomenten/", "documenten/"]
    answers = {section: client.get(f"/verzuim/{case.pk}/{section}").status_code for section in sections}
    document_page = client.get(f"/verzuim/{case.pk}/documenten/{document.pk}/")

    assert answers == dict.fromkeys(sections, 200)
    assert document_page.status_code == 200
    assert "Afspraken met de werknemer." not in document_page.content.decode()


def test_a_term_in_force_is_history_and_a_later_term_can_still_be_changed(rf: RequestFactory) -> None:
    term_admin = RetentionTermAdmin(RetentionTerm, admin.site)
    request = rf.get("/")
    request.user = UserFactory.create(role=Role.INSURER)
    in_force = RetentionTerm.objects.get(subject=RetentionSubject.CASEWORK, valid_from=dt.date(2018, 5, 25))
    later = RetentionTerm.objects.create(
        subject=RetentionSubject.CASEWORK,
        valid_from=timezone.localdate() + dt.timedelta(days=30),
        months=18,
        source="Nieuwe beleidsregel.",
    )

    assert not term_admin.has_change_permission(request, in_force)
    assert not term_admin.has_delete_permission(request, in_force)
    assert term_admin.has_change_permission(request, later)
    assert term_admin.has_delete_permission(request, later)


def test_the_message_threads_are_anonymised_with_their_subject(
    employer: Employer, staff: User, settings: Any, tmp_path: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """The case conversation goes with the casework, the confidential thread with the medical file (its own term);
    who wrote when stays, the text becomes a fixed line and the PDF is deleted."""
    settings.MEDIA_ROOT = str(tmp_path)
    casework_only = closed_case(employer, staff, dt.date(2023, 1, 10))
    both = closed_case(employer, staff, dt.date(2006, 12, 1))
    for case in (casework_only, both):
        for model in (CaseMessage, PhysicianMessage):
            model.objects.create(
                case=case,
                author=staff,
                text="Mijn knie is geopereerd.",
                attachment=ContentFile(b"%PDF-1.4 brief", name="brief.pdf"),
                attachment_name="brief.pdf",
            )
    files = {message.pk: tmp_path / message.attachment.name for message in CaseMessage.objects.all()}

    with django_capture_on_commit_callbacks(execute=True):
        services.retention_execute(services.retention_dry_run(today=TODAY), today=TODAY)

    for message in CaseMessage.objects.all():
        assert (message.text, message.attachment.name, message.author_id) == (
            services.ANONYMISED_MESSAGE,
            "",
            staff.pk,
        )
        assert not files[message.pk].exists()
    assert PhysicianMessage.objects.get(case=casework_only).text == "Mijn knie is geopereerd."
    assert PhysicianMessage.objects.get(case=both).text == services.ANONYMISED_MESSAGE
    assert PhysicianMessage.objects.get(case=both).attachment.name == ""
