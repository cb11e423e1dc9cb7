"""API of the core app: token login, employees and the roster sync (docs/api.md)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from verzuim import roster, selectors, services
from verzuim.api_auth import token_expires_at
from verzuim.api_base import StrictInputSerializer, request_user
from verzuim.api_keys import ApiKeyRateThrottle
from verzuim.api_pagination import PAGE_PARAMETERS, paginate_values
from verzuim.forms import EMPLOYEE_FIELDS
from verzuim.models import ApiKeyScope, ContractType, Role, RosterMode, RosterSource


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


# The employee list is the largest list of the API (an insurer pages through every employee of the book), so its
# rows are read as values and written by employee_list_item instead of as objects through EmployeeOutputSerializer:
# the same body (tests/verzuim/test_api_employees.py compares the two), at a third of the cost (bench/RESULTS.md
# "Paging"; decision 354). The serializer stays the contract: the schema, the detail and the POST answer use it.
EMPLOYEE_LIST_COLUMNS = ("id", "employer_id", *EMPLOYEE_FIELDS, "created_at")


def employee_list_item(row: dict[str, Any]) -> dict[str, Any]:
    """One row of EMPLOYEE_LIST_COLUMNS as EmployeeOutputSerializer writes an employee (two decimals as a string)."""
    end = row["employment_end"]
    return {
        "id": str(row["id"]),
        "employer": str(row["employer_id"]),
        "personnel_number": row["personnel_number"],
        "first_name": row["first_name"],
        "last_name": row["last_name"],
        "date_of_birth": row["date_of_birth"].isoformat(),
        "employment_start": row["employment_start"].isoformat(),
        "employment_end": None if end is None else end.isoformat(),
        "weekly_hours": f"{row['weekly_hours']:.2f}",
        "yearly_wage": f"{row['yearly_wage']:.2f}",
        "contract_type": row["contract_type"],
    }


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
        page = paginate_values(
            request, employees, list_name="employees", ordering=("created_at", "pk"), fields=EMPLOYEE_LIST_COLUMNS
        )
        return page.response([employee_list_item(row) for row in page.rows])

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


@extend_schema_serializer(component_name="RosterEmployee")
class RosterEmployeeSerializer(EmployeeListCreateApi.InputSerializer):
    """One employee of a roster: the body of POST /api/v1/employees/ (`employer`, if given, must be this one)."""


@extend_schema_field(RosterEmployeeSerializer(many=True))
class RosterEmployeesField(serializers.ListField):
    """The employees as they came: each is checked on its own (RosterApi), so one bad row does not hide the rest."""

    child = serializers.JSONField()


@extend_schema_serializer(component_name="RosterInput")
class RosterInputSerializer(StrictInputSerializer):
    employees = RosterEmployeesField(allow_empty=False, max_length=roster.MAX_ROSTER_ROWS)
    missing = serializers.ChoiceField(choices=roster.MISSING_CHOICES, default=roster.MISSING_REPORT)
    end_date = serializers.DateField(required=False, allow_null=True)


class RosterConflictSerializer(serializers.Serializer):
    personnel_number = serializers.CharField()
    code = serializers.CharField()
    message = serializers.CharField()


class RosterErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text="1 is the first employee of the body.")
    field = serializers.CharField(help_text="The field's name; empty for the row as a whole.")
    code = serializers.CharField()
    message = serializers.CharField()


@extend_schema_serializer(component_name="RosterResult")
class RosterResultSerializer(serializers.Serializer):
    sync_id = serializers.IntegerField(help_text="The entry of the sync log (the employer sees it in the portal).")
    dry_run = serializers.BooleanField()
    created = serializers.IntegerField()
    changed = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    ended = serializers.IntegerField(help_text="Missing employees whose employment was ended on end_date.")
    missing = serializers.ListField(child=serializers.CharField(), help_text="Personnel numbers.")
    conflicts = RosterConflictSerializer(many=True)
    errors = RosterErrorSerializer(many=True)  # type: ignore[assignment]  # a declared field, not Serializer.errors


@extend_schema_serializer(component_name="RosterRefused")
class RosterRefusedSerializer(serializers.Serializer):
    """A refused roster: the `Error` body, and (when rows were refused) what the sync found, `errors` above all.

    A body that is wrong as a whole (no `employees`, `end_employment` without `end_date`) is the plain `Error`."""

    sync_id = serializers.IntegerField(required=False)
    dry_run = serializers.BooleanField(required=False)
    created = serializers.IntegerField(required=False)
    changed = serializers.IntegerField(required=False)
    unchanged = serializers.IntegerField(required=False)
    ended = serializers.IntegerField(required=False)
    missing = serializers.ListField(child=serializers.CharField(), required=False)
    conflicts = RosterConflictSerializer(many=True, required=False)
    errors = RosterErrorSerializer(many=True, required=False)  # type: ignore[assignment]
    message = serializers.CharField()
    code = serializers.CharField()
    fields = serializers.DictField()  # type: ignore[assignment]


class RosterApi(APIView):
    """PUT: the full roster of an employer; PATCH: some of its employees (docs/api.md "Roster sync")."""

    # A machine client (verzuim.api_keys) needs roster:write; it acts as its employer's user (roster_employer_get).
    api_key_scopes = {"PUT": ApiKeyScope.ROSTER_WRITE, "PATCH": ApiKeyScope.ROSTER_WRITE}
    throttle_classes = [ApiKeyRateThrottle]

    class QuerySerializer(serializers.Serializer):
        dry_run = serializers.BooleanField(required=False, default=False)

    def _sync(self, request: Request, employer_id: str, mode: str) -> Response:
        user = request_user(request)
        employer = roster.roster_employer_get(fetched_by=user, employer_id=employer_id)
        query = self.QuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        body = RosterInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        rows: list[roster.RosterRow] = []
        input_errors: list[roster.RosterError] = []
        for index, item in enumerate(body.validated_data["employees"], start=1):
            row = RosterEmployeeSerializer(data=item)
            if not row.is_valid():
                input_errors.extend(_serializer_errors(index, row.errors))
                continue
            values = dict(row.validated_data)
            if values.pop("employer", employer.pk) != employer.pk:
                input_errors.append(
                    roster.RosterError(
                        index, "employer", "other_employer", _("Deze werknemer hoort bij een andere werkgever.")
                    )
                )
                continue
            rows.append(roster.RosterRow(row=index, data=values))
        result = roster.roster_sync(
            synced_by=user,
            employer=employer,
            rows=rows,
            mode=mode,
            missing=body.validated_data["missing"],
            end_date=body.validated_data.get("end_date"),
            dry_run=query.validated_data["dry_run"],
            source=RosterSource.API,
            input_errors=input_errors,
        )
        if result.refused:
            data = {
                "message": _("Het werknemersbestand is geweigerd: er is niets opgeslagen. Zie de fouten per rij."),
                "code": "invalid_roster",
                "fields": {},
                **result.as_json(),
            }
            return Response(data, status=status.HTTP_400_BAD_REQUEST)
        return Response(RosterResultSerializer(result.as_json()).data)

    _parameters: ClassVar = [
        OpenApiParameter("dry_run", bool, description="Only report what would change; nothing is written."),
    ]

    @extend_schema(
        parameters=_parameters,
        request=RosterInputSerializer,
        responses={200: RosterResultSerializer, 400: RosterRefusedSerializer},
        description="The full roster: employees missing from it are reported (or, when asked, ended).",
    )
    def put(self, request: Request, employer_id: str) -> Response:
        return self._sync(request, employer_id, RosterMode.FULL)

    @extend_schema(
        parameters=_parameters,
        request=RosterInputSerializer,
        responses={200: RosterResultSerializer, 400: RosterRefusedSerializer},
        description="Some employees: created or changed; nobody is reported missing.",
    )
    def patch(self, request: Request, employer_id: str) -> Response:
        return self._sync(request, employer_id, RosterMode.PARTIAL)


def _serializer_errors(row: int, detail: Any) -> list[roster.RosterError]:
    """A row's serializer errors as roster errors: field, code and the Dutch message of each."""
    errors: list[roster.RosterError] = []
    for name, items in detail.items():
        field_name = "" if name == "non_field_errors" else str(name)
        for item in items if isinstance(items, list) else [items]:
            errors.append(roster.RosterError(row, field_name, str(getattr(item, "code", "invalid")), str(item)))
    return errors
