"""Products, policies, the dated premium parameters and the premium calculations (docs/domain.md §7)."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any, ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Product(models.Model):
    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("naam"), max_length=200)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("producten")

    def __str__(self) -> str:
        return self.name


class Coverage(models.TextChoices):
    C100_70 = "100/70", _("100% jaar 1, 70% jaar 2")
    C70_70 = "70/70", _("70% jaar 1, 70% jaar 2")
    C100_100 = "100/100", _("100% jaar 1, 100% jaar 2")


class WaitingDays(models.IntegerChoices):
    D10 = 10, _("10 werkdagen")
    D20 = 20, _("20 werkdagen")
    D30 = 30, _("30 werkdagen")
    D65 = 65, _("65 werkdagen")


class PolicyStatus(models.TextChoices):
    ACTIVE = "active", _("Actief")
    SUSPENDED = "suspended", _("Geschorst")
    ENDED = "ended", _("Beëindigd")


class PaymentTerm(models.TextChoices):
    """How often the employer pays the yearly premium (decision 356: yearly unless agreed otherwise)."""

    YEAR = "year", _("Per jaar")
    QUARTER = "quarter", _("Per kwartaal")
    MONTH = "month", _("Per maand")


# The number of terms a year of each payment term.
TERMS_PER_YEAR = {PaymentTerm.YEAR: 1, PaymentTerm.QUARTER: 4, PaymentTerm.MONTH: 12}


class Policy(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    policy_number = models.CharField(_("polisnummer"), max_length=20, unique=True)
    employer = models.ForeignKey(
        "verzuim.Employer", verbose_name=_("werkgever"), on_delete=models.PROTECT, related_name="policies"
    )
    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="policies")
    start_date = models.DateField(_("ingangsdatum"))
    end_date = models.DateField(_("einddatum"), null=True, blank=True)
    waiting_days = models.PositiveSmallIntegerField(_("eigenrisicodagen"), choices=WaitingDays.choices)
    coverage = models.CharField(_("dekking"), max_length=8, choices=Coverage.choices)
    status = models.CharField(_("status"), max_length=16, choices=PolicyStatus.choices, default=PolicyStatus.ACTIVE)
    # The employer's charges on top of the wage (holiday pay, pension, social contributions) the policy insures.
    employer_charges_pct = models.DecimalField(
        _("opslag werkgeverslasten (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
        help_text=_("Het percentage bovenop het loon dat mee verzekerd is, bijvoorbeeld 25."),
    )
    payment_term = models.CharField(
        _("premietermijn"),
        max_length=8,
        choices=PaymentTerm.choices,
        default=PaymentTerm.YEAR,
        help_text=_("Hoe vaak de werkgever de jaarpremie betaalt: per jaar, per kwartaal of per maand."),
    )

    class Meta:
        verbose_name = _("polis")
        verbose_name_plural = _("polissen")
        ordering: ClassVar = ["-start_date"]
        constraints: ClassVar = [
            models.CheckConstraint(condition=Q(waiting_days__in=[10, 20, 30, 65]), name="policy_waiting_days_option"),
            models.CheckConstraint(
                condition=Q(coverage__in=["100/70", "70/70", "100/100"]), name="policy_coverage_option"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gt=models.F("start_date")),
                name="policy_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(employer_charges_pct__gte=0) & Q(employer_charges_pct__lte=100),
                name="policy_employer_charges_pct_range",
            ),
            models.CheckConstraint(
                condition=Q(payment_term__in=["year", "quarter", "month"]), name="policy_payment_term_option"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.policy_number} - {self.employer.name}"


# --- The product sheet and the insurer's details: dated texts kept in the admin (docs/domain.md §7) -------------


class ProductSheetText(models.Model):
    """The texts of a product's sheet (productkaart), valid from a date until the next version of the product.

    The sheet of a policy shows the version in force on the sheet's date; a field left empty is shown as "not
    recorded", never dropped, so that two sheets always have the same labels in the same order (decision 357).
    """

    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="sheet_texts"
    )
    valid_from = models.DateField(_("geldig vanaf"))
    wage = models.TextField(_("loon"), blank=True, help_text=_("Wat van het loon wordt vergoed, en hoe lang."))
    employer_charges = models.TextField(
        _("werkgeverslasten"), blank=True, help_text=_("Welke werkgeverslasten mee verzekerd kunnen worden.")
    )
    interventions = models.TextField(
        _("interventies en voorwaarden"),
        blank=True,
        help_text=_("Welke interventies worden vergoed en onder welke voorwaarden."),
    )
    occupational_health_service = models.TextField(_("arbodienst"), blank=True)
    occupational_health_certification = models.TextField(_("certificering arbodienst"), blank=True)
    casemanager = models.TextField(_("casemanager"), blank=True)
    welcome_call = models.TextField(_("welkomstgesprek"), blank=True)
    prevention_check = models.TextField(_("preventiecheck"), blank=True)
    relapse_prevention = models.TextField(_("terugvalpreventie"), blank=True)
    poortwachter_guarantee = models.TextField(_("Poortwachtergarantie"), blank=True)
    poortwachter_conditions = models.TextField(_("voorwaarden Poortwachtergarantie"), blank=True)
    premium_basis = models.TextField(_("premiegrondslag"), blank=True)
    complaints_route = models.TextField(_("klachtenroute"), blank=True)
    notice_period = models.TextField(_("opzegtermijn"), blank=True)

    class Meta:
        verbose_name = _("productkaart-tekst")
        verbose_name_plural = _("productkaart-teksten")
        ordering: ClassVar = ["product", "-valid_from"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["product", "valid_from"], name="product_sheet_text_unique"),
        ]

    def __str__(self) -> str:
        return str(
            _("%(product)s vanaf %(date)s") % {"product": self.product, "date": self.valid_from.strftime("%d-%m-%Y")}
        )


class InsurerDetails(models.Model):
    """The insurer's name, address, registrations, account and contact, valid from a date: the letterhead and
    the payment details of the premium notice (decision 358)."""

    valid_from = models.DateField(_("geldig vanaf"), unique=True)
    name = models.CharField(_("naam"), max_length=200)
    street = models.CharField(_("straat en huisnummer"), max_length=200)
    postcode = models.CharField(_("postcode"), max_length=7)
    city = models.CharField(_("plaats"), max_length=100)
    kvk_number = models.CharField(_("KvK-nummer"), max_length=8)
    afm_number = models.CharField(_("AFM-vergunningnummer"), max_length=20)
    dnb_number = models.CharField(_("DNB-relatienummer"), max_length=20, blank=True)
    iban = models.CharField(_("IBAN"), max_length=34)
    account_holder = models.CharField(_("ten name van"), max_length=200)
    phone = models.CharField(_("telefoon"), max_length=30)
    email = models.EmailField(_("e-mail"))
    website = models.CharField(_("website"), max_length=200, blank=True)
    payment_term_days = models.PositiveSmallIntegerField(
        _("betaaltermijn (dagen)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text=_("Binnen hoeveel dagen na de vervaldatum de werkgever een premietermijn betaalt."),
    )

    class Meta:
        verbose_name = _("gegevens verzekeraar")
        verbose_name_plural = _("gegevens verzekeraar")
        ordering: ClassVar = ["-valid_from"]

    def __str__(self) -> str:
        return f"{self.name} ({self.valid_from:%d-%m-%Y})"


# --- Premium parameters: dated data (docs/domain.md §7 "(parameter)") ---------------------------------------------


class SbiSection(models.TextChoices):
    """The 21 sections of the SBI 2008 (Standaard Bedrijfsindeling) of CBS."""

    A = "A", _("A Landbouw, bosbouw en visserij")
    B = "B", _("B Delfstoffenwinning")
    C = "C", _("C Industrie")
    D = "D", _("D Energievoorziening")
    E = "E", _("E Waterbedrijven en afvalbeheer")
    F = "F", _("F Bouwnijverheid")
    G = "G", _("G Handel")
    H = "H", _("H Vervoer en opslag")
    I = "I", _("I Logies-, maaltijd- en drankverstrekking")  # noqa: E741 (the SBI letter)
    J = "J", _("J Informatie en communicatie")
    K = "K", _("K Financiële dienstverlening")
    L = "L", _("L Verhuur en handel van onroerend goed")
    M = "M", _("M Specialistische zakelijke diensten")
    N = "N", _("N Verhuur en overige zakelijke diensten")
    O = "O", _("O Openbaar bestuur en overheidsdiensten")  # noqa: E741 (the SBI letter)
    P = "P", _("P Onderwijs")
    Q = "Q", _("Q Gezondheids- en welzijnszorg")
    R = "R", _("R Cultuur, sport en recreatie")
    S = "S", _("S Overige dienstverlening")
    T = "T", _("T Huishoudens als werkgever")
    U = "U", _("U Extraterritoriale organisaties")


class ParameterSetLocked(Exception):
    """A parameter set that a calculation used is history: it cannot change."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "Deze premieparameters zijn al gebruikt in een premieberekening en kunnen niet meer worden gewijzigd. "
                "Maak een nieuwe versie met een latere ingangsdatum."
            )
        )


class ParameterSet(models.Model):
    """All §7 parameters valid from one date until the next set's date.

    Never edited in place once a premium calculation used it: insurer staff copy it into a new version
    with a later valid-from date (the admin offers that), so every stored calculation can be explained
    with the numbers it was made with.
    """

    valid_from = models.DateField(_("geldig vanaf"), unique=True)
    description = models.CharField(_("omschrijving"), max_length=200, blank=True)
    wage_cap = models.DecimalField(
        _("maximumpremieloon per jaar (€)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    rise_cap_pct = models.DecimalField(
        _("maximale jaarlijkse stijging eigenverzuimfactor (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    # docs/domain.md §6: an intervention is proportionate up to this share of the wage still to be paid.
    intervention_limit_pct = models.DecimalField(
        _("grens interventiekosten (% van het nog door te betalen loon)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(50),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("premieparameters")
        verbose_name_plural = _("premieparameters")
        ordering: ClassVar = ["-valid_from"]
        constraints: ClassVar = [
            models.CheckConstraint(condition=Q(wage_cap__gt=0), name="parameterset_wage_cap_positive"),
            models.CheckConstraint(
                condition=Q(rise_cap_pct__gte=0) & Q(rise_cap_pct__lte=100), name="parameterset_rise_cap_range"
            ),
        ]

    def __str__(self) -> str:
        return str(_("Premieparameters vanaf %(date)s") % {"date": self.valid_from.strftime("%d-%m-%Y")})

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.is_used:
            raise ParameterSetLocked
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        if self.is_used:
            raise ParameterSetLocked
        return super().delete(*args, **kwargs)

    @property
    def is_used(self) -> bool:
        """Used by a stored calculation: from then on it is history and stays as it is."""
        return self.pk is not None and self.calculations.exists()


class ParameterRow(models.Model):
    """A row of one of the tables of a parameter set; locked with its set."""

    parameter_set = models.ForeignKey(ParameterSet, verbose_name=_("premieparameters"), on_delete=models.CASCADE)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.parameter_set.is_used:
            raise ParameterSetLocked
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        if self.parameter_set.is_used:
            raise ParameterSetLocked
        return super().delete(*args, **kwargs)


FACTOR_VALIDATORS = [MinValueValidator(Decimal("0.0001")), MaxValueValidator(Decimal(10))]
PCT_VALIDATORS = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


class SectorParameter(ParameterRow):
    sbi_section = models.CharField(_("SBI-sectie"), max_length=1, choices=SbiSection.choices)
    rate_pct = models.DecimalField(
        _("sectortarief (% van de loonsom)"), max_digits=7, decimal_places=4, validators=PCT_VALIDATORS
    )
    expected_absence_pct = models.DecimalField(
        _("verwacht verzuim in de sector (%)"),
        max_digits=7,
        decimal_places=4,
        validators=[MinValueValidator(Decimal("0.0001")), MaxValueValidator(Decimal(100))],
    )

    class Meta:
        verbose_name = _("sectortarief")
        verbose_name_plural = _("sectortarieven")
        ordering: ClassVar = ["sbi_section"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["parameter_set", "sbi_section"], name="sector_parameter_unique"),
            models.CheckConstraint(condition=Q(expected_absence_pct__gt=0), name="sector_expected_absence_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.sbi_section}: {self.rate_pct}% / {self.expected_absence_pct}%"


class WaitingDaysFactor(ParameterRow):
    waiting_days = models.PositiveSmallIntegerField(_("eigenrisicodagen"), choices=WaitingDays.choices)
    factor = models.DecimalField(_("factor"), max_digits=6, decimal_places=4, validators=FACTOR_VALIDATORS)

    class Meta:
        verbose_name = _("factor eigenrisicodagen")
        verbose_name_plural = _("factoren eigenrisicodagen")
        ordering: ClassVar = ["waiting_days"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["parameter_set", "waiting_days"], name="waiting_days_factor_unique"),
            models.CheckConstraint(condition=Q(factor__gt=0), name="waiting_days_factor_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.waiting_days}: {self.factor}"


class CoverageFactor(ParameterRow):
    coverage = models.CharField(_("dekking"), max_length=8, choices=Coverage.choices)
    factor = models.DecimalField(_("factor"), max_digits=6, decimal_places=4, validators=FACTOR_VALIDATORS)

    class Meta:
        verbose_name = _("factor dekking")
        verbose_name_plural = _("factoren dekking")
        ordering: ClassVar = ["coverage"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["parameter_set", "coverage"], name="coverage_factor_unique"),
            models.CheckConstraint(condition=Q(factor__gt=0), name="coverage_factor_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.coverage}: {self.factor}"


class AgeMixFactor(ParameterRow):
    """Age/wage-mix: a factor by the wage-weighted average age of the insured employees, from this age up."""

    from_age = models.PositiveSmallIntegerField(_("vanaf gemiddelde leeftijd"), validators=[MaxValueValidator(100)])
    factor = models.DecimalField(_("factor"), max_digits=6, decimal_places=4, validators=FACTOR_VALIDATORS)

    class Meta:
        verbose_name = _("factor leeftijd/loonmix")
        verbose_name_plural = _("factoren leeftijd/loonmix")
        ordering: ClassVar = ["from_age"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["parameter_set", "from_age"], name="age_mix_factor_unique"),
            models.CheckConstraint(condition=Q(factor__gt=0), name="age_mix_factor_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.from_age}+: {self.factor}"


class CredibilityPoint(ParameterRow):
    """A point (n employees, Z %) of the credibility table; Z is linear between points and flat beyond."""

    employees = models.PositiveIntegerField(_("aantal werknemers"), validators=[MinValueValidator(1)])
    weight_pct = models.DecimalField(
        _("meetelling eigen verzuim (%)"), max_digits=7, decimal_places=4, validators=PCT_VALIDATORS
    )

    class Meta:
        verbose_name = _("punt van de meetellingstabel")
        verbose_name_plural = _("meetellingstabel Z(n)")
        ordering: ClassVar = ["employees"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["parameter_set", "employees"], name="credibility_point_unique"),
            models.CheckConstraint(
                condition=Q(weight_pct__gte=0) & Q(weight_pct__lte=100), name="credibility_weight_range"
            ),
            models.CheckConstraint(condition=Q(employees__gte=1), name="credibility_employees_positive"),
        ]

    def __str__(self) -> str:
        return f"Z({self.employees}) = {self.weight_pct}%"


# --- Premium calculations (docs/domain.md §7: stored inputs and intermediates, four eyes) -------------------------


class CalculationStatus(models.TextChoices):
    DRAFT = "draft", _("Berekend, nog niet ingediend")
    SUBMITTED = "submitted", _("Ter beoordeling")
    APPROVED = "approved", _("Goedgekeurd")
    REJECTED = "rejected", _("Afgekeurd")
    SUPERSEDED = "superseded", _("Vervangen")


OPEN_STATUSES = (CalculationStatus.DRAFT, CalculationStatus.SUBMITTED)


class PremiumCalculation(models.Model):
    """One premium of one policy for one year, with everything needed to explain it.

    Four eyes: `submitted_by` is the author (the insurer staff member who calculated it, or who checked and
    submitted a calculation of the renewal job); `reviewed_by` approves or rejects it and can never be the
    author (checked in the service and by a database constraint). Only an approved calculation is shown to
    the employer.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    policy = models.ForeignKey(
        Policy, verbose_name=_("polis"), on_delete=models.PROTECT, related_name="premium_calculations"
    )
    employer = models.ForeignKey(
        "verzuim.Employer", verbose_name=_("werkgever"), on_delete=models.PROTECT, related_name="premium_calculations"
    )
    year = models.PositiveSmallIntegerField(_("premiejaar"))
    parameter_set = models.ForeignKey(
        ParameterSet, verbose_name=_("premieparameters"), on_delete=models.PROTECT, related_name="calculations"
    )
    calculated_on = models.DateField(_("berekend op"))
    status = models.CharField(
        _("status"), max_length=16, choices=CalculationStatus.choices, default=CalculationStatus.DRAFT
    )
    # Inputs as they were (JSON-safe: decimals as strings, dates ISO).
    inputs = models.JSONField(_("invoer"), default=dict)
    # Every intermediate number of the calculation (calculator.QuoteResult). `employee_count` and `insured_payroll`
    # are the roster it used (the employees on inputs["reference_date"]); premiums.staleness compares them with
    # the employer's data now.
    employee_count = models.PositiveIntegerField(_("aantal verzekerde werknemers"))
    insured_payroll = models.DecimalField(_("verzekerde loonsom"), max_digits=14, decimal_places=2)
    average_age = models.DecimalField(_("gemiddelde leeftijd (naar loon)"), max_digits=6, decimal_places=2, null=True)
    age_wage_mix_factor = models.DecimalField(_("factor leeftijd/loonmix"), max_digits=8, decimal_places=4)
    waiting_days_factor = models.DecimalField(_("factor eigenrisicodagen"), max_digits=8, decimal_places=4)
    coverage_factor = models.DecimalField(_("factor dekking"), max_digits=8, decimal_places=4)
    base_rate_pct = models.DecimalField(_("basistarief (%)"), max_digits=9, decimal_places=4)
    weighted_own_absence_pct = models.DecimalField(
        _("gewogen eigen verzuim (%)"), max_digits=9, decimal_places=4, null=True
    )
    experience_ratio = models.DecimalField(_("verhouding eigen verzuim / sector (E)"), max_digits=9, decimal_places=4)
    credibility_weight_pct = models.DecimalField(_("meetelling eigen verzuim Z (%)"), max_digits=9, decimal_places=4)
    own_absence_factor_uncapped = models.DecimalField(
        _("eigenverzuimfactor zonder begrenzing"), max_digits=9, decimal_places=4
    )
    previous_own_absence_factor = models.DecimalField(
        _("eigenverzuimfactor vorig jaar"), max_digits=9, decimal_places=4, null=True
    )
    own_absence_factor_ceiling = models.DecimalField(
        _("hoogst toegestane eigenverzuimfactor"), max_digits=9, decimal_places=4, null=True
    )
    own_absence_factor = models.DecimalField(_("eigenverzuimfactor (F)"), max_digits=9, decimal_places=4)
    cap_applied = models.BooleanField(_("begrenzing toegepast"))
    premium = models.DecimalField(_("jaarpremie (€)"), max_digits=14, decimal_places=2)
    # Who did what.
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("berekend door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Leeg: berekend door de jaarlijkse verlenging."),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ingediend door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("ingediend op"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("beoordeeld door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    review_note = models.TextField(_("toelichting beoordeling"), blank=True)

    class Meta:
        verbose_name = _("premieberekening")
        verbose_name_plural = _("premieberekeningen")
        ordering: ClassVar = ["-year", "-created_at"]
        indexes: ClassVar = [
            models.Index(fields=["status", "year"], name="premium_calc_status_year"),
            models.Index(fields=["employer", "year"], name="premium_calc_employer_year"),
        ]
        constraints: ClassVar = [
            # At most one calculation of a policy-year waiting for work, and at most one in force.
            models.UniqueConstraint(
                fields=["policy", "year"], condition=Q(status__in=OPEN_STATUSES), name="premium_calc_one_open"
            ),
            models.UniqueConstraint(
                fields=["policy", "year"],
                condition=Q(status=CalculationStatus.APPROVED),
                name="premium_calc_one_approved",
            ),
            # Four eyes, also for whoever bypasses the service.
            models.CheckConstraint(
                condition=Q(reviewed_by__isnull=True) | ~Q(reviewed_by=F("submitted_by")),
                name="premium_calc_four_eyes",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["submitted", "approved", "rejected"]) | Q(submitted_by__isnull=False),
                name="premium_calc_submitted_has_author",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["approved", "rejected"]) | Q(reviewed_by__isnull=False),
                name="premium_calc_reviewed_has_reviewer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.policy.policy_number} {self.year}"


# --- Claims: wage reimbursement of an absence case over a period (docs/domain.md §8) ------------------------------


# The claim models live in premiums/claims/models.py; importing them here registers them with the app.
from premiums.claims import models as claims  # noqa: E402, F401
