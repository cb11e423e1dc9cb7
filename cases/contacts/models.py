"""Model of the contact log (contactmomenten, docs/domain.md §6 "Contact log"). Imported by cases/models.py.

A ContactMoment is one call, e-mail, visit or conversation of the casemanager with the employee or the employer
about an absence case: its date, channel, with whom, a short summary (never medical: there is no diagnosis field,
and the form says so, as everywhere a free text leaves the medical compartment, docs/domain.md §3), and an
optional follow-up date. An open follow-up is a to-do of the case's casemanager: a reminder through the outbox
(cases/contacts/reminders.py) and an event in the personal calendar (cases/contacts/calendar.py), until it is
marked done. The log is append-only: a contact is never edited or deleted, only its follow-up is marked done.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ContactChannel(models.TextChoices):
    PHONE = "phone", _("Telefoon")
    EMAIL = "email", _("E-mail")
    VISIT = "visit", _("Bezoek")
    MEETING = "meeting", _("Gesprek")


class ContactParty(models.TextChoices):
    EMPLOYEE = "employee", _("Werknemer")
    EMPLOYER = "employer", _("Werkgever")
    BOTH = "both", _("Werknemer en werkgever")


class ContactMoment(models.Model):
    """One contact of the casemanager about a case; never medical (docs/domain.md §3)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(
        "cases.AbsenceCase", verbose_name=_("verzuimgeval"), on_delete=models.PROTECT, related_name="contact_moments"
    )
    contact_date = models.DateField(_("datum contact"))
    channel = models.CharField(_("kanaal"), max_length=16, choices=ContactChannel.choices)
    party = models.CharField(_("met wie"), max_length=16, choices=ContactParty.choices)
    summary = models.TextField(
        _("samenvatting (geen medische gegevens)"),
        help_text=_("Wat is besproken en afgesproken. Geen diagnose of medische informatie."),
    )
    followup_date = models.DateField(_("opvolgen op"), null=True, blank=True)
    followup_done_on = models.DateField(_("opvolging afgerond op"), null=True, blank=True)
    followup_done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opvolging afgerond door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("vastgelegd door"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("contactmoment")
        verbose_name_plural = _("contactmomenten")
        ordering: ClassVar = ["-contact_date", "-created_at"]
        constraints: ClassVar = [
            models.CheckConstraint(condition=Q(channel__in=ContactChannel.values), name="contact_moment_channel_valid"),
            models.CheckConstraint(condition=Q(party__in=ContactParty.values), name="contact_moment_party_valid"),
            models.CheckConstraint(
                condition=Q(followup_date__isnull=True) | Q(followup_date__gte=F("contact_date")),
                name="contact_moment_followup_after_contact",
            ),
            models.CheckConstraint(
                condition=Q(followup_done_on__isnull=True, followup_done_by__isnull=True)
                | Q(followup_date__isnull=False, followup_done_on__isnull=False, followup_done_by__isnull=False),
                name="contact_moment_followup_done_has_date_and_person",
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["case", "-contact_date"], name="contact_moment_case_idx"),
            models.Index(
                fields=["followup_date"],
                condition=Q(followup_date__isnull=False, followup_done_on__isnull=True),
                name="contact_followup_open_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contact_date} {self.get_channel_display()} ({self.get_party_display()})"

    @property
    def followup_open(self) -> bool:
        return self.followup_date is not None and self.followup_done_on is None
