"""Premium calculations API: insurer staff calculate, submit and review (four eyes); employers read approved ones.

Each calculation also says whether the employer's data changed since it was made (`freshness`) and how its premium
compares with the last approved one (`previous_approved`), from premiums.staleness (docs/domain.md §7). Approving a
stale calculation needs `{"confirm_stale": true}`; without it the answer is 400 with a field error on
`confirm_stale`.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from premiums import selectors, services, staleness
from premiums.api import premium_year_field
from premiums.models import CalculationStatus, PremiumCalculation
from verzuim.api_base import StrictInputSerializer, request_user
from verzuim.api_pagination import PAGE_PARAMETERS, paginate_queryset
from verzuim.models import User


def _person(user: User | None) -> str | None:
    return user.get_full_name() if user else None


@extend_schema_serializer(component_name="PremiumCalculationFreshness")
class FreshnessSerializer(serializers.Serializer):
    """The stored roster and absence figures against the employer's data now (premiums.staleness)."""

    stale = serializers.BooleanField()
    roster_changed = serializers.BooleanField()
    absence_changed = serializers.BooleanField()
    reference_date = serializers.DateField()
    employee_count_now = serializers.IntegerField()
    insured_payroll_now = serializers.DecimalField(max_digits=None, decimal_places=2)
    own_absence_pct_now = serializers.DictField(child=serializers.DecimalField(max_digits=None, decimal_places=2))


@extend_schema_serializer(component_name="PremiumCalculationPreviousApproved")
class PreviousApprovedSerializer(serializers.Serializer):
    """The last approved premium of the employer before this calculation, and the change against it."""

    id = serializers.UUIDField(source="previous_id")
    year = serializers.IntegerField(source="previous_year")
    premium = serializers.DecimalField(max_digits=None, decimal_places=2, source="previous_premium")
    change = serializers.DecimalField(max_digits=None, decimal_places=2, source="amount")
    change_pct = serializers.DecimalField(max_digits=None, decimal_places=1, source="pct", allow_null=True)


@extend_schema_serializer(component_name="PremiumCalculation")
class CalculationOutputSerializer(serializers.Serializer):
    # Pass the calculations' `staleness.checks` as context "checks" (a list: bounded queries); without it each
    # calculation is checked alone.

    id = serializers.UUIDField()
    policy = serializers.UUIDField(source="policy_id")
    policy_number = serializers.CharField(source="policy.policy_number")
    employer = serializers.UUIDField(source="employer_id")
    employer_name = serializers.CharField(source="employer.name")
    year = serializers.IntegerField()
    status = serializers.ChoiceField(choices=CalculationStatus.choices)
    parameters_valid_from = serializers.DateField(source="parameter_set.valid_from")
    calculated_on = serializers.DateField()
    inputs = serializers.JSONField()
    employee_count = serializers.IntegerField()
    insured_payroll = serializers.DecimalField(max_digits=None, decimal_places=2)
    average_age = serializers.DecimalField(max_digits=None, decimal_places=2, allow_null=True)
    age_wage_mix_factor = serializers.DecimalField(max_digits=None, decimal_places=4)
    waiting_days_factor = serializers.DecimalField(max_digits=None, decimal_places=4)
    coverage_factor = serializers.DecimalField(max_digits=None, decimal_places=4)
    base_rate_pct = serializers.DecimalField(max_digits=None, decimal_places=4)
    weighted_own_absence_pct = serializers.DecimalField(max_digits=None, decimal_places=4, allow_null=True)
    experience_ratio = serializers.DecimalField(max_digits=None, decimal_places=4)
    credibility_weight = serializers.DecimalField(max_digits=None, decimal_places=4, source="credibility_weight_pct")
    own_absence_factor_uncapped = serializers.DecimalField(max_digits=None, decimal_places=4)
    previous_own_absence_factor = serializers.DecimalField(max_digits=None, decimal_places=4, allow_null=True)
    own_absence_factor_ceiling = serializers.DecimalField(max_digits=None, decimal_places=4, allow_null=True)
    own_absence_factor = serializers.DecimalField(max_digits=None, decimal_places=4)
    cap_applied = serializers.BooleanField()
    premium = serializers.DecimalField(max_digits=None, decimal_places=2)
    created_by_name = serializers.SerializerMethodField()
    submitted_by_name = serializers.SerializerMethodField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    reviewed_by_name = serializers.SerializerMethodField()
    reviewed_at = serializers.DateTimeField(allow_null=True)
    review_note = serializers.CharField()
    freshness = serializers.SerializerMethodField()
    previous_approved = serializers.SerializerMethodField()

    def _check(self, calculation: PremiumCalculation) -> staleness.Check:
        checks = self.context.get("checks")
        if checks is not None and calculation.pk in checks:
            return checks[calculation.pk]
        return staleness.check(calculation)

    @extend_schema_field(FreshnessSerializer(allow_null=True))
    def get_freshness(self, calculation: PremiumCalculation) -> dict[str, object] | None:
        freshness = self._check(calculation).freshness
        if freshness is None:
            return None
        return FreshnessSerializer(
            {
                "stale": freshness.stale,
                "roster_changed": freshness.roster_changed,
                "absence_changed": freshness.absence_changed,
                "reference_date": freshness.reference_date,
                "employee_count_now": freshness.employee_count_now,
                "insured_payroll_now": freshness.insured_payroll_now,
                "own_absence_pct_now": {str(year): pct for year, pct in sorted(freshness.absence_now.items())},
            }
        ).data

    @extend_schema_field(PreviousApprovedSerializer(allow_null=True))
    def get_previous_approved(self, calculation: PremiumCalculation) -> dict[str, object] | None:
        change = self._check(calculation).change
        return None if change is None else PreviousApprovedSerializer(change).data

    def get_created_by_name(self, calculation: PremiumCalculation) -> str | None:
        return _person(calculation.created_by)

    def get_submitted_by_name(self, calculation: PremiumCalculation) -> str | None:
        return _person(calculation.submitted_by)

    def get_reviewed_by_name(self, calculation: PremiumCalculation) -> str | None:
        return _person(calculation.reviewed_by)


def _reload(request: Request, calculation: PremiumCalculation) -> Response:
    fresh = selectors.calculation_get(fetched_by=request_user(request), calculation_id=calculation.pk)
    return Response(CalculationOutputSerializer(fresh).data)


class CalculationListCreateApi(APIView):
    @extend_schema_serializer(component_name="PremiumCalculationInput")
    class InputSerializer(StrictInputSerializer):
        policy = serializers.UUIDField(
            error_messages={"invalid": gettext_lazy("Geef het kenmerk (UUID) van een polis op.")}
        )
        year = premium_year_field()

    @extend_schema(
        parameters=[
            OpenApiParameter("status", str, enum=CalculationStatus.values, required=False),
            OpenApiParameter("year", int, required=False),
            *PAGE_PARAMETERS,
        ],
        responses={200: CalculationOutputSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        status_filter = request.query_params.get("status") or None
        if status_filter and status_filter not in CalculationStatus.values:
            raise serializers.ValidationError({"status": [_("Onbekende status.")]})
        raw_year = request.query_params.get("year") or ""
        if raw_year and not (raw_year.isascii() and raw_year.isdigit() and 2000 <= int(raw_year) <= 2100):
            raise serializers.ValidationError({"year": [_("Geef een premiejaar tussen 2000 en 2100 op.")]})
        calculations = selectors.calculation_list(
            fetched_by=request_user(request), status=status_filter, year=int(raw_year) if raw_year else None
        )
        # Newest premium year first, then newest first: keys that never change (the employer's name can).
        page = paginate_queryset(
            request, calculations, list_name="premium_calculations", ordering=("-year", "-created_at", "-pk")
        )
        checks = staleness.checks(page.rows)
        return page.response(CalculationOutputSerializer(page.rows, many=True, context={"checks": checks}).data)

    @extend_schema(request=InputSerializer, responses={201: CalculationOutputSerializer})
    def post(self, request: Request) -> Response:
        user = request_user(request)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        policy = selectors.policy_get(fetched_by=user, policy_id=serializer.validated_data["policy"])
        calculation = services.premium_calculate(
            calculated_by=user, policy=policy, year=serializer.validated_data["year"]
        )
        response = _reload(request, calculation)
        response.status_code = status.HTTP_201_CREATED
        return response


class CalculationDetailApi(APIView):
    @extend_schema(responses={200: CalculationOutputSerializer})
    def get(self, request: Request, calculation_id: str) -> Response:
        calculation = selectors.calculation_get(fetched_by=request_user(request), calculation_id=calculation_id)
        return Response(CalculationOutputSerializer(calculation).data)


class CalculationSubmitApi(APIView):
    @extend_schema(request=None, responses={200: CalculationOutputSerializer})
    def post(self, request: Request, calculation_id: str) -> Response:
        user = request_user(request)
        calculation = selectors.calculation_get(fetched_by=user, calculation_id=calculation_id)
        calculation = services.premium_submit(submitted_by=user, calculation=calculation)
        return _reload(request, calculation)


class CalculationApproveApi(APIView):
    @extend_schema_serializer(component_name="PremiumCalculationApproveInput")
    class InputSerializer(StrictInputSerializer):
        confirm_stale = serializers.BooleanField(
            required=False,
            default=False,
            help_text="Must be true when the employer's data changed since the calculation (freshness.stale).",
        )

    @extend_schema(request=InputSerializer, responses={200: CalculationOutputSerializer})
    def post(self, request: Request, calculation_id: str) -> Response:
        user = request_user(request)
        calculation = selectors.calculation_get(fetched_by=user, calculation_id=calculation_id)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        calculation = services.premium_approve(
            reviewed_by=user, calculation=calculation, stale_confirmed=serializer.validated_data["confirm_stale"]
        )
        return _reload(request, calculation)


class CalculationRejectApi(APIView):
    @extend_schema_serializer(component_name="PremiumCalculationRejectInput")
    class InputSerializer(StrictInputSerializer):
        reason = serializers.CharField(
            max_length=2000,
            error_messages={
                "blank": gettext_lazy("Geef aan waarom u de berekening afkeurt."),
                "required": gettext_lazy("Geef aan waarom u de berekening afkeurt."),
            },
        )

    @extend_schema(request=InputSerializer, responses={200: CalculationOutputSerializer})
    def post(self, request: Request, calculation_id: str) -> Response:
        user = request_user(request)
        calculation = selectors.calculation_get(fetched_by=user, calculation_id=calculation_id)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        calculation = services.premium_reject(
            reviewed_by=user, calculation=calculation, reason=serializer.validated_data["reason"]
        )
        return _reload(request, calculation)
