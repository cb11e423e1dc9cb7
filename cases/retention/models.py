"""Retention terms (dated parameters with their legal source), the sweep's reports and the record of what was
anonymised (docs/domain.md "Retention"). App label ``cases``; the tables are the app's."""

from __future__ import annotations

from typing import ClassVar

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RetentionSubject(models.TextChoices):
    """What a term is about. Casework and the medical file are anonymised by the sweep; the financial term is
    the floor under which nothing a claim or a premium rests on is removed (docs/decisions.md item 269)."""

    CASEWORK = "casework", _("Verzuimdossier (casemanagement en re-integratie)")
    MEDICAL = "medical", _("Medisch dossier van de bedrijfsarts")
    FINANCIAL = "financial", _("Declaraties en premies (fiscale bewaarplicht)")


class RetentionTerm(models.Model):
    """How long one kind of data is kept after the case closed, valid from a date, with the source it rests on.
    A term that changes gets a new row from a later date; the sweep uses the row valid on the day it runs."""

    subject = models.CharField(_("soort gegevens"), max_length=16, choices=RetentionSubject.choices)
    valid_from = models.DateField(_("geldig vanaf"))
    months = models.PositiveSmallIntegerField(
        _("bewaartermijn (maanden na afsluiten verzuimgeval)"),
        validators=[MinValueValidator(1), MaxValueValidator(1200)],
    )
    source = models.TextField(_("bron"), help_text=_("De wet, beleidsregel of richtlijn waarop de termijn berust."))
    source_url = models.URLField(_("vindplaats bron"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("bewaartermijn")
        verbose_name_plural = _("bewaartermijnen")
        ordering: ClassVar = ["subject", "-valid_from"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["subject", "valid_from"], name="retention_term_unique_from"),
            models.CheckConstraint(condition=Q(months__gte=1), name="retention_term_months_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_subject_display()}: {self.months} mnd vanaf {self.valid_from:%d-%m-%Y}"


class RetentionReport(models.Model):
    """One run of the sweep. A dry run lists what the next real run will anonymise and what is kept and why; a real
    run lists what it did. `data` is JSON-safe: {"anonymise": [...], "kept": [...]} per subject."""

    id = models.BigAutoField(primary_key=True)
    run_on = models.DateField(_("peildatum"))
    dry_run = models.BooleanField(_("proefrun"))
    created_at = models.DateTimeField(_("gemaakt op"), default=timezone.now, editable=False)
    data = models.JSONField(_("inhoud"), default=dict, blank=True)

    class Meta:
        verbose_name = _("rapport bewaartermijnen")
        verbose_name_plural = _("rapporten bewaartermijnen")
        ordering: ClassVar = ["-created_at", "-id"]
        constraints: ClassVar = [
            # One dry run per day: a second run of the nightly job replaces the day's report (safe to run twice).
            models.UniqueConstraint(fields=["run_on"], condition=Q(dry_run=True), name="retention_one_dry_run_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.run_on:%d-%m-%Y} ({'proef' if self.dry_run else 'uitgevoerd'})"


class RetentionDone(models.Model):
    """That one subject of one case was anonymised, and when: the sweep never does a case twice."""

    id = models.BigAutoField(primary_key=True)
    case = models.ForeignKey("cases.AbsenceCase", on_delete=models.PROTECT, related_name="retention_done")
    subject = models.CharField(_("soort gegevens"), max_length=16, choices=RetentionSubject.choices)
    done_at = models.DateTimeField(_("geanonimiseerd op"), default=timezone.now)

    class Meta:
        verbose_name = _("geanonimiseerd verzuimgeval")
        verbose_name_plural = _("geanonimiseerde verzuimgevallen")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["case", "subject"], name="retention_done_once"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.subject}"
