"""Routes of a case's conversation (cases.messages): the dossier's tab, the employee's page under Mijn verzuim, the
attachment, the casemanager's follow-up, and the API."""

from __future__ import annotations

from django.urls import path

from cases.messages import api, views

api_urlpatterns = [
    path("absences/<str:case_id>/messages/", api.CaseMessageApi.as_view(), name="api_absence_messages"),
]

page_urlpatterns = [
    path("verzuim/<str:case_id>/berichten/", views.case_messages, name="case_messages"),
    path(
        "verzuim/<str:case_id>/berichten/<str:message_id>/bijlage/",
        views.case_message_attachment,
        name="case_message_attachment",
    ),
    path(
        "verzuim/<str:case_id>/berichten/<str:message_id>/taak/",
        views.case_message_followup,
        name="case_message_followup",
    ),
    path(
        "verzuim/<str:case_id>/berichten/<str:message_id>/taak-afgerond/",
        views.case_message_followup_done,
        name="case_message_followup_done",
    ),
    path("mijn-verzuim/<str:case_id>/berichten/", views.my_case_messages, name="my_case_messages"),
]
