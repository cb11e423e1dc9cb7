"""Routes of the premiums app: the API under /api/v1/premiums/ and the pages (premiums.views)."""

from __future__ import annotations

from django.urls import path

from premiums import api, api_calculations, api_simulator, views, views_product, views_simulator

api_urlpatterns = [
    path("premiums/quotes/", api.PremiumQuoteApi.as_view(), name="api_premium_quotes"),
    path("premiums/simulations/", api_simulator.PremiumSimulationApi.as_view(), name="api_premium_simulations"),
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

# Pages in Dutch paths: insurer staff under /premies/, the employer's own premium under /premie/.
page_urlpatterns = [
    path("premies/beoordelen/", views.review_queue, name="premium_review_queue"),
    path("premies/berekeningen/<str:calculation_id>/", views.calculation_detail, name="premium_calculation"),
    path(
        "premies/berekeningen/<str:calculation_id>/indienen/",
        views.calculation_submit,
        name="premium_calculation_submit",
    ),
    path(
        "premies/berekeningen/<str:calculation_id>/goedkeuren/",
        views.calculation_approve,
        name="premium_calculation_approve",
    ),
    path(
        "premies/berekeningen/<str:calculation_id>/afkeuren/",
        views.calculation_reject,
        name="premium_calculation_reject",
    ),
    path(
        "premies/berekeningen/<str:calculation_id>/opnieuw-berekenen/",
        views.calculation_recalculate,
        name="premium_calculation_recalculate",
    ),
    path("premie/", views.employer_premium, name="premium_employer"),
    path("premie/doorrekenen/", views_simulator.premium_simulator, name="premium_simulator"),
    path(
        "premies/werkgevers/<str:employer_id>/doorrekenen/",
        views_simulator.premium_simulator,
        name="premium_simulator_employer",
    ),
    path("premie/<str:calculation_id>/premienota.pdf", views.premium_notice_pdf, name="premium_notice_pdf"),
    # The product sheet of a policy: the employer of the policy and insurer staff (premiums.views_product).
    path("polissen/<str:policy_id>/productkaart/", views_product.product_sheet_page, name="premium_product_sheet"),
    path(
        "polissen/<str:policy_id>/productkaart.pdf",
        views_product.product_sheet_pdf,
        name="premium_product_sheet_pdf",
    ),
]
