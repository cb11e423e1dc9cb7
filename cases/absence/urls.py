"""Routes of absence cases (cases.absence.api and cases.absence.views); cases/urls.py gathers them."""

from __future__ import annotations

from django.urls import path

from cases.absence import api, views, views_export

api_urlpatterns = [
    path("absences/", api.AbsenceListCreateApi.as_view(), name="api_absences"),
    path("absences/<str:case_id>/", api.AbsenceDetailApi.as_view(), name="api_absence"),
    path("absences/<str:case_id>/recoveries/", api.RecoveryCreateApi.as_view(), name="api_absence_recoveries"),
    path(
        "absences/<str:case_id>/employee-invitation/",
        api.EmployeeInvitationApi.as_view(),
        name="api_absence_employee_invitation",
    ),
    path("absences/<str:case_id>/steps/", api.StepListApi.as_view(), name="api_absence_steps"),
    path(
        "absences/<str:case_id>/steps/<str:code>/complete/",
        api.StepCompleteApi.as_view(),
        name="api_absence_step_complete",
    ),
]

# "ziekmelden" comes before the case id (cases.dossier.urls) so it is never read as one: gather this list first.
page_urlpatterns = [
    path("verzuim/ziekmelden/", views.sickness_report, name="case_report_sickness"),
    path("verzuim/<str:case_id>/hersteld/", views.recovery_report, name="case_report_recovery"),
    path("verzuim/<str:case_id>/werknemer-uitnodigen/", views.employee_invitation, name="case_employee_invitation"),
    path("verzuim/<str:case_id>/bereikbaarheid/", views.contact_details, name="case_contact_details"),
    path("verzuim/<str:case_id>/stappen/<str:code>/afronden/", views.step_complete, name="case_step_complete"),
    path("werkvoorraad/", views.caseload, name="caseload"),
    path(
        "werkgevers/<str:employer_id>/verzuim.<str:file_format>",
        views_export.employer_absence_export,
        name="employer_absence_export",
    ),
]
