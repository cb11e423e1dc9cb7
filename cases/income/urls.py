"""Routes of the income conversation (cases.income): the casemanager's page, the employee's one-time link and
the book-wide income consequences."""

from __future__ import annotations

from django.urls import path

from cases.income import api, views

api_urlpatterns = [
    path("income-consequences/", api.IncomeConsequencesApi.as_view(), name="api_income_consequences"),
]

page_urlpatterns = [
    path("verzuim/<str:case_id>/inkomen/", views.case_income, name="case_income"),
    path("verzuim/<str:case_id>/inkomen/handout.pdf", views.case_income_handout, name="case_income_handout"),
    path("verzuim/<str:case_id>/inkomen/link/", views.case_income_send_link, name="case_income_send_link"),
    path("werknemer/inkomen/<str:token>/", views.employee_income, name="employee_income"),
    path(
        "werknemer/inkomen/<str:token>/handout.pdf",
        views.employee_income_handout,
        name="employee_income_handout",
    ),
]
