"""The medical compartment: the physician's notes, the functional assessments that may leave it (docs/domain.md §3),
and the consultations (spreekuur) the physician plans. App label ``cases``; the tables are the app's.

A Consultation holds when, how long, in what form and where: the facts an invitation needs and that the employer may
see (that a spreekuur is planned, not why). Why the employee comes and what was said live only in the MedicalNote
that records the outcome (MedicalNote.consultation)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.absence.models import AbsenceCase
from cases.messages.models import ThreadMessage, ThreadMessageRead


class ConsultationKind(models.TextChoices):
    ON_SITE = "on_site", _("Op locatie")
    PHONE = "phone", _("Telefonisch")
    VIDEO = "video", _("Video")


class ConsultationStatus(models.TextChoices):
    PLANNED = "planned", _("Gepland")
    HELD = "held", _("Gehouden")
    CANCELLED = "cancelled", _("Afgezegd")
    NO_SHOW = "no_show", _("Niet verschenen")


class Consultation(models.Model):
    """A spreekuur of the occupational physician with the employee (cases/medical/consultations.py). No field holds
    a reason or anything medical: employer, casemanager and insurer staff see that it is planned, when and how."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(
        AbsenceCase, verbose_name=_("verzuimgeval"), on_delete=models.PROTECT, related_name="consultations"
    )
    physician = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("bedrijfsarts"), on_delete=models.PROTECT, related_name="+"
    )
    starts_at = models.DateTimeField(_("begint om"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duur (minuten)"), default=30, validators=[MinValueValidator(5), MaxValueValidator(240)]
    )
    kind = models.CharField(_("vorm"), max_length=16, choices=ConsultationKind.choices)
    location = models.CharField(_("plaats"), max_length=300, blank=True)
    video_url = models.URLField(_("videolink"), max_length=500, blank=True)
    # Where the invitation went; empty when the employee is invited another way (the employee has no stored address).
    invite_email = models.EmailField(_("uitnodiging verstuurd naar"), max_length=254, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ConsultationStatus.choices, default=ConsultationStatus.PLANNED
    )
    # The iCalendar SEQUENCE of the invitation: raised when it is cancelled, so calendars take the CANCEL.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("spreekuur")
        verbose_name_plural = _("spreekuren")
        ordering: ClassVar = ["starts_at"]
        constraints: ClassVar = [
            models.CheckConstraint(condition=Q(kind__in=ConsultationKind.values), name="consultation_kind_valid"),
            models.CheckConstraint(condition=Q(status__in=ConsultationStatus.values), name="consultation_status_valid"),
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=5, duration_minutes__lte=240), name="consultation_duration_range"
            ),
            models.CheckConstraint(
                condition=~Q(kind=ConsultationKind.VIDEO) | Q(video_url__startswith="https://"),
                name="consultation_video_has_https_link",
            ),
            models.CheckConstraint(
                condition=Q(video_url="") | Q(kind=ConsultationKind.VIDEO), name="consultation_link_only_for_video"
            ),
            # A double submit of the planning form cannot plan (and invite for) the same spreekuur twice.
            models.UniqueConstraint(
                fields=["case", "starts_at"], condition=Q(status="planned"), name="consultation_unique_planned_time"
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["physician", "status", "starts_at"], name="consultation_physician_idx"),
        ]

    def __str__(self) -> str:
        return f"{timezone.localtime(self.starts_at):%d-%m-%Y %H:%M} ({self.get_kind_display()})"

    @property
    def ends_at(self) -> dt.datetime:
        return self.starts_at + dt.timedelta(minutes=self.duration_minutes)


class MedicalNote(models.Model):
    """The medical compartment: only the occupational physician reads or writes it (AVG art. 9)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(AbsenceCase, on_delete=models.PROTECT, related_name="medical_notes")
    physician = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    consulted_on = models.DateField(_("datum consult"))
    consultation_note = models.TextField(_("verslag consult"))
    diagnosis = models.TextField(_("diagnose"), blank=True)
    specialist_information = models.TextField(_("informatie behandelaars"), blank=True)
    # The spreekuur whose outcome this note records (none for a note of another contact).
    consultation = models.OneToOneField(
        Consultation, on_delete=models.PROTECT, null=True, blank=True, related_name="outcome_note"
    )
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


class PhysicianMessage(ThreadMessage):
    """The confidential thread between the employee and the occupational physician (issue 22 item 3): part of the
    medical compartment, read by its two parties only; not the employer, the casemanager, insurer staff nor the
    admin (AVG art. 9; KNMG-richtlijn Omgaan met medische gegevens). Not registered in the Django admin."""

    case = models.ForeignKey(
        AbsenceCase, verbose_name=_("verzuimgeval"), on_delete=models.PROTECT, related_name="physician_messages"
    )

    class Meta(ThreadMessage.Meta):
        verbose_name = _("vertrouwelijk bericht")
        verbose_name_plural = _("vertrouwelijke berichten")
        indexes: ClassVar = [models.Index(fields=["case", "sent_at"], name="physicianmsg_case_sent_idx")]
        constraints: ClassVar = [
            models.CheckConstraint(condition=~Q(text=""), name="physicianmessage_text_not_empty"),
        ]


class PhysicianMessageRead(ThreadMessageRead):
    message = models.ForeignKey(PhysicianMessage, on_delete=models.CASCADE, related_name="reads")

    class Meta:
        verbose_name = _("leesbevestiging vertrouwelijk bericht")
        verbose_name_plural = _("leesbevestigingen vertrouwelijke berichten")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["message", "reader"], name="physicianmessageread_once_per_reader"),
        ]
