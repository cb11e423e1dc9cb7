"""URLs of the complaint intake: Dutch page paths and the API route (included by verzuim/site/urls.py)."""

from __future__ import annotations

from django.urls import path

from complaints import api, views

page_urlpatterns = [
    path("klacht-indienen/", views.complaint_public, name="complaint_public"),
    path("klacht-indienen/ontvangen/", views.complaint_filed, name="complaint_filed"),
    path("klachten/nieuw/", views.complaint_portal_create, name="complaint_portal_create"),
]

api_urlpatterns = [
    path("complaints/", api.ComplaintCreateApi.as_view(), name="api_complaints"),
]
