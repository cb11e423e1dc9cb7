"""API of absence cases (docs/api.md "Absence cases"): thin classes over the services and selectors."""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cases.absence import selectors, services
from cases.absence.models import AbsenceCase, CaseStatus, Step
from verzuim import selectors as core_selectors
from verzuim.api_base import StrictInputSerializer, request_user
from verzuim.api_keys import ApiKeyRateThrottle
from verzuim.api_pagination import PAGE_PARAMETERS, paginate_queryset
from verzuim.models import ApiKeyScope, Role


@extend_schema_serializer(component_name="SickPeriod")
class PeriodSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField(allow_null=True)


@extend_schema_serializer(component_name="AbsenceCase")
class CaseOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    employee = serializers.UUIDField(source="employee_id")
    employee_name = serializers.CharField(source="employee.full_name")
    employer = serializers.UUIDField(source="employer_id")
    first_sick_day = serializers.DateField()
    status = serializers.ChoiceField(choices=CaseStatus.choices)
    closed_on = serializers.DateField(allow_null=True)
    clock_day = serializers.SerializerMethodField()
    absent_pct = serializers.IntegerField()
    casemanager = serializers.UUIDField(source="casemanager_id", allow_null=True)
    casemanager_name = serializers.SerializerMethodField()
    periods = PeriodSerializer(many=True)

    def get_clock_day(self, case: AbsenceCase) -> int:
        from cases.absence import poortwachter

        periods = [poortwachter.SickPeriod(start=p.start, end=p.end) for p in case.periods.all()]
        until = case.closed_on or timezone.localdate()
        return poortwachter.clock_day(periods, until)

    def get_casemanager_name(self, case: AbsenceCase) -> str | None:
        return case.casemanager.get_full_name() if case.casemanager else None


@extend_schema_serializer(component_name="Step")
class StepOutputSerializer(serializers.Serializer):
    code = serializers.CharField()
    sequence = serializers.IntegerField()
    title = serializers.CharField()
    owner = serializers.CharField()
    window_start = serializers.DateField(allow_null=True)
    due_date = serializers.DateField(allow_null=True)
    status = serializers.SerializerMethodField()
    completed_on = serializers.DateField(allow_null=True)
    reason = serializers.CharField()

    def get_status(self, step: Step) -> str:
        return step.status_on(self.context["today"])


class AbsenceListCreateApi(APIView):
    # A machine client (verzuim.api_keys) reads the list with absences:read; reporting sick stays with people.
    api_key_scopes = {"GET": ApiKeyScope.ABSENCES_READ}
    throttle_classes = [ApiKeyRateThrottle]

    @extend_schema_serializer(component_name="SicknessReportInput")
    class InputSerializer(StrictInputSerializer):
        employee = serializers.UUIDField()
        first_sick_day = serializers.DateField()
        expected_duration_days = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=730)
        safety_net = serializers.BooleanField(default=False)
        work_accident = serializers.BooleanField(default=False)
        third_party_liable = serializers.BooleanField(default=False)
        phone = serializers.RegexField(r"^\+?[0-9 ()-]{6,20}$", required=False, allow_blank=True, max_length=20)
        care_address = serializers.CharField(required=False, allow_blank=True, max_length=200)
        report_key = serializers.UUIDField(
            required=False,
            help_text=(
                "A UUID of the client's choosing for this report. Sent again with a retried request, the report is "
                "not made twice: the answer is the first one's (decision 376)."
            ),
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("status", str, enum=["open", "closed"]),
            OpenApiParameter("employer", str, description="Only cases of this employer (UUID)."),
            *PAGE_PARAMETERS,
        ],
        responses={200: CaseOutputSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        cases = selectors.case_list(
            fetched_by=request_user(request),
            status=request.query_params.get("status"),
            employer_id=request.query_params.get("employer"),
            include_own=True,  # an employee account lists its own cases (issue 22 item 6)
        )
        page = paginate_queryset(request, cases, list_name="absences", ordering=("created_at", "pk"))
        return page.response(CaseOutputSerializer(page.rows, many=True).data)

    @extend_schema(request=InputSerializer, responses={200: CaseOutputSerializer, 201: CaseOutputSerializer})
    def post(self, request: Request) -> Response:
        user = request_user(request)
        if user.role != Role.EMPLOYER:
            raise exceptions.PermissionDenied(_("Alleen de werkgever meldt ziekte."))
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        try:
            employee = core_selectors.employee_get(fetched_by=user, employee_id=values.pop("employee"))
        except Http404 as exc:
            raise serializers.ValidationError({"employee": [_("Werknemer niet gevonden.")]}) from exc
        case, created = services.case_report_sickness(reported_by=user, employee=employee, **values)
        case = selectors.case_get(fetched_by=user, case_id=case.pk)
        return Response(
            CaseOutputSerializer(case).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )


class AbsenceDetailApi(APIView):
    api_key_scopes = {"GET": ApiKeyScope.ABSENCES_READ}
    throttle_classes = [ApiKeyRateThrottle]

    @extend_schema(responses={200: CaseOutputSerializer})
    def get(self, request: Request, case_id: str) -> Response:
        case = selectors.case_get(fetched_by=request_user(request), case_id=case_id, include_own=True)
        return Response(CaseOutputSerializer(case).data)


class RecoveryCreateApi(APIView):
    @extend_schema_serializer(component_name="RecoveryReportInput")
    class InputSerializer(StrictInputSerializer):
        date = serializers.DateField()
        recovered_pct = serializers.IntegerField(min_value=1, max_value=100)

    @extend_schema(request=InputSerializer, responses={201: CaseOutputSerializer})
    def post(self, request: Request, case_id: str) -> Response:
        user = request_user(request)
        case = selectors.case_get(fetched_by=user, case_id=case_id)
        if user.role not in {Role.EMPLOYER, Role.CASEMANAGER}:
            raise exceptions.PermissionDenied(_("Alleen de werkgever of de casemanager meldt herstel."))
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.case_report_recovery(reported_by=user, case=case, **data.validated_data)
        case = selectors.case_get(fetched_by=user, case_id=case.pk)
        return Response(CaseOutputSerializer(case).data, status=status.HTTP_201_CREATED)


@extend_schema_serializer(component_name="EmployeeInvitation")
class EmployeeInvitationOutputSerializer(serializers.Serializer):
    email = serializers.EmailField()
    expires_at = serializers.DateTimeField()


class EmployeeInvitationApi(APIView):
    @extend_schema_serializer(component_name="EmployeeInvitationInput")
    class InputSerializer(StrictInputSerializer):
        email = serializers.EmailField(max_length=254)

    @extend_schema(request=InputSerializer, responses={201: EmployeeInvitationOutputSerializer})
    def post(self, request: Request, case_id: str) -> Response:
        """Invite the case's employee to an account: the employer user or the casemanager; the mail holds only a
        one-time link to set a password."""
        user = request_user(request)
        case = selectors.case_get(fetched_by=user, case_id=case_id, action="employee_invitation")
        if user.role not in services.EMPLOYEE_INVITE_ROLES:
            raise exceptions.PermissionDenied(_("Alleen de werkgever of de casemanager nodigt de werknemer uit."))
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        invitation = services.employee_invite(invited_by=user, case=case, email=data.validated_data["email"])
        return Response(EmployeeInvitationOutputSerializer(invitation).data, status=status.HTTP_201_CREATED)


class StepListApi(APIView):
    @extend_schema(parameters=PAGE_PARAMETERS, responses={200: StepOutputSerializer(many=True)})
    def get(self, request: Request, case_id: str) -> Response:
        case = selectors.case_get(fetched_by=request_user(request), case_id=case_id, action="steps", include_own=True)
        page = paginate_queryset(
            request,
            selectors.case_step_queryset(case=case),
            list_name="steps",
            ordering=("position", "sequence", "pk"),
        )
        return page.response(StepOutputSerializer(page.rows, many=True, context={"today": timezone.localdate()}).data)


class StepCompleteApi(APIView):
    @extend_schema_serializer(component_name="StepCompleteInput")
    class InputSerializer(StrictInputSerializer):
        completed_on = serializers.DateField()
        note = serializers.CharField(required=False, allow_blank=True, max_length=2000)

    @extend_schema(request=InputSerializer, responses={200: StepOutputSerializer})
    def post(self, request: Request, case_id: str, code: str) -> Response:
        user = request_user(request)
        case = selectors.case_get(fetched_by=user, case_id=case_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        step = services.step_complete(completed_by=user, case=case, code=code, **data.validated_data)
        return Response(StepOutputSerializer(step, context={"today": timezone.localdate()}).data)
