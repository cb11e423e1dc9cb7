"""Versions of the premium parameters: the date rule, copying a set into a new version, and the audit of edits.

A set a calculation used is history (ParameterSet.is_used); insurer staff change the numbers by copying it
into a new version with a later valid-from date (docs/decisions.md #66-#71).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from premiums.models import (
    AgeMixFactor,
    CoverageFactor,
    CredibilityPoint,
    ParameterRow,
    ParameterSet,
    ParameterSetLocked,
    SectorParameter,
    WaitingDaysFactor,
)
from verzuim.audit import audit_record
from verzuim.models import AuditAction, Role, User

AUDIT_OBJECT_TYPE = "premium_parameter_set"
ROW_MODELS: tuple[type[ParameterRow], ...] = (
    SectorParameter,
    WaitingDaysFactor,
    CoverageFactor,
    AgeMixFactor,
    CredibilityPoint,
)


def _require_parameter_editor(user: User) -> None:
    if not (user.is_superuser or user.role in {Role.INSURER, Role.ADMIN}):
        raise PermissionDenied(_("Alleen medewerkers van de verzekeraar beheren de premieparameters."))


def parameter_set_valid_from_problem(
    *, valid_from: dt.date, parameter_set: ParameterSet | None = None, today: dt.date | None = None
) -> str | None:
    """Why a set may not start on `valid_from` (Dutch), or None.

    A date in the past is only for the newest set: slipped in under a later set it would rewrite which
    numbers applied to days that are gone (and to premium years already calculated with another set).
    """
    today = today or timezone.localdate()
    if valid_from >= today:
        return None
    later = ParameterSet.objects.filter(valid_from__gt=valid_from)
    if parameter_set is not None and parameter_set.pk is not None:
        later = later.exclude(pk=parameter_set.pk)
    first_later = later.order_by("valid_from").values_list("valid_from", flat=True).first()
    if first_later is None:
        return None
    return _(
        "Een ingangsdatum in het verleden kan alleen voor de nieuwste premieparameters; er zijn al parameters "
        "vanaf %(date)s. Kies vandaag of een latere datum."
    ) % {"date": first_later.strftime("%d-%m-%Y")}


def parameter_set_next_valid_from() -> dt.date:
    """1 January of the year after the newest set: later than every set, so the date is always free."""
    newest = ParameterSet.objects.order_by("-valid_from").values_list("valid_from", flat=True).first()
    year = newest.year if newest is not None else timezone.localdate().year
    return dt.date(year + 1, 1, 1)


def _copy_description(parameter_set: ParameterSet) -> str:
    if parameter_set.description:
        text = _("%(description)s (kopie)") % {"description": parameter_set.description}
    else:
        text = _("Kopie van de parameters vanaf %(date)s") % {"date": parameter_set.valid_from.strftime("%d-%m-%Y")}
    return text[: ParameterSet._meta.get_field("description").max_length]


def parameter_set_copy(*, copied_by: User, parameter_set: ParameterSet) -> ParameterSet:
    """A new, editable version with every row of `parameter_set`, valid from `parameter_set_next_valid_from()`."""
    _require_parameter_editor(copied_by)
    with transaction.atomic():
        # Two copies at once would pick the same date: the second waits here and then sees the first.
        list(ParameterSet.objects.select_for_update().values_list("pk", flat=True))
        source = ParameterSet.objects.get(pk=parameter_set.pk)
        copy = ParameterSet(
            valid_from=parameter_set_next_valid_from(),
            description=_copy_description(source),
            wage_cap=source.wage_cap,
            rise_cap_pct=source.rise_cap_pct,
            intervention_limit_pct=source.intervention_limit_pct,
        )
        copy.full_clean()
        copy.save()
        rows = 0
        for model in ROW_MODELS:
            fields = [
                field.attname
                for field in model._meta.concrete_fields
                if not field.primary_key and field.name != "parameter_set"
            ]
            # bulk_create skips ParameterRow.save's lock check, which a brand-new set does not need.
            created = model._default_manager.bulk_create(
                model(parameter_set=copy, **{name: getattr(row, name) for name in fields})
                for row in model._default_manager.filter(parameter_set=source)
            )
            rows += len(created)
        audit_record(
            actor=copied_by,
            action=AuditAction.CREATE,
            object_type=AUDIT_OBJECT_TYPE,
            object_id=copy.pk,
            changes={
                "valid_from": copy.valid_from.isoformat(),
                "copied_from": source.pk,
                "copied_from_valid_from": source.valid_from.isoformat(),
                "rows": rows,
            },
        )
    return copy


def parameter_set_lock_for_edit(parameter_set: ParameterSet) -> None:
    """Holds the set's row for the rest of the transaction; raises ParameterSetLocked when it is in use.

    On PostgreSQL a calculation that references the set waits for this lock (its foreign key), so none can
    be stored between this check and the commit of the edit.
    """
    current = ParameterSet.objects.select_for_update().filter(pk=parameter_set.pk).first()
    if current is None or current.is_used:
        raise ParameterSetLocked


def parameter_set_record_admin_save(
    *, saved_by: User, parameter_set: ParameterSet, created: bool, changes: dict[str, Any]
) -> None:
    """The audit row of an add or change in the admin (the admin saved the set and its rows itself)."""
    _require_parameter_editor(saved_by)
    audit_record(
        actor=saved_by,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        object_type=AUDIT_OBJECT_TYPE,
        object_id=parameter_set.pk,
        changes={"valid_from": parameter_set.valid_from.isoformat(), **changes},
    )
