"""Models of the claims package (app label ``premiums``, tables unchanged)."""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from premiums.models import Coverage, Policy


class ClaimKind(models.TextChoices):
    WAGE = "wage", _("Loondoorbetaling bij ziekte")
    # The poortwachter guarantee (docs/domain.md §6) reimburses the wage over a UWV wage-sanction period.
    GUARANTEE = "guarantee", _("Poortwachtergarantie (loonsanctie)")


class ClaimStatus(models.TextChoices):
    CALCULATED = "calculated", _("Berekend")
    APPROVED = "approved", _("Goedgekeurd")
    PAID = "paid", _("Betaald")
    CANCELLED = "cancelled", _("Ingetrokken")


class Claim(models.Model):
    """One claim statement (declaratie) of one case over one period, with the numbers it was made with.

    The numbers and `lines` are computed once by premiums.claims at creation and never recomputed: a later
    recovery report does not change a claim; a wrong claim is cancelled and made again. Four eyes: the staff
    member who approves is not the one who calculated it (service and database). No two claims of a case that
    are not cancelled overlap (checked in the service under a lock on the case).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(
        "cases.AbsenceCase", verbose_name=_("verzuimgeval"), on_delete=models.PROTECT, related_name="claims"
    )
    employer = models.ForeignKey(
        "verzuim.Employer", verbose_name=_("werkgever"), on_delete=models.PROTECT, related_name="claims"
    )
    policy = models.ForeignKey(Policy, verbose_name=_("polis"), on_delete=models.PROTECT, related_name="claims")
    kind = models.CharField(_("soort"), max_length=16, choices=ClaimKind.choices, default=ClaimKind.WAGE)
    status = models.CharField(_("status"), max_length=16, choices=ClaimStatus.choices, default=ClaimStatus.CALCULATED)
    period_start = models.DateField(_("periode vanaf"))
    period_end = models.DateField(_("periode tot en met"))
    # The terms and wage as they were when the claim was calculated.
    waiting_days = models.PositiveSmallIntegerField(_("eigenrisicodagen van de polis"))
    coverage = models.CharField(_("dekking"), max_length=8, choices=Coverage.choices)
    employer_charges_pct = models.DecimalField(_("opslag werkgeverslasten (%)"), max_digits=5, decimal_places=2)
    yearly_wage = models.DecimalField(_("jaarloon"), max_digits=10, decimal_places=2)
    # The statement's numbers.
    waiting_days_before = models.PositiveSmallIntegerField(_("eigenrisicodagen vóór de periode"))
    waiting_days_in_period = models.PositiveSmallIntegerField(_("eigenrisicodagen in de periode"))
    sick_work_days = models.PositiveSmallIntegerField(_("ziektewerkdagen in de periode"))
    paid_work_days = models.PositiveSmallIntegerField(_("vergoede werkdagen"))
    amount = models.DecimalField(_("bedrag (€)"), max_digits=12, decimal_places=2)
    # premiums.claims.Line per line, JSON-safe: decimals as strings, dates ISO.
    lines = models.JSONField(_("regels"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("berekend door"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("berekend op"), default=timezone.now, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("goedgekeurd door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("goedgekeurd op"), null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("betaald gemeld door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    paid_at = models.DateTimeField(_("betaald op"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ingetrokken door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    cancelled_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    cancel_reason = models.TextField(_("reden intrekking"), blank=True)

    class Meta:
        verbose_name = _("declaratie")
        verbose_name_plural = _("declaraties")
        ordering: ClassVar = ["-period_start", "-created_at"]
        indexes: ClassVar = [
            models.Index(fields=["case", "period_start"], name="claim_case_period"),
            models.Index(fields=["employer", "period_start"], name="claim_employer_period"),
            models.Index(fields=["status", "period_start"], name="claim_status_period"),
        ]
        constraints: ClassVar = [
            models.CheckConstraint(condition=Q(period_end__gte=F("period_start")), name="claim_period_end_after_start"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="claim_amount_not_negative"),
            models.CheckConstraint(condition=Q(kind__in=["wage", "guarantee"]), name="claim_kind_option"),
            models.CheckConstraint(
                condition=Q(status__in=["calculated", "approved", "paid", "cancelled"]), name="claim_status_option"
            ),
            # Four eyes, also for whoever bypasses the service.
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=F("created_by")), name="claim_four_eyes"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["approved", "paid"])
                | (Q(approved_by__isnull=False) & Q(approved_at__isnull=False)),
                name="claim_approved_has_approver",
            ),
            models.CheckConstraint(
                condition=~Q(status="paid") | (Q(paid_by__isnull=False) & Q(paid_at__isnull=False)),
                name="claim_paid_has_payment",
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | (Q(cancelled_by__isnull=False) & ~Q(cancel_reason="")),
                name="claim_cancelled_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period_start:%d-%m-%Y} t/m {self.period_end:%d-%m-%Y}"
