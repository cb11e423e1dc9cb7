"""Premium quote API (docs/api.md "Premium quote"): parses input, calls premiums.calculator, renders."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import exceptions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from premiums import calculator, parameters
from premiums.models import Coverage, WaitingDays
from verzuim.api_base import StrictInputSerializer, request_user
from verzuim.models import Role

YEAR_KEY = re.compile(r"^\d{4}$")


def premium_year_field() -> serializers.IntegerField:
    """The premium year of an API input (the quote, a calculation): 2000 to 2100, with a Dutch message."""
    message = gettext_lazy("Geef een premiejaar tussen 2000 en 2100 op.")
    return serializers.IntegerField(
        min_value=2000, max_value=2100, error_messages={"min_value": message, "max_value": message}
    )


def percentage_field(**kwargs: Any) -> serializers.DecimalField:
    """A percentage of an API input: 0 to 100 with four decimals, with Dutch messages."""
    return serializers.DecimalField(
        max_digits=7,
        decimal_places=4,
        min_value=Decimal(0),
        max_value=Decimal(100),
        error_messages={
            "min_value": gettext_lazy("Geef een percentage van 0 of meer op."),
            "max_value": gettext_lazy("Geef een percentage van hoogstens 100 op."),
        },
        **kwargs,
    )


@extend_schema_serializer(component_name="PremiumQuoteEmployee")
class QuoteEmployeeSerializer(StrictInputSerializer):
    yearly_wage = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        min_value=Decimal(0),
        error_messages={"min_value": gettext_lazy("Het jaarloon mag niet negatief zijn.")},
    )
    date_of_birth = serializers.DateField()


@extend_schema_serializer(component_name="PremiumQuoteResult")
class QuoteOutputSerializer(serializers.Serializer):
    insured_payroll = serializers.DecimalField(max_digits=None, decimal_places=2)
    base_rate_pct = serializers.DecimalField(max_digits=None, decimal_places=4)
    weighted_own_absence_pct = serializers.DecimalField(max_digits=None, decimal_places=4, allow_null=True)
    experience_ratio = serializers.DecimalField(max_digits=None, decimal_places=4)
    credibility_weight = serializers.DecimalField(
        max_digits=None, decimal_places=4, source="credibility_weight_pct", help_text="Z(n) als percentage."
    )
    own_absence_factor_uncapped = serializers.DecimalField(max_digits=None, decimal_places=4)
    own_absence_factor = serializers.DecimalField(max_digits=None, decimal_places=4)
    cap_applied = serializers.BooleanField()
    premium = serializers.DecimalField(max_digits=None, decimal_places=2)


class PremiumQuoteApi(APIView):
    @extend_schema_serializer(component_name="PremiumQuoteInput")
    class InputSerializer(StrictInputSerializer):
        year = premium_year_field()
        sector_rate_pct = percentage_field()
        employer_charges_pct = percentage_field()
        waiting_days = serializers.ChoiceField(
            choices=WaitingDays.choices,
            error_messages={"invalid_choice": gettext_lazy("Kies 10, 20, 30 of 65 eigenrisicodagen.")},
        )
        coverage = serializers.ChoiceField(
            choices=Coverage.choices,
            error_messages={"invalid_choice": gettext_lazy("Kies dekking 100/70, 70/70 of 100/100.")},
        )
        employees = serializers.ListField(
            child=QuoteEmployeeSerializer(),
            allow_empty=False,
            error_messages={"empty": gettext_lazy("Geef minstens één werknemer op.")},
        )
        own_absence_pct = serializers.DictField(child=percentage_field())
        sector_absence_pct = serializers.DecimalField(
            max_digits=7,
            decimal_places=4,
            min_value=Decimal("0.0001"),
            max_value=Decimal(100),
            error_messages={
                "min_value": gettext_lazy("Het verwachte sectorverzuim moet groter zijn dan 0."),
                "max_value": gettext_lazy("Geef een percentage van hoogstens 100 op."),
            },
        )
        previous_own_absence_factor = serializers.DecimalField(
            max_digits=7,
            decimal_places=4,
            min_value=Decimal("0.0001"),
            required=False,
            allow_null=True,
            error_messages={"min_value": gettext_lazy("De vorige eigenverzuimfactor moet groter zijn dan 0.")},
        )

        def validate_own_absence_pct(self, value: dict[str, Decimal]) -> dict[str, Decimal]:
            if not all(YEAR_KEY.match(key) for key in value):
                raise serializers.ValidationError(
                    _('Gebruik jaartallen van vier cijfers als sleutel, bijvoorbeeld "2025".')
                )
            return value

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            # Only the three years before the premium year count (docs/domain.md §7); others are refused,
            # never silently ignored.
            year = attrs["year"]
            window = {year - 3, year - 2, year - 1}
            if any(int(key) not in window for key in attrs["own_absence_pct"]):
                raise serializers.ValidationError(
                    {
                        "own_absence_pct": [
                            _("Alleen de drie jaren vóór het premiejaar tellen mee: {first} tot en met {last}.").format(
                                first=year - 3, last=year - 1
                            )
                        ]
                    }
                )
            return attrs

    @extend_schema(request=InputSerializer, responses={200: QuoteOutputSerializer})
    def post(self, request: Request) -> Response:
        if request_user(request).role != Role.INSURER:
            raise exceptions.PermissionDenied(_("Alleen medewerkers van de verzekeraar maken een premieberekening."))
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            loaded = parameters.for_year(data["year"])
        except parameters.ParametersUnavailable as error:
            raise serializers.ValidationError({"year": [str(error)]}) from error
        result = calculator.premium_quote(
            calculator.QuoteInput(
                year=data["year"],
                sector_rate_pct=data["sector_rate_pct"],
                employer_charges_pct=data["employer_charges_pct"],
                waiting_days=int(data["waiting_days"]),
                coverage=data["coverage"],
                employees=tuple(
                    calculator.EmployeeInput(yearly_wage=row["yearly_wage"], date_of_birth=row["date_of_birth"])
                    for row in data["employees"]
                ),
                own_absence_pct={int(key): pct for key, pct in data["own_absence_pct"].items()},
                sector_absence_pct=data["sector_absence_pct"],
                previous_own_absence_factor=data.get("previous_own_absence_factor"),
            ),
            parameters=loaded.parameters,
        )
        return Response(QuoteOutputSerializer(result).data)
