"""The conversation about the income consequences (docs/domain.md §6 "Income insight" and §9): every write and read.

The casemanager of the case holds the conversation with the employee at the latest after one year of sickness:
together they enter the facts (wage, work history, the expected outcome of the WIA assessment) and see what the
employee's income will be, phase by phase (cases/income/rules.py computes it). Recording the conversation completes the
step ``income_insight``; that step is never completed by hand (services.step_complete refuses it).

Afterwards the employee can look at the figures alone, through a one-time link mailed by the casemanager. The
link follows the sign links of cases.documents.links: only the SHA-256 of its token is stored, it expires after
LINK_VALID_DAYS, and a newer link retires it. Opening the page does not use it; the employee's first "show" does,
and from then on it works in that browser only (the view remembers the link in the browser's session).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.absence import poortwachter, selectors, services
from cases.absence.models import AbsenceCase, CaseStatus, Step, StepState
from cases.absence.services import CaseConflict
from cases.documents.links import LinkInvalid, link_issue, link_token_hash
from cases.documents.models import LinkPurpose, OneTimeLink
from cases.income import rules as income
from cases.income.mails import INCOME_LINK
from cases.income.models import IncomeConversation
from verzuim.audit import audit_record
from verzuim.models import AuditAction, Role, User

AUDIT_OBJECT = "income_conversation"
# The facts of a conversation, in the order of the form (the fields of IncomeConversation and IncomeFacts).
FACT_FIELDS = (
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
AMOUNT_FIELDS = ("monthly_wage", "remaining_capacity_monthly", "expected_earnings_monthly")
PCT_FIELDS = ("incapacity_pct", "topup_year1_pct", "topup_year2_pct")
# What the database columns hold (max_digits=9, decimal_places=2) and what the API accepts.
MAX_MONTHLY_AMOUNT = Decimal("9999999.99")
MAX_WORK_HISTORY_YEARS = 60
# The hours of a contract, as verzuim.models.Employee.weekly_hours: more than 0, at most 60, two decimals.
MIN_WEEKLY_HOURS = Decimal("0.01")
MAX_WEEKLY_HOURS = Decimal(60)
# Facts that may stay empty: no top-up, a history without a break (cases/income/rules.py years_before_2016), and
# no date of birth (the adult minimum wage).
OPTIONAL_FACT_FIELDS = frozenset(
    {"topup_year1_pct", "topup_year2_pct", "work_history_years_before_2016", "date_of_birth"}
)


BEFORE_2016_ABOVE_TOTAL = gettext_lazy("De jaren vóór 2016 kunnen niet meer zijn dan het hele arbeidsverleden.")
WEEKLY_HOURS_RANGE = gettext_lazy("Geef een aantal uren per week van meer dan 0 tot en met 60 op.")
BORN_AFTER_REFERENCE_DATE = gettext_lazy("De geboortedatum moet vóór de peildatum liggen.")


# --- Who -------------------------------------------------------------------------------------------------------


def is_case_casemanager(user: User, case: AbsenceCase) -> bool:
    """The casemanager of the case: assigned to it, or the employer's own casemanager (who sees it too).

    The same people complete the casemanager's steps of the case (services.OWNER_ROLES with the case scope).
    """
    return (
        user.is_authenticated
        and user.is_active
        and user.role == Role.CASEMANAGER
        and user.pk in {case.casemanager_id, case.employer.casemanager_id}
    )


def income_case_get(*, fetched_by: User, case_id: Any, action: str) -> AbsenceCase:
    """The case whose income conversation ``fetched_by`` holds, or 404 for everyone else.

    Employers, physicians, insurer staff and admins get the same 404 as for a case that does not exist: the wage
    and the expected WIA outcome are the employee's own, discussed with the casemanager only.
    """
    if fetched_by.role != Role.CASEMANAGER:
        raise Http404
    case = selectors.case_get(fetched_by=fetched_by, case_id=case_id, action=action)
    if not is_case_casemanager(fetched_by, case):
        raise Http404
    return case


# --- Facts -----------------------------------------------------------------------------------------------------


def income_facts(source: Any) -> income.IncomeFacts:
    """The IncomeFacts of a conversation (or of anything with the fact fields as attributes)."""
    return income.IncomeFacts(**{name: getattr(source, name) for name in FACT_FIELDS})


def income_facts_validate(**facts: Any) -> income.IncomeFacts:
    """Check the facts and return them as IncomeFacts; every problem as a Dutch message at its field."""
    errors: dict[str, list[str]] = {}
    unknown = set(facts) - set(FACT_FIELDS)
    if unknown:
        raise ValidationError(_("Het gesprek bevat gegevens die hier niet horen."), code="unknown_fields")
    for name in FACT_FIELDS:
        if facts.get(name) is None and name not in OPTIONAL_FACT_FIELDS:
            errors[name] = [_("Vul dit gegeven in.")]
    for name in AMOUNT_FIELDS:
        value = facts.get(name)
        if value is not None and value < 0:
            errors[name] = [_("Een bedrag kan niet negatief zijn.")]
        elif value is not None and value > MAX_MONTHLY_AMOUNT:
            errors[name] = [_("Geef een maandbedrag van hoogstens 9.999.999,99 op.")]
    wage = facts.get("monthly_wage")
    if wage is not None and wage == 0:
        errors["monthly_wage"] = [_("Vul het bruto maandloon in: het moet meer dan 0 euro zijn.")]
    for name in PCT_FIELDS:
        value = facts.get(name)
        if value is not None and not Decimal(0) <= value <= Decimal(100):
            errors[name] = [_("Geef een percentage van 0 tot en met 100 op.")]
    hours = facts.get("weekly_hours")
    if hours is not None and not MIN_WEEKLY_HOURS <= hours <= MAX_WEEKLY_HOURS:
        errors["weekly_hours"] = [str(WEEKLY_HOURS_RANGE)]
    years = facts.get("work_history_years")
    if years is not None and not 0 <= years <= MAX_WORK_HISTORY_YEARS:
        errors["work_history_years"] = [_("Geef een arbeidsverleden van 0 tot en met 60 jaar op.")]
    before = facts.get("work_history_years_before_2016")
    if before is not None and before < 0:
        errors["work_history_years_before_2016"] = [_("Het arbeidsverleden kan niet negatief zijn.")]
    elif before is not None and years is not None and before > years:
        errors["work_history_years_before_2016"] = [str(BEFORE_2016_ABOVE_TOTAL)]
    reference_date = facts.get("reference_date")
    earliest = income.earliest_reference_date()
    if reference_date is not None and reference_date < earliest:
        errors["reference_date"] = [
            _("Voor een peildatum vóór %(date)s zijn geen wettelijke bedragen bekend.")
            % {"date": formats.date_format(earliest, "j F Y")}
        ]
    born = facts.get("date_of_birth")
    if born is not None and reference_date is not None and born >= reference_date:
        errors["date_of_birth"] = [str(BORN_AFTER_REFERENCE_DATE)]
    if errors:
        raise ValidationError(errors)
    values: dict[str, Any] = {name: facts.get(name) for name in FACT_FIELDS}
    return income.IncomeFacts(**values)


def income_facts_from_employee(case: AbsenceCase) -> dict[str, Any]:
    """What the case knows of the facts before any conversation: the hours of the employee's contract and their date
    of birth (the year-one minimum-wage floor depends on both)."""
    return {"weekly_hours": case.employee.weekly_hours, "date_of_birth": case.employee.date_of_birth}


def income_phases_for(facts: income.IncomeFacts) -> tuple[income.Phase, ...]:
    """The phases of checked facts; a reference date without legal figures is a field error."""
    try:
        return income.income_phases(facts)
    except income.NoLegalFigures as exc:  # income_facts_validate catches this first; kept for direct callers
        raise ValidationError(
            {"reference_date": [_("Voor deze peildatum zijn geen wettelijke bedragen bekend.")]}
        ) from exc


# --- Reads -----------------------------------------------------------------------------------------------------


def income_conversation_latest(*, case: AbsenceCase) -> IncomeConversation | None:
    """The newest conversation of the case (by the day it was held, then by when it was recorded)."""
    return case.income_conversations.select_related("held_by").order_by("-held_on", "-created_at", "-pk").first()


def income_conversation_get(*, fetched_by: User, case_id: Any) -> tuple[AbsenceCase, IncomeConversation | None]:
    """The case and its latest conversation for the casemanager's page; the read of the figures is audited."""
    case = income_case_get(fetched_by=fetched_by, case_id=case_id, action="income_conversation")
    conversation = income_conversation_latest(case=case)
    if conversation is not None:
        _audit_read(fetched_by, case, conversation, view="page")
    return case, conversation


def income_conversation_for_handout(*, fetched_by: User, case_id: Any) -> tuple[AbsenceCase, IncomeConversation]:
    """The latest recorded conversation for the PDF handout; 404 when there is none yet."""
    case = income_case_get(fetched_by=fetched_by, case_id=case_id, action="income_handout")
    conversation = income_conversation_latest(case=case)
    if conversation is None:
        raise Http404
    _audit_read(fetched_by, case, conversation, view="handout")
    return case, conversation


def income_conversation_for_own_handout(*, fetched_by: User, case_id: Any) -> tuple[AbsenceCase, IncomeConversation]:
    """The handout of the employee's own case (Mijn verzuim, cases.own): 404 for any other case or role, and while
    no conversation was recorded; the read is audited as the other handouts are."""
    case = selectors.own_case_get(fetched_by=fetched_by, case_id=case_id, action="own_income_handout")
    conversation = income_conversation_latest(case=case)
    if conversation is None:
        raise Http404
    _audit_read(fetched_by, case, conversation, view="own_handout")
    return case, conversation


def income_links_pending(*, case: AbsenceCase) -> list[OneTimeLink]:
    """Links the employee has not used yet and that still work."""
    return list(
        OneTimeLink.objects.filter(
            case=case, purpose=LinkPurpose.INCOME, used_at__isnull=True, expires_at__gt=timezone.now()
        ).order_by("-created_at")
    )


def _audit_read(actor: User | None, case: AbsenceCase, conversation: IncomeConversation, **changes: Any) -> None:
    audit_record(
        actor=actor,
        action=AuditAction.READ,
        object_type=AUDIT_OBJECT,
        object_id=conversation.pk,
        employer=case.employer,
        changes=changes,
    )


# --- Recording the conversation --------------------------------------------------------------------------------


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def income_conversation_record(
    *,
    held_by: User,
    case: AbsenceCase,
    held_on: dt.date,
    today: dt.date | None = None,
    **facts: Any,
) -> IncomeConversation:
    """Record the conversation with the employee and complete the open ``income_insight`` step.

    The step is completed on the day of the conversation by the casemanager who held it; a later conversation
    (after the UWV decision, say) is recorded too, and the step keeps its first completion. Only the casemanager
    of the case records one (PermissionDenied for everyone else).
    """
    today = _today(today)
    if held_by.role != Role.CASEMANAGER:
        raise PermissionDenied(_("Alleen de casemanager van dit verzuimgeval legt het gesprek vast."))
    checked = income_facts_validate(**facts)
    with transaction.atomic():
        case = AbsenceCase.objects.select_for_update().select_related("employer").get(pk=case.pk)
        if not is_case_casemanager(held_by, case):  # on the locked row: a reassignment meanwhile counts
            raise PermissionDenied(_("Alleen de casemanager van dit verzuimgeval legt het gesprek vast."))
        if case.status != CaseStatus.OPEN:
            raise CaseConflict(_("Dit verzuimgeval is afgesloten: er kan geen gesprek meer bij."), code="case_closed")
        if held_on > today:
            raise ValidationError({"held_on": [_("De datum van het gesprek kan niet in de toekomst liggen.")]})
        if held_on < case.first_sick_day:
            raise ValidationError({"held_on": [_("De datum van het gesprek ligt vóór de eerste ziektedag.")]})
        income_phases_for(checked)
        conversation = IncomeConversation(
            case=case, held_on=held_on, held_by=held_by, **{name: getattr(checked, name) for name in FACT_FIELDS}
        )
        conversation.full_clean(exclude=["case", "held_by"])
        conversation.save(force_insert=True)
        audit_record(
            actor=held_by,
            action=AuditAction.CREATE,
            object_type=AUDIT_OBJECT,
            object_id=conversation.pk,
            employer=case.employer,
            changes={"held_on": str(held_on), "reference_date": str(checked.reference_date)},
        )
        completed = Step.objects.filter(case=case, code=poortwachter.INCOME_INSIGHT, state=StepState.OPEN).update(
            state=StepState.DONE, completed_on=held_on, completed_by=held_by
        )
        if completed:
            audit_record(
                actor=held_by,
                action=AuditAction.UPDATE,
                object_type="absence_case",
                object_id=case.pk,
                employer=case.employer,
                changes={"step": poortwachter.INCOME_INSIGHT, "sequence": 1, "completed_on": str(held_on)},
            )
        services.case_recompute_steps(case=case, today=today)
    return conversation


# --- The employee's one-time link ------------------------------------------------------------------------------


def income_link_send(*, sent_by: User, case: AbsenceCase, email: str) -> OneTimeLink:
    """Mail the employee a one-time link to the figures of the latest conversation.

    As cases.documents.services.one_time_link_send: the link and its mail are written in one transaction, the outbox
    sends the mail within a minute and only then gives the link its token (cases.income.mails), and earlier links
    for the income page stop working, also one the employee already opened.
    """
    with transaction.atomic():
        case = AbsenceCase.objects.select_for_update().select_related("employer", "employee").get(pk=case.pk)
        if not is_case_casemanager(sent_by, case):
            raise PermissionDenied(_("Alleen de casemanager van dit verzuimgeval stuurt de werknemer deze link."))
        if case.status != CaseStatus.OPEN:
            raise CaseConflict(
                _("Dit verzuimgeval is afgesloten: de werknemer kan geen link meer krijgen."), code="case_closed"
            )
        if not case.income_conversations.exists():
            raise CaseConflict(
                _("Leg eerst het gesprek vast: de link toont de cijfers van het laatste gesprek."),
                code="no_conversation",
            )
        now = timezone.now()
        OneTimeLink.objects.filter(case=case, purpose=LinkPurpose.INCOME, expires_at__gt=now).update(expires_at=now)
        return link_issue(
            sent_by=sent_by, case=case, purpose=LinkPurpose.INCOME, email=email, now=now, mail_kind=INCOME_LINK
        )


def _link_usable(link: OneTimeLink, case: AbsenceCase, now: dt.datetime) -> bool:
    return link.purpose == LinkPurpose.INCOME and link.expires_at > now and case.status == CaseStatus.OPEN


def income_link_open(
    *, token: str, claimed_link_ids: Collection[int], claim: bool = False
) -> tuple[OneTimeLink, IncomeConversation | None]:
    """The link behind a token and, once it is this browser's, the latest conversation (else None).

    ``claimed_link_ids`` are the links this browser used before (its session remembers them). An unused link
    shows nothing but its greeting until ``claim``: then it becomes used and this browser's. A used link works
    only in the browser that used it; elsewhere, and when expired or retired, LinkInvalid (one answer for all).
    Every time the figures are shown the read is audited.
    """
    found = (
        OneTimeLink.objects.filter(token_hash=link_token_hash(token), purpose=LinkPurpose.INCOME)
        .values_list("pk", "case_id")
        .first()
    )
    if found is None:
        raise LinkInvalid
    link_pk, case_pk = found
    with transaction.atomic():
        link = OneTimeLink.objects.select_for_update().get(pk=link_pk)
        case = AbsenceCase.objects.select_related("employer", "employee").get(pk=case_pk)
        link.case = case
        now = timezone.now()
        if not _link_usable(link, case, now):
            raise LinkInvalid
        if link.used_at is not None and link.pk not in claimed_link_ids:
            raise LinkInvalid
        if link.used_at is None:
            if not claim:
                return link, None
            link.used_at = now
            link.save(update_fields=["used_at"])
            audit_record(
                actor=None,
                action=AuditAction.UPDATE,
                object_type="one_time_link",
                object_id=link.pk,
                employer=case.employer,
                changes={"used_at": str(now), "purpose": LinkPurpose.INCOME},
            )
        conversation = income_conversation_latest(case=case)
        if conversation is None:
            raise LinkInvalid
        _audit_read(None, case, conversation, via="one_time_link", link=link.pk)
    return link, conversation
