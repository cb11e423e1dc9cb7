"""Routes of the contact log (cases.contacts)."""

from __future__ import annotations

from django.urls import path

from cases.contacts import views

page_urlpatterns = [
    path("verzuim/<str:case_id>/contactmomenten/nieuw/", views.contact_add, name="case_contact_add"),
    path(
        "verzuim/<str:case_id>/contactmomenten/<str:contact_moment_id>/opvolging-afgerond/",
        views.contact_followup_done,
        name="case_contact_followup_done",
    ),
]
