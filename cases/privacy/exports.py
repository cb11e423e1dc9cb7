"""The sections of an employee's data export (AVG art. 15 right of access; art. 20 for the machine-readable JSON),
registered with verzuim.plugins.export_section. Imported by CasesConfig.ready. Other apps add their own data with
one registered function each (complaints.privacy does the complaints the employee filed).

Every section reads the data of one employee record and nothing else: the cases are those of
`AbsenceCase.employee`, everything else hangs from those cases. Values are as stored; the JSON keeps them (ISO
dates, codes), the PDF shows them in Dutch (cases.privacy.render).

The medical file is not in the export. The occupational physician is the controller of the medical file
(KNMG-richtlijn "Omgaan met medische gegevens", 2018, and Wet BIG / WGBO art. 7:456 BW): the employee asks the
bedrijfsarts for it, who answers under AVG art. 15 and the WGBO. The export says so in its section "medical_file";
this module never reads MedicalNote or FunctionalAssessment. The confidential thread with the physician is in it:
the employee is one of its two parties and wrote or received every message. Spreekuren are in it with their date,
time, form and place only (no notes: the Consultation model holds none).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from cases.absence.models import (
    AbsenceCase,
    CaseStatus,
    CloseReason,
    Recovery,
    SickPeriod,
    Step,
    StepState,
)
from cases.advice.models import Advice
from cases.contacts.models import ContactChannel, ContactMoment, ContactParty
from cases.documents.models import DocumentPart, DocumentSignature, DocumentState, ReintegrationDocument, SignerRole
from cases.documents.rules import CHOICE_LABELS, PARTS, ActivityOwner
from cases.income.models import IncomeConversation
from cases.interventions.models import AdvisedBy, Intervention, InterventionKind, InterventionStatus
from cases.medical.models import Consultation, ConsultationKind, ConsultationStatus, PhysicianMessage
from cases.messages.models import CaseMessage
from cases.privacy.audit import audit_about, audit_line
from cases.privacy.models import CorrectionRequest, CorrectionStatus
from cases.rhythm.models import ContactKind, ContactState, ServiceContact
from verzuim.models import AuditAction, ContractType, Employee, Role, User
from verzuim.plugins import ExportSection, export_section


def _choices(choices: Any) -> dict[str, str]:
    return {str(value): str(label) for value, label in choices}


def _name(user: User | None) -> str | None:
    return (user.full_name or user.email) if user is not None else None


def _cases(employee: Employee) -> Any:
    return AbsenceCase.objects.filter(employee=employee)


@export_section(key="employee", order=10)
def employee_section(employee: Employee) -> ExportSection:
    return ExportSection(
        key="employee",
        title=_("Uw personeelsgegevens"),
        note=_("Zoals uw werkgever ze heeft vastgelegd."),
        records=[
            {
                "id": employee.pk,
                "employer": employee.employer.name,
                "personnel_number": employee.personnel_number,
                "first_name": employee.first_name,
                "last_name": employee.last_name,
                "date_of_birth": employee.date_of_birth,
                "employment_start": employee.employment_start,
                "employment_end": employee.employment_end,
                "weekly_hours": employee.weekly_hours,
                "yearly_wage": employee.yearly_wage,
                "contract_type": employee.contract_type,
            }
        ],
        labels={
            "id": _("Kenmerk"),
            "employer": _("Werkgever"),
            "personnel_number": _("Personeelsnummer"),
            "first_name": _("Voornaam"),
            "last_name": _("Achternaam"),
            "date_of_birth": _("Geboortedatum"),
            "employment_start": _("Datum in dienst"),
            "employment_end": _("Datum uit dienst"),
            "weekly_hours": _("Uren per week"),
            "yearly_wage": _("Jaarloon"),
            "contract_type": _("Soort contract"),
        },
        choices={"contract_type": _choices(ContractType.choices)},
    )


@export_section(key="cases", order=20)
def cases_section(employee: Employee) -> ExportSection:
    cases = (
        _cases(employee)
        .select_related("casemanager", "employer")
        .prefetch_related(
            Prefetch("periods", queryset=SickPeriod.objects.order_by("start")),
            Prefetch("recoveries", queryset=Recovery.objects.order_by("date", "created_at")),
        )
        .order_by("first_sick_day", "pk")
    )
    return ExportSection(
        key="cases",
        title=_("Uw verzuimgevallen"),
        records=[
            {
                "id": case.pk,
                "employer": case.employer.name,
                "first_sick_day": case.first_sick_day,
                "status": case.status,
                "closed_on": case.closed_on,
                "close_reason": case.close_reason,
                "absent_pct": case.absent_pct,
                "casemanager": _name(case.casemanager),
                "expected_duration_days": case.expected_duration_days,
                "safety_net": case.safety_net,
                "work_accident": case.work_accident,
                "third_party_liable": case.third_party_liable,
                "phone": case.phone,
                "care_address": case.care_address,
                "long_absence_flagged": case.long_absence_flagged,
                "periods": [{"start": period.start, "end": period.end} for period in case.periods.all()],
                "recoveries": [
                    {"date": recovery.date, "recovered_pct": recovery.recovered_pct}
                    for recovery in case.recoveries.all()
                ],
                "created_at": case.created_at,
            }
            for case in cases
        ],
        labels={
            "id": _("Kenmerk"),
            "employer": _("Werkgever"),
            "first_sick_day": _("Eerste ziektedag"),
            "status": _("Status"),
            "closed_on": _("Afgesloten op"),
            "close_reason": _("Reden afsluiting"),
            "absent_pct": _("Verzuimpercentage"),
            "casemanager": _("Casemanager"),
            "expected_duration_days": _("Verwachte duur (dagen)"),
            "safety_net": _("Vangnetsituatie (Ziektewet)"),
            "work_accident": _("Bedrijfsongeval"),
            "third_party_liable": _("Derde aansprakelijk"),
            "phone": _("Telefoonnummer tijdens ziekte"),
            "care_address": _("(Verpleeg)adres tijdens ziekte"),
            "long_absence_flagged": _("Langdurig verzuim dreigt"),
            "periods": _("Ziekteperiodes"),
            "recoveries": _("Herstelmeldingen"),
            "created_at": _("Vastgelegd op"),
            "start": _("van"),
            "end": _("tot en met"),
            "date": _("datum"),
            "recovered_pct": _("hersteld percentage"),
        },
        choices={"status": _choices(CaseStatus.choices), "close_reason": _choices(CloseReason.choices)},
    )


@export_section(key="steps", order=30)
def steps_section(employee: Employee) -> ExportSection:
    steps = Step.objects.filter(case__employee=employee).order_by("case__first_sick_day", "case_id", "position")
    return ExportSection(
        key="steps",
        title=_("Stappen van de Wet verbetering poortwachter"),
        records=[
            {
                "case_id": step.case_id,
                "code": step.code,
                "sequence": step.sequence,
                "title": step.title,
                "owner": step.owner,
                "window_start": step.window_start,
                "due_date": step.due_date,
                "state": step.state,
                "reason": step.reason,
                "completed_on": step.completed_on,
                "note": step.note,
            }
            for step in steps
        ],
        labels={
            "case_id": _("Verzuimgeval"),
            "code": _("Code"),
            "sequence": _("Volgnummer"),
            "title": _("Stap"),
            "owner": _("Verantwoordelijke"),
            "window_start": _("Venster vanaf"),
            "due_date": _("Uiterste datum"),
            "state": _("Toestand"),
            "reason": _("Toelichting"),
            "completed_on": _("Afgerond op"),
            "note": _("Notitie"),
        },
        choices={"state": _choices(StepState.choices)},
    )


@export_section(key="documents", order=40)
def documents_section(employee: Employee) -> ExportSection:
    documents = (
        ReintegrationDocument.objects.filter(case__employee=employee)
        .prefetch_related(Prefetch("signatures", queryset=DocumentSignature.objects.order_by("signed_at")))
        .order_by("case__first_sick_day", "case_id", "part", "sequence", "version")
    )
    return ExportSection(
        key="documents",
        title=_("Re-integratiedocumenten"),
        note=_("Alle versies van de documenten van uw re-integratieverslag, met wie ze wanneer ondertekende."),
        records=[
            {
                "id": document.pk,
                "case_id": document.case_id,
                "part": document.part,
                "sequence": document.sequence,
                "version": document.version,
                "state": document.state,
                "document_date": document.document_date,
                "finalised_at": document.finalised_at,
                "content": document.content,
                "has_uploaded_file": bool(document.file),
                "signatures": [
                    {"signer_role": s.signer_role, "signer_name": s.signer_name, "signed_at": s.signed_at}
                    for s in document.signatures.all()
                ],
            }
            for document in documents
        ],
        labels={
            "id": _("Kenmerk"),
            "case_id": _("Verzuimgeval"),
            "part": _("Onderdeel"),
            "sequence": _("Volgnummer"),
            "version": _("Versie"),
            "state": _("Status"),
            "document_date": _("Datum document"),
            "finalised_at": _("Definitief op"),
            "content": _("Inhoud"),
            "has_uploaded_file": _("Met geüpload bestand"),
            "signatures": _("Ondertekeningen"),
            "signer_role": _("als"),
            "signer_name": _("naam"),
            "signed_at": _("op"),
            # The headings of the content under which UWV expects it, and an activity's fields.
            **{key: str(label) for part in PARTS.values() for key, label in part.headings},
            "what": _("wat"),
            "owner": _("door"),
            "date": _("datum"),
        },
        choices={
            "part": _choices(DocumentPart.choices),
            "state": _choices(DocumentState.choices),
            "signer_role": _choices(SignerRole.choices),
            "owner": _choices(ActivityOwner.CHOICES),
            **{key: {str(code): str(text) for code, text in labels.items()} for key, labels in CHOICE_LABELS.items()},
        },
    )


@export_section(key="income_conversations", order=50)
def income_section(employee: Employee) -> ExportSection:
    conversations = (
        IncomeConversation.objects.filter(case__employee=employee)
        .select_related("held_by")
        .order_by("held_on", "created_at")
    )
    fields = (
        "held_on",
        "monthly_wage",
        "weekly_hours",
        "date_of_birth",
        "reference_date",
        "work_history_years",
        "work_history_years_before_2016",
        "incapacity_pct",
        "durable",
        "remaining_capacity_monthly",
        "expected_earnings_monthly",
        "topup_year1_pct",
        "topup_year2_pct",
    )
    labels: dict[str, str] = {"case_id": _("Verzuimgeval"), "held_by": _("Gevoerd door")}
    labels.update(
        {name: str(getattr(IncomeConversation._meta.get_field(name), "verbose_name", name)) for name in fields}
    )
    return ExportSection(
        key="income_conversations",
        title=_("Gesprekken over uw inkomensgevolgen"),
        records=[
            {
                "case_id": conversation.case_id,
                "held_by": _name(conversation.held_by),
                **{name: getattr(conversation, name) for name in fields},
            }
            for conversation in conversations
        ],
        labels=labels,
    )


@export_section(key="consultations", order=60)
def consultations_section(employee: Employee) -> ExportSection:
    consultations = (
        Consultation.objects.filter(case__employee=employee).select_related("physician").order_by("starts_at")
    )
    return ExportSection(
        key="consultations",
        title=_("Spreekuren bij de bedrijfsarts"),
        note=_("Alleen wanneer, hoe en waar. Wat u met de bedrijfsarts besprak staat in uw medisch dossier."),
        records=[
            {
                "case_id": consultation.case_id,
                "physician": _name(consultation.physician),
                "starts_at": consultation.starts_at,
                "duration_minutes": consultation.duration_minutes,
                "kind": consultation.kind,
                "location": consultation.location,
                "status": consultation.status,
            }
            for consultation in consultations
        ],
        labels={
            "case_id": _("Verzuimgeval"),
            "physician": _("Bedrijfsarts"),
            "starts_at": _("Begint om"),
            "duration_minutes": _("Duur (minuten)"),
            "kind": _("Vorm"),
            "location": _("Plaats"),
            "status": _("Status"),
        },
        choices={"kind": _choices(ConsultationKind.choices), "status": _choices(ConsultationStatus.choices)},
    )


@export_section(key="medical_file", order=65)
def medical_file_section(employee: Employee) -> ExportSection:
    return ExportSection(
        key="medical_file",
        title=_("Uw medisch dossier"),
        note=_(
            "Uw medisch dossier staat niet in deze kopie. De bedrijfsarts beheert het en alleen de bedrijfsarts "
            "leest het. Vraag uw bedrijfsarts om inzage of een kopie (AVG artikel 15; KNMG-richtlijn Omgaan met "
            "medische gegevens)."
        ),
        records=[],
        labels={},
    )


@export_section(key="advice", order=70)
def advice_section(employee: Employee) -> ExportSection:
    advices = Advice.objects.filter(case__employee=employee).select_related("given_by").order_by("given_on")
    return ExportSection(
        key="advice",
        title=_("Adviezen aan uw werkgever"),
        records=[
            {
                "case_id": advice.case_id,
                "given_by": _name(advice.given_by),
                "given_on": advice.given_on,
                "text": advice.text,
                "due_date": advice.due_date,
            }
            for advice in advices
        ],
        labels={
            "case_id": _("Verzuimgeval"),
            "given_by": _("Gegeven door"),
            "given_on": _("Datum advies"),
            "text": _("Advies"),
            "due_date": _("Uitvoeren uiterlijk op"),
        },
    )


@export_section(key="contact_moments", order=80)
def contacts_section(employee: Employee) -> ExportSection:
    moments = (
        ContactMoment.objects.filter(case__employee=employee)
        .select_related("recorded_by")
        .order_by("contact_date", "created_at")
    )
    return ExportSection(
        key="contact_moments",
        title=_("Contactmomenten"),
        note=_("De contacten van de casemanager over uw verzuim, ook die met uw werkgever."),
        records=[
            {
                "case_id": moment.case_id,
                "contact_date": moment.contact_date,
                "channel": moment.channel,
                "party": moment.party,
                "summary": moment.summary,
                "followup_date": moment.followup_date,
                "followup_done_on": moment.followup_done_on,
                "recorded_by": _name(moment.recorded_by),
            }
            for moment in moments
        ],
        labels={
            "case_id": _("Verzuimgeval"),
            "contact_date": _("Datum contact"),
            "channel": _("Kanaal"),
            "party": _("Met wie"),
            "summary": _("Samenvatting"),
            "followup_date": _("Opvolgen op"),
            "followup_done_on": _("Opvolging afgerond op"),
            "recorded_by": _("Vastgelegd door"),
        },
        choices={"channel": _choices(ContactChannel.choices), "party": _choices(ContactParty.choices)},
    )


@export_section(key="interventions", order=75)
def interventions_section(employee: Employee) -> ExportSection:
    interventions = (
        Intervention.objects.filter(case__employee=employee).select_related("provider").order_by("requested_at")
    )
    return ExportSection(
        key="interventions",
        title=_("Interventies"),
        records=[
            {
                "case_id": intervention.case_id,
                "kind": intervention.kind,
                "provider": intervention.provider.name if intervention.provider else None,
                "advised_by": intervention.advised_by,
                "description": intervention.description,
                "requested_at": intervention.requested_at,
                "status": intervention.status,
                "decided_at": intervention.decided_at,
                "decision_reason": intervention.decision_reason,
                "finished_on": intervention.finished_on,
            }
            for intervention in interventions
        ],
        labels={
            "case_id": _("Verzuimgeval"),
            "kind": _("Soort"),
            "provider": _("Aanbieder"),
            "advised_by": _("Geadviseerd door"),
            "description": _("Toelichting"),
            "requested_at": _("Aangevraagd op"),
            "status": _("Status"),
            "decided_at": _("Beoordeeld op"),
            "decision_reason": _("Reden"),
            "finished_on": _("Afgerond op"),
        },
        choices={
            "kind": _choices(InterventionKind.choices),
            "advised_by": _choices(AdvisedBy.choices),
            "status": _choices(InterventionStatus.choices),
        },
    )


@export_section(key="service_contacts", order=82)
def service_contacts_section(employee: Employee) -> ExportSection:
    contacts = ServiceContact.objects.filter(case__employee=employee).order_by("due_date", "pk")
    return ExportSection(
        key="service_contacts",
        title=_("Servicecontacten over uw verzuim"),
        records=[
            {
                "case_id": contact.case_id,
                "kind": contact.kind,
                "due_date": contact.due_date,
                "state": contact.state,
                "done_on": contact.done_on,
                "note": contact.note,
                "advice": contact.advice,
            }
            for contact in contacts
        ],
        labels={
            "case_id": _("Verzuimgeval"),
            "kind": _("Soort contact"),
            "due_date": _("Uiterste datum"),
            "state": _("Toestand"),
            "done_on": _("Gevoerd op"),
            "note": _("Verslag"),
            "advice": _("Advies aan de werkgever"),
        },
        choices={"kind": _choices(ContactKind.choices), "state": _choices(ContactState.choices)},
    )


@export_section(key="correction_requests", order=90)
def corrections_section(employee: Employee) -> ExportSection:
    requests = CorrectionRequest.objects.filter(employee=employee).order_by("requested_at")
    return ExportSection(
        key="correction_requests",
        title=_("Uw verzoeken om correctie"),
        records=[
            {
                "case_id": request.case_id,
                "requested_at": request.requested_at,
                "what_is_wrong": request.what_is_wrong,
                "should_be": request.should_be,
                "status": request.status,
                "answer": request.answer,
                "answered_at": request.answered_at,
            }
            for request in requests
        ],
        labels={
            "case_id": _("Verzuimgeval"),
            "requested_at": _("Gevraagd op"),
            "what_is_wrong": _("Wat klopt er niet"),
            "should_be": _("Wat het moet zijn"),
            "status": _("Status"),
            "answer": _("Antwoord"),
            "answered_at": _("Beantwoord op"),
        },
        choices={"status": _choices(CorrectionStatus.choices)},
    )


@export_section(key="audit", order=100)
def audit_section(employee: Employee) -> ExportSection:
    rows = audit_about(employee)
    return ExportSection(
        key="audit",
        title=_("Wie uw gegevens inzag of wijzigde"),
        note=_("Elke keer dat iemand uw verzuimdossier of uw personeelsgegevens opende of wijzigde."),
        records=[
            {
                "at": row.at,
                "actor_role": row.actor.role if row.actor else None,
                "actor_name": _name(row.actor),
                "action": row.action,
                "object_type": row.object_type,
                "object_id": row.object_id,
                "description": audit_line(row, employee).sentence,
            }
            for row in rows
        ],
        labels={
            "at": _("Moment"),
            "actor_role": _("Rol"),
            "actor_name": _("Naam"),
            "action": _("Handeling"),
            "object_type": _("Soort gegeven"),
            "object_id": _("Kenmerk"),
            "description": _("Omschrijving"),
        },
        choices={"action": _choices(AuditAction.choices), "actor_role": _choices(Role.choices)},
    )


def _thread_records(messages: Any) -> list[dict[str, Any]]:
    return [
        {
            "case_id": message.case_id,
            "sent_at": message.sent_at,
            "author": _name(message.author),
            "text": message.text,
            "attachment": message.attachment_name or None,
        }
        for message in messages
    ]


THREAD_LABELS = {
    "case_id": _lazy("Verzuimgeval"),
    "sent_at": _lazy("Verstuurd op"),
    "author": _lazy("Van"),
    "text": _lazy("Bericht"),
    "attachment": _lazy("Bijlage"),
}


@export_section(key="messages", order=84)
def messages_section(employee: Employee) -> ExportSection:
    """The conversation of each case with the employer and the casemanager (cases.messages)."""
    messages = CaseMessage.objects.filter(case__employee=employee).select_related("author").order_by("sent_at", "pk")
    return ExportSection(
        key="messages",
        title=_("Uw berichten over uw verzuim"),
        records=_thread_records(messages),
        labels={key: str(label) for key, label in THREAD_LABELS.items()},
    )


@export_section(key="physician_messages", order=66)
def physician_messages_section(employee: Employee) -> ExportSection:
    """The confidential thread with the occupational physician: the employee is one of its two parties, so their copy
    holds it (docs/decisions.md); nobody else's export or page does."""
    messages = (
        PhysicianMessage.objects.filter(case__employee=employee).select_related("author").order_by("sent_at", "pk")
    )
    return ExportSection(
        key="physician_messages",
        title=_("Uw vertrouwelijke berichten met de bedrijfsarts"),
        note=_("Alleen u en de bedrijfsarts lezen deze berichten."),
        records=_thread_records(messages),
        labels={key: str(label) for key, label in THREAD_LABELS.items()},
    )
