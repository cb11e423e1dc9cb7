"""Users and roles, employers and employees, and the append-only audit log."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from verzuim.names import sort_name
from verzuim.validators import (
    employee_date_problems,
    validate_kvk_number,
    validate_name_characters,
    validate_payroll_tax_number,
    validate_sbi_code,
)


class Role(models.TextChoices):
    EMPLOYER = "employer", _("Werkgever")
    CASEMANAGER = "casemanager", _("Casemanager")
    OCCUPATIONAL_PHYSICIAN = "occupational_physician", _("Bedrijfsarts")
    INSURER = "insurer", _("Verzekeraar")
    COMPLAINT_HANDLER = "complaint_handler", _("Klachtbehandelaar")
    ADMIN = "admin", _("Beheerder")
    # The sick employee with an account of their own (issue 22): sees only their own cases.
    EMPLOYEE = "employee", _("Werknemer")


# Every role but the employer user and the employee works with other people's data and must use two-factor login;
# those two are offered a second factor, not forced (docs/decisions.md #5).
STAFF_ROLES = frozenset(role for role in Role if role not in (Role.EMPLOYER, Role.EMPLOYEE))
# Roles that get into the Django admin; each sees there only the models whose admin lets its role in
# (verzuim.admin_roles.RoleAdminMixin): insurer staff the premium parameters, complaint handlers complaints.
ADMIN_SITE_ROLES = frozenset({Role.INSURER, Role.COMPLAINT_HANDLER, Role.ADMIN})


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(role=Role.ADMIN, is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class Employer(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("naam"), max_length=200, validators=[validate_name_characters])
    kvk_number = models.CharField(_("KvK-nummer"), max_length=8, unique=True, validators=[validate_kvk_number])
    payroll_tax_number = models.CharField(
        _("loonheffingennummer"), max_length=12, unique=True, validators=[validate_payroll_tax_number]
    )
    sbi_code = models.CharField(_("SBI-code"), max_length=5, validators=[validate_sbi_code])
    street = models.CharField(_("straat en huisnummer"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    city = models.CharField(_("plaats"), max_length=100, blank=True)
    casemanager = models.ForeignKey(
        "verzuim.User",
        verbose_name=_("vaste casemanager"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="portfolio",
        limit_choices_to={"role": "casemanager"},
    )
    occupational_physician = models.ForeignKey(
        "verzuim.User",
        verbose_name=_("bedrijfsarts"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="physician_for",
        limit_choices_to={"role": "occupational_physician"},
    )
    region = models.CharField(_("regio"), max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("werkgever")
        verbose_name_plural = _("werkgevers")
        ordering: ClassVar = ["name"]
        constraints: ClassVar = [
            models.CheckConstraint(condition=Q(kvk_number__regex=r"^\d{8}$"), name="employer_kvk_8_digits"),
            models.CheckConstraint(
                condition=Q(payroll_tax_number__regex=r"^\d{9}L\d{2}$"), name="employer_payroll_tax_format"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.kvk_number})"


class ReminderMode(models.TextChoices):
    DIGEST = "digest", _("Eén overzicht per dag")
    INSTANT = "instant", _("Direct een e-mail per herinnering")


class User(AbstractBaseUser, PermissionsMixin):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = models.EmailField(_("e-mailadres"), unique=True)
    full_name = models.CharField(_("naam"), max_length=200, blank=True, validators=[validate_name_characters])
    role = models.CharField(_("rol"), max_length=32, choices=Role.choices)
    employer = models.ForeignKey(
        Employer, verbose_name=_("werkgever"), on_delete=models.PROTECT, null=True, blank=True, related_name="users"
    )
    # The employee record an employee account belongs to (Role.EMPLOYEE only); its scope is that person's cases.
    employee = models.OneToOneField(
        "Employee",
        verbose_name=_("werknemer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="account",
    )
    region = models.CharField(_("regio"), max_length=100, blank=True)
    reminder_mode = models.CharField(
        _("herinneringen"), max_length=16, choices=ReminderMode.choices, default=ReminderMode.DIGEST
    )
    calendar_token = models.CharField(_("agendasleutel"), max_length=64, blank=True, db_index=True)
    is_active = models.BooleanField(_("actief"), default=True)
    is_staff = models.BooleanField(_("toegang tot beheer"), default=False)
    date_joined = models.DateTimeField(_("aangemaakt op"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        constraints: ClassVar = [
            # An employer user belongs to exactly one employer; nobody else belongs to one.
            models.CheckConstraint(
                condition=(Q(role="employer") & Q(employer__isnull=False))
                | (~Q(role="employer") & Q(employer__isnull=True)),
                name="user_employer_only_for_employer_role",
            ),
            # An employee account belongs to exactly one employee record; no other account to one.
            models.CheckConstraint(
                condition=(Q(role="employee") & Q(employee__isnull=False))
                | (~Q(role="employee") & Q(employee__isnull=True)),
                name="user_employee_only_for_employee_role",
            ),
        ]

    def __str__(self) -> str:
        return self.email

    # API tokens end with the credentials they were issued under (verzuim.api_auth): saving a new password
    # (set_password: a change, a reset; or set_unusable_password) or deactivating the user deletes the user's
    # tokens, so the next token request issues a new key. Django's upgrade of a password's hash on login
    # (check_password) is no new password: it clears `_password` before it saves, so it revokes nothing.
    # A second-factor reset revokes them too (the device receivers in verzuim.api_auth).
    _credentials_replaced = False

    @classmethod
    def from_db(cls, db: str | None, field_names: Any, values: Any) -> User:
        user = super().from_db(db, field_names, values)
        user._active_loaded = user.__dict__.get("is_active")
        return user

    def set_unusable_password(self) -> None:
        super().set_unusable_password()
        self._credentials_replaced = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        new_password = getattr(self, "_password", None) is not None or self._credentials_replaced
        active_loaded = getattr(self, "_active_loaded", None)
        deactivated = active_loaded is True and self.__dict__.get("is_active") is False
        existed = not self._state.adding  # a new user has no tokens yet
        super().save(*args, **kwargs)
        self._credentials_replaced = False
        self._active_loaded = self.__dict__.get("is_active", active_loaded)
        if existed and (new_password or deactivated):
            from verzuim.api_auth import api_tokens_revoke

            api_tokens_revoke(self.pk)

    @property
    def needs_two_factor(self) -> bool:
        return self.role in STAFF_ROLES

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name or self.email


class ContractType(models.TextChoices):
    PERMANENT = "permanent", _("Vast")
    TEMPORARY = "temporary", _("Tijdelijk")


class Employee(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    employer = models.ForeignKey(
        Employer, verbose_name=_("werkgever"), on_delete=models.PROTECT, related_name="employees"
    )
    personnel_number = models.CharField(_("personeelsnummer"), max_length=30, validators=[validate_name_characters])
    first_name = models.CharField(_("voornaam"), max_length=100, validators=[validate_name_characters])
    last_name = models.CharField(_("achternaam"), max_length=150, validators=[validate_name_characters])
    date_of_birth = models.DateField(_("geboortedatum"))
    employment_start = models.DateField(_("datum in dienst"))
    employment_end = models.DateField(_("datum uit dienst"), null=True, blank=True)
    weekly_hours = models.DecimalField(
        _("uren per week"),
        max_digits=4,
        decimal_places=2,
        validators=[
            MinValueValidator(Decimal("0.01"), _("Het aantal uren per week moet groter zijn dan 0.")),
            MaxValueValidator(Decimal("60"), _("Het aantal uren per week is hoogstens 60.")),
        ],
    )
    yearly_wage = models.DecimalField(
        _("jaarloon"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"), _("Het jaarloon kan niet negatief zijn."))],
    )
    contract_type = models.CharField(_("soort contract"), max_length=16, choices=ContractType.choices)
    # Surname without its prefix, then prefix and first name, folded (verzuim.names): "van den Berg" sorts under B.
    sort_name = models.CharField(_("sorteernaam"), max_length=300, editable=False, default="")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("werknemer")
        verbose_name_plural = _("werknemers")
        ordering: ClassVar = ["sort_name", "personnel_number"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["employer", "personnel_number"], name="employee_unique_personnel_number"),
            models.CheckConstraint(
                condition=Q(employment_end__isnull=True) | Q(employment_end__gte=F("employment_start")),
                name="employee_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(date_of_birth__lt=F("employment_start")), name="employee_born_before_start"
            ),
            models.CheckConstraint(
                condition=Q(weekly_hours__gt=0) & Q(weekly_hours__lte=60), name="employee_weekly_hours_range"
            ),
            models.CheckConstraint(condition=Q(yearly_wage__gte=0), name="employee_yearly_wage_not_negative"),
        ]
        indexes: ClassVar = [
            models.Index(fields=["employer", "sort_name"]),
            # The API's list in the order of creation, paged by (created_at, id) (verzuim.api_pagination).
            models.Index(fields=["created_at", "id"], name="employee_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name} ({self.personnel_number})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.sort_name = sort_name(self.last_name, self.first_name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"last_name", "first_name"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "sort_name"}
        super().save(*args, **kwargs)

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.employment_start and self.employment_end and self.employment_end < self.employment_start:
            errors["employment_end"] = _("De datum uit dienst ligt vóór de datum in dienst.")
        if self.date_of_birth and self.employment_start and self.date_of_birth >= self.employment_start:
            errors["date_of_birth"] = _("De geboortedatum moet vóór de datum in dienst liggen.")
        # A plausible range for each date (verzuim.validators): 0001-01-01 or 9999-12-31 is a typo, not a fact.
        for name, problem in employee_date_problems(
            date_of_birth=self.date_of_birth,
            employment_start=self.employment_start,
            employment_end=self.employment_end,
            today=timezone.localdate(),
        ).items():
            errors.setdefault(name, problem)
        if errors:
            raise ValidationError(errors)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def is_employed_on(self, day: Any) -> bool:
        return self.employment_start <= day and (self.employment_end is None or self.employment_end >= day)


class AuditAction(models.TextChoices):
    READ = "read", _("ingezien")
    LIST = "list", _("lijst ingezien")
    CREATE = "create", _("aangemaakt")
    UPDATE = "update", _("gewijzigd")
    IMPORT = "import", _("geïmporteerd")


class AuditLogQuerySet(models.QuerySet["AuditLog"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("The audit log is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("The audit log is append-only.")


class AuditLog(models.Model):
    """Who read or changed which record, when. Rows are only ever inserted (AVG art. 32 evidence)."""

    id = models.BigAutoField(primary_key=True)
    at = models.DateTimeField(_("moment"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(User, verbose_name=_("door"), on_delete=models.PROTECT, null=True, related_name="+")
    actor_email = models.CharField(_("e-mailadres"), max_length=254, blank=True)
    action = models.CharField(_("handeling"), max_length=16, choices=AuditAction.choices)
    object_type = models.CharField(_("soort gegeven"), max_length=64)
    object_id = models.CharField(_("kenmerk"), max_length=64, blank=True)
    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, null=True, related_name="+")
    changes = models.JSONField(_("wijzigingen"), default=dict, blank=True)
    # A call by a machine client (verzuim.api_keys): the key is the actor, `actor` stays empty.
    api_key = models.ForeignKey(
        "verzuim.ApiKey", verbose_name=_("API-sleutel"), on_delete=models.PROTECT, null=True, related_name="+"
    )

    objects = AuditLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("auditregel")
        verbose_name_plural = _("auditlog")
        ordering: ClassVar = ["-at", "-id"]
        indexes: ClassVar = [
            models.Index(fields=["object_type", "object_id", "at"]),
            models.Index(fields=["employer", "at"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_email} {self.action} {self.object_type} {self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("The audit log is append-only.")


class ApiKeyScope(models.TextChoices):
    """What a machine client may do (verzuim.api_keys); each API view names the scope each method needs."""

    ROSTER_READ = "roster:read", _("Werknemers lezen")
    ROSTER_WRITE = "roster:write", _("Werknemers toevoegen")
    ABSENCES_READ = "absences:read", _("Verzuim lezen")
    EVENTS_MANAGE = "events:manage", _("Gebeurtenissen (webhooks) beheren")


class ApiKey(models.Model):
    """A key of a machine client (a payroll or HR system) acting for one employer (verzuim.api_keys).

    Only the SHA-256 hash of the secret is stored; the secret is shown once, when the key is made. A key is never
    deleted (the audit log points to it): revoking sets revoked_at."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    employer = models.ForeignKey(Employer, verbose_name=_("werkgever"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("naam"), max_length=100)
    scopes = models.JSONField(_("rechten"), default=list)
    prefix = models.CharField(_("begin van de sleutel"), max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64)
    created_by = models.ForeignKey(User, verbose_name=_("aangemaakt door"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    expires_at = models.DateTimeField(_("verloopt op"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("laatst gebruikt"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        User, verbose_name=_("ingetrokken door"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("API-sleutel")
        verbose_name_plural = _("API-sleutels")
        ordering: ClassVar = ["-created_at", "-id"]
        indexes: ClassVar = [models.Index(fields=["employer", "created_at"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"


class NotificationKind(models.TextChoices):
    DUE_IN_7_DAYS = "due_7", _("Over 7 dagen")
    DUE_IN_1_DAY = "due_1", _("Morgen")
    OVERDUE = "overdue", _("Te laat")


class NotificationState(models.TextChoices):
    PENDING = "pending", _("Wacht op verzending")
    SENT = "sent", _("Verzonden")
    FAILED = "failed", _("Mislukt")
    CANCELLED = "cancelled", _("Vervallen")


class Notification(models.Model):
    """The outbox: one row per reminder per recipient; the unique key makes queueing twice impossible."""

    id = models.BigAutoField(primary_key=True)
    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("soort"), max_length=16, choices=NotificationKind.choices)
    # What it is about, named by the app that queued it (a Poortwachter step: "step" and the step's id). No foreign
    # key: the outbox is core and knows no app's tables; each app checks its own rows (verzuim.notifications).
    object_type = models.CharField(max_length=40)
    object_id = models.CharField(max_length=64)
    due_date = models.DateField(_("uiterste datum"))
    # What the message says; never medical data (the title of a step, initials, the employer).
    title = models.CharField(_("onderwerp"), max_length=200)
    context = models.CharField(_("over"), max_length=200)
    url = models.CharField(max_length=300)
    scheduled_for = models.DateTimeField(_("versturen vanaf"), default=timezone.now)
    instant = models.BooleanField(default=False)
    state = models.CharField(
        _("status"), max_length=16, choices=NotificationState.choices, default=NotificationState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(_("laatste fout"), blank=True)
    sent_at = models.DateTimeField(_("verzonden op"), null=True, blank=True)
    read_at = models.DateTimeField(_("gelezen op"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        ordering: ClassVar = ["-scheduled_for", "-id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["recipient", "object_type", "object_id", "kind", "due_date"], name="notification_once"
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["scheduled_for"], condition=Q(state="pending"), name="notification_pending_idx"),
            models.Index(fields=["recipient", "read_at"], name="notification_unread_idx"),
            # The reminders of one object (a step that a recomputation drops takes its reminders with it, a stale
            # reminder is cancelled): without it each lookup read every notification of the book (decision 379).
            models.Index(fields=["object_type", "object_id"], name="notification_object_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient} {self.kind} {self.title} ({self.due_date})"


class ReminderDigest(models.Model):
    """At most one digest e-mail per user per day: inserting this row is the claim."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints: ClassVar = [models.UniqueConstraint(fields=["user", "day"], name="digest_once_per_day")]

    def __str__(self) -> str:
        return f"{self.user} {self.day}"


class EmployeeInvitation(models.Model):
    """The one-time link that lets an invited employee set the password of their account (verzuim.employee_accounts).

    Only the SHA-256 of the link's token is stored; the token is made when the outbox sends the mail, so it exists in
    the mail alone. A link works once, until `expires_at`."""

    id = models.BigAutoField(primary_key=True)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="employee_invitations")
    email = models.EmailField(_("e-mailadres"))
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("uitnodiging werknemer")
        verbose_name_plural = _("uitnodigingen werknemer")

    def __str__(self) -> str:
        return f"{self.email} ({self.created_at:%Y-%m-%d})"


class PasswordResetRequest(models.Model):
    """The outbox of password-reset mails: one row per request, for any address typed, known or not.

    The request only writes this row, whatever the address, so its timing says nothing about whether the address
    has an account; the worker (verzuim.password_reset) looks the address up, makes the one-time link at send
    time (so no secret is stored here) and deletes the row."""

    id = models.BigAutoField(primary_key=True)
    # One waiting request per address: asking again while one waits adds nothing (no mail bomb, no flood).
    email = models.EmailField(_("e-mailadres"), unique=True)
    requested_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("aanvraag nieuw wachtwoord")
        verbose_name_plural = _("aanvragen nieuw wachtwoord")
        indexes: ClassVar = [models.Index(fields=["next_attempt_at"], name="password_reset_due_idx")]

    def __str__(self) -> str:
        return f"{self.email} ({self.requested_at:%Y-%m-%d %H:%M})"


class OutgoingMailState(models.TextChoices):
    PENDING = "pending", _("Wacht op verzending")
    SENT = "sent", _("Verzonden")
    FAILED = "failed", _("Mislukt")
    CANCELLED = "cancelled", _("Vervallen")


class OutgoingMail(models.Model):
    """The outbox of every one-off mail (one-time links, complaint receipts, survey invitations; verzuim.mail).

    The row is written in the transaction of the fact it reports, so it exists exactly when that fact committed;
    the beat job `mail-send-pending` renders and sends it. It holds no body and no secret: the kind's registered
    renderer builds the mail at send time (and makes a one-time token then, storing only its hash on its own row).
    Like Notification, it names its subject by `object_type`/`object_id`, never by a foreign key into an app."""

    id = models.BigAutoField(primary_key=True)
    kind = models.CharField(_("soort"), max_length=40)
    # The addresses, separated by ", " (a survey invitation goes to every user of an employer in one mail).
    to = models.TextField(_("aan"))
    object_type = models.CharField(max_length=40)
    object_id = models.CharField(max_length=64)
    state = models.CharField(
        _("status"), max_length=16, choices=OutgoingMailState.choices, default=OutgoingMailState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True, default=timezone.now)
    last_error = models.TextField(_("laatste fout"), blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now, editable=False)
    sent_at = models.DateTimeField(_("verzonden op"), null=True, blank=True)

    class Meta:
        verbose_name = _("uitgaande e-mail")
        verbose_name_plural = _("uitgaande e-mails")
        indexes: ClassVar = [models.Index(fields=["state", "next_attempt_at"], name="outgoing_mail_due_idx")]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_type}:{self.object_id} ({self.state})"

    @property
    def recipients(self) -> tuple[str, ...]:
        return tuple(address for address in (part.strip() for part in self.to.split(",")) if address)


class AuthenticatorDevice(TOTPDevice):
    """django-otp's TOTP device under a Dutch name in the admin: its model names are plain English strings that no
    translation catalogue reaches (issue 21 item 5). A proxy: the same table and rows."""

    class Meta:
        proxy = True
        verbose_name = _("authenticator-app")
        verbose_name_plural = _("authenticator-apps")


class RosterSource(models.TextChoices):
    API = "api", _("API")
    FILE = "file", _("bestand")


class RosterMode(models.TextChoices):
    FULL = "full", _("volledig")
    PARTIAL = "partial", _("gedeeltelijk")


class RosterSync(models.Model):
    """One run of the roster sync (verzuim.roster): what it found and did, refused and dry runs included.

    The employer sees these on the sync log page; a refused run keeps every row error, a run with conflicts the
    personnel numbers a person must decide about. Nothing here is medical: numbers, counts and Dutch messages.
    """

    id = models.BigAutoField(primary_key=True)
    employer = models.ForeignKey(
        Employer, verbose_name=_("werkgever"), on_delete=models.PROTECT, related_name="roster_syncs"
    )
    started_by = models.ForeignKey(
        User, verbose_name=_("gestart door"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # A machine client's run names its key instead of a user (verzuim.api_keys).
    api_key = models.ForeignKey(
        "ApiKey", verbose_name=_("API-sleutel"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    source = models.CharField(_("bron"), max_length=8, choices=RosterSource.choices)
    mode = models.CharField(_("soort"), max_length=8, choices=RosterMode.choices)
    missing_action = models.CharField(_("ontbrekende werknemers"), max_length=16, default="report")
    end_date = models.DateField(_("datum uit dienst"), null=True, blank=True)
    dry_run = models.BooleanField(_("proefrun"), default=False)
    rows = models.PositiveIntegerField(_("rijen"), default=0)
    created = models.PositiveIntegerField(_("nieuw"), default=0)
    changed = models.PositiveIntegerField(_("gewijzigd"), default=0)
    unchanged = models.PositiveIntegerField(_("ongewijzigd"), default=0)
    ended = models.PositiveIntegerField(_("uit dienst gezet"), default=0)
    missing = models.JSONField(_("ontbrekend"), default=list, blank=True)
    conflicts = models.JSONField(_("conflicten"), default=list, blank=True)
    errors = models.JSONField(_("fouten"), default=list, blank=True)
    created_at = models.DateTimeField(_("moment"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("synchronisatie werknemersbestand")
        verbose_name_plural = _("synchronisaties werknemersbestand")
        ordering: ClassVar = ["-created_at", "-id"]
        indexes: ClassVar = [models.Index(fields=["employer", "created_at"], name="roster_sync_employer_idx")]

    def __str__(self) -> str:
        return f"{self.employer_id} {self.created_at:%Y-%m-%d %H:%M} {self.source} {self.mode}"

    @property
    def refused(self) -> bool:
        return bool(self.errors)


class WebhookEvent(models.TextChoices):
    """The events an HR or payroll system may subscribe to (issue 23 item 3): facts of absence, never medical."""

    ABSENCE_REPORTED = "absence.reported", _("Ziekmelding")
    ABSENCE_RECOVERED = "absence.recovered", _("Volledig hersteld")
    ABSENCE_PERCENTAGE_CHANGED = "absence.percentage_changed", _("Verzuimpercentage gewijzigd")
    CASE_CLOSED = "case.closed", _("Verzuimgeval afgesloten")
    EMPLOYEE_SYNCED = "employee.synced", _("Werknemer gesynchroniseerd")


class WebhookSubscription(models.Model):
    """An HR or payroll system's subscription to an employer's events (verzuim.webhooks): its URL, the secret the
    deliveries are signed with (HMAC-SHA256), and the events. Removing it keeps the row for its deliveries."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    employer = models.ForeignKey(
        Employer, verbose_name=_("werkgever"), on_delete=models.PROTECT, related_name="webhook_subscriptions"
    )
    url = models.URLField(_("adres"), max_length=500)
    # The receiver checks the signature with it, so it is needed in plain text at send time; it is never shown again.
    secret = models.CharField(_("geheim"), max_length=200)
    events = models.JSONField(_("gebeurtenissen"), default=list)
    created_by = models.ForeignKey(
        User, verbose_name=_("aangemaakt door"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now, editable=False)
    deleted_at = models.DateTimeField(_("verwijderd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook-abonnement")
        verbose_name_plural = _("webhook-abonnementen")
        indexes: ClassVar = [models.Index(fields=["employer", "created_at"], name="webhook_subscription_idx")]

    def __str__(self) -> str:
        return self.url


class WebhookDeliveryState(models.TextChoices):
    PENDING = "pending", _("Wacht op aflevering")
    DELIVERED = "delivered", _("Afgeleverd")
    FAILED = "failed", _("Mislukt")


class WebhookDelivery(models.Model):
    """The outbox of one event for one subscription: written in the transaction of the fact, delivered by the beat
    job `webhook-deliver-pending`, retried with backoff, failed after MAX_ATTEMPTS and retryable then."""

    id = models.BigAutoField(primary_key=True)
    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.PROTECT, related_name="deliveries", verbose_name=_("abonnement")
    )
    event = models.CharField(_("gebeurtenis"), max_length=40, choices=WebhookEvent.choices)
    # One id per fact: the same event to two subscriptions has the same id, a retry keeps it (receivers dedupe).
    event_id = models.UUIDField(_("gebeurtenis-id"))
    payload = models.JSONField(_("inhoud"))
    state = models.CharField(
        _("status"), max_length=16, choices=WebhookDeliveryState.choices, default=WebhookDeliveryState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True, default=timezone.now)
    last_error = models.TextField(_("laatste fout"), blank=True)
    last_status = models.PositiveSmallIntegerField(_("laatste HTTP-status"), null=True, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now, editable=False)
    delivered_at = models.DateTimeField(_("afgeleverd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook-aflevering")
        verbose_name_plural = _("webhook-afleveringen")
        indexes: ClassVar = [
            models.Index(fields=["state", "next_attempt_at"], name="webhook_delivery_due_idx"),
            models.Index(fields=["subscription", "created_at"], name="webhook_delivery_sub_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.event} {self.event_id} ({self.state})"
