"""The medical compartment: the physician's notes and the functional assessments that may leave it
(docs/domain.md §3). App label ``cases``; the tables are the app's."""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.absence.models import AbsenceCase


class MedicalNote(models.Model):
    """The medical compartment: only the occupational physician reads or writes it (AVG art. 9)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(AbsenceCase, on_delete=models.PROTECT, related_name="medical_notes")
    physician = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    consulted_on = models.DateField(_("datum consult"))
    consultation_note = models.TextField(_("verslag consult"))
    diagnosis = models.TextField(_("diagnose"), blank=True)
    specialist_information = models.TextField(_("informatie behandelaars"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("medische aantekening")
        verbose_name_plural = _("medische aantekeningen")
        ordering: ClassVar = ["-consulted_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.consulted_on}"


class FunctionalAssessment(models.Model):
    """What flows out of the medical compartment to employer and casemanager: the four things the law allows."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(AbsenceCase, on_delete=models.PROTECT, related_name="functional_assessments")
    physician = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assessed_on = models.DateField(_("datum"))
    functional_limitations = models.TextField(_("mogelijkheden en beperkingen"))
    expected_duration_days = models.PositiveIntegerField(_("verwachte duur (dagen)"), null=True, blank=True)
    incapacity_pct = models.PositiveSmallIntegerField(
        _("mate van arbeidsongeschiktheid (%)"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    workplace_adjustments = models.TextField(_("aanpassingen werkplek"), blank=True)
    long_absence_threatens = models.BooleanField(_("langdurig verzuim dreigt"), default=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("functionele mogelijkheden")
        verbose_name_plural = _("functionele mogelijkheden")
        ordering: ClassVar = ["-assessed_on", "-created_at"]
        constraints: ClassVar = [
            models.CheckConstraint(condition=Q(incapacity_pct__lte=100), name="assessment_incapacity_max_100"),
        ]

    def __str__(self) -> str:
        return f"{self.assessed_on}: {self.incapacity_pct}%"
