"""Routes of the advice log and the Poortwachter guarantee (cases.advice)."""

from __future__ import annotations

from django.urls import path

from cases.advice import api, views

api_urlpatterns = [
    path("absences/<str:case_id>/sanctions/", api.SanctionCreateApi.as_view(), name="api_absence_sanctions"),
    path(
        "sanctions/<str:sanction_id>/evaluation/", api.SanctionEvaluationApi.as_view(), name="api_sanction_evaluation"
    ),
    path("sanctions/<str:sanction_id>/decision/", api.SanctionDecisionApi.as_view(), name="api_sanction_decision"),
]

page_urlpatterns = [
    # "verzuim/<case_id>/adviezen/" is the dossier's section (cases.dossier), whose POST records an advice too.
    path("verzuim/<str:case_id>/adviezen/nieuw/", views.advice_add, name="case_advice_add"),
    path(
        "verzuim/<str:case_id>/adviezen/<str:advice_id>/opvolging/",
        views.followup_add,
        name="case_advice_followup",
    ),
    path("verzuim/<str:case_id>/loonsancties/", views.sanction_add, name="case_sanction_add"),
    path("loonsancties/<str:sanction_id>/", views.sanction_detail, name="sanction_detail"),
]
