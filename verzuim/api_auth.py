"""API tokens that expire: a token is good for API_TOKEN_TTL_HOURS after it was issued, then the client asks
POST /api/v1/auth/token/ again (with the second factor for staff), which issues a new one.

A token also ends with the credentials it was issued under (api_tokens_revoke): a password change or reset and
deactivating the user (verzuim.models.User.save), and a second-factor reset (deleting the user's TOTP device,
the receiver below) delete the user's tokens; the next token request issues a new key."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.db.models.signals import post_delete, pre_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token

logger = logging.getLogger(__name__)


def token_expires_at(token: Token) -> dt.datetime:
    return token.created + dt.timedelta(hours=settings.API_TOKEN_TTL_HOURS)


def token_expired(token: Token, *, now: dt.datetime | None = None) -> bool:
    return (now or timezone.now()) >= token_expires_at(token)


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF's token authentication, refusing a token older than API_TOKEN_TTL_HOURS (401, code token_expired)."""

    def authenticate_credentials(self, key: str) -> tuple[Any, Token]:
        user, token = super().authenticate_credentials(key)
        if token_expired(token):
            raise exceptions.AuthenticationFailed(
                _("Dit token is verlopen. Vraag een nieuw token aan."), code="token_expired"
            )
        return user, token


def api_tokens_revoke(user_id: Any) -> int:
    """Delete every API token of the user; returns how many there were."""
    deleted, _per_model = Token.objects.filter(user_id=user_id).delete()
    if deleted:
        logger.info("Revoked %s API token(s) of user %s after a credentials change.", deleted, user_id)
    return deleted


# The admin shows devices through the proxy verzuim.AuthenticatorDevice, whose signals name the proxy as sender.
@receiver(post_delete, sender="otp_totp.TOTPDevice", dispatch_uid="api_tokens_revoke_on_device_delete")
@receiver(post_delete, sender="verzuim.AuthenticatorDevice", dispatch_uid="api_tokens_revoke_on_proxy_delete")
def api_tokens_revoke_on_device_delete(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A second-factor reset (the admin deletes the user's device) revokes the tokens issued with that factor."""
    if instance.user_id is not None:
        api_tokens_revoke(instance.user_id)


@receiver(pre_save, sender="otp_totp.TOTPDevice", dispatch_uid="api_tokens_revoke_on_device_reset")
@receiver(pre_save, sender="verzuim.AuthenticatorDevice", dispatch_uid="api_tokens_revoke_on_proxy_reset")
def api_tokens_revoke_on_device_reset(sender: Any, instance: Any, **kwargs: Any) -> None:
    """The other ways to reset a second factor in the admin: a confirmed device gets a new key or is unconfirmed
    (enrolment then confirms it again). Either ends the tokens issued with the old factor."""
    update_fields = kwargs.get("update_fields")
    if instance.pk is None or instance.user_id is None:
        return
    if update_fields and not {"key", "confirmed"} & set(update_fields):
        return
    before = sender.objects.filter(pk=instance.pk).values("key", "confirmed").first()
    if before and before["confirmed"] and (before["key"] != instance.key or not instance.confirmed):
        api_tokens_revoke(instance.user_id)
