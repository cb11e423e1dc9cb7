"""Income consequences API (docs/api.md "Income consequences"): parses input, calls cases.income.rules, renders.

Stateless: nothing is stored and no case is involved, so there is no tenant to scope; the casemanager who
records a conversation with the employee does that on the case page (cases.income.views).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import exceptions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cases.income import rules as income
from cases.income.chart import income_notices
from cases.income.services import (
    BEFORE_2016_ABOVE_TOTAL,
    BORN_AFTER_REFERENCE_DATE,
    MAX_WEEKLY_HOURS,
    MIN_WEEKLY_HOURS,
    WEEKLY_HOURS_RANGE,
)
from verzuim.api_base import StrictInputSerializer, request_user
from verzuim.models import Role

# The people who hold the conversation with the employee (docs/domain.md §6) and the insurer's own staff.
INCOME_TOOL_ROLES = frozenset({Role.CASEMANAGER, Role.INSURER})


def _amount(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=9,
        decimal_places=2,
        min_value=Decimal(0),
        error_messages={
            "min_value": gettext_lazy("Een bedrag kan niet negatief zijn."),
            "max_whole_digits": gettext_lazy("Geef een maandbedrag van hoogstens 9.999.999,99 op."),
            "max_digits": gettext_lazy("Geef een maandbedrag van hoogstens 9.999.999,99 op."),
        },
        **kwargs,
    )


def _pct(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        min_value=Decimal(0),
        max_value=Decimal(100),
        error_messages={
            "min_value": gettext_lazy("Geef een percentage van 0 of meer op."),
            "max_value": gettext_lazy("Geef een percentage van hoogstens 100 op."),
        },
        **kwargs,
    )


PHASE_CODE_CHOICES = [(code, code) for code in income.PHASE_CODES]


@extend_schema_serializer(component_name="IncomePhase")
class PhaseSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=PHASE_CODE_CHOICES)
    months = serializers.IntegerField(allow_null=True, help_text="Leeg (null) voor een fase zonder einde.")
    monthly_amount = serializers.DecimalField(max_digits=None, decimal_places=2)


WARNING_CODE_CHOICES = [(code, code) for code in income.WARNING_CODES]


@extend_schema_serializer(component_name="IncomeWarning")
class WarningSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=WARNING_CODE_CHOICES)
    message = serializers.CharField(help_text="Wat de waarschuwing betekent, in het Nederlands.")


@extend_schema_serializer(component_name="IncomeConsequencesResult")
class IncomeOutputSerializer(serializers.Serializer):
    phases = PhaseSerializer(many=True)
    warnings = WarningSerializer(
        many=True, help_text="Wat de werknemer moet weten over de ingevulde gegevens; de bedragen gelden toch."
    )


class IncomeConsequencesApi(APIView):
    @extend_schema_serializer(component_name="IncomeConsequencesInput")
    class InputSerializer(StrictInputSerializer):
        monthly_wage = _amount()
        weekly_hours = serializers.DecimalField(
            max_digits=4,
            decimal_places=2,
            min_value=MIN_WEEKLY_HOURS,
            max_value=MAX_WEEKLY_HOURS,
            help_text="Uren per week volgens het contract (het minimumloon in het eerste ziektejaar).",
            error_messages={
                "min_value": WEEKLY_HOURS_RANGE,
                "max_value": WEEKLY_HOURS_RANGE,
                "max_digits": WEEKLY_HOURS_RANGE,
                "max_whole_digits": WEEKLY_HOURS_RANGE,
            },
        )
        date_of_birth = serializers.DateField(
            required=False,
            allow_null=True,
            help_text="Geboortedatum: onder de 21 jaar op de peildatum geldt het minimumjeugdloon. Leeg: 21 of ouder.",
        )
        reference_date = serializers.DateField()
        work_history_years = serializers.IntegerField(
            min_value=0,
            max_value=60,
            error_messages={
                "min_value": gettext_lazy("Het arbeidsverleden kan niet negatief zijn."),
                "max_value": gettext_lazy("Geef een arbeidsverleden van hoogstens 60 jaar op."),
            },
        )
        work_history_years_before_2016 = serializers.IntegerField(
            required=False,
            allow_null=True,
            min_value=0,
            max_value=60,
            help_text=(
                "Jaren arbeidsverleden vóór 2016 (elk een hele maand loongerelateerde uitkering). Leeg: zonder "
                "onderbreking gewerkt tot de peildatum."
            ),
            error_messages={
                "min_value": gettext_lazy("Het arbeidsverleden kan niet negatief zijn."),
                "max_value": gettext_lazy("Geef een arbeidsverleden van hoogstens 60 jaar op."),
            },
        )
        incapacity_pct = _pct()
        durable = serializers.BooleanField()
        remaining_capacity_monthly = _amount()
        expected_earnings_monthly = _amount()
        topup_year1_pct = _pct(required=False, allow_null=True)
        topup_year2_pct = _pct(required=False, allow_null=True)

        def validate_reference_date(self, value: Any) -> Any:
            earliest = income.earliest_reference_date()
            if value < earliest:
                raise serializers.ValidationError(
                    _("Voor een peildatum vóór %(date)s zijn geen wettelijke bedragen bekend.")
                    % {"date": formats.date_format(earliest, "j F Y")}
                )
            return value

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            errors: dict[str, list[Any]] = {}
            before = attrs.get("work_history_years_before_2016")
            if before is not None and before > attrs["work_history_years"]:
                errors["work_history_years_before_2016"] = [BEFORE_2016_ABOVE_TOTAL]
            born = attrs.get("date_of_birth")
            if born is not None and born >= attrs["reference_date"]:
                errors["date_of_birth"] = [BORN_AFTER_REFERENCE_DATE]
            if errors:
                raise serializers.ValidationError(errors)
            return attrs

    @extend_schema(request=InputSerializer, responses={200: IncomeOutputSerializer})
    def post(self, request: Request) -> Response:
        if request_user(request).role not in INCOME_TOOL_ROLES:
            raise exceptions.PermissionDenied(
                _("Alleen casemanagers en medewerkers van de verzekeraar gebruiken de inkomensberekening.")
            )
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        facts = income.IncomeFacts(**serializer.validated_data)
        phases = income.income_phases(facts)
        warnings = [{"code": notice.code, "message": str(notice.message)} for notice in income_notices(facts)]
        return Response(IncomeOutputSerializer({"phases": phases, "warnings": warnings}).data)
