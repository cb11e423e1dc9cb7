"""Reads of the registry of certified professionals: who is registered on a day, and what needs attention.

The rule itself is cases/professionals/registration.py; these functions load the histories it needs in a fixed number of
queries (never one per professional) and hand them over. The registry is insurer staff's: every other role
gets a 404 for it, as for anything that is not theirs.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.db.models.functions import Upper
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.professionals import registration
from cases.professionals.models import (
    Arbodienst,
    ArbodienstCertificate,
    CasemanagerBasis,
    CasemanagerRegistration,
    EmployerArbodienst,
    LabourExpert,
    LabourExpertRegistration,
    PhysicianRegistration,
)
from cases.professionals.registration import Standing, Status, Validity
from verzuim.models import Employer, Role, User

# Who keeps and reads the registry (pages, API, admin).
REGISTRY_ROLES = frozenset({Role.INSURER, Role.ADMIN})
# docs/decisions.md #87: the staff dashboard shows what expires within this many days (or has expired).
ATTENTION_DAYS = 60

KIND_LABELS = {
    "casemanager": gettext_lazy("Casemanager"),
    "occupational_physician": gettext_lazy("Bedrijfsarts"),
    "labour_expert": gettext_lazy("Arbeidsdeskundige"),
    "arbodienst": gettext_lazy("Arbodienst"),
}


def registry_require_access(*, user: User) -> None:
    if not (user.is_authenticated and user.is_active and user.role in REGISTRY_ROLES):
        raise Http404


@dataclass(frozen=True)
class RegistryItem:
    """One professional (or arbodienst) with their standing on a day."""

    kind: str
    id: Any
    name: str
    standing: Standing

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])

    @property
    def status(self) -> str:
        return str(self.standing.status)

    @property
    def registered(self) -> bool:
        return self.standing.registered

    @property
    def last_day(self) -> dt.date | None:
        return self.standing.last_day

    @property
    def registration(self) -> str:
        """What the registration that counts is: a register and number, a BIG number, an employer."""
        row = self.standing.row.ref if self.standing.row is not None else None
        if isinstance(row, PhysicianRegistration):
            return f"BIG {row.big_number}"
        if isinstance(row, CasemanagerRegistration):
            if row.basis == CasemanagerBasis.REGISTER:
                return f"{row.register_name} {row.register_number}"
            if row.basis == CasemanagerBasis.ARBODIENST and row.arbodienst is not None:
                return _("In dienst van %(arbodienst)s") % {"arbodienst": row.arbodienst.name}
            return str(row.get_basis_display())
        if isinstance(row, LabourExpertRegistration):
            return row.register_number
        if isinstance(row, ArbodienstCertificate):
            return str(row)
        return ""

    @property
    def status_text(self) -> str:
        """The standing in one Dutch phrase, for the dashboard."""
        last_day = self.last_day.strftime("%d-%m-%Y") if self.last_day else ""
        certificate = self.standing.certificate.ref if self.standing.certificate is not None else None
        row = self.standing.row.ref if self.standing.row is not None else None
        arbodienst = getattr(row, "arbodienst", None)
        status = self.standing.status
        if status == Status.REGISTERED:
            return _("Geldig tot en met %(date)s") % {"date": last_day} if last_day else _("Geldig, zonder einddatum")
        if status == Status.EXPIRED:
            return _("Verlopen op %(date)s") % {"date": last_day}
        if status == Status.CERTIFICATE_EXPIRED:
            return _("Certificaat van %(arbodienst)s verlopen op %(date)s") % {
                "arbodienst": getattr(getattr(certificate, "arbodienst", None), "name", ""),
                "date": last_day,
            }
        if status == Status.CERTIFICATE_MISSING:
            return _("%(arbodienst)s heeft geen geldig certificaat") % {"arbodienst": getattr(arbodienst, "name", "")}
        return _("Geen geldige registratie")


def _certificate_histories(arbodienst_ids: Iterable[Any] | None = None) -> dict[Any, tuple[Validity, ...]]:
    """Every arbodienst's certificate rows (of the given ones, or all), one query."""
    queryset = ArbodienstCertificate.objects.select_related("arbodienst")
    if arbodienst_ids is not None:
        queryset = queryset.filter(arbodienst_id__in=set(arbodienst_ids))
    histories: dict[Any, list[Validity]] = defaultdict(list)
    for certificate in queryset:
        histories[certificate.arbodienst_id].append(
            Validity(certificate.valid_from, certificate.valid_until, order=certificate.pk, ref=certificate)
        )
    return {key: tuple(rows) for key, rows in histories.items()}


def _casemanager_histories(
    rows: Iterable[CasemanagerRegistration], certificates: dict[Any, tuple[Validity, ...]] | None = None
) -> dict[Any, list[Validity]]:
    """Each casemanager's rows; a row resting on an arbodienst carries that arbodienst's certificates."""
    rows = list(rows)
    if certificates is None:
        certificates = _certificate_histories(row.arbodienst_id for row in rows if row.arbodienst_id)
    histories: dict[Any, list[Validity]] = defaultdict(list)
    for row in rows:
        depends_on = None
        if row.basis == CasemanagerBasis.ARBODIENST:
            depends_on = certificates.get(row.arbodienst_id, ())
        histories[row.user_id].append(
            Validity(row.valid_from, row.valid_until, order=row.pk, depends_on=depends_on, ref=row)
        )
    return histories


def _physician_histories(rows: Iterable[PhysicianRegistration]) -> dict[Any, list[Validity]]:
    # The BIG registration is personal: a physician may work outside a certified arbodienst (docs/decisions.md).
    histories: dict[Any, list[Validity]] = defaultdict(list)
    for row in rows:
        histories[row.user_id].append(Validity(row.valid_from, row.registered_until, order=row.pk, ref=row))
    return histories


def casemanager_standing(*, user: User, on: dt.date) -> Standing:
    """The casemanager's standing on `on` (three queries at most)."""
    rows = CasemanagerRegistration.objects.filter(user=user).select_related("arbodienst")
    return registration.standing(_casemanager_histories(rows).get(user.pk, []), on)


def casemanager_registered_ids(*, candidates: QuerySet[User], on: dt.date) -> set[Any]:
    """The ids of the users in `candidates` registered as casemanager on `on` (two queries)."""
    rows = CasemanagerRegistration.objects.filter(user__in=candidates.values("pk"), valid_from__lte=on)
    histories = _casemanager_histories(rows)
    return {user_id for user_id, history in histories.items() if registration.registered_on(history, on)}


def physician_standing(*, user: User, on: dt.date) -> Standing:
    rows = PhysicianRegistration.objects.filter(user=user)
    return registration.standing(_physician_histories(rows).get(user.pk, []), on)


REGISTRY_SORT_KEY_SIZE = 5


def registry_sort_key(item: RegistryItem) -> tuple[bool, str, str, str, str]:
    """Most urgent first: no registration at all, then by the last valid day; then by name; kind and id make it
    unique. Plain values (the day as ISO text sorts as the day), so the API's cursor compares as the list does."""
    return (item.last_day is not None, (item.last_day or dt.date.min).isoformat(), item.name, item.kind, str(item.id))


def _sorted(items: list[RegistryItem]) -> list[RegistryItem]:
    return sorted(items, key=registry_sort_key)


def registry_list(*, fetched_by: User, today: dt.date) -> list[RegistryItem]:
    """Every active casemanager, physician, labour expert and arbodienst with their standing on `today`.

    Seven queries however many there are."""
    registry_require_access(user=fetched_by)
    items: list[RegistryItem] = []
    certificates = _certificate_histories()
    users = list(
        User.objects.filter(role__in=[Role.CASEMANAGER, Role.OCCUPATIONAL_PHYSICIAN], is_active=True).order_by(
            "full_name", "email"
        )
    )
    casemanager_rows = CasemanagerRegistration.objects.filter(
        user__role=Role.CASEMANAGER, user__is_active=True
    ).select_related("arbodienst")
    casemanagers = _casemanager_histories(casemanager_rows, certificates)
    physicians = _physician_histories(
        PhysicianRegistration.objects.filter(user__role=Role.OCCUPATIONAL_PHYSICIAN, user__is_active=True)
    )
    for user in users:
        histories = casemanagers if user.role == Role.CASEMANAGER else physicians
        history = histories.get(user.pk, [])
        items.append(RegistryItem(str(user.role), user.pk, user.get_full_name(), registration.standing(history, today)))
    expert_rows = LabourExpertRegistration.objects.filter(labour_expert__is_active=True)
    experts: dict[Any, list[Validity]] = defaultdict(list)
    for row in expert_rows:
        experts[row.labour_expert_id].append(Validity(row.valid_from, row.valid_until, order=row.pk, ref=row))
    for expert in LabourExpert.objects.filter(is_active=True):
        items.append(
            RegistryItem("labour_expert", expert.pk, expert.name, registration.standing(experts[expert.pk], today))
        )
    for arbodienst in Arbodienst.objects.filter(is_active=True):
        history = list(certificates.get(arbodienst.pk, ()))
        items.append(RegistryItem("arbodienst", arbodienst.pk, arbodienst.name, registration.standing(history, today)))
    return _sorted(items)


def registry_attention(*, fetched_by: User, today: dt.date, within_days: int = ATTENTION_DAYS) -> list[RegistryItem]:
    """What the staff dashboard shows: registrations and certificates that expire within `within_days` days,
    have expired, or are missing (an active casemanager or physician without any)."""
    items = registry_list(fetched_by=fetched_by, today=today)
    return [item for item in items if registration.needs_attention(item.standing, within_days=within_days)]


# --- An employer's own arbodienst -----------------------------------------------------------------------------


def certificate_number_normalise(value: str) -> str:
    return "".join(value.split()).upper()


@dataclass(frozen=True)
class OwnArbodienst:
    """The arbodienst an employer contracts outside the policy and whether the registry knows it as certified."""

    employer: Employer
    record: EmployerArbodienst | None
    standing: Standing | None

    @property
    def recorded(self) -> bool:
        return self.record is not None and bool(self.record.name)

    @property
    def certified(self) -> bool:
        return self.standing is not None and self.standing.registered

    @property
    def warning(self) -> str:
        """A Dutch warning when the employer's own arbodienst is not certified today; empty otherwise."""
        if not self.recorded or self.certified:
            return ""
        assert self.record is not None
        values = {"name": self.record.name, "number": self.record.certificate_number}
        if not self.record.certificate_number:
            return _("Van arbodienst %(name)s is geen certificaatnummer bekend.") % values
        assert self.standing is not None
        if self.standing.status == Status.EXPIRED and self.standing.last_day is not None:
            values["date"] = self.standing.last_day.strftime("%d-%m-%Y")
            return _("Het certificaat %(number)s van arbodienst %(name)s is verlopen op %(date)s.") % values
        return (
            _(
                "Certificaat %(number)s van arbodienst %(name)s staat niet in het register van gecertificeerde "
                "arbodiensten (SBCA of OVAL)."
            )
            % values
        )


def _own_arbodienst_standings(numbers: Iterable[str], today: dt.date) -> dict[str, Standing]:
    """The standing of each certificate number on `today`, from every registry row with that number (one query)."""
    wanted = {number for number in numbers if number}
    histories: dict[str, list[Validity]] = defaultdict(list)
    if wanted:
        rows = ArbodienstCertificate.objects.annotate(normalised=Upper("number")).filter(normalised__in=wanted)
        for row in rows:
            key = certificate_number_normalise(row.number)
            histories[key].append(Validity(row.valid_from, row.valid_until, order=row.pk, ref=row))
    return {number: registration.standing(histories[number], today) for number in wanted}


def _current_rows() -> QuerySet[EmployerArbodienst]:
    newer = EmployerArbodienst.objects.filter(employer=OuterRef("employer"), pk__gt=OuterRef("pk"))
    return EmployerArbodienst.objects.filter(~Exists(newer))


def employer_arbodienst_get(*, employer: Employer, today: dt.date) -> OwnArbodienst:
    """The employer's own arbodienst as last recorded, with its certificate's standing (two queries)."""
    record = EmployerArbodienst.objects.filter(employer=employer).order_by("-pk").first()
    standing = None
    if record is not None and record.name and record.certificate_number:
        standing = _own_arbodienst_standings([record.certificate_number], today)[record.certificate_number]
    return OwnArbodienst(employer=employer, record=record, standing=standing)


def employer_uses_policy_arbodienst(*, employer: Employer, on: dt.date) -> bool:
    """Whether the employer used the policy's arbodienst on `on` (one query).

    The newest `EmployerArbodienst` row recorded on or before that day counts (docs/decisions.md #88): none at
    all, or one without a name, means the policy's arbodienst; a name means an arbodienst of the employer's own.
    Dated, so the answer for the day a sickness was reported stays the same when the employer later switches.
    (Used by cases.absence.services: reporting sickness in the portal is the report to the policy's arbodienst,
    docs/domain.md §5.)"""
    day_after = dt.datetime.combine(on + dt.timedelta(days=1), dt.time.min, tzinfo=timezone.get_current_timezone())
    name = (
        EmployerArbodienst.objects.filter(employer=employer, recorded_at__lt=day_after)
        .order_by("-pk")
        .values_list("name", flat=True)
        .first()
    )
    return not name


def employer_arbodienst_warnings(*, fetched_by: User, today: dt.date) -> list[OwnArbodienst]:
    """Employers whose own arbodienst is not certified today, for insurer staff (two queries)."""
    registry_require_access(user=fetched_by)
    records = list(_current_rows().exclude(name="").select_related("employer").order_by("employer__name"))
    standings = _own_arbodienst_standings((record.certificate_number for record in records), today)
    own = [
        OwnArbodienst(employer=record.employer, record=record, standing=standings.get(record.certificate_number))
        for record in records
    ]
    return [item for item in own if item.warning]
