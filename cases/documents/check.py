"""The poortwachter check: which parts of the re-integration report are missing or late on a given day.

`poortwachter_check` is a pure function over a case's persisted steps and its document versions; `case_check`
loads those two lists for one case (two queries) and calls it. The rule (docs/domain.md §5 "Re-integratieverslag
parts", docs/decisions.md):

* The parts and the step each one follows: problem analysis (step ``problem_analysis``), plan van aanpak
  (``action_plan``), every plan review (each ``action_plan_review`` step, by sequence), first-year review
  (``first_year_review``), the physician's current assessment (``current_assessment``) and the final review
  (``final_review``). A part is *present* when its step is done: the documents complete their steps, and a step
  completed by hand counts too (the document may have been made outside the portal).
* The employee's own view has no step of its own: it is due with the final review (the ``final_review`` step's
  due date, day 637) and present once a version of it was final (``finalised_at`` set; a version a newer one
  replaced keeps it); its completion date is the document date of the first such version.
* The labour expert's report is a part only when it was made or advised: when the ``labour_expert_assessment``
  step is done, or when any version of the report exists. It then follows that step (due day 364); a report that
  was final while its step is still open counts as present on the report's document date.
* The medical part is never an item: the physician sends it to UWV directly and the portal never holds it, so
  the portal cannot tell whether it is there (the current assessment step covers the physician's deadline).
* Status of a part on ``today``: ``done`` when present on or before its due date; ``late`` when present but
  completed after its due date (the due date a done step kept when it was completed); ``overdue`` when not
  present and the due date has passed; otherwise the step's own status (``upcoming``, ``due_soon``,
  ``suspended`` while the employee is recovered, ``not_applicable`` once the case closed before it was due).
  A part whose due date is still ahead is not missing yet.
* ``missing`` lists the ``overdue`` and ``late`` parts in the order of the report; ``complete`` means that list
  is empty: every part that is due by ``today`` is present and was on time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.absence import poortwachter
from cases.absence.models import AbsenceCase
from cases.documents.models import DocumentPart

# The statuses that make a part an item of `missing`.
MISSING_STATUSES = frozenset({"overdue", "late"})

STATUS_LABELS = {
    "done": _("Aanwezig"),
    "late": _("Te laat"),
    "overdue": _("Ontbreekt"),
    "due_soon": _("Binnenkort nodig"),
    "upcoming": _("Nog niet nodig"),
    "suspended": _("Opgeschort"),
    "not_applicable": _("Niet van toepassing"),
}

# Part -> the step it follows, in the order of the report. The employee's view follows the final review's date.
PART_STEPS: tuple[tuple[str, str], ...] = (
    (DocumentPart.PROBLEM_ANALYSIS, poortwachter.PROBLEM_ANALYSIS),
    (DocumentPart.ACTION_PLAN, poortwachter.ACTION_PLAN),
    (DocumentPart.ACTION_PLAN_REVIEW, poortwachter.ACTION_PLAN_REVIEW),
    (DocumentPart.FIRST_YEAR_REVIEW, poortwachter.FIRST_YEAR_REVIEW),
    (DocumentPart.LABOUR_EXPERT_REPORT, poortwachter.LABOUR_EXPERT_ASSESSMENT),
    (DocumentPart.CURRENT_ASSESSMENT, poortwachter.CURRENT_ASSESSMENT),
    (DocumentPart.FINAL_REVIEW, poortwachter.FINAL_REVIEW),
    (DocumentPart.EMPLOYEE_VIEW, poortwachter.FINAL_REVIEW),
)


class StepFacts(Protocol):
    """What the check reads of a step (cases.absence.models.Step has it)."""

    code: str
    sequence: int
    state: str
    due_date: dt.date | None
    completed_on: dt.date | None

    def status_on(self, today: dt.date, *, due_soon_days: int = ...) -> str: ...


class DocumentFacts(Protocol):
    """What the check reads of a document version (cases.documents.models.ReintegrationDocument has it)."""

    part: str
    sequence: int
    document_date: dt.date
    finalised_at: dt.datetime | None  # set once the version was final (it stays set when a newer one replaces it)


@dataclass(frozen=True)
class PartCheck:
    """One part (one review per sequence) as it stands on the day of the check."""

    code: str  # the DocumentPart value
    sequence: int
    step: str  # the step code it follows
    due_date: dt.date | None
    completed_on: dt.date | None
    status: str  # done, late, overdue, due_soon, upcoming, suspended, not_applicable

    @property
    def title(self) -> str:
        base = str(DocumentPart(self.code).label)
        return f"{base} {self.sequence}" if self.code == DocumentPart.ACTION_PLAN_REVIEW else base

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def is_missing(self) -> bool:
        return self.status in MISSING_STATUSES

    @property
    def badge(self) -> str:
        """The portal's badge class for the status (late reads as overdue: it is a fault in the dossier)."""
        return "overdue" if self.status == "late" else self.status


@dataclass(frozen=True)
class CheckResult:
    today: dt.date
    parts: tuple[PartCheck, ...]  # every part the report has or will have, in the order of the report

    @property
    def missing(self) -> tuple[PartCheck, ...]:
        return tuple(part for part in self.parts if part.is_missing)

    @property
    def complete(self) -> bool:
        return not self.missing


def _status(step: StepFacts, *, completed_on: dt.date | None, today: dt.date) -> str:
    if completed_on is not None:
        return "late" if step.due_date is not None and completed_on > step.due_date else "done"
    return step.status_on(today)


def _first_final_date(documents: list[DocumentFacts], part: str) -> dt.date | None:
    dates = [d.document_date for d in documents if d.part == part and d.finalised_at is not None]
    return min(dates) if dates else None


def _step_part(code: str, step: StepFacts, today: dt.date, *, completed_on: dt.date | None = None) -> PartCheck:
    done_on = step.completed_on if step.state == "done" else completed_on
    return PartCheck(
        code=code,
        sequence=step.sequence,
        step=step.code,
        due_date=step.due_date,
        completed_on=done_on,
        status=_status(step, completed_on=done_on, today=today),
    )


def poortwachter_check(
    *, steps: Iterable[StepFacts], documents: Iterable[DocumentFacts], today: dt.date
) -> CheckResult:
    """The check on ``today`` (see the module docstring for the rule)."""
    by_code: dict[str, list[StepFacts]] = {}
    for step in sorted(steps, key=lambda s: (s.code, s.sequence)):
        by_code.setdefault(step.code, []).append(step)
    docs = list(documents)
    parts: list[PartCheck] = []
    for part, step_code in PART_STEPS:
        part_steps = by_code.get(step_code, [])
        if not part_steps:
            continue
        if part == DocumentPart.ACTION_PLAN_REVIEW:
            parts.extend(_step_part(part, step, today) for step in part_steps)
        elif part == DocumentPart.EMPLOYEE_VIEW:
            final_review = part_steps[0]
            done_on = _first_final_date(docs, part)
            if done_on is not None:
                status = "late" if final_review.due_date is not None and done_on > final_review.due_date else "done"
            elif final_review.state == "not_applicable":
                status = "not_applicable"
            else:
                # Judged by the date alone: a final review held on time does not bring the employee's view with it.
                status = _status_by_date(final_review.due_date, today)
            parts.append(
                PartCheck(
                    code=part,
                    sequence=1,
                    step=step_code,
                    due_date=final_review.due_date,
                    completed_on=done_on,
                    status=status,
                )
            )
        elif part == DocumentPart.LABOUR_EXPERT_REPORT:
            step = part_steps[0]
            has_document = any(d.part == part for d in docs)
            if step.state == "done" or has_document:
                parts.append(_step_part(part, step, today, completed_on=_first_final_date(docs, part)))
        else:
            parts.append(_step_part(part, part_steps[0], today))
    return CheckResult(today=today, parts=tuple(parts))


def _status_by_date(due: dt.date | None, today: dt.date) -> str:
    """The status of an open deadline with no open step of its own (the employee's view after the final review)."""
    if due is None:
        return "suspended"
    if due < today:
        return "overdue"
    if (due - today).days <= poortwachter.Parameters().due_soon_days:
        return "due_soon"
    return "upcoming"


def case_check(*, case: AbsenceCase, today: dt.date | None = None) -> CheckResult:
    """The check of one case the caller may already see (fetch it through selectors.case_get)."""
    today = today or timezone.localdate()
    codes = {step_code for _part, step_code in PART_STEPS}
    steps = list(case.steps.filter(code__in=codes).order_by("code", "sequence"))
    # "case" too: the related manager reads case_id of every row, which would otherwise be one query per document.
    documents = list(case.documents.only("case", "part", "sequence", "document_date", "finalised_at"))
    return poortwachter_check(steps=steps, documents=documents, today=today)
