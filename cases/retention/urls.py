"""Routes of the retention sweep's report (cases.retention)."""

from __future__ import annotations

from django.urls import path

from cases.retention import views

page_urlpatterns = [
    path("bewaartermijnen/", views.retention_report, name="retention_report"),
]
