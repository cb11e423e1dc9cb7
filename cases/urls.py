"""Routes of the cases app: the API under /api/v1/absences/ and the pages (cases.views)."""

from __future__ import annotations

from django.urls import path

from cases import api, views

api_urlpatterns = [
    path("absences/", api.AbsenceListCreateApi.as_view(), name="api_absences"),
    path("absences/<str:case_id>/", api.AbsenceDetailApi.as_view(), name="api_absence"),
    path("absences/<str:case_id>/recoveries/", api.RecoveryCreateApi.as_view(), name="api_absence_recoveries"),
    path("absences/<str:case_id>/steps/", api.StepListApi.as_view(), name="api_absence_steps"),
    path(
        "absences/<str:case_id>/steps/<str:code>/complete/",
        api.StepCompleteApi.as_view(),
        name="api_absence_step_complete",
    ),
    path(
        "absences/<str:case_id>/functional-assessments/",
        api.FunctionalAssessmentApi.as_view(),
        name="api_absence_assessments",
    ),
    path("absences/<str:case_id>/medical-notes/", api.MedicalNoteApi.as_view(), name="api_absence_medical_notes"),
]

# Pages in Dutch paths; "ziekmelden" comes before the case id so it is never read as one.
page_urlpatterns = [
    path("verzuim/ziekmelden/", views.sickness_report, name="case_report_sickness"),
    path("verzuim/<str:case_id>/", views.case_detail, name="case_detail"),
    path("verzuim/<str:case_id>/hersteld/", views.recovery_report, name="case_report_recovery"),
    path("verzuim/<str:case_id>/stappen/<str:code>/afronden/", views.step_complete, name="case_step_complete"),
    path("verzuim/<str:case_id>/casemanager/", views.casemanager_assign, name="case_assign_casemanager"),
    path("verzuim/<str:case_id>/medisch/", views.medical, name="case_medical"),
    path(
        "verzuim/<str:case_id>/medisch/functionele-mogelijkheden/",
        views.functional_assessment,
        name="case_functional_assessment",
    ),
    path("werkvoorraad/", views.caseload, name="caseload"),
]
