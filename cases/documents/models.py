"""Re-integration documents, their signatures and the employee's one-time links (docs/domain.md §6). App label
``cases``; the tables are the app's."""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.absence.models import AbsenceCase


class DocumentPart(models.TextChoices):
    """The parts of the re-integratieverslag the portal holds (docs/domain.md §5); the medical part is never here."""

    PROBLEM_ANALYSIS = "problem_analysis", _("Probleemanalyse")
    ACTION_PLAN = "action_plan", _("Plan van aanpak")
    ACTION_PLAN_REVIEW = "action_plan_review", _("Bijstelling plan van aanpak")
    FIRST_YEAR_REVIEW = "first_year_review", _("Eerstejaarsevaluatie")
    CURRENT_ASSESSMENT = "current_assessment", _("Actueel oordeel bedrijfsarts")
    FINAL_REVIEW = "final_review", _("Eindevaluatie")
    EMPLOYEE_VIEW = "employee_view", _("Visie van de werknemer")
    LABOUR_EXPERT_REPORT = "labour_expert_report", _("Rapport arbeidsdeskundige")


class DocumentState(models.TextChoices):
    DRAFT = "draft", _("Concept")
    FINAL = "final", _("Definitief")
    SUPERSEDED = "superseded", _("Vervangen door een nieuwe versie")


class ReintegrationDocument(models.Model):
    """One version of one part of the re-integration report. Signed or final versions are never edited:
    a change makes a new version (`version` + 1) that must be signed again; earlier ones stay readable."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(AbsenceCase, on_delete=models.PROTECT, related_name="documents")
    part = models.CharField(_("onderdeel"), max_length=32, choices=DocumentPart.choices)
    # Which occurrence of a recurring part (the reviews: 1, 2, ...); 1 for every other part.
    sequence = models.PositiveSmallIntegerField(_("volgnummer"), default=1)
    version = models.PositiveSmallIntegerField(_("versie"), default=1)
    state = models.CharField(_("status"), max_length=16, choices=DocumentState.choices, default=DocumentState.DRAFT)
    # The structured content under the headings UWV expects for this part (validated by the part's form).
    content = models.JSONField(_("inhoud"), default=dict, blank=True)
    # Only the labour expert's report is an uploaded PDF; it is stored outside the web root.
    file = models.FileField(_("bestand"), upload_to="riv/%Y/%m/", blank=True)
    document_date = models.DateField(_("datum document"))
    requires_signatures = models.BooleanField(default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    finalised_at = models.DateTimeField(_("definitief op"), null=True, blank=True)

    class Meta:
        verbose_name = _("re-integratiedocument")
        verbose_name_plural = _("re-integratiedocumenten")
        ordering: ClassVar = ["part", "sequence", "version"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["case", "part", "sequence", "version"], name="document_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_part_display()} {self.sequence} v{self.version}"


class SignerRole(models.TextChoices):
    EMPLOYER = "employer", _("Werkgever")
    EMPLOYEE = "employee", _("Werknemer")


class DocumentSignature(models.Model):
    """Who signed which version when. The employee signs through a one-time link (no account)."""

    document = models.ForeignKey(ReintegrationDocument, on_delete=models.PROTECT, related_name="signatures")
    signer_role = models.CharField(_("ondertekend als"), max_length=16, choices=SignerRole.choices)
    signer_name = models.CharField(_("naam"), max_length=200)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_at = models.DateTimeField(_("ondertekend op"), default=timezone.now)

    class Meta:
        verbose_name = _("ondertekening")
        verbose_name_plural = _("ondertekeningen")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["document", "signer_role"], name="signature_once_per_role"),
        ]

    def __str__(self) -> str:
        return f"{self.signer_name} ({self.signer_role})"


class LinkPurpose(models.TextChoices):
    SIGN = "sign", _("Ondertekenen")
    EMPLOYEE_VIEW = "employee_view", _("Eigen visie geven")
    INCOME = "income", _("Inkomensgevolgen bekijken")


class OneTimeLink(models.Model):
    """A link e-mailed to the employee: works once, expires, opens exactly one document. Only a hash of the
    token is stored, so a database copy cannot be used to sign."""

    id = models.BigAutoField(primary_key=True)
    case = models.ForeignKey(AbsenceCase, on_delete=models.CASCADE, related_name="links")
    document = models.ForeignKey(
        ReintegrationDocument, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    purpose = models.CharField(max_length=16, choices=LinkPurpose.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    email = models.EmailField(_("e-mailadres"))
    expires_at = models.DateTimeField(_("verloopt op"))
    used_at = models.DateTimeField(_("gebruikt op"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("eenmalige link")
        verbose_name_plural = _("eenmalige links")

    def __str__(self) -> str:
        return f"{self.purpose} {self.email}"
