"""Absence statistics API (docs/api.md "Statistics"): one employer, one calendar year, beside the sector's expected
absence that the premium of that year uses (cases.statistics.sector; decision 368)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cases.statistics import data as statistics_data
from cases.statistics.sector import sector_reference
from verzuim import selectors as core_selectors
from verzuim.api_base import request_user

FIRST_YEAR = 2000


@extend_schema_serializer(component_name="SectorExpectedAbsence")
class SectorReferenceSerializer(serializers.Serializer):
    sbi_section = serializers.CharField(help_text="SBI-sectie van de werkgever (A tot en met U).")
    sector = serializers.CharField(source="sector_label", help_text="Naam van de SBI-sectie.")
    expected_absence_pct = serializers.DecimalField(
        max_digits=None, decimal_places=4, help_text="Verwacht verzuim in de sector waarmee de premie rekent."
    )
    premium_year = serializers.IntegerField(source="year", help_text="Het premiejaar waarvoor dit cijfer geldt.")
    parameters_valid_from = serializers.DateField(help_text="Ingangsdatum van de premieparameters.")


@extend_schema_serializer(component_name="EmployerStatistics")
class StatisticsOutputSerializer(serializers.Serializer):
    absence_pct = serializers.DecimalField(max_digits=None, decimal_places=2)
    absence_pct_excl_pregnancy = serializers.DecimalField(
        max_digits=None, decimal_places=2, help_text="Zonder vangnetgevallen (Ziektewet), waaronder zwangerschap."
    )
    report_frequency = serializers.DecimalField(max_digits=None, decimal_places=2)
    average_duration_days = serializers.DecimalField(max_digits=None, decimal_places=2, allow_null=True)
    sector_expected_absence = SectorReferenceSerializer(
        allow_null=True,
        help_text="Het verwachte verzuim van de sector uit de premieparameters van dit jaar; null als er geen is.",
    )


def _year(raw: str | None, today: dt.date) -> int:
    message = _("Geef een jaar tussen %(first)d en %(last)d op.") % {"first": FIRST_YEAR, "last": today.year}
    if not raw or not (raw.isascii() and raw.isdigit()) or not FIRST_YEAR <= int(raw) <= today.year:
        raise serializers.ValidationError({"year": [message]})
    return int(raw)


class EmployerStatisticsApi(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("year", int, required=True, description="Kalenderjaar (JJJJ).")],
        responses={200: StatisticsOutputSerializer},
    )
    def get(self, request: Request, employer_id: str) -> Response:
        user = request_user(request)
        employer = core_selectors.employer_get(fetched_by=user, employer_id=employer_id)
        today = timezone.localdate()
        year = _year(request.query_params.get("year"), today)
        # A running year is counted up to today: days still to come are neither sick nor available.
        start, end = dt.date(year, 1, 1), min(dt.date(year, 12, 31), today)
        result = statistics_data.employer_statistics(employer=employer, start=start, end=end)
        statistics_data.statistics_read_audit(user=user, employer=employer, year=year)
        sector = sector_reference(employer=employer, year=year)
        data = {
            "absence_pct": result.absence_pct,
            "absence_pct_excl_pregnancy": result.absence_pct_excl_pregnancy,
            "report_frequency": result.report_frequency,
            "average_duration_days": result.average_duration_days,
            "sector_expected_absence": sector,
        }
        return Response(StatisticsOutputSerializer(data).data)
