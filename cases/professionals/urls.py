"""Routes of the registry of certified professionals and the employer's own arbodienst (cases.professionals)."""

from __future__ import annotations

from django.urls import path

from cases.professionals import api, views

api_urlpatterns = [
    path("professionals/", api.ProfessionalListApi.as_view(), name="api_professionals"),
    path(
        "professionals/physicians/",
        api.PhysicianRegistrationCreateApi.as_view(),
        name="api_professional_physicians",
    ),
    path(
        "professionals/casemanagers/",
        api.CasemanagerRegistrationCreateApi.as_view(),
        name="api_professional_casemanagers",
    ),
]

page_urlpatterns = [
    path("werkgever/arbodienst/", views.own_arbodienst, name="own_arbodienst"),
]
