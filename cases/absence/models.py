"""The absence case and its clock: cases, sick periods, recoveries, Poortwachter steps and casemanager assignments
(docs/domain.md §4-§5). App label ``cases``; the tables are the app's."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from verzuim.models import User


def casemanager_field(*, related_name: str) -> models.ForeignKey[User | None, User | None]:
    """The optional casemanager of a case or a service contact (a user with the casemanager role)."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("casemanager"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name=related_name,
        limit_choices_to={"role": "casemanager"},
    )


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Lopend")
    CLOSED = "closed", _("Afgesloten")


class CloseReason(models.TextChoices):
    RECOVERED = "recovered", _("Hersteld (28 dagen of langer)")
    EMPLOYMENT_ENDED = "employment_ended", _("Einde dienstverband")
    DEATH = "death", _("Overlijden")
    WIA_STARTED = "wia_started", _("Start WIA-uitkering")


class AbsenceCase(models.Model):
    """One chain of summed sick periods (docs/domain.md §4): relapses within 28 days continue it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    employee = models.ForeignKey(
        "verzuim.Employee", verbose_name=_("werknemer"), on_delete=models.PROTECT, related_name="absence_cases"
    )
    # Denormalised from the employee: every scoped query filters on it.
    employer = models.ForeignKey(
        "verzuim.Employer", verbose_name=_("werkgever"), on_delete=models.PROTECT, related_name="absence_cases"
    )
    status = models.CharField(_("status"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    first_sick_day = models.DateField(_("eerste ziektedag"))
    closed_on = models.DateField(_("afgesloten op"), null=True, blank=True)
    close_reason = models.CharField(_("reden afsluiting"), max_length=32, choices=CloseReason.choices, blank=True)
    absent_pct = models.PositiveSmallIntegerField(
        _("verzuimpercentage"), default=100, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    casemanager = casemanager_field(related_name="cases")
    # The fields an employer may record at a sickness report (docs/domain.md §3) and nothing else.
    expected_duration_days = models.PositiveIntegerField(_("verwachte duur (dagen)"), null=True, blank=True)
    safety_net = models.BooleanField(_("vangnetsituatie (Ziektewet)"), default=False)
    work_accident = models.BooleanField(_("bedrijfsongeval"), default=False)
    third_party_liable = models.BooleanField(_("derde aansprakelijk (regres)"), default=False)
    phone = models.CharField(_("telefoonnummer tijdens ziekte"), max_length=20, blank=True)
    care_address = models.CharField(_("(verpleeg)adres tijdens ziekte"), max_length=200, blank=True)
    # Set from the physician's functional assessment; never carries the medical reason.
    long_absence_flagged = models.BooleanField(_("langdurig verzuim dreigt (bedrijfsarts)"), default=False)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("verzuimgeval")
        verbose_name_plural = _("verzuimgevallen")
        ordering: ClassVar = ["-first_sick_day"]
        constraints: ClassVar = [
            # One running case per employee: a second sickness report for a sick employee is a conflict.
            models.UniqueConstraint(fields=["employee"], condition=Q(status="open"), name="case_one_open_per_employee"),
            models.CheckConstraint(
                condition=(Q(status="open") & Q(closed_on__isnull=True) & Q(close_reason=""))
                | (Q(status="closed") & Q(closed_on__isnull=False) & ~Q(close_reason="")),
                name="case_closed_fields_match_status",
            ),
            models.CheckConstraint(condition=Q(absent_pct__lte=100), name="case_absent_pct_max_100"),
        ]
        indexes: ClassVar = [
            models.Index(fields=["employer", "status"]),
            models.Index(fields=["casemanager", "status"]),
            # The API's list in the order of creation, paged by (created_at, id) (verzuim.api_pagination).
            models.Index(fields=["created_at", "id"], name="absencecase_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.employee} vanaf {self.first_sick_day:%d-%m-%Y}"


class SickPeriod(models.Model):
    """A stretch of (full or partial) incapacity; a full recovery ends it on the day before."""

    case = models.ForeignKey(AbsenceCase, on_delete=models.CASCADE, related_name="periods")
    start = models.DateField(_("eerste ziektedag"))
    end = models.DateField(_("laatste ziektedag"), null=True, blank=True)
    # The one-time key of the sickness report form that started this period (decision 376): a retried POST of the
    # same form (a node that died before it answered, a double click) finds it and answers as the first did.
    report_key = models.UUIDField(_("sleutel ziekmelding"), null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("ziekteperiode")
        verbose_name_plural = _("ziekteperiodes")
        ordering: ClassVar = ["start"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["case", "start"], name="sick_period_unique_start"),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")), name="sick_period_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.start} - {self.end or '...'}"


class Recovery(models.Model):
    """A herstelmelding: from `date` on the employee works `recovered_pct` percent of their hours again."""

    case = models.ForeignKey(AbsenceCase, on_delete=models.CASCADE, related_name="recoveries")
    date = models.DateField(_("datum herstel"))
    recovered_pct = models.PositiveSmallIntegerField(
        _("hersteld percentage"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("herstelmelding")
        verbose_name_plural = _("herstelmeldingen")
        ordering: ClassVar = ["date", "created_at"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(recovered_pct__gte=1) & Q(recovered_pct__lte=100), name="recovery_pct_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recovered_pct}% per {self.date}"


class StepState(models.TextChoices):
    """The persisted lifecycle of a step; due soon / overdue / suspended follow from the date at read time."""

    OPEN = "open", _("Open")
    DONE = "done", _("Afgerond")
    NOT_APPLICABLE = "not_applicable", _("Niet van toepassing")


class Step(models.Model):
    """One Poortwachter step of a case, recomputed by the engine on every change of the case."""

    id = models.BigAutoField(primary_key=True)
    case = models.ForeignKey(AbsenceCase, on_delete=models.CASCADE, related_name="steps")
    code = models.CharField(_("code"), max_length=40)
    sequence = models.PositiveSmallIntegerField(_("volgnummer"), default=1)
    title = models.CharField(_("stap"), max_length=120)
    owner = models.CharField(_("verantwoordelijke"), max_length=20)
    position = models.PositiveSmallIntegerField(default=0)
    window_start = models.DateField(_("venster vanaf"), null=True, blank=True)
    due_date = models.DateField(_("uiterste datum"), null=True, blank=True)
    state = models.CharField(_("toestand"), max_length=16, choices=StepState.choices, default=StepState.OPEN)
    reason = models.CharField(_("toelichting"), max_length=200, blank=True)
    completed_on = models.DateField(_("afgerond op"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("notitie"), blank=True)

    class Meta:
        verbose_name = _("poortwachterstap")
        verbose_name_plural = _("poortwachterstappen")
        ordering: ClassVar = ["position", "sequence"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["case", "code", "sequence"], name="step_unique_per_case"),
            models.CheckConstraint(
                condition=(Q(state="done") & Q(completed_on__isnull=False))
                | (~Q(state="done") & Q(completed_on__isnull=True)),
                name="step_done_has_date",
            ),
        ]
        indexes: ClassVar = [
            # The reminder sweep (absence/reminders.py) and the caseload's "most urgent first" read open steps by date.
            models.Index(fields=["due_date"], condition=Q(state="open"), name="step_open_due_idx"),
            models.Index(fields=["case", "state", "due_date"]),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.due_date or '-'})"

    def status_on(self, today: dt.date, *, due_soon_days: int = 7) -> str:
        """upcoming, due_soon, overdue, done, not_applicable or suspended (docs/domain.md §5)."""
        if self.state != StepState.OPEN:
            return str(self.state)
        if self.due_date is None:
            return "suspended"
        if self.due_date < today:
            return "overdue"
        if (self.due_date - today).days <= due_soon_days:
            return "due_soon"
        return "upcoming"


class CaseAssignment(models.Model):
    """History of the casemanager of a case: every (re)assignment is a new row."""

    case = models.ForeignKey(AbsenceCase, on_delete=models.CASCADE, related_name="assignments")
    casemanager = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    assigned_at = models.DateTimeField(default=timezone.now)
    reason = models.CharField(_("reden"), max_length=200)

    class Meta:
        verbose_name = _("toewijzing casemanager")
        verbose_name_plural = _("toewijzingen casemanager")
        ordering: ClassVar = ["assigned_at", "id"]

    def __str__(self) -> str:
        return f"{self.casemanager} ({self.assigned_at:%d-%m-%Y})"
