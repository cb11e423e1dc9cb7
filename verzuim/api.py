"""API of the core app: token login and employees (docs/api.md)."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from verzuim import selectors, services
from verzuim.api_auth import token_expires_at
from verzuim.api_base import StrictInputSerializer, request_user
from verzuim.api_keys import ApiKeyRateThrottle
from verzuim.api_pagination import PAGE_PARAMETERS, paginate_queryset
from verzuim.models import ApiKeyScope, ContractType, Role


class AuthFailed(exceptions.APIException):
    status_code = status.HTTP_400_BAD_REQUEST


class AuthLockedOut(exceptions.APIException):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS


class TokenObtainApi(APIView):
    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]

    @extend_schema_serializer(component_name="TokenObtainInput")
    class InputSerializer(StrictInputSerializer):
        email = serializers.EmailField()
        password = serializers.CharField(trim_whitespace=False)
        otp = serializers.CharField(required=False, allow_blank=True)

    @extend_schema_serializer(component_name="TokenObtainOutput")
    class OutputSerializer(serializers.Serializer):
        token = serializers.CharField()
        # When the token stops working (verzuim.api_auth); then ask for a new one here.
        expires_at = serializers.DateTimeField()

    @extend_schema(request=InputSerializer, responses={200: OutputSerializer}, auth=[])
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            token = services.api_token_obtain(
                request=request._request,
                email=data.validated_data["email"],
                password=data.validated_data["password"],
                otp=data.validated_data.get("otp"),
            )
        except services.AuthenticationFailed as exc:
            error_class = AuthLockedOut if exc.code == "locked_out" else AuthFailed
            raise error_class(detail=exc.message, code=exc.code) from exc
        return Response(self.OutputSerializer({"token": token.key, "expires_at": token_expires_at(token)}).data)


@extend_schema_serializer(component_name="Employee")
class EmployeeOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    employer = serializers.UUIDField(source="employer_id")
    personnel_number = serializers.CharField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    date_of_birth = serializers.DateField()
    employment_start = serializers.DateField()
    employment_end = serializers.DateField(allow_null=True)
    weekly_hours = serializers.DecimalField(max_digits=4, decimal_places=2)
    yearly_wage = serializers.DecimalField(max_digits=10, decimal_places=2)
    contract_type = serializers.ChoiceField(choices=ContractType.choices)


class EmployeeListCreateApi(APIView):
    # What a machine client (verzuim.api_keys) needs: roster:read to read the roster, roster:write to add to it.
    api_key_scopes = {"GET": ApiKeyScope.ROSTER_READ, "POST": ApiKeyScope.ROSTER_WRITE}
    throttle_classes = [ApiKeyRateThrottle]

    @extend_schema_serializer(component_name="EmployeeCreateInput")
    class InputSerializer(StrictInputSerializer):
        employer = serializers.UUIDField(required=False)
        personnel_number = serializers.CharField(max_length=30)
        first_name = serializers.CharField(max_length=100)
        last_name = serializers.CharField(max_length=150)
        date_of_birth = serializers.DateField()
        employment_start = serializers.DateField()
        employment_end = serializers.DateField(required=False, allow_null=True)
        weekly_hours = serializers.DecimalField(max_digits=4, decimal_places=2)
        yearly_wage = serializers.DecimalField(max_digits=10, decimal_places=2)
        contract_type = serializers.ChoiceField(choices=ContractType.choices)

    @extend_schema(
        parameters=[
            OpenApiParameter("employer", str, description="Only employees of this employer (UUID)."),
            OpenApiParameter("search", str, description="Part of a name or personnel number."),
            *PAGE_PARAMETERS,
        ],
        responses={200: EmployeeOutputSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        employees = selectors.employee_list(
            fetched_by=request_user(request),
            employer_id=request.query_params.get("employer") or None,
            search=request.query_params.get("search", ""),
        )
        # The body names the employer by id only: no join (the insurer's pages read the index alone; bench/paging.py).
        employees = employees.select_related(None)
        page = paginate_queryset(request, employees, list_name="employees", ordering=("created_at", "pk"))
        return page.response(EmployeeOutputSerializer(page.rows, many=True).data)

    @extend_schema(request=InputSerializer, responses={201: EmployeeOutputSerializer})
    def post(self, request: Request) -> Response:
        user = request_user(request)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        employer_id = values.pop("employer", None)
        if user.role == Role.EMPLOYER:
            employer_id = employer_id or user.employer_id
        elif user.role not in selectors.ALL_EMPLOYERS_ROLES:
            raise exceptions.PermissionDenied(_("Uw rol mag geen werknemers toevoegen."))
        elif employer_id is None:
            raise serializers.ValidationError({"employer": [_("Dit veld is verplicht.")]})
        try:
            employer = selectors.employer_get(fetched_by=user, employer_id=employer_id)
        except Http404 as exc:
            raise serializers.ValidationError({"employer": [_("Werkgever niet gevonden.")]}) from exc
        employee = services.employee_create(created_by=user, employer=employer, **values)
        return Response(EmployeeOutputSerializer(employee).data, status=status.HTTP_201_CREATED)


class EmployeeDetailApi(APIView):
    api_key_scopes = {"GET": ApiKeyScope.ROSTER_READ}
    throttle_classes = [ApiKeyRateThrottle]

    @extend_schema(responses={200: EmployeeOutputSerializer})
    def get(self, request: Request, employee_id: str) -> Response:
        employee = selectors.employee_get(fetched_by=request_user(request), employee_id=employee_id)
        return Response(EmployeeOutputSerializer(employee).data)
