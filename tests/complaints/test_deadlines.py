"""The desk's deadlines: working days skip weekends and Dutch public holidays; pauses move the answer."""

from __future__ import annotations

import datetime as dt

import pytest

from complaints import deadlines

D = dt.date


def test_a_complaint_of_friday_18_december_2026_is_acknowledged_by_monday_28_december() -> None:
    # Mon 21, Tue 22, Wed 23, Thu 24 are working days; Fri 25 (Christmas), Sat 26 (Boxing Day), Sun 27 are not.
    assert deadlines.acknowledge_by(D(2026, 12, 18), 5) == D(2026, 12, 28)


def test_the_answer_is_due_six_weeks_after_receipt() -> None:
    assert deadlines.answer_by(D(2026, 12, 18), 6) == D(2027, 1, 29)


def test_a_pause_moves_the_answer_deadline_by_its_days() -> None:
    assert deadlines.answer_by(D(2026, 12, 18), 6, paused_days=10) == D(2027, 2, 8)


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        (D(2026, 4, 2), D(2026, 4, 13)),  # Good Friday 3 April and Easter Monday 6 April skipped
        (D(2026, 4, 24), D(2026, 5, 4)),  # King's Day Monday 27 April skipped
        (D(2026, 5, 1), D(2026, 5, 11)),  # 5 May (Liberation Day) skipped under the Algemene termijnenwet
    ],
)
def test_other_public_holidays_are_skipped(received: dt.date, expected: dt.date) -> None:
    assert deadlines.acknowledge_by(received, 5) == expected


def test_zero_working_days_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        deadlines.add_working_days(D(2026, 1, 5), 0)
