"""Routes of the satisfaction survey (public) and the complaints and covenant reports (complaints.views_*)."""

from __future__ import annotations

from django.urls import path

from complaints import views_reports, views_surveys

urlpatterns = [
    path("tevredenheid/<str:token>/", views_surveys.survey, name="survey"),
    path("rapportages/klachten/", views_reports.complaints_report, name="complaints_report"),
    path(
        "rapportages/klachten/export.<str:file_format>",
        views_reports.complaints_report_export,
        name="complaints_report_export",
    ),
    path("rapportages/convenant/", views_reports.covenant_report, name="covenant_report"),
    path(
        "rapportages/convenant/export.<str:file_format>",
        views_reports.covenant_report_export,
        name="covenant_report_export",
    ),
]
