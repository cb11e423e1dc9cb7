"""API of machine clients' keys (docs/api.md "Machine clients (API keys)"): made, listed and revoked with a user's
token; a key itself cannot call these endpoints (verzuim.api_keys.ApiKeyScopePermission)."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from verzuim import api_keys, selectors
from verzuim.api_base import StrictInputSerializer, request_user
from verzuim.api_pagination import PAGE_PARAMETERS, paginate_queryset
from verzuim.models import ApiKeyScope, Role, User


class ApiKeyAuthenticationScheme(OpenApiAuthenticationExtension):
    """`Authorization: Api-Key <key>` in the schema, on the operations a key may call only (those whose view names
    a scope for the method); everywhere else a key answers 403."""

    target_class = "verzuim.api_keys.ApiKeyAuthentication"
    name = "ApiKeyAuth"

    def get_security_requirement(self, auto_schema: Any) -> Any:
        scope = getattr(auto_schema.view, "api_key_scopes", {}).get(auto_schema.method)
        return {self.name: []} if scope else None

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": 'A machine client\'s key: `Api-Key <key>` (docs/api.md, "Machine clients (API keys)").',
        }


@extend_schema_serializer(component_name="ApiKey")
class ApiKeyOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    employer = serializers.UUIDField(source="employer_id")
    name = serializers.CharField()
    scopes = serializers.ListField(child=serializers.ChoiceField(choices=ApiKeyScope.choices))
    # The start of the key, shown to tell keys apart; the secret itself is never answered again.
    prefix = serializers.CharField()
    created_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField(allow_null=True)
    last_used_at = serializers.DateTimeField(allow_null=True)
    revoked_at = serializers.DateTimeField(allow_null=True)


@extend_schema_serializer(component_name="ApiKeyCreated")
class ApiKeyCreatedSerializer(ApiKeyOutputSerializer):
    # The full key, in this answer only: send it as `Authorization: Api-Key <key>`.
    key = serializers.CharField()


def _manager(request: Request) -> User:
    user = request_user(request)
    if not api_keys.may_manage_api_keys(user):
        raise exceptions.PermissionDenied(_("Uw rol mag geen API-sleutels beheren."))
    return user


class ApiKeyListCreateApi(APIView):
    @extend_schema_serializer(component_name="ApiKeyCreateInput")
    class InputSerializer(StrictInputSerializer):
        name = serializers.CharField(max_length=api_keys.NAME_MAX_LENGTH)
        scopes = serializers.ListField(
            child=serializers.ChoiceField(choices=ApiKeyScope.choices), min_length=1, max_length=len(ApiKeyScope)
        )
        # Insurer staff name the employer; an employer user's keys are always for its own employer.
        employer = serializers.UUIDField(required=False)
        expires_at = serializers.DateTimeField(required=False, allow_null=True)

    @extend_schema(
        parameters=[
            OpenApiParameter("employer", str, description="Only the keys of this employer (UUID)."),
            *PAGE_PARAMETERS,
        ],
        responses={200: ApiKeyOutputSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        user = _manager(request)
        keys = api_keys.api_key_list(fetched_by=user, employer_id=request.query_params.get("employer") or None)
        page = paginate_queryset(request, keys, list_name="api_keys", ordering=("created_at", "pk"))
        return page.response(ApiKeyOutputSerializer(page.rows, many=True).data)

    @extend_schema(request=InputSerializer, responses={201: ApiKeyCreatedSerializer})
    def post(self, request: Request) -> Response:
        user = _manager(request)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        employer_id = values.pop("employer", None)
        if user.role == Role.EMPLOYER:
            employer_id = employer_id or user.employer_id
        elif employer_id is None:
            raise serializers.ValidationError({"employer": [_("Dit veld is verplicht.")]})
        try:
            employer = selectors.employer_get(fetched_by=user, employer_id=employer_id)
        except Http404 as exc:
            raise serializers.ValidationError({"employer": [_("Werkgever niet gevonden.")]}) from exc
        api_key, key = api_keys.api_key_create(
            created_by=user,
            employer=employer,
            name=values["name"],
            scopes=values["scopes"],
            expires_at=values.get("expires_at"),
        )
        body = {**ApiKeyOutputSerializer(api_key).data, "key": key}
        return Response(body, status=status.HTTP_201_CREATED, headers={"Cache-Control": "no-store"})


class ApiKeyDetailApi(APIView):
    @extend_schema(responses={200: ApiKeyOutputSerializer})
    def get(self, request: Request, api_key_id: str) -> Response:
        api_key = api_keys.api_key_get(fetched_by=request_user(request), api_key_id=api_key_id)
        return Response(ApiKeyOutputSerializer(api_key).data)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, api_key_id: str) -> Response:
        user = request_user(request)
        api_key = api_keys.api_key_get(fetched_by=user, api_key_id=api_key_id)
        api_keys.api_key_revoke(revoked_by=user, api_key=api_key)
        return Response(status=status.HTTP_204_NO_CONTENT)
