"""The complaints desk (docs/domain.md §11): complaints, their append-only history, attachments, the dated
deadline terms, and satisfaction surveys (after a complaint or a case closes)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from verzuim.validators import validate_name_characters


class ComplaintCategory(models.TextChoices):
    CASEMANAGER = "casemanager", _("Casemanager")
    ARBODIENST = "arbodienst", _("Arbodienst of bedrijfsarts")
    PREMIUM = "premium", _("Premie")
    CLAIM = "claim", _("Uitkering of declaratie")
    INTERVENTION = "intervention", _("Interventie")
    PRIVACY = "privacy", _("Privacy")
    COVENANT = "covenant", _("Naleving van het convenant")
    OTHER = "other", _("Overig")


class ComplaintChannel(models.TextChoices):
    PUBLIC = "public", _("Openbaar formulier")
    PORTAL = "portal", _("Portaal")
    API = "api", _("API")
    # Registered on the desk by a complaint handler (decision 263): a letter by post, or a call.
    LETTER = "letter", _("Brief")
    PHONE = "phone", _("Telefoon")


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", _("Ontvangen")
    ACKNOWLEDGED = "acknowledged", _("Ontvangst bevestigd")
    WAITING = "waiting", _("Wacht op informatie van de klager")
    ANSWERED = "answered", _("Beantwoord")
    CLOSED = "closed", _("Afgesloten")


class ComplaintOutcome(models.TextChoices):
    FOUNDED = "founded", _("Gegrond")
    UNFOUNDED = "unfounded", _("Ongegrond")
    PARTLY_FOUNDED = "partly_founded", _("Deels gegrond")


class EscalationRoute(models.TextChoices):
    EXTERNAL = "external", _("Externe klachtenregeling")
    KIFID = "kifid", _("Kifid")


class ComplaintTerms(models.Model):
    """The desk's deadlines (parameters), valid from a date: a complaint uses the terms valid on its receipt."""

    valid_from = models.DateField(_("geldig vanaf"), unique=True)
    acknowledge_working_days = models.PositiveSmallIntegerField(
        _("ontvangst bevestigen binnen (werkdagen)"), validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    answer_weeks = models.PositiveSmallIntegerField(
        _("beantwoorden binnen (weken)"), validators=[MinValueValidator(1), MaxValueValidator(52)]
    )

    class Meta:
        verbose_name = _("termijnen klachtafhandeling")
        verbose_name_plural = _("termijnen klachtafhandeling")
        ordering: ClassVar = ["-valid_from"]

    def __str__(self) -> str:
        return f"{self.valid_from:%d-%m-%Y}: {self.acknowledge_working_days} / {self.answer_weeks}"


class ReferenceCounter(models.Model):
    """The last reference number handed out in a year (KL-YYYY-NNNNNN), taken under a row lock."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Complaint(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(_("kenmerk"), max_length=16, unique=True)
    category = models.CharField(_("onderwerp"), max_length=16, choices=ComplaintCategory.choices)
    description = models.TextField(_("omschrijving"))
    contact_name = models.CharField(_("naam"), max_length=200, validators=[validate_name_characters])
    # Empty only for a complaint the desk registered from a letter or a call without one (decision 263).
    contact_email = models.EmailField(_("e-mailadres"), blank=True)
    employer_kvk = models.CharField(_("KvK-nummer werkgever"), max_length=8, blank=True)
    # Set when the complaint comes from the portal, or when the KvK number is one of our employers.
    employer = models.ForeignKey(
        "verzuim.Employer",
        verbose_name=_("werkgever"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
    )
    # The absence case the complaint is about, when an employer user named one of its own cases in the portal
    # (docs/decisions.md item 260); the desk shows who and since when, never the dossier itself.
    case = models.ForeignKey(
        "cases.AbsenceCase",
        verbose_name=_("verzuimgeval"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ingediend door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    channel = models.CharField(_("kanaal"), max_length=8, choices=ComplaintChannel.choices)
    received_on = models.DateField(_("ontvangen op"))
    terms = models.ForeignKey(ComplaintTerms, verbose_name=_("termijnen"), on_delete=models.PROTECT, related_name="+")
    acknowledge_by = models.DateField(_("ontvangst bevestigen uiterlijk"))
    answer_by = models.DateField(_("beantwoorden uiterlijk"))
    # Calendar days the answer clock stood still while waiting for the complainant (added to answer_by).
    paused_days = models.PositiveIntegerField(_("dagen gepauzeerd"), default=0)
    paused_since = models.DateField(_("gepauzeerd sinds"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ComplaintStatus.choices, default=ComplaintStatus.RECEIVED
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("behandelaar"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_complaints",
    )
    acknowledged_on = models.DateField(_("ontvangst bevestigd op"), null=True, blank=True)
    answered_on = models.DateField(_("beantwoord op"), null=True, blank=True)
    closed_on = models.DateField(_("afgesloten op"), null=True, blank=True)
    outcome = models.CharField(_("uitkomst"), max_length=16, choices=ComplaintOutcome.choices, blank=True)
    escalated_to = models.CharField(_("doorverwezen naar"), max_length=16, choices=EscalationRoute.choices, blank=True)
    escalated_on = models.DateField(_("doorverwezen op"), null=True, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("klacht")
        verbose_name_plural = _("klachten")
        ordering: ClassVar = ["-received_on", "-reference"]
        indexes: ClassVar = [
            models.Index(fields=["status", "answer_by"], name="complaint_status_answer_by"),
            models.Index(fields=["received_on"], name="complaint_received_on"),
        ]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(acknowledge_by__gte=models.F("received_on")), name="complaint_ack_after"
            ),
            models.CheckConstraint(condition=Q(answer_by__gte=models.F("received_on")), name="complaint_answer_after"),
            models.CheckConstraint(
                condition=~Q(status=ComplaintStatus.CLOSED) | ~Q(outcome=""), name="complaint_closed_has_outcome"
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def days_left(self, today: dt.date) -> int | None:
        """Calendar days until the answer deadline (negative: overdue); None once answered or closed."""
        if self.status in (ComplaintStatus.ANSWERED, ComplaintStatus.CLOSED):
            return None
        return (self.answer_by - today).days


class ComplaintEventKind(models.TextChoices):
    RECEIVED = "received", _("Ontvangen")
    ACKNOWLEDGED = "acknowledged", _("Ontvangst bevestigd")
    ASSIGNED = "assigned", _("Toegewezen")
    INFO_REQUESTED = "info_requested", _("Informatie gevraagd")
    INFO_RECEIVED = "info_received", _("Informatie ontvangen")
    ANSWERED = "answered", _("Beantwoord")
    CLOSED = "closed", _("Afgesloten")
    ESCALATED = "escalated", _("Doorverwezen")
    NOTE = "note", _("Interne notitie")
    REOPENED = "reopened", _("Heropend")


class ComplaintEventQuerySet(models.QuerySet["ComplaintEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("The history of a complaint is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("The history of a complaint is append-only.")


class ComplaintEvent(models.Model):
    """One row of a complaint's history. Never changed or deleted (ORM and a database trigger)."""

    id = models.BigAutoField(primary_key=True)
    complaint = models.ForeignKey(Complaint, verbose_name=_("klacht"), on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField(_("moment"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("door"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    kind = models.CharField(_("soort"), max_length=16, choices=ComplaintEventKind.choices)
    note = models.TextField(_("toelichting"), blank=True)
    # What changed, JSON-safe: e.g. {"status": ["received", "acknowledged"], "assigned_to": "x@y.nl"}.
    data = models.JSONField(_("gegevens"), default=dict, blank=True)

    objects = ComplaintEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("gebeurtenis")
        verbose_name_plural = _("geschiedenis")
        ordering: ClassVar = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.kind} {self.at:%d-%m-%Y %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise PermissionError("The history of a complaint is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise PermissionError("The history of a complaint is append-only.")


class ComplaintAttachment(models.Model):
    """A PDF sent with a complaint; stored outside the web root, type checked by content (decision 261)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(_("bestand"), upload_to="complaints/%Y/")
    original_name = models.CharField(_("bestandsnaam"), max_length=200)
    content_type = models.CharField(_("soort bestand"), max_length=40)
    size = models.PositiveIntegerField(_("grootte (bytes)"))
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("bijlage")
        verbose_name_plural = _("bijlagen")

    def __str__(self) -> str:
        return self.original_name


class SurveyKind(models.TextChoices):
    COMPLAINT = "complaint", _("Na een klacht")
    CASE = "case", _("Na een verzuimdossier")


class SurveyInvitation(models.Model):
    """A one-time link to a short satisfaction survey; only the token's SHA-256 is stored."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("soort"), max_length=16, choices=SurveyKind.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    complaint = models.OneToOneField(
        Complaint, on_delete=models.PROTECT, null=True, blank=True, related_name="survey_invitation"
    )
    case = models.OneToOneField(
        "cases.AbsenceCase", on_delete=models.PROTECT, null=True, blank=True, related_name="survey_invitation"
    )
    employer = models.ForeignKey("verzuim.Employer", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    email = models.EmailField(_("e-mailadres"))
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("geldig tot"))
    used_at = models.DateTimeField(_("ingevuld op"), null=True, blank=True)

    class Meta:
        verbose_name = _("tevredenheidsonderzoek")
        verbose_name_plural = _("tevredenheidsonderzoeken")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=(Q(kind="complaint", complaint__isnull=False, case__isnull=True))
                | (Q(kind="case", case__isnull=False, complaint__isnull=True)),
                name="survey_invitation_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.created_at:%d-%m-%Y}"


class SurveyResponse(models.Model):
    invitation = models.OneToOneField(SurveyInvitation, on_delete=models.PROTECT, related_name="response")
    score = models.PositiveSmallIntegerField(_("score"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    comment = models.TextField(_("toelichting"), blank=True)
    answered_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("antwoord tevredenheidsonderzoek")
        verbose_name_plural = _("antwoorden tevredenheidsonderzoek")
        constraints: ClassVar = [
            models.CheckConstraint(condition=Q(score__gte=1) & Q(score__lte=5), name="survey_score_range"),
        ]

    def __str__(self) -> str:
        return f"{self.score}"


class ComplaintLetterKind(models.TextChoices):
    ACKNOWLEDGEMENT = "acknowledgement", _("Ontvangstbevestiging")
    ANSWER = "answer", _("Antwoordbrief")


class ComplaintLetter(models.Model):
    """A letter to the complainant as it was sent (issue 21 item 2): the handler's text, who signed it, the PDF
    itself, and the outbox row that mails it (none when the complaint has no e-mail address: then it is printed).
    Written once, in the transaction of the step it reports (acknowledge, answer); never changed."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    complaint = models.ForeignKey(Complaint, verbose_name=_("klacht"), on_delete=models.PROTECT, related_name="letters")
    kind = models.CharField(_("soort"), max_length=16, choices=ComplaintLetterKind.choices)
    body = models.TextField(_("tekst"))
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("ondertekend door"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("opgesteld op"), default=timezone.now, editable=False)
    pdf = models.BinaryField(_("brief (PDF)"))
    # The address it was mailed to; "" when the complaint had none (the letter is printed and posted).
    sent_to = models.EmailField(_("verstuurd naar"), blank=True)
    mail = models.ForeignKey(
        "verzuim.OutgoingMail",
        verbose_name=_("e-mail"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("brief aan de klager")
        verbose_name_plural = _("brieven aan de klager")
        ordering: ClassVar = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created_at:%d-%m-%Y}"


class ComplaintLetterTemplate(models.Model):
    """The desk's own standard text of a letter kind (decision 262), edited in the admin by the complaint handlers;
    without one the built-in text (templates/complaints/letters/<kind>.txt) is used. The text holds placeholders
    ($kenmerk, $ontvangen_op, $antwoord_uiterlijk, $onderwerp; $antwoord in the answer), filled by
    complaints.letters with plain strings only (string.Template: no attribute access, nothing else reachable)."""

    kind = models.CharField(_("soort brief"), max_length=16, choices=ComplaintLetterKind.choices, unique=True)
    text = models.TextField(_("standaardtekst"))
    updated_at = models.DateTimeField(_("gewijzigd op"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gewijzigd door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("standaardtekst van een brief")
        verbose_name_plural = _("standaardteksten van brieven")
        ordering: ClassVar = ["kind"]

    def __str__(self) -> str:
        return str(self.get_kind_display())

    def clean(self) -> None:
        from complaints.letters import letter_template_errors

        errors = letter_template_errors(self.kind, self.text)
        if errors:
            raise ValidationError({"text": errors})


# The complainant's follow links live in their own module; imported here so that Django registers the model.
from complaints.models_follow import ComplaintFollowLink as ComplaintFollowLink  # noqa: E402
