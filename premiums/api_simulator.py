"""Premium simulation API (docs/api.md "Premium simulation"): next year's premium under the caller's assumptions
(premiums.simulator). Nothing is stored but the audit row of the read.

The employer user simulates its own employer, insurer staff any; anyone else, and an employer user naming another
employer, gets 404. Bad input is 400 with Dutch field errors: an unknown case, a case of another employer or
without a running sickness, a case named twice, negative weeks, another year than next year, or a year without
parameters.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from premiums import simulator
from premiums.api import percentage_field, premium_year_field
from verzuim.api_base import StrictInputSerializer, request_user

WEEKS_MESSAGE = gettext_lazy("Geef een aantal weken van 0 tot en met 104 op.")


def _weeks(**kwargs: Any) -> serializers.IntegerField:
    return serializers.IntegerField(
        min_value=0,
        max_value=simulator.MAX_WEEKS,
        error_messages={"min_value": WEEKS_MESSAGE, "max_value": WEEKS_MESSAGE, "invalid": WEEKS_MESSAGE},
        **kwargs,
    )


@extend_schema_serializer(component_name="PremiumSimulationCaseInput")
class CaseInputSerializer(StrictInputSerializer):
    case = serializers.UUIDField(
        error_messages={"invalid": gettext_lazy("Geef het kenmerk (UUID) van een verzuimgeval op.")}
    )
    recovers_in_weeks = _weeks(help_text="Weeks from today until full recovery (0: recovered today).")


@extend_schema_serializer(component_name="PremiumSimulationInterventionInput")
class InterventionInputSerializer(StrictInputSerializer):
    case = serializers.UUIDField(
        required=False,
        allow_null=True,
        help_text="The running case the intervention shortens; default the one expected to last longest.",
    )
    weeks_shorter = serializers.IntegerField(
        min_value=1,
        max_value=simulator.MAX_WEEKS,
        error_messages={
            "min_value": gettext_lazy("Geef minstens 1 week op."),
            "max_value": gettext_lazy("Geef hoogstens 104 weken op."),
        },
    )


@extend_schema_serializer(component_name="PremiumSimulationInput")
class SimulationInputSerializer(StrictInputSerializer):
    employer = serializers.UUIDField(
        error_messages={"invalid": gettext_lazy("Geef het kenmerk (UUID) van een werkgever op.")}
    )
    year = premium_year_field()
    cases = serializers.ListField(child=CaseInputSerializer(), required=False, default=list)
    other_absence_pct = percentage_field(
        required=False,
        allow_null=True,
        help_text="Absence expected for the rest of this year besides the running cases; default: this year's so far.",
    )
    intervention = InterventionInputSerializer(required=False, allow_null=True)

    def validate_cases(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        ids = [row["case"] for row in value]
        if len(ids) != len(set(ids)):
            raise serializers.ValidationError(_("Noem elk verzuimgeval hoogstens één keer."))
        return value


@extend_schema_serializer(component_name="PremiumSimulationCase")
class CaseOutputSerializer(serializers.Serializer):
    case = serializers.UUIDField(source="case.case_id")
    employee_name = serializers.CharField(source="case.employee_name")
    first_sick_day = serializers.DateField(source="case.first_sick_day")
    weeks_absent = serializers.IntegerField(source="case.weeks_absent")
    safety_net = serializers.BooleanField(source="case.safety_net")
    default_recovers_in_weeks = serializers.IntegerField(source="case.default_weeks")
    default_source = serializers.CharField(source="case.default_source")
    recovers_in_weeks = serializers.IntegerField()
    recovery_date = serializers.DateField()


@extend_schema_serializer(component_name="PremiumSimulationQuote")
class QuoteResultSerializer(serializers.Serializer):
    """The calculator's intermediates (premiums.calculator.QuoteResult)."""

    employee_count = serializers.IntegerField()
    insured_payroll = serializers.DecimalField(max_digits=None, decimal_places=2)
    average_age = serializers.DecimalField(max_digits=None, decimal_places=2, allow_null=True)
    age_wage_mix_factor = serializers.DecimalField(max_digits=None, decimal_places=4)
    waiting_days_factor = serializers.DecimalField(max_digits=None, decimal_places=4)
    coverage_factor = serializers.DecimalField(max_digits=None, decimal_places=4)
    base_rate_pct = serializers.DecimalField(max_digits=None, decimal_places=4)
    weighted_own_absence_pct = serializers.DecimalField(max_digits=None, decimal_places=4, allow_null=True)
    experience_ratio = serializers.DecimalField(max_digits=None, decimal_places=4)
    credibility_weight = serializers.DecimalField(
        max_digits=None, decimal_places=4, source="credibility_weight_pct", help_text="Z(n) als percentage."
    )
    own_absence_factor_uncapped = serializers.DecimalField(max_digits=None, decimal_places=4)
    own_absence_factor_ceiling = serializers.DecimalField(max_digits=None, decimal_places=4, allow_null=True)
    own_absence_factor = serializers.DecimalField(max_digits=None, decimal_places=4)
    cap_applied = serializers.BooleanField()
    premium = serializers.DecimalField(max_digits=None, decimal_places=2)


@extend_schema_serializer(component_name="PremiumSimulationIntervention")
class InterventionOutputSerializer(serializers.Serializer):
    case = serializers.UUIDField(source="case.case_id")
    weeks_shorter = serializers.IntegerField()
    weeks_applied = serializers.IntegerField(help_text="At most the weeks the case is still expected to last.")
    own_absence_factor = serializers.DecimalField(
        max_digits=None, decimal_places=4, source="outcome.result.own_absence_factor"
    )
    cap_applied = serializers.BooleanField(source="outcome.result.cap_applied")
    premium = serializers.DecimalField(max_digits=None, decimal_places=2, source="outcome.result.premium")
    saving = serializers.DecimalField(max_digits=None, decimal_places=2)


@extend_schema_serializer(component_name="PremiumSimulation")
class SimulationOutputSerializer(serializers.Serializer):
    employer = serializers.UUIDField(source="basis.employer.pk")
    policy_number = serializers.CharField(source="basis.policy.policy_number")
    year = serializers.IntegerField(source="basis.year")
    simulated_on = serializers.DateField(source="basis.today")
    parameters_valid_from = serializers.DateField(source="basis.parameters_valid_from")
    parameters_carried_forward = serializers.BooleanField(
        source="basis.parameters_carried_forward",
        help_text="True when the year has no parameter set of its own yet and this year's set is used.",
    )
    other_absence_pct = serializers.DecimalField(
        max_digits=None, decimal_places=2, source="assumptions.other_absence_pct"
    )
    projected_absence_pct = serializers.DecimalField(
        max_digits=None,
        decimal_places=2,
        allow_null=True,
        source="outcome.projected_absence_pct",
        help_text="This year's own absence projected to 31 December (null: no insured employee days this year).",
    )
    own_absence_pct = serializers.SerializerMethodField()
    cases = CaseOutputSerializer(many=True, source="lines")
    previous_own_absence_factor = serializers.DecimalField(
        max_digits=None, decimal_places=4, allow_null=True, source="outcome.quote.previous_own_absence_factor"
    )
    quote = QuoteResultSerializer(source="outcome.result")
    own_absence_factor = serializers.DecimalField(
        max_digits=None, decimal_places=4, source="outcome.result.own_absence_factor"
    )
    cap_applied = serializers.BooleanField(source="outcome.result.cap_applied")
    premium = serializers.DecimalField(max_digits=None, decimal_places=2, source="outcome.result.premium")
    intervention = InterventionOutputSerializer(allow_null=True)

    def get_own_absence_pct(self, simulation: simulator.Simulation) -> dict[str, Decimal]:
        """The own absence per year of the window as used (this year projected), oldest first."""
        return {str(year): pct for year, pct in sorted(simulation.outcome.quote.own_absence_pct.items())}


def _field_errors(error: DjangoValidationError) -> serializers.ValidationError:
    return serializers.ValidationError(error.message_dict if hasattr(error, "error_dict") else error.messages)


class PremiumSimulationApi(APIView):
    @extend_schema(request=SimulationInputSerializer, responses={200: SimulationOutputSerializer})
    def post(self, request: Request) -> Response:
        user = request_user(request)
        if user.role not in simulator.SIMULATOR_ROLES:
            raise Http404
        serializer = SimulationInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        employer = simulator.simulation_employer(fetched_by=user, employer_id=data["employer"])
        try:
            basis = simulator.simulation_basis(employer=employer, year=data["year"], today=timezone.localdate())
        except DjangoValidationError as error:
            raise _field_errors(error) from error
        weeks: dict[uuid.UUID, int] = {}
        for index, row in enumerate(data["cases"]):
            case = basis.running_case(row["case"])
            if case is None:
                raise serializers.ValidationError(
                    {"cases": {str(index): {"case": [_("Dit is geen lopend verzuim van deze werkgever.")]}}}
                )
            if row["recovers_in_weeks"] > case.max_weeks:
                raise serializers.ValidationError(
                    {
                        "cases": {
                            str(index): {
                                "recovers_in_weeks": [
                                    _("Hoogstens %(max)d weken: na 104 weken ziekte eindigt de loondoorbetaling.")
                                    % {"max": case.max_weeks}
                                ]
                            }
                        }
                    }
                )
            weeks[case.case_id] = row["recovers_in_weeks"]
        intervention = data.get("intervention") or {}
        intervention_case = intervention.get("case")
        if intervention_case is not None and basis.running_case(intervention_case) is None:
            raise serializers.ValidationError(
                {"intervention": {"case": [_("Dit is geen lopend verzuim van deze werkgever.")]}}
            )
        other = data.get("other_absence_pct")
        assumptions = simulator.Assumptions(
            recovers_in_weeks=weeks,
            other_absence_pct=basis.other_absence_pct_default if other is None else other,
            intervention_case=intervention_case,
            intervention_weeks=intervention.get("weeks_shorter") or simulator.DEFAULT_INTERVENTION_WEEKS,
        )
        simulation = simulator.simulate(basis, assumptions)
        simulator.simulation_audit(user=user, basis=basis, view="api_premium_simulation")
        return Response(SimulationOutputSerializer(simulation).data)
