"""Products and policies. Premium parameters and calculations arrive with issue 7."""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Product(models.Model):
    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("naam"), max_length=200)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("producten")

    def __str__(self) -> str:
        return self.name


class Coverage(models.TextChoices):
    C100_70 = "100/70", _("100% jaar 1, 70% jaar 2")
    C70_70 = "70/70", _("70% jaar 1, 70% jaar 2")
    C100_100 = "100/100", _("100% jaar 1, 100% jaar 2")


class WaitingDays(models.IntegerChoices):
    D10 = 10, _("10 werkdagen")
    D20 = 20, _("20 werkdagen")
    D30 = 30, _("30 werkdagen")
    D65 = 65, _("65 werkdagen")


class PolicyStatus(models.TextChoices):
    ACTIVE = "active", _("Actief")
    SUSPENDED = "suspended", _("Geschorst")
    ENDED = "ended", _("Beëindigd")


class Policy(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    policy_number = models.CharField(_("polisnummer"), max_length=20, unique=True)
    employer = models.ForeignKey(
        "verzuim.Employer", verbose_name=_("werkgever"), on_delete=models.PROTECT, related_name="policies"
    )
    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="policies")
    start_date = models.DateField(_("ingangsdatum"))
    end_date = models.DateField(_("einddatum"), null=True, blank=True)
    waiting_days = models.PositiveSmallIntegerField(_("eigenrisicodagen"), choices=WaitingDays.choices)
    coverage = models.CharField(_("dekking"), max_length=8, choices=Coverage.choices)
    status = models.CharField(_("status"), max_length=16, choices=PolicyStatus.choices, default=PolicyStatus.ACTIVE)

    class Meta:
        verbose_name = _("polis")
        verbose_name_plural = _("polissen")
        ordering: ClassVar = ["-start_date"]
        constraints: ClassVar = [
            models.CheckConstraint(condition=Q(waiting_days__in=[10, 20, 30, 65]), name="policy_waiting_days_option"),
            models.CheckConstraint(
                condition=Q(coverage__in=["100/70", "70/70", "100/100"]), name="policy_coverage_option"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gt=models.F("start_date")),
                name="policy_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.policy_number} - {self.employer.name}"
