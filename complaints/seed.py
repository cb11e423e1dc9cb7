"""The desk's default terms (docs/domain.md §11): acknowledge within 5 working days, answer within 6 weeks.

Written by migration 0002 and again after `migrate`/`flush` when no terms exist (premiums/apps.py does the same
for the premium parameters), so a flushed test database keeps working terms.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

VALID_FROM = dt.date(2020, 1, 1)


def seed(apps: Any, schema_editor: Any = None) -> None:
    terms = apps.get_model("complaints", "ComplaintTerms")
    if not terms.objects.exists():
        terms.objects.create(valid_from=VALID_FROM, acknowledge_working_days=5, answer_weeks=6)
