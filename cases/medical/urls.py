"""Routes of the medical compartment and the functional assessments (cases.medical)."""

from __future__ import annotations

from django.urls import path

from cases.medical import api, views, views_consultations, views_messages

api_urlpatterns = [
    path(
        "absences/<str:case_id>/functional-assessments/",
        api.FunctionalAssessmentApi.as_view(),
        name="api_absence_assessments",
    ),
    path("absences/<str:case_id>/medical-notes/", api.MedicalNoteApi.as_view(), name="api_absence_medical_notes"),
    path(
        "absences/<str:case_id>/physician-messages/",
        api.PhysicianMessageApi.as_view(),
        name="api_absence_physician_messages",
    ),
]

page_urlpatterns = [
    path("verzuim/<str:case_id>/medisch/", views.medical, name="case_medical"),
    path(
        "verzuim/<str:case_id>/medisch/functionele-mogelijkheden/",
        views.functional_assessment,
        name="case_functional_assessment",
    ),
    path(
        "verzuim/<str:case_id>/medisch/spreekuur/nieuw/",
        views_consultations.consultation_plan,
        name="case_consultation_plan",
    ),
    path(
        "verzuim/<str:case_id>/medisch/spreekuur/<str:consultation_id>/uitkomst/",
        views_consultations.consultation_outcome,
        name="case_consultation_outcome",
    ),
    path(
        "verzuim/<str:case_id>/medisch/spreekuur/<str:consultation_id>/afzeggen/",
        views_consultations.consultation_cancel,
        name="case_consultation_cancel",
    ),
    path(
        "verzuim/<str:case_id>/medisch/spreekuur/<str:consultation_id>/niet-verschenen/",
        views_consultations.consultation_no_show,
        name="case_consultation_no_show",
    ),
    path(
        "verzuim/<str:case_id>/medisch/berichten/",
        views_messages.case_physician_messages,
        name="case_physician_messages",
    ),
    path(
        "verzuim/<str:case_id>/medisch/berichten/<str:message_id>/bijlage/",
        views_messages.case_physician_message_attachment,
        name="case_physician_message_attachment",
    ),
    path(
        "mijn-verzuim/<str:case_id>/bedrijfsarts/",
        views_messages.my_case_physician_messages,
        name="my_case_physician_messages",
    ),
]
