"""Routes of the employee's own dossier (cases.own): *Mijn verzuim* per case, its documents and the handout."""

from __future__ import annotations

from django.urls import path

from cases.own import views

page_urlpatterns = [
    path("mijn-verzuim/<str:case_id>/", views.my_case, name="my_case"),
    path("mijn-verzuim/<str:case_id>/inkomen/handout.pdf", views.my_income_handout, name="my_income_handout"),
    path("mijn-verzuim/<str:case_id>/documenten/<str:document_id>/", views.my_document, name="my_document"),
    path(
        "mijn-verzuim/<str:case_id>/documenten/<str:document_id>/ondertekenen/",
        views.my_document_sign,
        name="my_document_sign",
    ),
    path(
        "mijn-verzuim/<str:case_id>/documenten/<str:document_id>/download/",
        views.my_document_download,
        name="my_document_download",
    ),
]
