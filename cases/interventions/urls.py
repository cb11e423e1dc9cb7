"""Routes of the interventions and the provider network (cases.interventions)."""

from __future__ import annotations

from django.urls import path

from cases.interventions import api, views

api_urlpatterns = [
    path(
        "absences/<str:case_id>/interventions/",
        api.InterventionListCreateApi.as_view(),
        name="api_absence_interventions",
    ),
    path(
        "absences/<str:case_id>/interventions/<str:intervention_id>/approve/",
        api.InterventionApproveApi.as_view(),
        name="api_absence_intervention_approve",
    ),
    path(
        "absences/<str:case_id>/interventions/<str:intervention_id>/reject/",
        api.InterventionRejectApi.as_view(),
        name="api_absence_intervention_reject",
    ),
    path(
        "absences/<str:case_id>/interventions/<str:intervention_id>/finish/",
        api.InterventionFinishApi.as_view(),
        name="api_absence_intervention_finish",
    ),
    path(
        "absences/<str:case_id>/interventions/<str:intervention_id>/score/",
        api.InterventionScoreApi.as_view(),
        name="api_absence_intervention_score",
    ),
]

page_urlpatterns = [
    path("netwerk/", views.provider_network, name="provider_network"),
    path("interventies/beoordelen/", views.intervention_review_queue, name="intervention_review_queue"),
    path(
        "verzuim/<str:case_id>/interventies/aanvragen/",
        views.intervention_request,
        name="case_intervention_request",
    ),
    path(
        "verzuim/<str:case_id>/interventies/<str:intervention_id>/beoordelen/",
        views.intervention_decide,
        name="case_intervention_decide",
    ),
    path(
        "verzuim/<str:case_id>/interventies/<str:intervention_id>/afronden/",
        views.intervention_finish,
        name="case_intervention_finish",
    ),
    path(
        "verzuim/<str:case_id>/interventies/<str:intervention_id>/beoordeling/",
        views.intervention_score,
        name="case_intervention_score",
    ),
]
