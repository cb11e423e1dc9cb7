"""Filing a complaint through the service: reference, deadlines, employer, attachments, mail."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction

from complaints.models import Complaint, ComplaintAttachment, ComplaintEvent, ComplaintTerms, ReferenceCounter
from complaints.services import complaint_file
from tests.complaints.intake_helpers import JPG, PDF, PNG, upload, valid_input
from tests.factories import EmployerFactory, UserFactory
from verzuim.mail import mail_send_pending
from verzuim.models import AuditLog, OutgoingMail, Role

pytestmark = pytest.mark.django_db
D = dt.date
FRIDAY = D(2026, 12, 18)


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


def _file(today: dt.date = FRIDAY, **overrides: object) -> Complaint:
    return complaint_file(channel="public", today=today, **valid_input(**overrides))  # type: ignore[arg-type]


def test_acceptance_a_complaint_of_friday_18_december_2026_is_due_28_december_and_29_january() -> None:
    complaint = _file(D(2026, 12, 18))
    complaint.refresh_from_db()
    assert complaint.received_on == D(2026, 12, 18)
    assert complaint.acknowledge_by == D(2026, 12, 28)
    assert complaint.answer_by == D(2027, 1, 29)


def test_the_terms_valid_on_the_day_of_receipt_apply() -> None:
    ComplaintTerms.objects.create(valid_from=D(2027, 1, 1), acknowledge_working_days=3, answer_weeks=4)
    before = _file(D(2026, 12, 18))
    after = _file(D(2027, 1, 4))
    assert (before.acknowledge_by, before.answer_by) == (D(2026, 12, 28), D(2027, 1, 29))
    assert (after.acknowledge_by, after.answer_by) == (D(2027, 1, 7), D(2027, 2, 1))


def test_references_count_up_per_year_and_restart_in_a_new_year() -> None:
    first = _file(D(2026, 3, 2))
    second = _file(D(2026, 3, 3))
    next_year = _file(D(2027, 1, 4))
    assert [first.reference, second.reference, next_year.reference] == [
        "KL-2026-000001",
        "KL-2026-000002",
        "KL-2027-000001",
    ]
    assert dict(ReferenceCounter.objects.values_list("year", "last")) == {2026: 2, 2027: 1}


def test_a_complaint_starts_its_history_with_a_received_row_and_an_audit_row() -> None:
    complaint = _file()
    event = ComplaintEvent.objects.get(complaint=complaint)
    assert event.kind == "received"
    assert event.data["acknowledge_by"] == "2026-12-28"
    audit = AuditLog.objects.get(object_type="complaint", object_id=str(complaint.pk))
    assert audit.action == "create"
    assert audit.changes["reference"] == complaint.reference


def test_the_complainant_gets_a_dutch_mail_with_reference_and_both_dates() -> None:
    complaint = _file(D(2026, 12, 18))
    assert mail.outbox == []
    assert mail_send_pending() == 1  # the outbox's beat job
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["jan@example.nl"]
    assert complaint.reference in message.subject
    assert "Uw kenmerk is KL-2026-000001" in message.body
    assert "28 december 2026 (28-12-2026)" in message.body
    assert "29 januari 2027 (29-01-2027)" in message.body


def test_the_confirmation_is_queued_with_the_complaint_and_rolls_back_with_it() -> None:
    def fail_after_the_fact() -> None:
        with transaction.atomic():
            _file()
            assert OutgoingMail.objects.count() == 1
            raise RuntimeError("the complaint's transaction fails after the intake")

    with pytest.raises(RuntimeError):
        fail_after_the_fact()
    assert not OutgoingMail.objects.exists()
    assert mail_send_pending() == 0
    assert mail.outbox == []

    complaint = _file()
    (row,) = OutgoingMail.objects.all()
    assert (row.kind, row.to, row.object_type, row.object_id) == (
        "complaint_receipt",
        "jan@example.nl",
        "complaint",
        str(complaint.pk),
    )


def test_an_employer_user_links_the_complaint_to_their_employer() -> None:
    user = UserFactory(role=Role.EMPLOYER)
    complaint = complaint_file(channel="portal", submitted_by=user, today=D(2026, 5, 4), **valid_input())
    assert complaint.employer == user.employer
    assert complaint.employer_kvk == user.employer.kvk_number
    assert complaint.submitted_by == user


def test_a_known_kvk_number_links_the_employer_and_an_unknown_one_is_kept_without() -> None:
    employer = EmployerFactory(kvk_number="12345678")
    known = _file(employer_kvk="12345678")
    unknown = _file(employer_kvk="99999999")
    assert known.employer == employer
    assert (unknown.employer, unknown.employer_kvk) == (None, "99999999")


def test_a_malformed_kvk_number_is_refused_in_dutch() -> None:
    with pytest.raises(ValidationError) as exc:
        _file(employer_kvk="1234")
    assert exc.value.message_dict == {"employer_kvk": ["Een KvK-nummer bestaat uit precies 8 cijfers."]}
    assert not Complaint.objects.exists()


def test_a_pdf_attachment_is_stored_under_its_own_id_with_the_type_of_its_content() -> None:
    complaint = _file(attachments=[upload("brief.pdf", PDF), upload("verslag", PDF, "application/octet-stream")])
    stored = {a.original_name: a for a in ComplaintAttachment.objects.filter(complaint=complaint)}
    assert {name: a.content_type for name, a in stored.items()} == {
        "brief.pdf": "application/pdf",
        "verslag": "application/pdf",
    }
    assert stored["brief.pdf"].file.name.endswith(f"{stored['brief.pdf'].pk}.pdf")
    assert stored["brief.pdf"].file.read() == PDF


def test_a_photo_is_refused_as_the_dossier_refuses_it_pdf_only() -> None:
    with pytest.raises(ValidationError) as exc:
        _file(attachments=[upload("foto.jpeg", JPG, "image/jpeg"), upload("scan.png", PNG, "image/png")])
    assert exc.value.message_dict == {
        "attachments": [
            "foto.jpeg is geen PDF-bestand. Stuur een foto of scan als PDF mee.",
            "scan.png is geen PDF-bestand. Stuur een foto of scan als PDF mee.",
        ]
    }
    assert not Complaint.objects.exists()


def test_a_pdf_that_is_really_text_is_refused_and_nothing_is_stored(tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as exc:
        _file(attachments=[upload("brief.pdf", b"Dit is gewoon tekst, geen PDF.")])
    assert exc.value.message_dict == {
        "attachments": ["brief.pdf is geen PDF-bestand. Stuur een foto of scan als PDF mee."]
    }
    assert not Complaint.objects.exists()
    assert not any(path.is_file() for path in tmp_path.rglob("*"))


def test_an_attachment_over_five_megabytes_is_refused() -> None:
    big = upload("groot.pdf", PDF + b"0" * (5 * 1024 * 1024))
    with pytest.raises(ValidationError) as exc:
        _file(attachments=[big])
    assert exc.value.message_dict == {"attachments": ["groot.pdf is te groot: een bijlage mag hoogstens 5 MB zijn."]}


def test_more_than_three_attachments_are_refused() -> None:
    with pytest.raises(ValidationError) as exc:
        _file(attachments=[upload(f"{n}.pdf", PDF) for n in range(4)])
    assert exc.value.message_dict == {"attachments": ["U kunt hoogstens 3 bijlagen meesturen."]}
    assert not Complaint.objects.exists()


def test_a_failing_complaint_after_storing_an_attachment_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from complaints import services

    def broken(**kwargs: object) -> None:
        raise RuntimeError("audit down")

    monkeypatch.setattr(services, "audit_record", broken)
    with pytest.raises(RuntimeError):
        _file(attachments=[upload("brief.pdf", PDF)])
    assert not Complaint.objects.exists()
    assert not any(path.is_file() for path in tmp_path.rglob("*"))


@pytest.mark.django_db(transaction=True)
def test_complaints_filed_at_the_same_time_get_different_consecutive_references() -> None:
    """Eight filings at once in their own connections, the year's counter row not there yet: the insert that
    ignores conflicts and the row lock hand out 1..8, each once."""
    import threading

    from django.db import connection

    barrier = threading.Barrier(8)
    references: list[str] = []
    errors: list[BaseException] = []

    def file_one() -> None:
        try:
            barrier.wait()
            references.append(_file(D(2031, 6, 2)).reference)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=file_one) for _n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(references) == [f"KL-2031-{n:06d}" for n in range(1, 9)]
