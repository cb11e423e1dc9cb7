"""The poortwachter guarantee (docs/domain.md §6): does the dossier show every step on time and every advice followed?

Pure rules, no ORM: the caller hands over the facts of the dossier. Choices (docs/decisions.md #93):

* The dossier is judged as it stood on the UWV decision date (`on`): a step or advice that was not yet due then
  cannot count against the employer.
* A step is on time when it is done on or before its due date, or not applicable. An open step whose due date
  passed is late; an open step without a due date (suspended in a recovered gap) or not yet due is not.
* Steps that ask nothing of the employer's side of the dossier are not judged: the end of the 104 weeks (no
  owner) and the last moment for an early IVA application (information for the employee).
* An advice is followed when its newest follow-up says done on or before the due date. Done late, recorded as not
  done, or no follow-up at all once the due date passed: a finding.
* "As of" `on` means what was known on that day: a step completed after `on` counts as still open on `on`, and a
  follow-up that says done on a date after `on` counts as no follow-up yet (issue 19). What counts is the date of
  the completion, not the day it was entered: a dossier may be brought up to date after the decision.
* Eligible means: no findings. Each finding carries its evidence (step title with due and completed date and
  the days late, or the advice text with its due date and the follow-up).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any

# Step codes that are not judged (see the module docstring); the codes of cases/absence/poortwachter.py.
NOT_JUDGED_CODES = frozenset({"wage_obligation_end", "early_iva_deadline"})

DONE = "done"
NOT_APPLICABLE = "not_applicable"


class FindingKind(StrEnum):
    STEP_LATE = "step_late"  # done after its due date
    STEP_OVERDUE = "step_overdue"  # still open after its due date
    ADVICE_LATE = "advice_late"  # followed, but after its due date
    ADVICE_NOT_FOLLOWED = "advice_not_followed"  # the follow-up says it was not done
    ADVICE_NO_FOLLOWUP = "advice_no_followup"  # due date passed without any follow-up


# The kinds as API choices (named GuaranteeFindingKindEnum in the schema: verzuim/settings.py).
FINDING_KINDS: tuple[str, ...] = tuple(str(kind) for kind in FindingKind)


@dataclass(frozen=True)
class StepFact:
    code: str
    sequence: int
    title: str
    due_date: dt.date | None
    completed_on: dt.date | None
    state: str  # open, done, not_applicable (cases.absence.models.StepState)


@dataclass(frozen=True)
class AdviceFact:
    text: str
    given_on: dt.date
    due_date: dt.date
    followup_status: str | None = None  # the newest follow-up: done / not_done; None: none recorded
    done_on: dt.date | None = None
    evidence: str = ""


@dataclass(frozen=True)
class Finding:
    kind: FindingKind
    title: str  # the step's title, or the advice text
    due_date: dt.date | None
    completed_on: dt.date | None  # the step's completion or the advice's done date
    days_late: int | None  # days after the due date (up to `on` for an open step)
    code: str = ""  # the step code; empty for an advice
    sequence: int = 1
    followup_status: str | None = None
    evidence: str = ""

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["kind"] = str(self.kind)
        for key in ("due_date", "completed_on"):
            value = data[key]
            data[key] = value.isoformat() if value else None
        return data


@dataclass(frozen=True)
class Evaluation:
    on: dt.date
    steps_judged: int
    advices_judged: int
    findings: tuple[Finding, ...]

    @property
    def eligible(self) -> bool:
        return not self.findings

    def as_json(self) -> dict[str, Any]:
        return {
            "on": self.on.isoformat(),
            "eligible": self.eligible,
            "steps_judged": self.steps_judged,
            "advices_judged": self.advices_judged,
            "findings": [finding.as_json() for finding in self.findings],
        }


def _step_finding(step: StepFact, on: dt.date) -> Finding | None:
    if step.state == NOT_APPLICABLE or step.due_date is None:
        return None
    if step.state == DONE and step.completed_on is not None and step.completed_on <= on:
        if step.completed_on <= step.due_date:
            return None
        return Finding(
            kind=FindingKind.STEP_LATE,
            title=step.title,
            due_date=step.due_date,
            completed_on=step.completed_on,
            days_late=(step.completed_on - step.due_date).days,
            code=step.code,
            sequence=step.sequence,
        )
    if step.due_date >= on:
        return None
    return Finding(
        kind=FindingKind.STEP_OVERDUE,
        title=step.title,
        due_date=step.due_date,
        completed_on=None,
        days_late=(on - step.due_date).days,
        code=step.code,
        sequence=step.sequence,
    )


def _advice_finding(advice: AdviceFact, on: dt.date) -> Finding | None:
    if advice.followup_status == DONE and advice.done_on is not None and advice.done_on > on:
        advice = AdviceFact(text=advice.text, given_on=advice.given_on, due_date=advice.due_date)  # not yet known
    if advice.followup_status == DONE and advice.done_on is not None:
        if advice.done_on <= advice.due_date:
            return None
        return Finding(
            kind=FindingKind.ADVICE_LATE,
            title=advice.text,
            due_date=advice.due_date,
            completed_on=advice.done_on,
            days_late=(advice.done_on - advice.due_date).days,
            followup_status=advice.followup_status,
            evidence=advice.evidence,
        )
    if advice.followup_status is not None:
        return Finding(
            kind=FindingKind.ADVICE_NOT_FOLLOWED,
            title=advice.text,
            due_date=advice.due_date,
            completed_on=None,
            days_late=None,
            followup_status=advice.followup_status,
            evidence=advice.evidence,
        )
    if advice.due_date >= on:
        return None
    return Finding(
        kind=FindingKind.ADVICE_NO_FOLLOWUP,
        title=advice.text,
        due_date=advice.due_date,
        completed_on=None,
        days_late=(on - advice.due_date).days,
        followup_status=advice.followup_status,
        evidence=advice.evidence,
    )


def evaluate(steps: Sequence[StepFact], advices: Sequence[AdviceFact], *, on: dt.date) -> Evaluation:
    """The guarantee evaluation of a dossier as it stood on `on` (the UWV decision date): steps first, by due date."""
    judged_steps = [step for step in steps if step.code not in NOT_JUDGED_CODES]
    step_findings = [f for f in (_step_finding(step, on) for step in judged_steps) if f is not None]
    step_findings.sort(key=lambda f: (f.due_date or on, f.code, f.sequence))
    advice_findings = [f for f in (_advice_finding(advice, on) for advice in advices) if f is not None]
    advice_findings.sort(key=lambda f: f.due_date or on)
    return Evaluation(
        on=on,
        steps_judged=len(judged_steps),
        advices_judged=len(advices),
        findings=tuple(step_findings + advice_findings),
    )
