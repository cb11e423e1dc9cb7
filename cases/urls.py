"""Routes of the cases app: the API under /api/v1/absences/ and the pages (cases.absence.views)."""

from __future__ import annotations

from django.urls import path

from cases.absence import api, views
from cases.advice import api as api_guarantee
from cases.advice import views as views_advice
from cases.documents import views as views_documents
from cases.income import api as api_income
from cases.income import views as views_income
from cases.interventions import api as api_interventions
from cases.interventions import views as views_interventions
from cases.professionals import api as api_professionals
from cases.professionals import views as views_professionals
from cases.rhythm import views as views_rhythm
from cases.statistics import api as api_statistics
from cases.statistics import views as views_statistics

api_urlpatterns = [
    path("absences/", api.AbsenceListCreateApi.as_view(), name="api_absences"),
    path("absences/<str:case_id>/", api.AbsenceDetailApi.as_view(), name="api_absence"),
    path("absences/<str:case_id>/recoveries/", api.RecoveryCreateApi.as_view(), name="api_absence_recoveries"),
    path("absences/<str:case_id>/steps/", api.StepListApi.as_view(), name="api_absence_steps"),
    path(
        "absences/<str:case_id>/steps/<str:code>/complete/",
        api.StepCompleteApi.as_view(),
        name="api_absence_step_complete",
    ),
    path(
        "absences/<str:case_id>/functional-assessments/",
        api.FunctionalAssessmentApi.as_view(),
        name="api_absence_assessments",
    ),
    path("absences/<str:case_id>/medical-notes/", api.MedicalNoteApi.as_view(), name="api_absence_medical_notes"),
    path(
        "absences/<str:case_id>/poortwachter-check/",
        api.PoortwachterCheckApi.as_view(),
        name="api_absence_poortwachter_check",
    ),
    path(
        "absences/<str:case_id>/reintegration-report.pdf",
        api.ReintegrationReportPdfApi.as_view(),
        name="api_absence_reintegration_report",
    ),
    path("income-consequences/", api_income.IncomeConsequencesApi.as_view(), name="api_income_consequences"),
    path(
        "employers/<str:employer_id>/statistics/",
        api_statistics.EmployerStatisticsApi.as_view(),
        name="api_employer_statistics",
    ),
    # Interventions (cases.interventions.api).
    path(
        "absences/<str:case_id>/interventions/",
        api_interventions.InterventionListCreateApi.as_view(),
        name="api_absence_interventions",
    ),
    path(
        "absences/<str:case_id>/interventions/<str:intervention_id>/approve/",
        api_interventions.InterventionApproveApi.as_view(),
        name="api_absence_intervention_approve",
    ),
    path(
        "absences/<str:case_id>/interventions/<str:intervention_id>/reject/",
        api_interventions.InterventionRejectApi.as_view(),
        name="api_absence_intervention_reject",
    ),
    path(
        "absences/<str:case_id>/interventions/<str:intervention_id>/finish/",
        api_interventions.InterventionFinishApi.as_view(),
        name="api_absence_intervention_finish",
    ),
    path(
        "absences/<str:case_id>/interventions/<str:intervention_id>/score/",
        api_interventions.InterventionScoreApi.as_view(),
        name="api_absence_intervention_score",
    ),
    # The registry of certified professionals (cases.professionals.api).
    path("professionals/", api_professionals.ProfessionalListApi.as_view(), name="api_professionals"),
    path(
        "professionals/physicians/",
        api_professionals.PhysicianRegistrationCreateApi.as_view(),
        name="api_professional_physicians",
    ),
    path(
        "professionals/casemanagers/",
        api_professionals.CasemanagerRegistrationCreateApi.as_view(),
        name="api_professional_casemanagers",
    ),
    # The poortwachter guarantee (cases.advice.api).
    path("absences/<str:case_id>/sanctions/", api_guarantee.SanctionCreateApi.as_view(), name="api_absence_sanctions"),
    path(
        "sanctions/<str:sanction_id>/evaluation/",
        api_guarantee.SanctionEvaluationApi.as_view(),
        name="api_sanction_evaluation",
    ),
    path(
        "sanctions/<str:sanction_id>/decision/",
        api_guarantee.SanctionDecisionApi.as_view(),
        name="api_sanction_decision",
    ),
]

# Pages in Dutch paths; "ziekmelden" comes before the case id so it is never read as one.
page_urlpatterns = [
    path("verzuim/ziekmelden/", views.sickness_report, name="case_report_sickness"),
    path("verzuim/<str:case_id>/", views.case_detail, name="case_detail"),
    path("verzuim/<str:case_id>/hersteld/", views.recovery_report, name="case_report_recovery"),
    path("verzuim/<str:case_id>/stappen/<str:code>/afronden/", views.step_complete, name="case_step_complete"),
    path("verzuim/<str:case_id>/casemanager/", views.casemanager_assign, name="case_assign_casemanager"),
    path("verzuim/<str:case_id>/medisch/", views.medical, name="case_medical"),
    path(
        "verzuim/<str:case_id>/medisch/functionele-mogelijkheden/",
        views.functional_assessment,
        name="case_functional_assessment",
    ),
    path(
        "verzuim/<str:case_id>/re-integratieverslag.pdf",
        views.reintegration_report_pdf,
        name="case_reintegration_report_pdf",
    ),
    path("verzuim/<str:case_id>/42e-weeksmelding.pdf", views.week42_worksheet_pdf, name="case_week42_worksheet_pdf"),
    path("werkvoorraad/", views.caseload, name="caseload"),
    # Advice log and poortwachter guarantee (cases.advice.views).
    path("verzuim/<str:case_id>/adviezen/", views_advice.advice_add, name="case_advice_add"),
    path(
        "verzuim/<str:case_id>/adviezen/<str:advice_id>/opvolging/",
        views_advice.followup_add,
        name="case_advice_followup",
    ),
    path("verzuim/<str:case_id>/loonsancties/", views_advice.sanction_add, name="case_sanction_add"),
    path("loonsancties/<str:sanction_id>/", views_advice.sanction_detail, name="sanction_detail"),
    path("netwerk/", views_interventions.provider_network, name="provider_network"),
    path(
        "interventies/beoordelen/",
        views_interventions.intervention_review_queue,
        name="intervention_review_queue",
    ),
    path(
        "verzuim/<str:case_id>/interventies/aanvragen/",
        views_interventions.intervention_request,
        name="case_intervention_request",
    ),
    path(
        "verzuim/<str:case_id>/interventies/<str:intervention_id>/beoordelen/",
        views_interventions.intervention_decide,
        name="case_intervention_decide",
    ),
    path(
        "verzuim/<str:case_id>/interventies/<str:intervention_id>/afronden/",
        views_interventions.intervention_finish,
        name="case_intervention_finish",
    ),
    path(
        "verzuim/<str:case_id>/interventies/<str:intervention_id>/beoordeling/",
        views_interventions.intervention_score,
        name="case_intervention_score",
    ),
    path("werkgever/arbodienst/", views_professionals.own_arbodienst, name="own_arbodienst"),
    path(
        "werkgevers/<str:employer_id>/verzuimcijfers/",
        views_statistics.employer_statistics,
        name="employer_statistics",
    ),
    # The re-integration report's documents (cases.documents.views).
    path("verzuim/<str:case_id>/documenten/", views_documents.document_overview, name="case_documents"),
    path(
        "verzuim/<str:case_id>/documenten/visie-werknemer/",
        views_documents.employee_view_request,
        name="case_employee_view_request",
    ),
    path(
        "verzuim/<str:case_id>/documenten/nieuw/<str:part>/",
        views_documents.document_create,
        name="case_document_create",
    ),
    path("verzuim/<str:case_id>/documenten/<str:document_id>/", views_documents.document_detail, name="case_document"),
    path(
        "verzuim/<str:case_id>/documenten/<str:document_id>/wijzigen/",
        views_documents.document_edit,
        name="case_document_edit",
    ),
    path(
        "verzuim/<str:case_id>/documenten/<str:document_id>/ondertekenen/",
        views_documents.document_sign,
        name="case_document_sign",
    ),
    path(
        "verzuim/<str:case_id>/documenten/<str:document_id>/link/",
        views_documents.document_send_link,
        name="case_document_send_link",
    ),
    path(
        "verzuim/<str:case_id>/documenten/<str:document_id>/download/",
        views_documents.document_download,
        name="case_document_download",
    ),
    # The service rhythm (cases.rhythm.views).
    path("servicecontacten/", views_rhythm.service_contacts, name="service_contacts"),
    path("servicecontacten/<str:contact_id>/", views_rhythm.service_contact_detail, name="service_contact"),
    # The employee's one-time link: no login, nothing else of the portal.
    path("werknemer/bedankt/", views_documents.employee_link_done, name="employee_link_done"),
    path("werknemer/<str:token>/", views_documents.employee_link, name="employee_link"),
    # The income conversation (cases.income.views): the casemanager's page and the employee's one-time link.
    path("verzuim/<str:case_id>/inkomen/", views_income.case_income, name="case_income"),
    path("verzuim/<str:case_id>/inkomen/handout.pdf", views_income.case_income_handout, name="case_income_handout"),
    path("verzuim/<str:case_id>/inkomen/link/", views_income.case_income_send_link, name="case_income_send_link"),
    path("werknemer/inkomen/<str:token>/", views_income.employee_income, name="employee_income"),
    path(
        "werknemer/inkomen/<str:token>/handout.pdf",
        views_income.employee_income_handout,
        name="employee_income_handout",
    ),
]
