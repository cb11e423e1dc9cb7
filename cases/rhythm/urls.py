"""Routes of the service rhythm (cases.rhythm)."""

from __future__ import annotations

from django.urls import path

from cases.rhythm import views

page_urlpatterns = [
    path("servicecontacten/", views.service_contacts, name="service_contacts"),
    path("servicecontacten/<str:contact_id>/", views.service_contact_detail, name="service_contact"),
]
