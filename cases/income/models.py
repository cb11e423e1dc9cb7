"""The casemanager's income conversation with the employee (docs/domain.md §9). App label ``cases``; the table is
the app's."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.absence.models import AbsenceCase


class IncomeConversation(models.Model):
    """The casemanager's conversation with the employee about the income consequences (docs/domain.md §6 and §9).

    The facts are what the employee and the casemanager entered together; the phases are recomputed from them
    with the legal figures of ``reference_date`` (cases/income/rules.py), so nothing computed is stored twice. No
    field takes free text: what the employee says about the illness does not belong here.
    """

    id = models.BigAutoField(primary_key=True)
    case = models.ForeignKey(AbsenceCase, on_delete=models.CASCADE, related_name="income_conversations")
    held_on = models.DateField(_("gesprek gevoerd op"))
    held_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    monthly_wage = models.DecimalField(_("bruto maandloon"), max_digits=9, decimal_places=2)
    # The hours of the employee's contract, as verzuim.models.Employee.weekly_hours (the year-one minimum-wage floor).
    weekly_hours = models.DecimalField(_("uren per week"), max_digits=4, decimal_places=2)
    # Empty: the adult minimum wage applies (cases/income/rules.py minimum_wage_hourly_for).
    date_of_birth = models.DateField(_("geboortedatum"), null=True, blank=True)
    reference_date = models.DateField(_("peildatum"))
    work_history_years = models.PositiveSmallIntegerField(_("arbeidsverleden (jaren)"))
    # Empty: the history ran without a break up to the reference date (cases/income/rules.py years_before_2016).
    work_history_years_before_2016 = models.PositiveSmallIntegerField(
        _("arbeidsverleden vóór 2016 (jaren)"), null=True, blank=True
    )
    incapacity_pct = models.DecimalField(_("arbeidsongeschiktheid (%)"), max_digits=5, decimal_places=2)
    durable = models.BooleanField(_("duurzaam"))
    remaining_capacity_monthly = models.DecimalField(_("resterende verdiencapaciteit"), max_digits=9, decimal_places=2)
    expected_earnings_monthly = models.DecimalField(_("verwachte verdiensten"), max_digits=9, decimal_places=2)
    topup_year1_pct = models.DecimalField(
        _("aanvulling eerste jaar (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    topup_year2_pct = models.DecimalField(
        _("aanvulling tweede jaar (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("gesprek inkomensgevolgen")
        verbose_name_plural = _("gesprekken inkomensgevolgen")
        ordering: ClassVar = ["-held_on", "-created_at"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(incapacity_pct__gte=0) & Q(incapacity_pct__lte=100), name="income_incapacity_pct_range"
            ),
            models.CheckConstraint(
                condition=Q(monthly_wage__gte=0)
                & Q(remaining_capacity_monthly__gte=0)
                & Q(expected_earnings_monthly__gte=0),
                name="income_amounts_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(weekly_hours__gt=0) & Q(weekly_hours__lte=60), name="income_weekly_hours_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.held_on}"
