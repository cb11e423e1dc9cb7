"""Claims API (declaraties): insurer staff calculate, approve (four eyes), pay and cancel; employers read their
approved claims. Thin classes over premiums.claims.services and premiums.claims.selectors."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from premiums.claims import rules as claims
from premiums.claims import selectors as selectors_claims
from premiums.claims import services as services_claims
from premiums.claims.models import Claim, ClaimKind, ClaimStatus
from premiums.models import Coverage
from verzuim.api_base import StrictInputSerializer, request_user
from verzuim.api_pagination import PAGE_PARAMETERS, paginate_queryset
from verzuim.models import User

YEAR_MESSAGE = gettext_lazy("Geef een jaar tussen 2000 en 2100 op.")


def _person(user: User | None) -> str | None:
    return user.get_full_name() if user else None


@extend_schema_serializer(component_name="ClaimLine")
class ClaimLineSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    category = serializers.ChoiceField(choices=[category.value for category in claims.Category])
    work_days = serializers.IntegerField()
    absent_pct = serializers.DecimalField(max_digits=None, decimal_places=2)
    coverage_year = serializers.IntegerField(allow_null=True)
    coverage_pct = serializers.DecimalField(max_digits=None, decimal_places=2)
    insured_yearly_wage = serializers.DecimalField(max_digits=None, decimal_places=2)
    daily_wage = serializers.DecimalField(max_digits=None, decimal_places=2)
    amount = serializers.DecimalField(max_digits=None, decimal_places=2)


@extend_schema_serializer(component_name="Claim")
class ClaimOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    case = serializers.UUIDField(source="case_id")
    employee = serializers.UUIDField(source="case.employee_id")
    employee_name = serializers.CharField(source="case.employee.full_name")
    employer = serializers.UUIDField(source="employer_id")
    employer_name = serializers.CharField(source="employer.name")
    policy = serializers.UUIDField(source="policy_id")
    policy_number = serializers.CharField(source="policy.policy_number")
    kind = serializers.ChoiceField(choices=ClaimKind.choices)
    status = serializers.ChoiceField(choices=ClaimStatus.choices)
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    waiting_days = serializers.IntegerField()
    waiting_days_before = serializers.IntegerField()
    waiting_days_in_period = serializers.IntegerField()
    sick_work_days = serializers.IntegerField()
    paid_work_days = serializers.IntegerField()
    yearly_wage = serializers.DecimalField(max_digits=None, decimal_places=2)
    coverage = serializers.ChoiceField(choices=Coverage.choices)
    employer_charges_pct = serializers.DecimalField(max_digits=None, decimal_places=2)
    amount = serializers.DecimalField(max_digits=None, decimal_places=2)
    lines = ClaimLineSerializer(many=True)
    created_by_name = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()
    approved_by_name = serializers.SerializerMethodField()
    approved_at = serializers.DateTimeField(allow_null=True)
    paid_at = serializers.DateTimeField(allow_null=True)
    cancelled_at = serializers.DateTimeField(allow_null=True)
    cancel_reason = serializers.CharField()

    def get_created_by_name(self, claim: Claim) -> str | None:
        return _person(claim.created_by)

    def get_approved_by_name(self, claim: Claim) -> str | None:
        return _person(claim.approved_by)


def _reload(request: Request, claim: Claim, *, status_code: int = status.HTTP_200_OK) -> Response:
    fresh = selectors_claims.claim_get(fetched_by=request_user(request), claim_id=claim.pk)
    return Response(ClaimOutputSerializer(fresh).data, status=status_code)


def _year(request: Request) -> int | None:
    raw = request.query_params.get("year") or ""
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit() and 2000 <= int(raw) <= 2100):  # "²".isdigit(), but int("²") fails
        raise serializers.ValidationError({"year": [str(YEAR_MESSAGE)]})
    return int(raw)


def _status(request: Request) -> str | None:
    value = request.query_params.get("status") or None
    if value and value not in ClaimStatus.values:
        raise serializers.ValidationError({"status": [_("Onbekende status.")]})
    return value


# The order of selectors_claims.claim_list (newest period first), paged on it.
CLAIM_ORDERING = ("-period_start", "-created_at", "pk")


class CaseClaimListCreateApi(APIView):
    @extend_schema_serializer(component_name="ClaimInput")
    class InputSerializer(StrictInputSerializer):
        period_start = serializers.DateField(
            error_messages={
                "required": gettext_lazy("Vul de eerste dag van de periode in."),
                "invalid": gettext_lazy("Vul een geldige datum in (JJJJ-MM-DD)."),
            }
        )
        period_end = serializers.DateField(
            error_messages={
                "required": gettext_lazy("Vul de laatste dag van de periode in."),
                "invalid": gettext_lazy("Vul een geldige datum in (JJJJ-MM-DD)."),
            }
        )

    @extend_schema(parameters=PAGE_PARAMETERS, responses={200: ClaimOutputSerializer(many=True)})
    def get(self, request: Request, case_id: str) -> Response:
        user = request_user(request)
        case = selectors_claims.claim_case_get(fetched_by=user, case_id=case_id)
        claim_list = selectors_claims.claim_list(fetched_by=user, case=case)
        page = paginate_queryset(request, claim_list, list_name="case_claims", ordering=CLAIM_ORDERING)
        return page.response(ClaimOutputSerializer(page.rows, many=True).data)

    @extend_schema(request=InputSerializer, responses={201: ClaimOutputSerializer})
    def post(self, request: Request, case_id: str) -> Response:
        user = request_user(request)
        case = selectors_claims.claim_case_get(fetched_by=user, case_id=case_id)
        services_claims.claim_require_insurer(user)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        claim = services_claims.claim_create(created_by=user, case=case, **data.validated_data)
        return _reload(request, claim, status_code=status.HTTP_201_CREATED)


class ClaimListApi(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("year", int, required=False, description="Kalenderjaar van het begin van de periode."),
            OpenApiParameter("status", str, enum=ClaimStatus.values, required=False),
            *PAGE_PARAMETERS,
        ],
        responses={200: ClaimOutputSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        user = request_user(request)
        if user.role not in selectors_claims.CLAIM_ROLES:
            raise Http404
        claim_list = selectors_claims.claim_list(fetched_by=user, year=_year(request), status=_status(request))
        page = paginate_queryset(request, claim_list, list_name="claims", ordering=CLAIM_ORDERING)
        return page.response(ClaimOutputSerializer(page.rows, many=True).data)


class ClaimDetailApi(APIView):
    @extend_schema(responses={200: ClaimOutputSerializer})
    def get(self, request: Request, claim_id: str) -> Response:
        claim = selectors_claims.claim_get(fetched_by=request_user(request), claim_id=claim_id)
        return Response(ClaimOutputSerializer(claim).data)


class ClaimApproveApi(APIView):
    @extend_schema(request=None, responses={200: ClaimOutputSerializer})
    def post(self, request: Request, claim_id: str) -> Response:
        user = request_user(request)
        claim = selectors_claims.claim_get(fetched_by=user, claim_id=claim_id)
        claim = services_claims.claim_approve(approved_by=user, claim=claim)
        return _reload(request, claim)


class ClaimPayApi(APIView):
    @extend_schema(request=None, responses={200: ClaimOutputSerializer})
    def post(self, request: Request, claim_id: str) -> Response:
        user = request_user(request)
        claim = selectors_claims.claim_get(fetched_by=user, claim_id=claim_id)
        claim = services_claims.claim_mark_paid(paid_by=user, claim=claim)
        return _reload(request, claim)


class ClaimCancelApi(APIView):
    @extend_schema_serializer(component_name="ClaimCancelInput")
    class InputSerializer(StrictInputSerializer):
        reason = serializers.CharField(
            max_length=2000,
            error_messages={
                "blank": gettext_lazy("Geef aan waarom u de declaratie intrekt."),
                "required": gettext_lazy("Geef aan waarom u de declaratie intrekt."),
            },
        )

    @extend_schema(request=InputSerializer, responses={200: ClaimOutputSerializer})
    def post(self, request: Request, claim_id: str) -> Response:
        user = request_user(request)
        claim = selectors_claims.claim_get(fetched_by=user, claim_id=claim_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        claim = services_claims.claim_cancel(cancelled_by=user, claim=claim, reason=data.validated_data["reason"])
        return _reload(request, claim)
