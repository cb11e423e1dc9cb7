"""Building blocks for every API class: strict input, scoped lookups."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers
from rest_framework.request import Request

from verzuim.models import User


def request_user(request: Request) -> User:
    """The authenticated portal user of an API request (IsAuthenticated has already run)."""
    user = request.user
    if not isinstance(user, User):
        raise exceptions.NotAuthenticated
    return user


class StrictInputSerializer(serializers.Serializer):
    """Rejects fields it does not know (docs/api.md: never silently dropped)."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError({name: [_("Onbekend veld.")] for name in unknown})
        return super().to_internal_value(data)
