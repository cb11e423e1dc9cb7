"""Routes of the medical compartment and the functional assessments (cases.medical)."""

from __future__ import annotations

from django.urls import path

from cases.medical import api, views

api_urlpatterns = [
    path(
        "absences/<str:case_id>/functional-assessments/",
        api.FunctionalAssessmentApi.as_view(),
        name="api_absence_assessments",
    ),
    path("absences/<str:case_id>/medical-notes/", api.MedicalNoteApi.as_view(), name="api_absence_medical_notes"),
]

page_urlpatterns = [
    path("verzuim/<str:case_id>/medisch/", views.medical, name="case_medical"),
    path(
        "verzuim/<str:case_id>/medisch/functionele-mogelijkheden/",
        views.functional_assessment,
        name="case_functional_assessment",
    ),
]
