"""Models of the MKB-VOV service rhythm (docs/domain.md §6). Imported by cases/models.py.

A ServiceContact is one contact the product promises without being asked: the welcome call with a new
policyholder, the prevention check once per policy year (with its checklist and the advice given to the
employer), and the relapse-prevention contact with an employee after a long case. cases/rhythm/services.py
creates them (each exactly once, by the unique constraints below) and completes them.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.absence.models import casemanager_field


class ContactKind(models.TextChoices):
    WELCOME_CALL = "welcome_call", _("Welkomstgesprek")
    PREVENTION_CHECK = "prevention_check", _("Preventiecheck")
    RELAPSE_PREVENTION = "relapse_prevention", _("Terugvalpreventie")


class ContactState(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Afgerond")


class ServiceContact(models.Model):
    """One scheduled contact of the service rhythm; due soon / overdue follow from the date at read time."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("soort contact"), max_length=24, choices=ContactKind.choices)
    employer = models.ForeignKey(
        "verzuim.Employer", verbose_name=_("werkgever"), on_delete=models.PROTECT, related_name="service_contacts"
    )
    policy = models.ForeignKey(
        "premiums.Policy",
        verbose_name=_("polis"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="service_contacts",
    )
    # The case after which the relapse-prevention contact is due (with the employee of that case).
    case = models.ForeignKey(
        "cases.AbsenceCase",
        verbose_name=_("verzuimgeval"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="service_contacts",
    )
    policy_year = models.PositiveSmallIntegerField(_("polisjaar"), null=True, blank=True)
    due_date = models.DateField(_("uiterste datum"))
    casemanager = casemanager_field(related_name="service_contacts")
    state = models.CharField(_("toestand"), max_length=8, choices=ContactState.choices, default=ContactState.OPEN)
    done_on = models.DateField(_("gevoerd op"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gevoerd door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("verslag"), blank=True)
    # The prevention check's checklist (null until the check is done) and the advice given to the employer.
    rie_present = models.BooleanField(_("RI&E aanwezig"), null=True, blank=True)
    rie_date = models.DateField(_("datum RI&E"), null=True, blank=True)
    prevention_officer = models.CharField(_("preventiemedewerker"), max_length=200, blank=True)
    absence_policy_present = models.BooleanField(_("verzuimbeleid aanwezig"), null=True, blank=True)
    arbo_contract_certified = models.BooleanField(_("contract met gecertificeerde arbodienst"), null=True, blank=True)
    advice = models.TextField(_("advies aan de werkgever"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("servicecontact")
        verbose_name_plural = _("servicecontacten")
        ordering: ClassVar = ["due_date", "created_at"]
        constraints: ClassVar = [
            # Each contact exists exactly once: the sweep and the signals may both try to create it.
            models.UniqueConstraint(
                fields=["policy"], condition=Q(kind="welcome_call"), name="service_contact_one_welcome_call"
            ),
            models.UniqueConstraint(
                fields=["policy", "policy_year"],
                condition=Q(kind="prevention_check"),
                name="service_contact_one_prevention_check_per_year",
            ),
            models.UniqueConstraint(
                fields=["case"], condition=Q(kind="relapse_prevention"), name="service_contact_one_relapse_per_case"
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind="welcome_call", policy__isnull=False, case__isnull=True, policy_year__isnull=True)
                    | Q(kind="prevention_check", policy__isnull=False, case__isnull=True, policy_year__gte=1)
                    | Q(kind="relapse_prevention", case__isnull=False, policy_year__isnull=True)
                ),
                name="service_contact_kind_links",
            ),
            models.CheckConstraint(
                condition=Q(state="open", done_on__isnull=True, done_by__isnull=True)
                | Q(state="done", done_on__isnull=False, done_by__isnull=False),
                name="service_contact_done_has_date_and_person",
            ),
            models.CheckConstraint(
                condition=~Q(kind="prevention_check", state="done")
                | Q(
                    rie_present__isnull=False,
                    absence_policy_present__isnull=False,
                    arbo_contract_certified__isnull=False,
                ),
                name="service_contact_prevention_check_complete",
            ),
        ]
        indexes: ClassVar = [
            models.Index(
                fields=["casemanager", "due_date"], condition=Q(state="open"), name="service_contact_open_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.due_date}"

    def status_on(self, today: dt.date, *, due_soon_days: int = 14) -> str:
        """done, overdue, due_soon or upcoming."""
        if self.state == ContactState.DONE:
            return "done"
        if self.due_date < today:
            return "overdue"
        if (self.due_date - today).days <= due_soon_days:
            return "due_soon"
        return "upcoming"
