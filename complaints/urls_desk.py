"""URLs of the complaint handler's desk (issue 21; included by verzuim/site/urls.py)."""

from __future__ import annotations

from django.urls import path

from complaints import views_desk

page_urlpatterns = [
    path("klachtenbalie/", views_desk.complaint_desk, name="complaint_desk"),
    path("klachtenbalie/registreren/", views_desk.complaint_desk_register, name="complaint_desk_register"),
    path("klachtenbalie/<uuid:complaint_id>/", views_desk.complaint_desk_detail, name="complaint_desk_detail"),
    path(
        "klachtenbalie/<uuid:complaint_id>/stap/<str:action>/",
        views_desk.complaint_desk_action,
        name="complaint_desk_action",
    ),
    path(
        "klachtenbalie/<uuid:complaint_id>/brief/<str:letter>/",
        views_desk.complaint_desk_compose,
        name="complaint_desk_compose",
    ),
    path(
        "klachtenbalie/<uuid:complaint_id>/brieven/<uuid:letter_id>.pdf",
        views_desk.complaint_desk_letter,
        name="complaint_desk_letter",
    ),
    path(
        "klachtenbalie/<uuid:complaint_id>/bijlagen/<uuid:attachment_id>/",
        views_desk.complaint_desk_attachment,
        name="complaint_desk_attachment",
    ),
]
