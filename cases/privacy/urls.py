"""Routes of *Mijn gegevens* (cases.privacy): the employee's page, its export and correction request, and the
casemanager's page to answer a correction request."""

from __future__ import annotations

from django.urls import path

from cases.privacy import views

page_urlpatterns = [
    path("mijn-gegevens/", views.my_data, name="my_data"),
    path("mijn-gegevens/kopie/", views.my_data_export_request, name="my_data_export"),
    path(
        "mijn-gegevens/kopie/<uuid:export_id>/<str:file_format>/",
        views.my_data_export_download,
        name="my_data_export_download",
    ),
    path("mijn-gegevens/correctie/", views.my_data_correction, name="my_data_correction"),
    path("correcties/<uuid:request_id>/", views.correction_answer, name="correction_answer"),
]
