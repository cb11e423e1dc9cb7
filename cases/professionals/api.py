"""API of the registry of certified professionals: insurer staff and admins only, every other role 404."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cases.professionals import registration
from cases.professionals import selectors as selectors_professionals
from cases.professionals import services as services_professionals
from cases.professionals.models import (
    Arbodienst,
    CasemanagerBasis,
    CasemanagerRegistration,
    PhysicianRegistration,
)
from cases.professionals.registration import Status
from verzuim.api_base import StrictInputSerializer, request_user
from verzuim.api_pagination import PAGE_PARAMETERS, paginate_list
from verzuim.models import Role, User
from verzuim.selectors import as_uuid
from verzuim.validators import validate_big_number


@extend_schema_serializer(component_name="RegistryItem")
class RegistryItemSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=list(selectors_professionals.KIND_LABELS))
    id = serializers.UUIDField()
    name = serializers.CharField()
    registration = serializers.CharField(help_text="The registration that counts today: register and number, BIG.")
    status = serializers.ChoiceField(choices=[str(value) for value in Status])
    valid_until = serializers.DateField(
        source="last_day",
        allow_null=True,
        help_text="Registered: the last day of unbroken registration (null: no end). Otherwise: the day it ended.",
    )
    needs_attention = serializers.SerializerMethodField(
        help_text="Not registered today, or the registration ends within 60 days."
    )

    def get_needs_attention(self, item: selectors_professionals.RegistryItem) -> bool:
        return registration.needs_attention(item.standing, within_days=selectors_professionals.ATTENTION_DAYS)


class ProfessionalListApi(APIView):
    @extend_schema(parameters=PAGE_PARAMETERS, responses={200: RegistryItemSerializer(many=True)})
    def get(self, request: Request) -> Response:
        items = selectors_professionals.registry_list(fetched_by=request_user(request), today=timezone.localdate())
        # The registry is built whole in Python (seven queries however many there are) and paged in its own order,
        # most urgent first; kind and id make the key unique.
        page = paginate_list(
            request,
            items,
            list_name="professionals",
            sort_key=selectors_professionals.registry_sort_key,
            key_size=selectors_professionals.REGISTRY_SORT_KEY_SIZE,
        )
        return page.response(RegistryItemSerializer(page.rows, many=True).data)


def _user(user_id: Any, role: Role, message: str) -> User:
    pk = as_uuid(user_id)
    user = User.objects.filter(pk=pk, role=role, is_active=True).first() if pk else None
    if user is None:
        raise serializers.ValidationError({"user": [message]})
    return user


def _arbodienst(arbodienst_id: Any) -> Arbodienst | None:
    if arbodienst_id is None:
        return None
    arbodienst = Arbodienst.objects.filter(pk=arbodienst_id).first()
    if arbodienst is None:
        raise serializers.ValidationError({"arbodienst": [_("Arbodienst niet gevonden.")]})
    return arbodienst


def _standing_status(user: User, kind: str) -> str:
    today = timezone.localdate()
    if kind == "casemanager":
        return str(selectors_professionals.casemanager_standing(user=user, on=today).status)
    return str(selectors_professionals.physician_standing(user=user, on=today).status)


def _registration_create(
    request: Request,
    input_serializer: type[serializers.Serializer],
    *,
    role: Role,
    not_role: str,
    register: Callable[..., Any],
    output: type[serializers.Serializer],
) -> Response:
    """The POST of a user's registration: registry access first, then the input, then the service (201)."""
    recorded_by = request_user(request)
    selectors_professionals.registry_require_access(user=recorded_by)
    data = input_serializer(data=request.data)
    data.is_valid(raise_exception=True)
    values = dict(data.validated_data)
    user = _user(values.pop("user"), role, not_role)
    values["arbodienst"] = _arbodienst(values.pop("arbodienst", None))
    row = register(recorded_by=recorded_by, user=user, **values)
    return Response(output(row).data, status=status.HTTP_201_CREATED)


@extend_schema_serializer(component_name="PhysicianRegistration")
class PhysicianRegistrationOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    user = serializers.UUIDField(source="user_id")
    big_number = serializers.CharField()
    arbodienst = serializers.UUIDField(source="arbodienst_id", allow_null=True)
    valid_from = serializers.DateField()
    registered_until = serializers.DateField(allow_null=True)
    status = serializers.SerializerMethodField(help_text="The physician's standing today.")

    def get_status(self, row: PhysicianRegistration) -> str:
        return _standing_status(row.user, "occupational_physician")


class PhysicianRegistrationCreateApi(APIView):
    @extend_schema_serializer(component_name="PhysicianRegistrationInput")
    class InputSerializer(StrictInputSerializer):
        user = serializers.UUIDField()
        # No max_length: a 12-digit number gets the same one Dutch message as a 10-digit one.
        big_number = serializers.CharField(validators=[validate_big_number])
        arbodienst = serializers.UUIDField(required=False, allow_null=True)
        valid_from = serializers.DateField(required=False, help_text="Default: today.")
        registered_until = serializers.DateField(required=False, allow_null=True)

    @extend_schema(request=InputSerializer, responses={201: PhysicianRegistrationOutputSerializer})
    def post(self, request: Request) -> Response:
        return _registration_create(
            request,
            self.InputSerializer,
            role=Role.OCCUPATIONAL_PHYSICIAN,
            not_role=_("Deze gebruiker is geen actieve bedrijfsarts."),
            register=services_professionals.physician_register,
            output=PhysicianRegistrationOutputSerializer,
        )


@extend_schema_serializer(component_name="CasemanagerRegistration")
class CasemanagerRegistrationOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    user = serializers.UUIDField(source="user_id")
    basis = serializers.ChoiceField(choices=CasemanagerBasis.choices)
    register_name = serializers.CharField()
    register_number = serializers.CharField()
    arbodienst = serializers.UUIDField(source="arbodienst_id", allow_null=True)
    valid_from = serializers.DateField()
    valid_until = serializers.DateField(allow_null=True)
    status = serializers.SerializerMethodField(help_text="The casemanager's standing today.")

    def get_status(self, row: CasemanagerRegistration) -> str:
        return _standing_status(row.user, "casemanager")


class CasemanagerRegistrationCreateApi(APIView):
    @extend_schema_serializer(component_name="CasemanagerRegistrationInput")
    class InputSerializer(StrictInputSerializer):
        user = serializers.UUIDField()
        basis = serializers.ChoiceField(choices=CasemanagerBasis.choices)
        register_name = serializers.CharField(required=False, allow_blank=True, max_length=100)
        register_number = serializers.CharField(required=False, allow_blank=True, max_length=40)
        arbodienst = serializers.UUIDField(required=False, allow_null=True)
        valid_from = serializers.DateField(required=False, help_text="Default: today.")
        valid_until = serializers.DateField(required=False, allow_null=True)

    @extend_schema(request=InputSerializer, responses={201: CasemanagerRegistrationOutputSerializer})
    def post(self, request: Request) -> Response:
        return _registration_create(
            request,
            self.InputSerializer,
            role=Role.CASEMANAGER,
            not_role=_("Deze gebruiker is geen actieve casemanager."),
            register=services_professionals.casemanager_register,
            output=CasemanagerRegistrationOutputSerializer,
        )
