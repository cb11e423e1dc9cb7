"""Routes of the re-integration report's documents and the employee's one-time link (cases.documents)."""

from __future__ import annotations

from django.urls import path

from cases.documents import views

# "visie-werknemer" and "bedankt" come before the id or token they would otherwise be read as.
page_urlpatterns = [
    path("verzuim/<str:case_id>/documenten/", views.document_overview, name="case_documents"),
    path(
        "verzuim/<str:case_id>/documenten/visie-werknemer/",
        views.employee_view_request,
        name="case_employee_view_request",
    ),
    path("verzuim/<str:case_id>/documenten/nieuw/<str:part>/", views.document_create, name="case_document_create"),
    path("verzuim/<str:case_id>/documenten/<str:document_id>/", views.document_detail, name="case_document"),
    path(
        "verzuim/<str:case_id>/documenten/<str:document_id>/wijzigen/",
        views.document_edit,
        name="case_document_edit",
    ),
    path(
        "verzuim/<str:case_id>/documenten/<str:document_id>/ondertekenen/",
        views.document_sign,
        name="case_document_sign",
    ),
    path(
        "verzuim/<str:case_id>/documenten/<str:document_id>/link/",
        views.document_send_link,
        name="case_document_send_link",
    ),
    path(
        "verzuim/<str:case_id>/documenten/<str:document_id>/download/",
        views.document_download,
        name="case_document_download",
    ),
    # The employee's one-time link: no login, nothing else of the portal.
    path("werknemer/bedankt/", views.employee_link_done, name="employee_link_done"),
    path("werknemer/<str:token>/", views.employee_link, name="employee_link"),
]
