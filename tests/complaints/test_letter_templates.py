"""The desk keeps its own standard texts of the letters (issue 21 item 2, "editable templates"; docs/decisions.md
item 262): edited in the admin by the complaint handlers, with placeholders filled with plain strings, refused with a
Dutch message when they would bring a greeting or sign-off of their own or name an unknown placeholder."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from complaints.letters import letter_standard_text
from complaints.models import ComplaintLetterTemplate
from tests.complaints.factories import make_complaint
from verzuim.models import AuditLog, Role, User

pytestmark = pytest.mark.django_db

MakeUser = Callable[..., User]
StaffLogin = Callable[[User], Client]
ADMIN_ADD = "/admin/complaints/complaintlettertemplate/add/"
OWN_TEXT = (
    "Uw klacht met kenmerk $kenmerk is op $ontvangen_op binnengekomen.\n\nWij antwoorden uiterlijk $antwoord_uiterlijk."
)


def test_the_composer_starts_from_the_desks_own_text_with_its_placeholders_filled(
    make_user: MakeUser, staff_login: StaffLogin
) -> None:
    complaint = make_complaint()
    ComplaintLetterTemplate.objects.create(kind="acknowledgement", text=OWN_TEXT)
    desk = staff_login(make_user(Role.COMPLAINT_HANDLER))
    body = desk.get(f"/klachtenbalie/{complaint.pk}/brief/ontvangstbevestiging/").context["form"].initial["body"]
    assert body == (
        f"Uw klacht met kenmerk {complaint.reference} is op {complaint.received_on:%d-%m-%Y} binnengekomen.\n\n"
        f"Wij antwoorden uiterlijk {complaint.answer_by:%d-%m-%Y}."
    )


def test_without_an_own_text_the_built_in_one_is_used() -> None:
    complaint = make_complaint()
    assert letter_standard_text("acknowledgement", complaint).startswith(
        f"Op {complaint.received_on:%d-%m-%Y} hebben wij uw klacht ontvangen."
    )


def test_a_placeholder_reaches_nothing_but_its_string() -> None:
    complaint = make_complaint()
    ComplaintLetterTemplate.objects.create(kind="acknowledgement", text="${kenmerk} ${kenmerk.__class__} $onbekend")
    assert (
        letter_standard_text("acknowledgement", complaint) == f"{complaint.reference} ${{kenmerk.__class__}} $onbekend"
    )


@pytest.mark.parametrize(
    ("kind", "text", "message"),
    [
        ("acknowledgement", "Beste klager,\n\nWij hebben uw klacht.", "Laat de aanhef weg"),
        ("answer", "$antwoord\n\nMet vriendelijke groet,", "Laat de groet weg"),
        ("acknowledgement", "Kenmerk $referentie.", "Onbekend invulveld: $referentie."),
        ("acknowledgement", "Zie $antwoord.", "$antwoord hoort alleen in de standaardtekst van het antwoord."),
        ("acknowledgement", "Kost 5 $ per maand.", "Een $ hoort bij een invulveld"),
    ],
)
def test_a_text_that_would_break_the_letter_is_refused_in_dutch(kind: str, text: str, message: str) -> None:
    with pytest.raises(ValidationError) as refused:
        ComplaintLetterTemplate(kind=kind, text=text).full_clean()
    assert any(error.startswith(message) for error in refused.value.message_dict["text"])


def test_the_handler_edits_the_standard_text_in_the_admin_and_it_is_audited(
    make_user: MakeUser, staff_login: StaffLogin
) -> None:
    handler = make_user(Role.COMPLAINT_HANDLER)
    admin = staff_login(handler)
    assert admin.get(ADMIN_ADD).status_code == 200
    response = admin.post(ADMIN_ADD, {"kind": "acknowledgement", "text": OWN_TEXT})
    assert response.status_code == 302
    saved = ComplaintLetterTemplate.objects.get()
    assert saved.updated_by == handler
    assert AuditLog.objects.filter(object_type="complaint_letter_template", object_id=str(saved.pk)).exists()


def test_other_staff_cannot_edit_the_standard_texts(make_user: MakeUser, staff_login: StaffLogin) -> None:
    assert staff_login(make_user(Role.INSURER)).get(ADMIN_ADD).status_code == 403
    assert not ComplaintLetterTemplate.objects.exists()
