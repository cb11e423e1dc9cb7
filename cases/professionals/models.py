"""Models of the registry of certified professionals (docs/domain.md §6 "Certified professionals only").

Arbodiensten with their SBCA/OVAL certificates, occupational physicians with their BIG registration,
casemanagers with the basis of their registration, labour experts, and the arbodienst an employer contracts
outside the policy. Registrations and certificates are history: a new row supersedes the one before from its
`valid_from` on and nothing is overwritten (the rule is in cases/professionals/registration.py). Imported by
cases/models.py.
"""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from verzuim.validators import validate_big_number, validate_kvk_number

UNTIL_BEFORE_FROM = _("De einddatum ligt vóór de begindatum.")


class CertificateKind(models.TextChoices):
    SBCA = "sbca", "SBCA"
    OVAL = "oval", "OVAL"


class Arbodienst(models.Model):
    """A certified occupational health service (arbodienst); its certificates are separate rows."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("naam"), max_length=200)
    kvk_number = models.CharField(_("KvK-nummer"), max_length=8, unique=True, validators=[validate_kvk_number])
    # No longer worked with: off the staff dashboard, its history stays.
    is_active = models.BooleanField(_("actief"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("arbodienst")
        verbose_name_plural = _("arbodiensten")
        ordering: ClassVar = ["name"]

    def __str__(self) -> str:
        return self.name


def optional_arbodienst(*, related_name: str) -> models.ForeignKey[Arbodienst | None, Arbodienst | None]:
    """The arbodienst a registration names where it may name one (employer of the professional, or none)."""
    return models.ForeignKey(
        Arbodienst,
        verbose_name=_("arbodienst"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name=related_name,
    )


class RegistrationRow(models.Model):
    """What every registration and certificate row has: from when it counts, and who recorded it when."""

    valid_from = models.DateField(_("geldig vanaf"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("vastgelegd op"), default=timezone.now, editable=False)

    class Meta:
        abstract = True

    def _check_until(self, until_field: str) -> None:
        until = getattr(self, until_field)
        if until is not None and self.valid_from is not None and until < self.valid_from:
            raise ValidationError({until_field: [UNTIL_BEFORE_FROM]})


class ArbodienstCertificate(RegistrationRow):
    """An SBCA or OVAL certificate of an arbodienst; a renewal is a new row."""

    arbodienst = models.ForeignKey(
        Arbodienst, verbose_name=_("arbodienst"), on_delete=models.PROTECT, related_name="certificates"
    )
    kind = models.CharField(_("soort certificaat"), max_length=8, choices=CertificateKind.choices)
    number = models.CharField(_("certificaatnummer"), max_length=40)
    valid_until = models.DateField(_("geldig tot en met"))

    class Meta:
        verbose_name = _("certificaat arbodienst")
        verbose_name_plural = _("certificaten arbodiensten")
        ordering: ClassVar = ["arbodienst", "valid_from", "recorded_at"]
        constraints: ClassVar = [
            models.CheckConstraint(condition=Q(valid_until__gte=F("valid_from")), name="certificate_until_after_from"),
        ]
        indexes: ClassVar = [models.Index(fields=["number"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    def clean(self) -> None:
        self._check_until("valid_until")


class PhysicianRegistration(RegistrationRow):
    """The BIG registration of an occupational physician (re-registered every five years) and their arbodienst."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bedrijfsarts"),
        on_delete=models.PROTECT,
        related_name="physician_registrations",
        limit_choices_to={"role": "occupational_physician"},
    )
    big_number = models.CharField(_("BIG-nummer"), max_length=11, validators=[validate_big_number])
    arbodienst = optional_arbodienst(related_name="physician_registrations")
    # Empty: no end date known (the next re-registration is due within five years of the last one).
    registered_until = models.DateField(_("geregistreerd tot en met"), null=True, blank=True)

    class Meta:
        verbose_name = _("registratie bedrijfsarts")
        verbose_name_plural = _("registraties bedrijfsartsen")
        ordering: ClassVar = ["user", "valid_from", "recorded_at"]
        constraints: ClassVar = [
            models.CheckConstraint(condition=Q(big_number__regex=r"^[0-9]{11}$"), name="physician_big_11_digits"),
            models.CheckConstraint(
                condition=Q(registered_until__isnull=True) | Q(registered_until__gte=F("valid_from")),
                name="physician_until_after_from",
            ),
        ]

    def __str__(self) -> str:
        return f"BIG {self.big_number}"

    def clean(self) -> None:
        self._check_until("registered_until")


class CasemanagerBasis(models.TextChoices):
    REGISTER = "register", _("Ingeschreven in een register")
    ARBODIENST = "arbodienst", _("In dienst van een gecertificeerde arbodienst")
    INSURER = "insurer", _("In dienst van de verzekeraar")


class CasemanagerRegistration(RegistrationRow):
    """What makes a casemanager acceptable: a register (e.g. "Register Casemanagers", "RNCM"), employment at a
    certified arbodienst (then valid only while that arbodienst's certificate is), or employment at the insurer."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("casemanager"),
        on_delete=models.PROTECT,
        related_name="casemanager_registrations",
        limit_choices_to={"role": "casemanager"},
    )
    basis = models.CharField(_("grondslag"), max_length=16, choices=CasemanagerBasis.choices)
    register_name = models.CharField(_("register"), max_length=100, blank=True)
    register_number = models.CharField(_("registratienummer"), max_length=40, blank=True)
    arbodienst = optional_arbodienst(related_name="casemanager_registrations")
    # Required for a register entry; employment may run without a known end.
    valid_until = models.DateField(_("geldig tot en met"), null=True, blank=True)

    class Meta:
        verbose_name = _("registratie casemanager")
        verbose_name_plural = _("registraties casemanagers")
        ordering: ClassVar = ["user", "valid_from", "recorded_at"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=(
                    Q(basis="register")
                    & ~Q(register_name="")
                    & ~Q(register_number="")
                    & Q(valid_until__isnull=False)
                    & Q(arbodienst__isnull=True)
                )
                | (Q(basis="arbodienst") & Q(arbodienst__isnull=False) & Q(register_name="") & Q(register_number=""))
                | (Q(basis="insurer") & Q(arbodienst__isnull=True) & Q(register_name="") & Q(register_number="")),
                name="casemanager_basis_fields",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="casemanager_until_after_from",
            ),
        ]

    def __str__(self) -> str:
        if self.basis == CasemanagerBasis.REGISTER:
            return f"{self.register_name} {self.register_number}"
        return str(self.get_basis_display())

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.basis == CasemanagerBasis.REGISTER:
            if not self.register_name:
                errors["register_name"] = _("Vul de naam van het register in.")
            if not self.register_number:
                errors["register_number"] = _("Vul het registratienummer in.")
            if self.valid_until is None:
                errors["valid_until"] = _("Een inschrijving in een register heeft een einddatum.")
        elif self.register_name or self.register_number:
            errors["register_number"] = _("Een register en registratienummer horen alleen bij een inschrijving.")
        if self.basis == CasemanagerBasis.ARBODIENST and self.arbodienst_id is None:
            errors["arbodienst"] = _("Kies de arbodienst waar de casemanager in dienst is.")
        elif self.basis != CasemanagerBasis.ARBODIENST and self.arbodienst_id is not None:
            errors["arbodienst"] = _("Een arbodienst hoort alleen bij de grondslag “in dienst van een arbodienst”.")
        if errors:
            raise ValidationError(errors)
        self._check_until("valid_until")


class LabourExpert(models.Model):
    """An arbeidsdeskundige; not a portal user. Their register entries are separate rows."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("naam"), max_length=200)
    is_active = models.BooleanField(_("actief"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("arbeidsdeskundige")
        verbose_name_plural = _("arbeidsdeskundigen")
        ordering: ClassVar = ["name"]

    def __str__(self) -> str:
        return self.name


class LabourExpertRegistration(RegistrationRow):
    labour_expert = models.ForeignKey(
        LabourExpert, verbose_name=_("arbeidsdeskundige"), on_delete=models.PROTECT, related_name="registrations"
    )
    register_number = models.CharField(_("registratienummer"), max_length=40)
    arbodienst = optional_arbodienst(related_name="labour_expert_registrations")
    valid_until = models.DateField(_("geldig tot en met"))

    class Meta:
        verbose_name = _("registratie arbeidsdeskundige")
        verbose_name_plural = _("registraties arbeidsdeskundigen")
        ordering: ClassVar = ["labour_expert", "valid_from", "recorded_at"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(valid_until__gte=F("valid_from")), name="labour_expert_until_after_from"
            ),
        ]

    def __str__(self) -> str:
        return self.register_number

    def clean(self) -> None:
        self._check_until("valid_until")


class EmployerArbodienst(models.Model):
    """The arbodienst an employer contracts outside the policy, as the employer recorded it. History: the
    newest row counts; a row without a name records that the employer uses the policy's arbodienst again."""

    employer = models.ForeignKey(
        "verzuim.Employer", verbose_name=_("werkgever"), on_delete=models.PROTECT, related_name="own_arbodiensten"
    )
    name = models.CharField(_("naam arbodienst"), max_length=200, blank=True)
    certificate_number = models.CharField(_("certificaatnummer"), max_length=40, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("vastgelegd door"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("vastgelegd op"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("eigen arbodienst werkgever")
        verbose_name_plural = _("eigen arbodiensten werkgevers")
        ordering: ClassVar = ["employer", "recorded_at", "id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=~Q(name="") | Q(certificate_number=""), name="employer_arbodienst_number_needs_name"
            ),
        ]
        indexes: ClassVar = [models.Index(fields=["employer", "-recorded_at"])]

    def __str__(self) -> str:
        return self.name or str(_("arbodienst van de polis"))
