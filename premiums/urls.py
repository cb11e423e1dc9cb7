"""Routes of the premiums app: the API under /api/v1/premiums/."""

from __future__ import annotations

from django.urls import path

from premiums import api, api_calculations

api_urlpatterns = [
    path("premiums/quotes/", api.PremiumQuoteApi.as_view(), name="api_premium_quotes"),
    path(
        "premiums/calculations/",
        api_calculations.CalculationListCreateApi.as_view(),
        name="api_premium_calculations",
    ),
    path(
        "premiums/calculations/<str:calculation_id>/",
        api_calculations.CalculationDetailApi.as_view(),
        name="api_premium_calculation",
    ),
    path(
        "premiums/calculations/<str:calculation_id>/submit/",
        api_calculations.CalculationSubmitApi.as_view(),
        name="api_premium_calculation_submit",
    ),
    path(
        "premiums/calculations/<str:calculation_id>/approve/",
        api_calculations.CalculationApproveApi.as_view(),
        name="api_premium_calculation_approve",
    ),
    path(
        "premiums/calculations/<str:calculation_id>/reject/",
        api_calculations.CalculationRejectApi.as_view(),
        name="api_premium_calculation_reject",
    ),
]
