"""Machine clients: API keys of a payroll or HR system, acting for one employer (issue 23 item 1, docs/api.md
"Machine clients (API keys)").

An employer user makes keys for its own employer, insurer staff for any employer. A key has a name, scopes
(ApiKeyScope) and an optional expiry. The secret is 32 random bytes (256 bits, secrets.token_urlsafe); it is shown
once and only its SHA-256 hash is stored: for a random secret of that length a fast hash is as strong as a slow
password hash, and it lets every call be checked without a measurable delay. The key starts with a random prefix
that is stored in clear: it finds the row, and the list shows it so the employer can tell its keys apart.

A client sends ``Authorization: Api-Key <key>``. ApiKeyAuthentication answers 401 at once for an unknown, revoked
or expired key. A known key acts as an unsaved employer user of its employer (key_actor): every selector and
service then sees exactly what that employer's employer user sees, and the audit rows of its calls name the key
(verzuim.audit: AuditLog.api_key, actor empty), so a read or change by a machine is never put on a person
(AVG art. 5(2) and art. 32: accountability and a log of who processed which data).

What a key may call is explicit: a view names, per method, the scope it needs (``api_key_scopes``); a view
without one answers a key 403 (ApiKeyScopePermission). ApiKeyRateThrottle counts calls per key in the cache.
last_used_at is written at most once a minute per key (one UPDATE that matches nothing in between).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from verzuim.audit import audit_record
from verzuim.models import ApiKey, ApiKeyScope, AuditAction, Employer, Role, User
from verzuim.selectors import as_uuid

if TYPE_CHECKING:
    from rest_framework.views import APIView  # imported by DRF's settings: a runtime import would be circular

KEYWORD = "Api-Key"
KEY_START = "vzk_"
PREFIX_BYTES = 6  # 12 hex characters: finds the row, shown in the list
SECRET_BYTES = 32  # 256 random bits
NAME_MAX_LENGTH = 100
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)
# Who may make, see and revoke keys: the employer user for its own employer, insurer staff for any employer.
MANAGING_ROLES = frozenset({Role.EMPLOYER, Role.INSURER})


def secret_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def scope_labels(scopes: Iterable[str]) -> list[str]:
    """The scopes in Dutch, in the order of ApiKeyScope."""
    chosen = set(scopes)
    return [str(scope.label) for scope in ApiKeyScope if scope.value in chosen]


# --- Selectors ---------------------------------------------------------------------------------------------------


def may_manage_api_keys(user: Any) -> bool:
    """A machine client never manages keys, whatever its scopes."""
    return bool(
        getattr(user, "is_authenticated", False)
        and getattr(user, "api_key", None) is None
        and user.role in MANAGING_ROLES
    )


def api_key_scope(*, user: User) -> Q:
    if not may_manage_api_keys(user):
        return Q(pk__in=[])
    if user.role == Role.EMPLOYER:
        return Q(employer_id=user.employer_id)
    return Q()


def api_key_list(*, fetched_by: User, employer_id: Any | None = None) -> QuerySet[ApiKey]:
    keys = ApiKey.objects.filter(api_key_scope(user=fetched_by)).select_related("employer", "created_by")
    if employer_id:
        pk = as_uuid(employer_id)
        keys = keys.filter(employer_id=pk) if pk else keys.none()
    return keys


def api_key_get(*, fetched_by: User, api_key_id: Any) -> ApiKey:
    """The key, or 404 when it is not there or not the user's to see (another employer's)."""
    pk = as_uuid(api_key_id)
    key = api_key_list(fetched_by=fetched_by).filter(pk=pk).first() if pk else None
    if key is None:
        raise Http404
    return key


def api_key_employers(*, user: User) -> QuerySet[Employer]:
    """The employers the user may make keys for."""
    if not may_manage_api_keys(user):
        return Employer.objects.none()
    if user.role == Role.EMPLOYER:
        return Employer.objects.filter(pk__in=[user.employer_id] if user.employer_id else [])
    return Employer.objects.order_by("name", "pk")


# --- Services ----------------------------------------------------------------------------------------------------


def api_key_create(
    *,
    created_by: User,
    employer: Employer,
    name: str,
    scopes: Iterable[str],
    expires_at: dt.datetime | None = None,
) -> tuple[ApiKey, str]:
    """Make a key; returns it with the full key, which is not stored and cannot be shown again."""
    if not may_manage_api_keys(created_by) or not api_key_employers(user=created_by).filter(pk=employer.pk).exists():
        raise ValidationError({"employer": [_("Werkgever niet gevonden.")]})
    errors: dict[str, list[str]] = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = [_("Geef de koppeling een naam.")]
    elif len(name) > NAME_MAX_LENGTH:
        errors["name"] = [_("Gebruik hoogstens %(max)s tekens.") % {"max": NAME_MAX_LENGTH}]
    chosen = list(dict.fromkeys(scopes))
    if not chosen:
        errors["scopes"] = [_("Kies minstens één recht.")]
    elif set(chosen) - set(ApiKeyScope.values):
        errors["scopes"] = [_("Onbekend recht.")]
    if expires_at is not None and expires_at <= timezone.now():
        errors["expires_at"] = [_("Kies een moment in de toekomst.")]
    if errors:
        raise ValidationError(errors)
    prefix = secrets.token_hex(PREFIX_BYTES)
    key = f"{KEY_START}{prefix}_{secrets.token_urlsafe(SECRET_BYTES)}"
    ordered = [scope.value for scope in ApiKeyScope if scope.value in chosen]
    with transaction.atomic():
        api_key = ApiKey.objects.create(
            employer=employer,
            name=name,
            scopes=ordered,
            prefix=prefix,
            secret_hash=secret_hash(key),
            created_by=created_by,
            expires_at=expires_at,
        )
        audit_record(
            actor=created_by,
            action=AuditAction.CREATE,
            object_type="api_key",
            object_id=api_key.pk,
            employer=employer,
            changes={"name": name, "scopes": ordered, "expires_at": expires_at.isoformat() if expires_at else None},
        )
    return api_key, key


def api_key_revoke(*, revoked_by: User, api_key: ApiKey) -> ApiKey:
    """Revoke the key: its next call answers 401. Revoking a revoked key changes nothing."""
    with transaction.atomic():
        locked = ApiKey.objects.select_for_update().get(pk=api_key.pk)
        if locked.revoked_at is None:
            locked.revoked_at = timezone.now()
            locked.revoked_by = revoked_by
            locked.save(update_fields=["revoked_at", "revoked_by"])
            audit_record(
                actor=revoked_by,
                action=AuditAction.UPDATE,
                object_type="api_key",
                object_id=locked.pk,
                employer=locked.employer,
                changes={"revoked_at": locked.revoked_at.isoformat()},
            )
    return locked


# --- A call by a key ---------------------------------------------------------------------------------------------


def key_actor(api_key: ApiKey) -> User:
    """The unsaved employer user a key acts as: the employer's view of the data, the key in every audit row."""
    actor = User(
        email=f"api-sleutel:{api_key.prefix}",
        role=Role.EMPLOYER,
        employer=api_key.employer,
        full_name=api_key.name[:200],
        is_active=True,
    )
    actor.api_key = api_key  # type: ignore[attr-defined]
    return actor


def api_key_authenticate(key: str, *, now: dt.datetime | None = None) -> ApiKey:
    """The key's row for a key as sent, or AuthenticationFailed (401)."""
    now = now or timezone.now()
    invalid = exceptions.AuthenticationFailed(_("Ongeldige API-sleutel."), code="api_key_invalid")
    if not key.startswith(KEY_START):
        raise invalid
    prefix, _sep, secret = key[len(KEY_START) :].partition("_")
    if not prefix or not secret:
        raise invalid
    api_key = ApiKey.objects.select_related("employer").filter(prefix=prefix).first()
    if api_key is None or not hmac.compare_digest(api_key.secret_hash, secret_hash(key)):
        raise invalid
    if api_key.revoked_at is not None:
        raise exceptions.AuthenticationFailed(_("Deze API-sleutel is ingetrokken."), code="api_key_revoked")
    if api_key.expires_at is not None and api_key.expires_at <= now:
        raise exceptions.AuthenticationFailed(_("Deze API-sleutel is verlopen."), code="api_key_expired")
    if api_key.last_used_at is None or api_key.last_used_at <= now - LAST_USED_RESOLUTION:
        ApiKey.objects.filter(pk=api_key.pk).filter(
            Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - LAST_USED_RESOLUTION)
        ).update(last_used_at=now)
        api_key.last_used_at = now
    return api_key


class ApiKeyAuthentication(BaseAuthentication):
    """``Authorization: Api-Key <key>``: request.user is the key's actor, request.auth the ApiKey."""

    def authenticate(self, request: Request) -> tuple[User, ApiKey] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != KEYWORD.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Ongeldige API-sleutel."), code="api_key_invalid")
        try:
            key = parts[1].decode()
        except UnicodeError as exc:
            raise exceptions.AuthenticationFailed(_("Ongeldige API-sleutel."), code="api_key_invalid") from exc
        api_key = api_key_authenticate(key)
        return key_actor(api_key), api_key

    def authenticate_header(self, request: Request) -> str:
        return KEYWORD


class ApiKeyScopePermission(BasePermission):
    """A key calls only what a scope of it covers: the view's ``api_key_scopes`` names the scope per method; a
    view or method without one is closed to keys (403). Requests with a user token pass untouched."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        if not isinstance(request.auth, ApiKey):
            return True
        method = "GET" if request.method == "HEAD" else request.method
        needed = getattr(view, "api_key_scopes", {}).get(method)
        if needed is None:
            raise exceptions.PermissionDenied(_("Een API-sleutel kan dit niet aanroepen."), code="api_key_not_allowed")
        if needed not in request.auth.scopes:
            raise exceptions.PermissionDenied(
                _("Deze API-sleutel heeft het recht %(scope)s niet.") % {"scope": needed}, code="api_key_scope_missing"
            )
        return True


class ApiKeyRateThrottle(SimpleRateThrottle):
    """At most API_KEY_RATE calls per key (e.g. "120/min"), counted in the cache; user tokens are not counted."""

    scope = "api_key"

    def get_rate(self) -> str:
        return str(settings.API_KEY_RATE)

    def get_cache_key(self, request: Request, view: APIView) -> str | None:
        if not isinstance(request.auth, ApiKey):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}
