"""Models of interventions and the scored provider network (docs/domain.md §6 "Interventions").

An intervention is requested for a case, gets its eligibility (cases/interventions/rules.py) stored with it at
request time, is approved or rejected by insurer staff and finished by the casemanager, who then scores the
provider. Imported by cases/models.py; every change goes through cases/interventions/services.py.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from verzuim.validators import validate_kvk_number


class InterventionKind(models.TextChoices):
    PSYCHOLOGIST = "psycholoog", _("Psycholoog")
    PHYSIOTHERAPY = "fysiotherapie", _("Fysiotherapie")
    LABOUR_EXPERT = "arbeidsdeskundig_onderzoek", _("Arbeidsdeskundig onderzoek")
    MEDIATION = "mediation", _("Mediation")
    TRAINING = "scholing", _("Scholing")
    JOB_COACHING = "jobcoaching", _("Jobcoaching")
    TRACK_TWO = "tweede_spoortraject", _("Tweede-spoortraject")
    OTHER = "other", _("Anders")


class AdvisedBy(models.TextChoices):
    PHYSICIAN = "physician", _("Bedrijfsarts")
    CASEMANAGER = "casemanager", _("Casemanager")


class InterventionStatus(models.TextChoices):
    REQUESTED = "requested", _("Aangevraagd")
    APPROVED = "approved", _("Goedgekeurd")
    REJECTED = "rejected", _("Afgewezen")
    FINISHED = "finished", _("Afgerond")


class Provider(models.Model):
    """A provider of interventions in the insurer's network (a psychologist practice, a mediator, a re-integration
    company); maintained by insurer staff in the admin."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("naam"), max_length=200)
    # Intervention kinds the provider offers (InterventionKind values).
    kinds = models.JSONField(_("soorten interventies"), default=list, blank=True)
    kvk_number = models.CharField(_("KvK-nummer"), max_length=8, blank=True, validators=[validate_kvk_number])
    is_active = models.BooleanField(_("actief"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("aanbieder")
        verbose_name_plural = _("aanbieders")
        ordering: ClassVar = ["name"]

    def __str__(self) -> str:
        return self.name

    def kind_labels(self) -> list[str]:
        labels = dict(InterventionKind.choices)
        return [str(labels[kind]) for kind in self.kinds if kind in labels]


class Intervention(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(
        "cases.AbsenceCase", verbose_name=_("verzuimgeval"), on_delete=models.PROTECT, related_name="interventions"
    )
    kind = models.CharField(_("soort"), max_length=32, choices=InterventionKind.choices)
    provider = models.ForeignKey(
        Provider,
        verbose_name=_("aanbieder"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="interventions",
    )
    cost = models.DecimalField(_("kosten"), max_digits=10, decimal_places=2)
    advised_by = models.CharField(_("geadviseerd door"), max_length=16, choices=AdvisedBy.choices)
    description = models.TextField(_("toelichting"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("aangevraagd door"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("aangevraagd op"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=16, choices=InterventionStatus.choices, default=InterventionStatus.REQUESTED
    )
    # The eligibility as evaluated at the request (docs/domain.md §6), with the limit that applied that day.
    eligible = models.BooleanField(_("komt in aanmerking"))
    reasons = models.JSONField(_("redenen"), default=list, blank=True)
    proportionality_limit = models.DecimalField(_("proportionaliteitsgrens"), max_digits=12, decimal_places=2)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("beoordeeld door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    # Required on a rejection and on approving an intervention that is not eligible (the insurer's override).
    decision_reason = models.TextField(_("reden"), blank=True)
    finished_on = models.DateField(_("afgerond op"), null=True, blank=True)
    finished_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("afgerond door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("interventie")
        verbose_name_plural = _("interventies")
        ordering: ClassVar = ["-requested_at"]
        constraints: ClassVar = [
            models.CheckConstraint(condition=Q(cost__gte=0), name="intervention_cost_not_negative"),
            models.CheckConstraint(
                condition=Q(status="requested", decided_at__isnull=True)
                | (~Q(status="requested") & Q(decided_at__isnull=False)),
                name="intervention_decided_matches_status",
            ),
            models.CheckConstraint(
                condition=Q(status="finished", finished_on__isnull=False)
                | (~Q(status="finished") & Q(finished_on__isnull=True)),
                name="intervention_finished_matches_status",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(decision_reason=""), name="intervention_rejection_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_status_display()})"


SCORE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(10)]


class ProviderScore(models.Model):
    """The casemanager's marks (1-10) for the provider of one finished intervention."""

    intervention = models.OneToOneField(
        Intervention, verbose_name=_("interventie"), on_delete=models.PROTECT, related_name="score"
    )
    # Denormalised from the intervention so the network page aggregates without a join through it.
    provider = models.ForeignKey(Provider, verbose_name=_("aanbieder"), on_delete=models.PROTECT, related_name="scores")
    quality = models.PositiveSmallIntegerField(_("kwaliteit"), validators=SCORE_VALIDATORS)
    result = models.PositiveSmallIntegerField(_("resultaat"), validators=SCORE_VALIDATORS)
    timeliness = models.PositiveSmallIntegerField(_("tijdigheid"), validators=SCORE_VALIDATORS)
    satisfaction = models.PositiveSmallIntegerField(_("tevredenheid"), validators=SCORE_VALIDATORS)
    # Days from the approval to the end of the intervention.
    lead_time_days = models.PositiveIntegerField(_("doorlooptijd (dagen)"))
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("beoordeeld door"), on_delete=models.PROTECT, related_name="+"
    )
    scored_at = models.DateTimeField(_("beoordeeld op"), default=timezone.now)

    class Meta:
        verbose_name = _("beoordeling aanbieder")
        verbose_name_plural = _("beoordelingen aanbieders")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(quality__gte=1, quality__lte=10)
                & Q(result__gte=1, result__lte=10)
                & Q(timeliness__gte=1, timeliness__lte=10)
                & Q(satisfaction__gte=1, satisfaction__lte=10),
                name="provider_score_range_1_10",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider} ({self.intervention_id})"
