"""Absence cases: sick periods, recoveries, Poortwachter steps, casemanager assignments, medical compartment."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
    casemanager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("casemanager"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        limit_choices_to={"role": "casemanager"},
    )
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
        ]

    def __str__(self) -> str:
        return f"{self.employee} vanaf {self.first_sick_day:%d-%m-%Y}"


class SickPeriod(models.Model):
    """A stretch of (full or partial) incapacity; a full recovery ends it on the day before."""

    case = models.ForeignKey(AbsenceCase, on_delete=models.CASCADE, related_name="periods")
    start = models.DateField(_("eerste ziektedag"))
    end = models.DateField(_("laatste ziektedag"), null=True, blank=True)

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
            # The reminder sweep (cases/reminders.py) and the caseload's "most urgent first" read open steps by date.
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


class IncomeConversation(models.Model):
    """The casemanager's conversation with the employee about the income consequences (docs/domain.md §6 and §9).

    The facts are what the employee and the casemanager entered together; the phases are recomputed from them
    with the legal figures of ``reference_date`` (cases/income.py), so nothing computed is stored twice. No
    field takes free text: what the employee says about the illness does not belong here.
    """

    id = models.BigAutoField(primary_key=True)
    case = models.ForeignKey(AbsenceCase, on_delete=models.CASCADE, related_name="income_conversations")
    held_on = models.DateField(_("gesprek gevoerd op"))
    held_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    monthly_wage = models.DecimalField(_("bruto maandloon"), max_digits=9, decimal_places=2)
    reference_date = models.DateField(_("peildatum"))
    work_history_years = models.PositiveSmallIntegerField(_("arbeidsverleden (jaren)"))
    incapacity_pct = models.DecimalField(_("arbeidsongeschiktheid (%)"), max_digits=5, decimal_places=2)
    durable = models.BooleanField(_("duurzaam"))
    remaining_capacity_monthly = models.DecimalField(_("resterende verdiencapaciteit"), max_digits=9, decimal_places=2)
    expected_earnings_monthly = models.DecimalField(_("verwachte verdiensten"), max_digits=9, decimal_places=2)
    topup_year1_pct = models.DecimalField(
        _("aanvulling eerste jaar (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    topup_year2_pct = models.DecimalField(
        _("aanvulling tweede jaar (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("gesprek inkomensgevolgen")
        verbose_name_plural = _("gesprekken inkomensgevolgen")
        ordering: ClassVar = ["-held_on", "-created_at"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(incapacity_pct__gte=0) & Q(incapacity_pct__lte=100), name="income_incapacity_pct_range"
            ),
            models.CheckConstraint(
                condition=Q(monthly_wage__gte=0)
                & Q(remaining_capacity_monthly__gte=0)
                & Q(expected_earnings_monthly__gte=0),
                name="income_amounts_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.held_on}"


# --- Registry of certified professionals: the models live in cases/professionals.py -------------------------
# --- Advice log and poortwachter guarantee: the models live in cases/advice.py --------------------------------
from cases.advice import (  # noqa: E402, F401 (registered with the app through this import)
    Advice,
    Followup,
    FollowupStatus,
    GuaranteeDecision,
    Sanction,
)

# --- Interventions and the provider network: the models live in cases/interventions.py -----------------------
from cases.interventions import (  # noqa: E402, F401 (registered with the app through this import)
    AdvisedBy,
    Intervention,
    InterventionKind,
    InterventionStatus,
    Provider,
    ProviderScore,
)
from cases.professionals import (  # noqa: E402, F401 (registered with the app through this import)
    Arbodienst,
    ArbodienstCertificate,
    CasemanagerBasis,
    CasemanagerRegistration,
    CertificateKind,
    EmployerArbodienst,
    LabourExpert,
    LabourExpertRegistration,
    PhysicianRegistration,
)

# --- Service rhythm: the models live in cases/rhythm.py -------------------------------------------------------
from cases.rhythm import (  # noqa: E402, F401 (registered with the app through this import)
    ContactKind,
    ContactState,
    ServiceContact,
)
