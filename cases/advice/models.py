"""Models of the advice log and the poortwachter guarantee (docs/domain.md §6). Imported by cases/models.py.

Advice: what the occupational physician or the casemanager advises the employer about work and possibilities
(never a diagnosis), with a due date; Followup: the employer's (or casemanager's) record of what was done.
Sanction: a UWV wage sanction (loonsanctie) recorded by insurer staff, the evaluation of the dossier
(cases/advice/guarantee.py) and the insurer's decision; an approved guarantee links the guarantee claim it created.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

SANCTION_MAX_WEEKS = 52


class Advice(models.Model):
    """One advice to the employer about work and possibilities; never medical (docs/domain.md §3)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(
        "cases.AbsenceCase", verbose_name=_("verzuimgeval"), on_delete=models.PROTECT, related_name="advices"
    )
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("gegeven door"), on_delete=models.PROTECT, related_name="+"
    )
    given_on = models.DateField(_("datum advies"))
    text = models.TextField(
        _("advies over werk en mogelijkheden (geen medische gegevens)"),
        help_text=_("Wat de werkgever moet doen, over werk en mogelijkheden. Geen diagnose of medische informatie."),
    )
    due_date = models.DateField(_("uitvoeren uiterlijk op"))
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("advies")
        verbose_name_plural = _("adviezen")
        ordering: ClassVar = ["given_on", "created_at"]
        constraints: ClassVar = [
            models.CheckConstraint(condition=Q(due_date__gte=F("given_on")), name="advice_due_after_given"),
        ]

    def __str__(self) -> str:
        return f"{self.given_on}: {self.text[:40]}"


class FollowupStatus(models.TextChoices):
    DONE = "done", _("Uitgevoerd")
    NOT_DONE = "not_done", _("Niet uitgevoerd")


class Followup(models.Model):
    """What the employer did with an advice; a later row supersedes an earlier one (history is kept)."""

    id = models.BigAutoField(primary_key=True)
    advice = models.ForeignKey(Advice, verbose_name=_("advies"), on_delete=models.PROTECT, related_name="followups")
    status = models.CharField(_("opvolging"), max_length=16, choices=FollowupStatus.choices)
    done_on = models.DateField(_("uitgevoerd op"), null=True, blank=True)
    evidence = models.TextField(_("toelichting en bewijs"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("vastgelegd door"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("opvolging advies")
        verbose_name_plural = _("opvolgingen advies")
        ordering: ClassVar = ["recorded_at", "id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=(Q(status="done") & Q(done_on__isnull=False))
                | (Q(status="not_done") & Q(done_on__isnull=True)),
                name="followup_done_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.status} {self.done_on or ''}"


class GuaranteeDecision(models.TextChoices):
    PENDING = "pending", _("Nog niet beoordeeld")
    APPROVED = "approved", _("Toegekend")
    REJECTED = "rejected", _("Afgewezen")


class Sanction(models.Model):
    """A UWV wage sanction (loonsanctie) on a case and the insurer's decision on the poortwachter guarantee."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(
        "cases.AbsenceCase", verbose_name=_("verzuimgeval"), on_delete=models.PROTECT, related_name="sanctions"
    )
    decision_date = models.DateField(_("datum besluit UWV"))
    weeks = models.PositiveSmallIntegerField(
        _("duur loonsanctie (weken)"), validators=[MinValueValidator(1), MaxValueValidator(SANCTION_MAX_WEEKS)]
    )
    start = models.DateField(_("loonsanctie vanaf"))
    end = models.DateField(_("loonsanctie tot en met"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("vastgelegd door"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    decision = models.CharField(
        _("beslissing garantie"), max_length=16, choices=GuaranteeDecision.choices, default=GuaranteeDecision.PENDING
    )
    decision_reason = models.TextField(_("reden beslissing"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("beslist door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("beslist op"), null=True, blank=True)
    # The evaluation as the decision saw it (cases.advice.guarantee, JSON-safe): the evidence stays with the decision.
    evaluation = models.JSONField(_("beoordeling dossier"), default=dict, blank=True)
    claim = models.OneToOneField(
        "premiums.Claim",
        verbose_name=_("declaratie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sanction",
    )

    class Meta:
        verbose_name = _("loonsanctie")
        verbose_name_plural = _("loonsancties")
        ordering: ClassVar = ["-decision_date", "-created_at"]
        constraints: ClassVar = [
            models.CheckConstraint(condition=Q(weeks__gte=1) & Q(weeks__lte=52), name="sanction_weeks_range"),
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="sanction_end_after_start"),
            models.CheckConstraint(
                condition=Q(decision="pending", decided_by__isnull=True, decided_at__isnull=True)
                | (~Q(decision="pending") & Q(decided_by__isnull=False) & Q(decided_at__isnull=False)),
                name="sanction_decided_has_decider",
            ),
            models.CheckConstraint(
                condition=Q(claim__isnull=True) | Q(decision="approved"), name="sanction_claim_only_when_approved"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.start} - {self.end} ({self.weeks} wk)"
