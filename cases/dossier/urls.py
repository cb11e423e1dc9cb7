"""Routes of the dossier's section pages, the casemanager change and the report's downloads (cases.dossier)."""

from __future__ import annotations

from django.urls import path

from cases.dossier import api, views

api_urlpatterns = [
    path(
        "absences/<str:case_id>/poortwachter-check/",
        api.PoortwachterCheckApi.as_view(),
        name="api_absence_poortwachter_check",
    ),
    path(
        "absences/<str:case_id>/reintegration-report.pdf",
        api.ReintegrationReportPdfApi.as_view(),
        name="api_absence_reintegration_report",
    ),
]

page_urlpatterns = [
    path("verzuim/<str:case_id>/", views.case_detail, name="case_detail"),
    path("verzuim/<str:case_id>/stappen/", views.case_steps, name="case_steps"),
    path("verzuim/<str:case_id>/adviezen/", views.case_advice, name="case_advice"),
    path("verzuim/<str:case_id>/interventies/", views.case_interventions, name="case_interventions"),
    path("verzuim/<str:case_id>/contactmomenten/", views.case_contacts, name="case_contacts"),
    path("verzuim/<str:case_id>/casemanager/", views.casemanager_assign, name="case_assign_casemanager"),
    path(
        "verzuim/<str:case_id>/re-integratieverslag.pdf",
        views.reintegration_report_pdf,
        name="case_reintegration_report_pdf",
    ),
    path("verzuim/<str:case_id>/42e-weeksmelding.pdf", views.week42_worksheet_pdf, name="case_week42_worksheet_pdf"),
]
