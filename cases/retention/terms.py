"""The retention terms valid on a day, for the sweep and for whoever shows them (the employee's *Mijn gegevens*)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import ngettext

from cases.retention.models import RetentionSubject, RetentionTerm


@dataclass(frozen=True)
class Term:
    subject: str
    label: str
    months: int
    valid_from: dt.date
    source: str
    source_url: str

    @property
    def years_text(self) -> str:
        """'2 jaar' or '18 maanden': the term as a person reads it."""
        if self.months % 12 == 0:
            years = self.months // 12
            return ngettext("%(count)d jaar", "%(count)d jaar", years) % {"count": years}
        return ngettext("%(count)d maand", "%(count)d maanden", self.months) % {"count": self.months}


def retention_terms(on: dt.date | None = None) -> list[Term]:
    """Every subject's term valid on `on` (today in Europe/Amsterdam by default), in the order of RetentionSubject.
    A subject without a valid row is left out (then the sweep does nothing for it)."""
    on = on or timezone.localdate()
    latest: dict[str, RetentionTerm] = {}
    for row in RetentionTerm.objects.filter(valid_from__lte=on).order_by("subject", "-valid_from"):
        latest.setdefault(row.subject, row)
    return [
        Term(
            subject=subject.value,
            label=str(subject.label),
            months=latest[subject].months,
            valid_from=latest[subject].valid_from,
            source=latest[subject].source,
            source_url=latest[subject].source_url,
        )
        for subject in RetentionSubject
        if subject in latest
    ]
