"""The retention sweep (docs/domain.md "Retention"): which closed cases are past their term, what is kept and why,
and the anonymisation itself.

The nightly job (`retention_nightly`, cases.tasks.retention_sweep) first carries out the dry run of an earlier
night and then writes tonight's dry run. So insurer staff can read on the portal, a day ahead, exactly what the
next night will anonymise (*Bewaartermijnen*). The real run does only cases of that dry run that are, on the day it
runs, still past their term, still not held and not yet done: a claim or a complaint that came in since keeps the
case. Everything runs in a transaction, every anonymised case gets an audit row, and a case is never done twice
(RetentionDone), so the job is safe to run twice.

What "anonymise" means per kind of data (docs/decisions.md items 264-274, item 267 in particular):

* casework (the casemanager's dossier, RetentionSubject.CASEWORK): the free text about the person is emptied:
  the phone number and (care) address during sickness, the notes of the Poortwachter steps, the contact log's
  summaries, the advice texts and what the employer wrote back, the re-integration documents' contents and the
  uploaded file, the signers' names, the intervention's explanation, the consultations' place and invitation
  address, the physician's functional assessment texts, the date of birth of the income conversation and the
  report of a relapse contact, the case conversation's messages (their text replaced by a fixed line, their PDF
  deleted); the one-time links are deleted. The dates, percentages, codes, amounts and the
  employer stay, so the absence figures of past years (cases.statistics) do not change.
* medical (the physician's file, RetentionSubject.MEDICAL, a longer term): the medical notes' texts and the
  confidential thread of employee and physician (cases.medical.messages), text and PDF as the conversation's.
* The employee record (verzuim.Employee) is the employer's personnel record and is not touched here; claims and
  premiums are kept whole for the fiscal term (RetentionSubject.FINANCIAL) and are not anonymised by this sweep.
"""

from __future__ import annotations

import calendar
import datetime as dt
import uuid
from collections.abc import Iterable
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from cases.absence.models import AbsenceCase, CaseStatus, Step
from cases.advice.models import Advice, Followup
from cases.contacts.models import ContactMoment
from cases.documents.models import DocumentSignature, OneTimeLink, ReintegrationDocument
from cases.income.models import IncomeConversation
from cases.interventions.models import Intervention
from cases.medical.models import Consultation, FunctionalAssessment, MedicalNote, PhysicianMessage
from cases.messages.models import CaseMessage, ThreadMessage
from cases.retention.anonymisers import anonymisers_run
from cases.retention.holds import held_cases, hold_label
from cases.retention.models import RetentionDone, RetentionReport, RetentionSubject
from cases.retention.terms import Term, retention_terms
from cases.rhythm.models import ServiceContact
from verzuim.audit import audit_record_many
from verzuim.models import AuditAction, User

# The subjects the sweep anonymises, in the order it does them.
SWEPT_SUBJECTS = (RetentionSubject.CASEWORK, RetentionSubject.MEDICAL)

# The fields each subject empties, as the audit row names them.
CASEWORK_FIELDS = (
    "absencecase.phone",
    "absencecase.care_address",
    "step.note",
    "contactmoment.summary",
    "advice.text",
    "followup.evidence",
    "reintegrationdocument.content",
    "reintegrationdocument.file",
    "documentsignature.signer_name",
    "onetimelink (verwijderd)",
    "intervention.description",
    "intervention.decision_reason",
    "consultation.location",
    "consultation.invite_email",
    "functionalassessment.functional_limitations",
    "functionalassessment.workplace_adjustments",
    "incomeconversation.date_of_birth",
    "servicecontact.note",
    "servicecontact.advice",
    "casemessage.text",
    "casemessage.attachment",
)
MEDICAL_FIELDS = (
    "medicalnote.consultation_note",
    "medicalnote.diagnosis",
    "medicalnote.specialist_information",
    "physicianmessage.text",
    "physicianmessage.attachment",
)
# What an anonymised message says instead of its text (a message is never empty): who wrote it and when stay, so
# the thread still shows that there was contact.
ANONYMISED_MESSAGE = "(Verwijderd na afloop van de bewaartermijn.)"


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months earlier (the last day of a shorter month: 31-03 minus 1 is 28/29-02)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _entry(case: AbsenceCase, *, reasons: Iterable[str] = ()) -> dict[str, Any]:
    """A case as the report lists it: no name, only what insurer staff need to recognise and check it."""
    entry: dict[str, Any] = {
        "case": str(case.pk),
        "employer": case.employer.name,
        "first_sick_day": case.first_sick_day.isoformat(),
        "closed_on": case.closed_on.isoformat() if case.closed_on else None,
    }
    codes = list(reasons)
    if codes:
        entry["kept_because"] = [hold_label(code) for code in codes]
    return entry


def _expired(term: Term, today: dt.date) -> list[AbsenceCase]:
    """Closed cases whose term ended on or before `today` and whose subject was not yet anonymised."""
    cutoff = months_before(today, term.months)
    done = RetentionDone.objects.filter(case=OuterRef("pk"), subject=term.subject)
    return list(
        AbsenceCase.objects.filter(status=CaseStatus.CLOSED, closed_on__lte=cutoff)
        .exclude(Exists(done))
        .select_related("employer")
        .order_by("closed_on", "pk")
    )


def retention_plan(today: dt.date) -> dict[str, Any]:
    """Per swept subject, the cases to anonymise and the expired cases kept (and why), with the term used."""
    terms = {term.subject: term for term in retention_terms(today)}
    plan: dict[str, Any] = {"terms": {}, "subjects": {}}
    for subject in SWEPT_SUBJECTS:
        term = terms.get(subject)
        if term is None:
            continue
        expired = _expired(term, today)
        held = held_cases([case.pk for case in expired], today)
        plan["terms"][subject] = {"months": term.months, "valid_from": term.valid_from.isoformat()}
        plan["subjects"][subject] = {
            "anonymise": [_entry(case) for case in expired if case.pk not in held],
            "kept": [_entry(case, reasons=held[case.pk]) for case in expired if case.pk in held],
        }
    return plan


def retention_dry_run(*, today: dt.date | None = None) -> RetentionReport:
    """Write (or rewrite) the day's dry-run report: what the next real run will anonymise, and what is kept."""
    today = today or timezone.localdate()
    plan = retention_plan(today)
    with transaction.atomic():
        report, _created = RetentionReport.objects.update_or_create(
            run_on=today, dry_run=True, defaults={"data": plan, "created_at": timezone.now()}
        )
    return report


def retention_execute(
    dry_run: RetentionReport, *, today: dt.date | None = None, actor: User | None = None
) -> RetentionReport:
    """Anonymise the cases of `dry_run` that are still due today (past their term, not held, not done), and write
    the real run's report. Nothing outside the dry run's list is touched."""
    if not dry_run.dry_run:
        raise ValueError("Only a dry run can be carried out.")
    today = today or timezone.localdate()
    with transaction.atomic():
        now_due = retention_plan(today)
        done: dict[str, Any] = {"terms": now_due["terms"], "subjects": {}, "dry_run": dry_run.pk}
        for subject in SWEPT_SUBJECTS:
            listed = {entry["case"] for entry in dry_run.data.get("subjects", {}).get(subject, {}).get("anonymise", [])}
            due = now_due["subjects"].get(subject, {"anonymise": [], "kept": []})
            entries = [entry for entry in due["anonymise"] if entry["case"] in listed]
            ids = [uuid.UUID(entry["case"]) for entry in entries]
            _anonymise(subject, ids, actor=actor)
            done["subjects"][subject] = {
                "anonymise": entries,
                "kept": [entry for entry in due["kept"] if entry["case"] in listed],
            }
        return RetentionReport.objects.create(run_on=today, dry_run=False, data=done)


def retention_latest_dry_run(*, before: dt.date | None = None) -> RetentionReport | None:
    reports = RetentionReport.objects.filter(dry_run=True)
    if before is not None:
        reports = reports.filter(run_on__lt=before)
    return reports.order_by("-run_on").first()


def retention_nightly(*, today: dt.date | None = None) -> int:
    """The nightly job: carry out the latest dry run of an earlier day, then write today's dry run. Returns the
    number of case subjects anonymised (0 on a second run the same night)."""
    today = today or timezone.localdate()
    count = 0
    earlier = retention_latest_dry_run(before=today)
    if earlier is not None:
        report = retention_execute(earlier, today=today)
        count = sum(len(part["anonymise"]) for part in report.data["subjects"].values())
    retention_dry_run(today=today)
    return count


def _anonymise(subject: str, ids: list[uuid.UUID], *, actor: User | None) -> None:
    """Empty one subject's personal data of the cases `ids`: a fixed number of queries, whatever len(ids)."""
    if not ids:
        return
    cases = list(AbsenceCase.objects.select_for_update(of=("self",)).filter(pk__in=ids).select_related("employer"))
    fields: tuple[str, ...]
    if subject == RetentionSubject.CASEWORK:
        _anonymise_casework(ids)
        anonymisers_run(subject, ids)  # the packages above retention (cases.retention.anonymisers)
        fields = CASEWORK_FIELDS
    else:
        MedicalNote.objects.filter(case_id__in=ids).update(
            consultation_note="", diagnosis="", specialist_information=""
        )
        _anonymise_messages(PhysicianMessage, ids)
        fields = MEDICAL_FIELDS
    RetentionDone.objects.bulk_create([RetentionDone(case=case, subject=subject) for case in cases])
    audit_record_many(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="absence_case",
        rows=[
            (
                case.pk,
                case.employer,
                {"retention": subject, "anonymised": list(fields), "closed_on": str(case.closed_on)},
            )
            for case in cases
        ],
    )


def _anonymise_casework(ids: list[uuid.UUID]) -> None:
    AbsenceCase.objects.filter(pk__in=ids).update(phone="", care_address="")
    Step.objects.filter(case_id__in=ids).update(note="")
    ContactMoment.objects.filter(case_id__in=ids).update(summary="")
    Advice.objects.filter(case_id__in=ids).update(text="")
    Followup.objects.filter(advice__case_id__in=ids).update(evidence="")
    documents = ReintegrationDocument.objects.filter(case_id__in=ids)
    # The stored files go once the transaction has committed: a rollback must not leave rows without their file.
    stored = [(document.file.storage, document.file.name) for document in documents.exclude(file="")]
    documents.update(content={}, file="")
    for storage, name in stored:
        transaction.on_commit(partial(storage.delete, name))
    DocumentSignature.objects.filter(document__case_id__in=ids).update(signer_name="")
    OneTimeLink.objects.filter(case_id__in=ids).delete()
    Intervention.objects.filter(case_id__in=ids).update(description="", decision_reason="")
    Consultation.objects.filter(case_id__in=ids).update(location="", invite_email="")
    FunctionalAssessment.objects.filter(case_id__in=ids).update(functional_limitations="", workplace_adjustments="")
    IncomeConversation.objects.filter(case_id__in=ids).update(date_of_birth=None)
    ServiceContact.objects.filter(case_id__in=ids).update(note="", advice="")
    _anonymise_messages(CaseMessage, ids)


def _anonymise_messages(model: type[ThreadMessage], ids: list[uuid.UUID]) -> None:
    """A thread's messages keep author and time; the text becomes ANONYMISED_MESSAGE and the PDF goes (after the
    commit, as the documents' files)."""
    messages = model._default_manager.filter(case_id__in=ids)
    stored = [(message.attachment.storage, message.attachment.name) for message in messages.exclude(attachment="")]
    messages.update(text=ANONYMISED_MESSAGE, attachment="", attachment_name="")
    for storage, name in stored:
        transaction.on_commit(partial(storage.delete, name))
