"""Employee accounts (issue 22, item 1): the invitation and its one-time link to set a password.

The casemanager or the employer user invites the employee of a case (cases.absence.services_employee checks who may);
here the account is made or reused, inactive and without a usable password, bound to the employee record
(User.employee), and an EmployeeInvitation is written with the hash of a token nobody has. The token is made when
the outbox sends the mail (`employee_invitation_mail`), so it exists in the mail alone, as the one-time links of
cases.documents.links do. The link works once, for INVITATION_VALID_DAYS days; a newer invitation retires older
ones. Setting the password activates the account. The mail holds the link only, never anything of the case.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from verzuim.audit import audit_record
from verzuim.mail import Mail, mail_kind, mail_queue, mail_render
from verzuim.models import AuditAction, Employee, EmployeeInvitation, OutgoingMail, Role, User

# Seven days (draft decision): long enough to set a password after a mail read late, short enough that an old mail
# in a shared mailbox is useless. Shorter than the fourteen days of the signing links: this link opens an account.
INVITATION_VALID_DAYS = 7
EMPLOYEE_INVITATION = "employee_invitation"
AUDIT_OBJECT = "employee_invitation"


class InvitationInvalid(Exception):
    """The link is unknown, used, expired or replaced by a newer invitation."""


def invitation_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _valid(invitation: EmployeeInvitation, now: dt.datetime) -> bool:
    return invitation.used_at is None and invitation.expires_at > now


def employee_account_invite(
    *, invited_by: User, employee: Employee, email: str, now: dt.datetime | None = None
) -> EmployeeInvitation:
    """Make or reuse the employee's inactive account and queue its invitation; call inside the caller's transaction
    (the caller has checked that `invited_by` may invite this employee). ValidationError when the employee already
    has an account in use, or the address belongs to another account."""
    now = now or timezone.now()
    email = email.strip().lower()
    account = User.objects.select_for_update().filter(employee=employee).first()
    if account is not None and account.is_active:
        raise ValidationError({"email": _("Deze werknemer heeft al een account.")})
    others = User.objects.filter(email__iexact=email)
    if account is not None:
        others = others.exclude(pk=account.pk)
    if others.exists():
        raise ValidationError({"email": _("Dit e-mailadres hoort al bij een ander account.")})
    if account is None:
        account = User(
            email=email, role=Role.EMPLOYEE, employee=employee, full_name=employee.full_name, is_active=False
        )
        account.set_unusable_password()
        account.full_clean(exclude=["password"])
        account.save(force_insert=True)
        audit_record(
            actor=invited_by,
            action=AuditAction.CREATE,
            object_type="user",
            object_id=account.pk,
            employer=employee.employer,
            changes={"role": Role.EMPLOYEE, "employee": str(employee.pk)},
        )
    elif account.email != email:
        account.email = email
        account.save(update_fields=["email"])
    # A new invitation retires the links of earlier ones: only the newest mail opens the account.
    EmployeeInvitation.objects.filter(user=account, used_at__isnull=True, expires_at__gt=now).update(expires_at=now)
    invitation = EmployeeInvitation.objects.create(
        user=account,
        email=email,
        token_hash=invitation_token_hash(secrets.token_urlsafe(32)),  # thrown away: it opens nothing
        expires_at=now + dt.timedelta(days=INVITATION_VALID_DAYS),
        created_by=invited_by,
        created_at=now,
    )
    audit_record(
        actor=invited_by,
        action=AuditAction.CREATE,
        object_type=AUDIT_OBJECT,
        object_id=invitation.pk,
        employer=employee.employer,
        changes={"employee": str(employee.pk), "expires_at": str(invitation.expires_at)},
    )
    mail_queue(kind=EMPLOYEE_INVITATION, to=email, object_type=AUDIT_OBJECT, object_id=invitation.pk, now=now)
    return invitation


def employee_invitation_mail(row: OutgoingMail) -> Mail | None:
    """At send time, inside the outbox's claim: give the invitation a fresh token (only its hash is stored) and mail
    the link; nothing is sent when the invitation was used, expired or replaced meanwhile."""
    invitation = EmployeeInvitation.objects.select_for_update().filter(pk=row.object_id).first()
    if invitation is None or not _valid(invitation, timezone.now()):
        return None
    token = secrets.token_urlsafe(32)
    invitation.token_hash = invitation_token_hash(token)
    invitation.save(update_fields=["token_hash"])
    context = {
        "url": settings.PORTAL_BASE_URL + reverse("employee_account_activate", kwargs={"token": token}),
        "expires_at": invitation.expires_at,
    }
    return mail_render(
        to=[invitation.email],
        subject=_("Uw account in het Verzuimportaal"),
        template="email/employee_invitation",
        context=context,
    )


mail_kind(EMPLOYEE_INVITATION, render=employee_invitation_mail, label=gettext_lazy("Uitnodiging werknemer"))


def invitation_open(*, token: str) -> EmployeeInvitation:
    """The invitation behind a token while it can still be used, or InvitationInvalid."""
    invitation = (
        EmployeeInvitation.objects.select_related("user").filter(token_hash=invitation_token_hash(token)).first()
    )
    if invitation is None or not _valid(invitation, timezone.now()):
        raise InvitationInvalid
    return invitation


def invitation_accept(*, token: str, password: str) -> User:
    """Set the account's password through the link (the caller validated it with SetPasswordForm), activate the
    account and use up the link; InvitationInvalid when it can no longer be used."""
    now = timezone.now()
    with transaction.atomic():
        invitation = (
            EmployeeInvitation.objects.select_for_update().filter(token_hash=invitation_token_hash(token)).first()
        )
        if invitation is None or not _valid(invitation, now):
            raise InvitationInvalid
        user = (
            User.objects.select_for_update(of=("self",)).select_related("employee__employer").get(pk=invitation.user_id)
        )
        user.set_password(password)
        user.is_active = True
        user.save()
        invitation.used_at = now
        invitation.save(update_fields=["used_at"])
        audit_record(
            actor=user,
            action=AuditAction.UPDATE,
            object_type="user",
            object_id=user.pk,
            employer=user.employee.employer if user.employee else None,
            changes={"password": "set", "via": AUDIT_OBJECT, "invitation": invitation.pk},
        )
    return user
