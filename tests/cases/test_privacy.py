"""Mijn gegevens (issue 22 item 4): the employee's data export (JSON and PDF, read back) holds their own data and
nothing of another employee of the same employer or of another tenant; only the employee who asked downloads it
(404 for everyone else, admin and insurer included); who read the dossier in plain Dutch; the retention terms; a
correction request that becomes the casemanager's task; and a page whose query count does not grow."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import Any, cast

import pytest
from django.core import mail
from django.core.files.storage import default_storage
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader

from cases.absence.models import AbsenceCase
from cases.advice.models import Advice
from cases.contacts.models import ContactMoment
from cases.documents.models import DocumentPart, DocumentSignature, DocumentState, ReintegrationDocument
from cases.medical.models import MedicalNote
from cases.privacy import services
from cases.privacy.audit import audit_about, audit_line
from cases.privacy.models import CorrectionRequest, CorrectionStatus, DataExport, ExportState
from cases.privacy.todo import one_month_after
from tests.cases.factories import make_case
from tests.factories import EmployeeFactory, EmployerFactory, UserFactory, confirmed_totp_device
from verzuim.audit import audit_record
from verzuim.mail import mail_send_pending
from verzuim.models import AuditAction, AuditLog, Employee, Role, User
from verzuim.plugins import tasks_for

pytestmark = pytest.mark.django_db

MEDICAL_SECRET = "Hernia L4-L5 geheim"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def account_for(employee: Employee) -> User:
    return cast(User, UserFactory(role=Role.EMPLOYEE, employee=employee, full_name=employee.full_name))


@pytest.fixture
def casemanager() -> User:
    user = cast(User, UserFactory(role=Role.CASEMANAGER, full_name="Jan Jansen"))
    confirmed_totp_device(user)
    return user


@pytest.fixture
def world(casemanager: User) -> dict[str, Any]:
    """Employee A (with a full dossier) and B of one employer, and C of another employer."""
    employer = EmployerFactory(casemanager=casemanager, name="Bakkerij Aalders")
    a = EmployeeFactory(employer=employer, first_name="Anna", last_name="Aardewerk")
    b = EmployeeFactory(employer=employer, first_name="Bert", last_name="Bottelaar")
    c = EmployeeFactory(employer=EmployerFactory(name="Ander Bedrijf"), first_name="Cor", last_name="Correa")
    case_a = make_case(employee=a, days_sick=60, phone="0611111111")
    case_b = make_case(employee=b, days_sick=20, phone="0622222222")
    case_c = make_case(employee=c, days_sick=20, phone="0633333333")
    for case in (case_a, case_b, case_c):
        case.casemanager = casemanager if case is not case_c else None
        case.save(update_fields=["casemanager"])
    document = ReintegrationDocument.objects.create(
        case=case_a,
        part=DocumentPart.ACTION_PLAN,
        state=DocumentState.FINAL,
        content={
            "goal": "Terug in eigen werk bij Aalders",
            "activities": [{"what": "Opbouw uren", "owner": "employee", "date": "2030-01-01"}],
        },
        document_date=timezone.localdate(),
    )
    DocumentSignature.objects.create(document=document, signer_role="employee", signer_name="Anna Aardewerk")
    ReintegrationDocument.objects.create(
        case=case_b,
        part=DocumentPart.ACTION_PLAN,
        content={"goal": "Plan van Bottelaar"},
        document_date=timezone.localdate(),
    )
    ContactMoment.objects.create(
        case=case_a,
        contact_date=timezone.localdate(),
        channel="phone",
        party="employee",
        summary="Belafspraak met Anna",
        recorded_by=casemanager,
    )
    ContactMoment.objects.create(
        case=case_b,
        contact_date=timezone.localdate(),
        channel="phone",
        party="employee",
        summary="Belafspraak met Bert",
        recorded_by=casemanager,
    )
    physician = cast(User, UserFactory(role=Role.OCCUPATIONAL_PHYSICIAN, full_name="Dokter Dirksen"))
    Advice.objects.create(
        case=case_a,
        given_by=physician,
        given_on=timezone.localdate(),
        text="Aangepast werk in de ochtend",
        due_date=timezone.localdate() + dt.timedelta(days=14),
    )
    MedicalNote.objects.create(
        case=case_a, physician=physician, consulted_on=timezone.localdate(), consultation_note=MEDICAL_SECRET
    )
    return {"a": a, "b": b, "c": c, "case_a": case_a, "case_b": case_b, "case_c": case_c}


def make_export(account: User) -> DataExport:
    export = services.export_request(requested_by=account)
    done = services.export_generate(export_id=export.pk)
    assert done is not None
    assert done.state == ExportState.READY
    return done


def export_json(export: DataExport) -> dict[str, Any]:
    with default_storage.open(export.json_file, "rb") as handle:
        return cast(dict[str, Any], json.load(handle))


def export_pdf_text(export: DataExport) -> str:
    with default_storage.open(export.pdf_file, "rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return re.sub(r"\s+", " ", "\n".join(page.extract_text() for page in reader.pages))


def test_the_export_holds_the_employees_own_data_and_nothing_of_anyone_else(
    world: dict[str, Any], casemanager: User
) -> None:
    account = account_for(world["a"])
    audit_record(
        actor=casemanager,
        action=AuditAction.READ,
        object_type="absence_case",
        object_id=world["case_a"].pk,
        employer=world["case_a"].employer,
    )
    audit_record(
        actor=casemanager,
        action=AuditAction.READ,
        object_type="absence_case",
        object_id=world["case_b"].pk,
        employer=world["case_b"].employer,
    )
    export = make_export(account)

    data = export_json(export)
    raw = json.dumps(data)
    sections = data["sections"]
    assert data["employee_id"] == str(world["a"].pk)
    assert [record["id"] for record in sections["cases"]["records"]] == [str(world["case_a"].pk)]
    assert sections["cases"]["records"][0]["first_sick_day"] == world["case_a"].first_sick_day.isoformat()
    assert sections["cases"]["records"][0]["casemanager"] == "Jan Jansen"
    assert sections["steps"]["records"]
    assert {r["case_id"] for r in sections["steps"]["records"]} == {str(world["case_a"].pk)}
    assert sections["documents"]["records"][0]["content"]["goal"] == "Terug in eigen werk bij Aalders"
    assert sections["documents"]["records"][0]["content"]["activities"][0]["date"] == "2030-01-01"
    assert sections["documents"]["records"][0]["signatures"][0]["signer_name"] == "Anna Aardewerk"
    assert sections["contact_moments"]["records"][0]["summary"] == "Belafspraak met Anna"
    assert sections["advice"]["records"][0]["text"] == "Aangepast werk in de ochtend"
    assert sections["medical_file"]["records"] == []
    assert "bedrijfsarts" in sections["medical_file"]["note"]
    audited = {(r["object_type"], r["object_id"]) for r in sections["audit"]["records"]}
    assert ("absence_case", str(world["case_a"].pk)) in audited
    assert {"complaints", "interventions", "service_contacts", "income_conversations", "consultations"} <= set(sections)
    # Nothing of B (same employer) or C (another tenant), and nothing of the medical compartment.
    for other in ("b", "c"):
        assert str(world[other].pk) not in raw
        assert str(world[f"case_{other}"].pk) not in raw
        assert world[other].last_name not in raw
    assert "Bottelaar" not in raw
    assert "Belafspraak met Bert" not in raw
    assert MEDICAL_SECRET not in raw

    text = export_pdf_text(export)
    assert "Uw gegevens in het verzuimportaal" in text
    assert "Anna Aardewerk" in text
    assert "Toelichting op het doel: Terug in eigen werk bij Aalders" in text
    # A plan's activities under their Dutch names, the date as dd-mm-jjjj (jsonb orders the keys its own way).
    assert "Afgesproken activiteiten: " in text
    assert "wat: Opbouw uren" in text
    assert "door: Werknemer" in text
    assert "datum: 01-01-2030" in text
    assert "Belafspraak met Anna" in text
    assert world["case_a"].first_sick_day.strftime("%d-%m-%Y") in text
    for forbidden in ("Bottelaar", "Correa", "Belafspraak met Bert", MEDICAL_SECRET, str(world["case_b"].pk)):
        assert forbidden not in text


def test_only_the_employee_who_asked_downloads_the_export(world: dict[str, Any], casemanager: User) -> None:
    account = account_for(world["a"])
    export = make_export(account)
    own = Client()
    own.force_login(account)
    for file_format, content_type in (("pdf", "application/pdf"), ("json", "application/json")):
        response = own.get(f"/mijn-gegevens/kopie/{export.pk}/{file_format}/")
        assert response.status_code == 200
        assert response["Content-Type"] == content_type
        assert "no-store" in response["Cache-Control"]
        assert b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert own.get(f"/mijn-gegevens/kopie/{export.pk}/xml/").status_code == 404
    downloads = AuditLog.objects.filter(object_type="data_export", action=AuditAction.READ, object_id=str(export.pk))
    assert downloads.count() == 2

    for employee in (world["b"], world["c"]):
        client = Client()
        client.force_login(account_for(employee))
        for file_format in ("pdf", "json"):
            assert client.get(f"/mijn-gegevens/kopie/{export.pk}/{file_format}/").status_code == 404
    others = [
        UserFactory(role=Role.EMPLOYER, employer=world["a"].employer),
        casemanager,
        UserFactory(role=Role.OCCUPATIONAL_PHYSICIAN),
        UserFactory(role=Role.INSURER),
        UserFactory(role=Role.ADMIN),
        UserFactory(role=Role.COMPLAINT_HANDLER),
    ]
    for user in others:
        client = Client()
        client.force_login(user)
        if user.needs_two_factor:
            from tests.conftest import current_totp

            device = confirmed_totp_device(user) if user is not casemanager else user.totpdevice_set.first()
            client.post("/account/tweestapsverificatie/", {"token": current_totp(device)})
        for file_format in ("pdf", "json"):
            assert client.get(f"/mijn-gegevens/kopie/{export.pk}/{file_format}/").status_code == 404, user.role
        assert client.get("/mijn-gegevens/").status_code == 404, user.role


def test_an_expired_export_is_gone(world: dict[str, Any]) -> None:
    account = account_for(world["a"])
    export = make_export(account)
    names = (export.json_file, export.pdf_file)
    assert services.export_expire(now=timezone.now()) == 0
    later = timezone.now() + dt.timedelta(days=services.EXPORT_VALID_DAYS, minutes=1)
    assert services.export_expire(now=later) == 1
    assert not any(default_storage.exists(name) for name in names)
    export.refresh_from_db()
    assert (export.json_file, export.pdf_file) == ("", "")
    client = Client()
    client.force_login(account)
    assert client.get(f"/mijn-gegevens/kopie/{export.pk}/pdf/").status_code == 404


def test_asking_twice_while_one_is_being_made_gives_the_same_export_and_making_it_twice_does_nothing(
    world: dict[str, Any],
) -> None:
    account = account_for(world["a"])
    first = services.export_request(requested_by=account)
    assert services.export_request(requested_by=account).pk == first.pk
    made = services.export_generate(export_id=first.pk)
    again = services.export_generate(export_id=first.pk)
    assert made is not None
    assert again is not None
    assert made.json_file == again.json_file
    assert AuditLog.objects.filter(object_type="data_export", action=AuditAction.CREATE).count() == 1
    generated = AuditLog.objects.filter(object_type="data_export", action=AuditAction.UPDATE)
    assert generated.count() == 1
    assert generated.get().actor is None
    assert services.export_generate(export_id="not-a-uuid") is None


def test_the_page_shows_who_read_the_dossier_in_plain_dutch(world: dict[str, Any], casemanager: User) -> None:
    account = account_for(world["a"])
    moment = timezone.make_aware(dt.datetime(2026, 12, 3, 10, 12), timezone.get_default_timezone())
    AuditLog.objects.create(
        at=moment,
        actor=casemanager,
        actor_email=casemanager.email,
        action=AuditAction.READ,
        object_type="absence_case",
        object_id=str(world["case_a"].pk),
    )
    audit_record(actor=None, action=AuditAction.UPDATE, object_type="absence_case", object_id=world["case_a"].pk)
    audit_record(actor=casemanager, action=AuditAction.READ, object_type="absence_case", object_id=world["case_b"].pk)
    client = Client()
    client.force_login(account)
    response = client.get("/mijn-gegevens/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Casemanager J. Jansen bekeek uw verzuimdossier op 3 december 2026 om 10:12" in html
    assert "Het portaal (automatisch) wijzigde uw verzuimdossier" in html
    lines = response.context["data"].audit
    # B's case is not about A; A's own visit to the page is not listed.
    assert str(world["case_b"].pk) not in {row.object_id for row in audit_about(world["a"])}
    assert lines
    assert not any(line.who == "U" for line in lines)
    assert "Anna Aardewerk" in html
    assert "Bottelaar" not in html
    assert "Verzuimdossier (casemanagement en re-integratie)" in html  # the retention terms
    assert f'href="/mijn-verzuim/{world["case_a"].pk}/"' in html  # the employee's own case page
    assert AuditLog.objects.filter(actor=account, object_type="my_data", action=AuditAction.READ).count() == 1


def test_the_page_query_count_does_not_grow(world: dict[str, Any], casemanager: User) -> None:
    account = account_for(world["a"])
    client = Client()
    client.force_login(account)
    client.get("/mijn-gegevens/")
    with CaptureQueriesContext(connection) as one:
        client.get("/mijn-gegevens/")
    start = world["case_a"].first_sick_day - dt.timedelta(days=400)
    AbsenceCase.objects.create(
        employee=world["a"],
        employer=world["a"].employer,
        first_sick_day=start,
        status="closed",
        closed_on=start + dt.timedelta(days=30),
        close_reason="recovered",
        reported_by=casemanager,
    )
    for _ in range(5):
        audit_record(actor=casemanager, action=AuditAction.READ, object_type="employee", object_id=world["a"].pk)
        services.correction_request_create(
            requested_by=account, case_id=None, what_is_wrong="Mijn uren", should_be="32 uur"
        )
    make_export(account)
    with CaptureQueriesContext(connection) as many:
        client.get("/mijn-gegevens/")
    assert len(many.captured_queries) == len(one.captured_queries)


def test_a_correction_request_is_the_casemanagers_task_until_answered(world: dict[str, Any], casemanager: User) -> None:
    account = account_for(world["a"])
    client = Client()
    client.force_login(account)

    refused = client.post("/mijn-gegevens/correctie/", {"case": "", "what_is_wrong": "", "should_be": ""})
    assert refused.status_code == 200
    assert "Beschrijf wat er niet klopt." in refused.content.decode()
    foreign = client.post(
        "/mijn-gegevens/correctie/", {"case": str(world["case_b"].pk), "what_is_wrong": "x", "should_be": "y"}
    )
    assert foreign.status_code == 200
    assert "Kies een van uw eigen verzuimgevallen." in foreign.content.decode()
    assert not CorrectionRequest.objects.exists()

    response = client.post(
        "/mijn-gegevens/correctie/",
        {"case": str(world["case_a"].pk), "what_is_wrong": "Mijn telefoonnummer", "should_be": "0699999999"},
    )
    assert response.status_code == 302
    request = CorrectionRequest.objects.get()
    assert (request.case_id, request.status) == (world["case_a"].pk, CorrectionStatus.OPEN)

    today = timezone.localdate()
    tasks = [task for task in tasks_for(casemanager, today) if task.key == f"correction-{request.pk}"]
    assert len(tasks) == 1
    assert tasks[0].due == one_month_after(timezone.localdate(request.requested_at))
    assert tasks[0].url == f"/correcties/{request.pk}/"
    other_casemanager = cast(User, UserFactory(role=Role.CASEMANAGER))
    assert not [t for t in tasks_for(other_casemanager, today) if t.key.startswith("correction-")]

    from tests.conftest import current_totp

    handler = Client()
    handler.force_login(casemanager)
    handler.post("/account/tweestapsverificatie/", {"token": current_totp(casemanager.totpdevice_set.first())})
    page = handler.get(f"/correcties/{request.pk}/")
    assert page.status_code == 200
    assert "Mijn telefoonnummer" in page.content.decode()
    bad = handler.post(f"/correcties/{request.pk}/", {"status": "weet ik niet", "answer": ""})
    assert bad.status_code == 200
    assert "Kies of de gegevens zijn aangepast of niet." in bad.content.decode()
    done = handler.post(f"/correcties/{request.pk}/", {"status": "corrected", "answer": "Aangepast in het dossier."})
    assert done.status_code == 302
    request.refresh_from_db()
    assert (request.status, request.answered_by) == (CorrectionStatus.CORRECTED, casemanager)
    assert not [t for t in tasks_for(casemanager, today) if t.key.startswith("correction-")]
    assert "Aangepast in het dossier." in client.get("/mijn-gegevens/").content.decode()


def test_a_request_without_a_casemanager_on_the_case_goes_to_the_employers_fixed_casemanager(
    world: dict[str, Any], casemanager: User
) -> None:
    account = account_for(world["a"])
    services.correction_request_create(requested_by=account, case_id=None, what_is_wrong="Naam", should_be="Anne")
    assert [t for t in tasks_for(casemanager, timezone.localdate()) if t.key.startswith("correction-")]
    account_c = account_for(world["c"])
    services.correction_request_create(requested_by=account_c, case_id=None, what_is_wrong="x", should_be="y")
    keys = [t.key for t in tasks_for(casemanager, timezone.localdate()) if t.key.startswith("correction-")]
    assert len(keys) == 1  # C's employer has no casemanager of ours


def test_one_month_after() -> None:
    assert one_month_after(dt.date(2026, 1, 31)) == dt.date(2026, 2, 28)
    assert one_month_after(dt.date(2026, 12, 15)) == dt.date(2027, 1, 15)


def test_an_export_the_worker_gave_up_on_says_so_and_a_new_one_can_be_asked(world: dict[str, Any]) -> None:
    account = account_for(world["a"])
    export = services.export_request(requested_by=account)
    services.export_mark_failed(export_id=export.pk)
    client = Client()
    client.force_login(account)
    assert "het maken is mislukt" in client.get("/mijn-gegevens/").content.decode()
    response = client.post("/mijn-gegevens/kopie/")
    assert response.status_code == 302
    assert DataExport.objects.filter(requested_by=account, state=ExportState.PENDING).exclude(pk=export.pk).exists()


def test_the_employee_is_mailed_a_link_when_the_copy_is_ready_and_when_a_correction_is_answered(
    world: dict[str, Any], casemanager: User, settings: Any
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PORTAL_BASE_URL = "https://portaal.example.nl"
    account = account_for(world["a"])
    make_export(account)
    request = services.correction_request_create(
        requested_by=account, case_id=None, what_is_wrong="Mijn achternaam", should_be="Aardewerk-Smit"
    )
    services.correction_answer(answered_by=casemanager, request=request, status="declined", answer="Klopt al.")
    mail_send_pending()
    subjects = {message.subject: message for message in mail.outbox}
    assert set(subjects) == {"Uw kopie van uw gegevens staat klaar", "Antwoord op uw verzoek om correctie"}
    for message in mail.outbox:
        assert message.to == [account.email]
        assert "https://portaal.example.nl/mijn-gegevens/" in message.body
        for secret in ("Aardewerk-Smit", "Klopt al.", "Bakkerij Aalders", str(world["case_a"].pk)):
            assert secret not in message.body


def test_a_read_of_a_part_of_the_dossier_says_which_part(world: dict[str, Any]) -> None:
    physician = cast(User, UserFactory(role=Role.OCCUPATIONAL_PHYSICIAN, full_name="Dirk Dirksen"))
    row = audit_record(
        actor=physician,
        action=AuditAction.READ,
        object_type="absence_case",
        object_id=world["case_a"].pk,
        changes={"view": "medical_notes"},
    )
    line = audit_line(row, world["a"])
    assert line.sentence.startswith("Bedrijfsarts D. Dirksen bekeek uw medisch dossier op ")
    unknown = audit_record(actor=None, action=AuditAction.IMPORT, object_type="absence_case", object_id="x")
    assert audit_line(unknown, world["a"]).sentence.startswith("Uw verzuimdossier: geïmporteerd door Het portaal")


def test_an_open_correction_keeps_its_case_from_the_sweep_and_anonymising_empties_the_texts(
    world: dict[str, Any], casemanager: User
) -> None:
    from cases.retention.holds import held_cases
    from cases.retention.models import RetentionSubject
    from cases.retention.services import _anonymise

    account = account_for(world["a"])
    case_id = world["case_a"].pk
    open_request = services.correction_request_create(
        requested_by=account, case_id=case_id, what_is_wrong="Mijn adres", should_be="Dorpsstraat 1"
    )
    assert "correction_open" in held_cases([case_id], timezone.localdate())[case_id]
    answered = services.correction_request_create(
        requested_by=account, case_id=case_id, what_is_wrong="Mijn telefoon", should_be="0611111112"
    )
    services.correction_answer(answered_by=casemanager, request=answered, status="corrected", answer="Gedaan, Anna.")
    _anonymise(RetentionSubject.CASEWORK, [case_id], actor=None)
    open_request.refresh_from_db()
    answered.refresh_from_db()
    assert (open_request.what_is_wrong, open_request.should_be) == ("", "")
    assert (answered.what_is_wrong, answered.should_be, answered.answer) == ("", "", "-")
    assert answered.status == CorrectionStatus.CORRECTED


def test_the_export_holds_the_employees_messages_and_the_confidential_thread_and_no_one_elses(
    world: dict[str, Any], casemanager: User
) -> None:
    from cases.medical.messages import physician_message_send
    from cases.messages.services import message_send

    account = account_for(world["a"])
    physician = cast(User, UserFactory(role=Role.OCCUPATIONAL_PHYSICIAN, full_name="Dokter Dirksen"))
    employer = world["case_a"].employer
    employer.occupational_physician = physician
    employer.save(update_fields=["occupational_physician"])
    message_send(sent_by=account, case=world["case_a"], text="Vraag van Anna over haar uren")
    message_send(sent_by=casemanager, case=world["case_a"], text="Antwoord aan Anna")
    physician_message_send(sent_by=account, case=world["case_a"], text="Vertrouwelijke vraag van Anna")
    message_send(sent_by=account_for(world["b"]), case=world["case_b"], text="Bericht van Bert")

    export = make_export(account)
    sections = export_json(export)["sections"]
    assert [r["text"] for r in sections["messages"]["records"]] == [
        "Vraag van Anna over haar uren",
        "Antwoord aan Anna",
    ]
    assert sections["messages"]["records"][1]["author"] == "Jan Jansen"
    assert [r["text"] for r in sections["physician_messages"]["records"]] == ["Vertrouwelijke vraag van Anna"]
    assert "Bericht van Bert" not in json.dumps(sections)
    text = export_pdf_text(export)
    assert "Vraag van Anna over haar uren" in text
    assert "Vertrouwelijke vraag van Anna" in text
    assert "Bericht van Bert" not in text
