"""Routes of an employer's absence figures (cases.statistics)."""

from __future__ import annotations

from django.urls import path

from cases.statistics import api, views

api_urlpatterns = [
    path(
        "employers/<str:employer_id>/statistics/",
        api.EmployerStatisticsApi.as_view(),
        name="api_employer_statistics",
    ),
]

page_urlpatterns = [
    path("werkgevers/<str:employer_id>/verzuimcijfers/", views.employer_statistics, name="employer_statistics"),
]
