"""The access matrix: every route of the URL conf x every role x own/other tenant, against one table.

The routes are walked from ``django.urls.get_resolver()``, so a new route cannot be forgotten:
``test_every_route_has_exactly_one_row`` fails with the names of the routes that have no row in ``EXPECTED``
(and of rows whose route is gone). The world is tests/access_fixtures.py: employer A ("own", whose employer
user, casemanager and physician are the users who ask) and employer B ("other") with one of everything.

How to add a row: put the route's name (``"namespace:name"`` for a namespaced one, the route string for an
unnamed one) in ``EXPECTED`` with the status each role must get, in the column order of ``ROLES``:

    anonymous, employer, casemanager, occupational_physician, insurer, complaint_handler, admin, employee

A number is the answer for every object; a string ``"own/other"`` is the answer for A's object and for B's
(only routes whose URL names an object of a tenant). ``get(...)`` requests with GET; ``post(...)`` with an empty POST
(only for routes that answer nothing but POST). A URL argument is filled in by its name (``URL_VALUES``,
``_object_value``); a new argument name needs a line there. If a run shows an answer you did not expect, decide
whether the code or the row is wrong; never write a leak into the table (another tenant's object answering 200,
medical data for anyone but the physician). Convention: not yours is 404; anonymous goes to the login page
(302) or gets 401 from the API; a role without the page gets 403 or 404 as the code decides.

Each request runs in a savepoint that is rolled back (and the client's cookies are restored), so every check
sees the same world and a POST never changes what the next check sees.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import models, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.access_fixtures import (
    COMPLAINT_NOTE_MARKERS,
    CONTACT_MARKERS,
    FOLLOW_TOKEN,
    MEDICAL_MARKERS,
    PLAN_MARKERS,
    ROLES,
    Tenant,
    World,
    build_world,
)
from tests.conftest import current_totp
from verzuim.models import Role, User

Expected = int | str  # a status, or "own/other" when the two tenants differ


@dataclass(frozen=True)
class Row:
    method: str
    answers: tuple[Expected, ...]


def get(*answers: Expected) -> Row:
    assert len(answers) == len(ROLES), answers
    return Row("GET", answers)


def post(*answers: Expected) -> Row:
    assert len(answers) == len(ROLES), answers
    return Row("POST", answers)


# Columns: anonymous, employer, casemanager, occupational_physician, insurer, complaint_handler, admin, employee.
# fmt: off
EXPECTED: dict[str, Row] = {
    # Core pages, login and two-factor (verzuim/site/urls.py).
    "dashboard":               get( 302, 200, 200, 200, 200, 200, 200, 200),
    "healthz":                 get( 200, 200, 200, 200, 200, 200, 200, 200),
    "accessibility_statement": get( 200, 200, 200, 200, 200, 200, 200, 200),
    "login":                   get( 200, 302, 302, 302, 302, 302, 302, 302),
    "logout":                  post(302, 302, 302, 302, 302, 302, 302, 302),
    "password_reset":          get( 200, 200, 200, 200, 200, 200, 200, 200),
    "password_reset_done":     get( 200, 200, 200, 200, 200, 200, 200, 200),
    "password_reset_confirm":  get( 200, 200, 200, 200, 200, 200, 200, 200),
    "password_reset_complete": get( 200, 200, 200, 200, 200, 200, 200, 200),
    "otp_enrol":               get( 302, 200, 302, 302, 302, 302, 302, 200),
    "otp_verify":              get( 302, 302, 200, 200, 200, 200, 200, 302),
    # Employees (verzuim.views): the employer's own administration.
    "employee_account_activate": get( 404, 404, 404, 404, 404, 404, 404, 404),
    "employee_list":           get( 302,       200, 404, 404, 404, 404, 404, 404),
    "employee_create":         get( 302,       200, 404, 404, 404, 404, 404, 404),
    "employee_import":         get( 302,       200, 404, 404, 404, 404, 404, 404),
    "employee_import_confirm": get( 302,       302, 404, 404, 404, 404, 404, 404),
    "employee_detail":         get( 302, "200/404", 404, 404, 404, 404, 404, 404),
    "employee_edit":           get( 302, "200/404", 404, 404, 404, 404, 404, 404),
    "employee_end":            get( 302, "200/404", 404, 404, 404, 404, 404, 404),
    # The log of roster syncs: the employer's own, insurer staff (and admin) every employer's (verzuim.roster).
    "roster_sync_list":        get( 302,       200, 404, 404, 200, 404, 200, 404),
    # Koppelingen: machine clients' API keys (verzuim.views_api_keys).
    "api_key_list":            get( 302,       200, 404, 404, 200, 404, 404, 404),
    "api_key_revoke":          get( 302, "200/404", 404, 404, 200, 404, 404, 404),
    # Send a failed event again (Koppelingen): the key managers, as the list.
    "webhook_delivery_retry":  post(302, "302/404", 404, 404, 302, 404, 404, 404),
    # Absence cases (cases/urls.py): pages.
    "case_report_sickness":          get( 302,       200,       404,       404, 404, 404, 404, 404),
    "case_detail":                   get( 302, "200/404", "200/404", "200/404", 200, 404, 200, 404),
    # The dossier's sections (cases.dossier): every role that sees the case, the contact log not for the employer.
    "case_steps":                    get( 302, "200/404", "200/404", "200/404", 200, 404, 200, 404),
    "case_advice":                   get( 302, "200/404", "200/404", "200/404", 200, 404, 200, 404),
    "case_interventions":            get( 302, "200/404", "200/404", "200/404", 200, 404, 200, 404),
    "case_contacts":                 get( 302,       404, "200/404", "200/404", 200, 404, 200, 404),
    "case_employee_invitation":      get( 302, "200/404", "200/404",       404, 404, 404, 404, 404),
    "case_report_recovery":          get( 302, "200/404", "200/404",       404, 404, 404, 404, 404),
    "case_contact_details":          get( 302, "200/404", "200/404",       404, 404, 404, 404, 404),
    "case_step_complete":            get( 302, "200/404", "200/404",       404, 404, 404, 404, 404),
    "case_assign_casemanager":       get( 302,       404,       404,       404, 200, 404, 404, 404),
    "case_medical":                  get( 302,       404,       404, "200/404", 404, 404, 404, 404),
    # The case's conversation (cases.messages): employer user and casemanager in the dossier, the employee under
    # Mijn verzuim, the attachment for all three; the physician, insurer staff and the admin are no party (404).
    "case_messages":                 get( 302, "200/404", "200/404",       404, 404, 404, 404, 404),
    "case_message_attachment":       get( 302, "200/404", "200/404",       404, 404, 404, 404, "200/404"),
    "case_message_followup":         post(302,       404, "302/404",       404, 404, 404, 404, 404),
    "case_message_followup_done":    post(302,       404, "302/404",       404, 404, 404, 404, 404),
    "my_case_messages":              get( 302,       404,       404,       404, 404, 404, 404, "200/404"),
    # The confidential thread (cases.medical.messages): the employee and the physician only, not even the admin.
    "case_physician_messages":       get( 302,       404,       404, "200/404", 404, 404, 404, 404),
    "case_physician_message_attachment": get(302,    404,       404, "200/404", 404, 404, 404, "200/404"),
    "my_case_physician_messages":    get( 302,       404,       404,       404, 404, 404, 404, "200/404"),
    "case_functional_assessment":    post(302,       404,       404, "200/404", 404, 404, 404, 404),
    "case_consultation_plan":        get( 302,       404,       404, "200/404", 404, 404, 404, 404),
    "case_consultation_outcome":     get( 302,       404,       404, "200/404", 404, 404, 404, 404),
    "case_consultation_cancel":      post(302,       404,       404, "302/404", 404, 404, 404, 404),
    "case_consultation_no_show":     post(302,       404,       404, "302/404", 404, 404, 404, 404),
    "case_reintegration_report_pdf": get( 302, "200/404", "200/404", "200/404", 404, 404, 404, 404),
    "case_week42_worksheet_pdf":     get( 302, "200/404", "200/404", "200/404", 404, 404, 404, 404),
    "caseload":                      get( 302,       404,       200,       200, 200, 404, 200, 404),
    "case_advice_add":               get( 302,       404, "200/404", "200/404", 404, 404, 404, 404),
    "case_advice_followup":          get( 302, "200/404", "200/404",       404, 404, 404, 404, 404),
    "case_sanction_add":             get( 302,       404,       404,       404, 200, 404, 404, 404),
    "case_contact_add":              get( 302,       404, "200/404",       404, 404, 404, 404, 404),
    "case_contact_followup_done":    post(302,       404, "302/404",       404, 404, 404, 404, 404),
    "sanction_detail":               get( 302, "200/404",       404,       404, 200, 404, 200, 404),
    "provider_network":              get( 302,       404,       200,       404, 200, 404, 404, 404),
    "intervention_review_queue":     get( 302,       404,       404,       404, 200, 404, 200, 404),
    "case_intervention_request":     get( 302,       404, "200/404",       404, 200, 404, 404, 404),
    "case_intervention_decide":      post(302,       404,       404,       404, 302, 404, 404, 404),
    "case_intervention_finish":      post(302,       404, "400/404",       404, 404, 404, 404, 404),
    "case_intervention_score":       post(302,       404, "400/404",       404, 404, 404, 404, 404),
    "own_arbodienst":                get( 302,       200,       404,       404, 404, 404, 404, 404),
    "employer_statistics":           get( 302, "200/404", "200/404",       404, 200, 404, 200, 404),
    "employer_absence_export":       get( 302, "200/404",       404,       404, 200, 404, 404, 404),
    "case_documents":                get( 302, "200/404", "200/404", "200/404", 200, 404, 200, 404),
    "case_employee_view_request":    post(302, "200/404", "200/404",       404, 404, 404, 404, 404),
    "case_document_create":          get( 302,       404,       404, "200/404", 404, 404, 404, 404),
    "case_document":                 get( 302, "200/404", "200/404", "200/404", 404, 404, 404, 404),
    "case_document_edit":            get( 302, "200/404", "200/404",       404, 404, 404, 404, 404),
    "case_document_sign":            post(302, "409/404",       404,       404, 404, 404, 404, 404),
    # Tenant A's employee has an account: the button asks them to sign in the portal (a mail), then redirects.
    "case_document_send_link":       post(302, "302/404", "302/404",       404, 404, 404, 404, 404),
    "case_document_download":        get( 302, "200/404", "200/404", "200/404", 404, 404, 404, 404),
    # The employee's own dossier (cases.own): only the employee of the case; every other role 404.
    "my_case":                       get( 302,       404,       404,       404, 404, 404, 404, "200/404"),
    "my_document":                   get( 302,       404,       404,       404, 404, 404, 404, "200/404"),
    "my_document_sign":              post(302,       404,       404,       404, 404, 404, 404, "409/404"),
    "my_document_download":          get( 302,       404,       404,       404, 404, 404, 404, "200/404"),
    "my_income_handout":             get( 302,       404,       404,       404, 404, 404, 404, "200/404"),
    "service_contacts":              get( 302,       404,       200,       404, 200, 404, 200, 404),
    "service_contact":               get( 302,       404, "200/404",       404, 200, 404, 200, 404),
    "employee_link_done":            get( 200,       200,       200,       200, 200, 200, 200, 200),
    "employee_link":                 get( 404,       404,       404,       404, 404, 404, 404, 404),
    "case_income":                   get( 302,       404, "200/404",       404, 404, 404, 404, 404),
    "case_income_handout":           get( 302,       404, "200/404",       404, 404, 404, 404, 404),
    "case_income_send_link":         post(302,       404, "200/404",       404, 404, 404, 404, 404),
    "employee_income":               get( 404,       404,       404,       404, 404, 404, 404, 404),
    "employee_income_handout":       get( 404,       404,       404,       404, 404, 404, 404, 404),
    # Premiums (premiums/urls.py) and claims (premiums/claims/urls.py): pages.
    "premium_review_queue":            get( 302,       404, 404, 404, 200, 404, 200, 404),
    "premium_calculation":             get( 302,       404, 404, 404, 200, 404, 200, 404),
    "premium_calculation_submit":      post(302,       404, 404, 404, 409, 404, 403, 404),
    "premium_calculation_approve":     post(302,       404, 404, 404, 409, 404, 403, 404),
    "premium_calculation_reject":      post(302,       404, 404, 404, 200, 404, 200, 404),
    "premium_calculation_recalculate": post(302,       404, 404, 404, 302, 404, 403, 404),
    "premium_employer":                get( 302,       200, 404, 404, 404, 404, 404, 404),
    "premium_notice_pdf":              get( 302, "200/404", 404, 404, 200, 404, 200, 404),
    "premium_product_sheet":           get( 302, "200/404", 404, 404, 200, 404, 200, 404),
    "premium_product_sheet_pdf":       get( 302, "200/404", 404, 404, 200, 404, 200, 404),
    # The premium simulator (premiums.views_simulator): the employer its own, insurer staff any employer's.
    "premium_simulator":               get( 302,       200, 404, 404, 404, 404, 404, 404),
    "premium_simulator_employer":      get( 302, "200/404", 404, 404, 200, 404, 404, 404),
    "case_claims":                     get( 302, "200/404", 404, 404, 200, 404, 200, 404),
    "claim_overview":                  get( 302,       200, 404, 404, 200, 404, 200, 404),
    "claim_export":                    get( 302,       200, 404, 404, 200, 404, 200, 404),
    "claim_detail":                    get( 302,       404, 404, 404, 200, 404, 200, 404),
    "claim_approve":                   post(302,       404, 404, 404, 403, 404, 404, 404),
    "claim_pay":                       post(302,       404, 404, 404, 409, 404, 404, 404),
    "claim_cancel":                    post(302,       404, 404, 404, 400, 404, 404, 404),
    # Complaints intake, notifications, account, calendar, reports.
    "complaint_public":           get( 200,       200,       200,       200,       200,       200,       200, 200),
    "complaint_filed":            get( 302,       302,       302,       302,       302,       302,       302, 302),
    "complaint_portal_create":    get( 302,       200,       404,       404,       404,       404,       404, 404),
    # The complaint handler's desk (complaints/urls_desk.py): the handler only, every complaint (no tenant).
    "complaint_desk":             get( 302,       404,       404,       404,       404,       200,       404, 404),
    "complaint_desk_register":    get( 302,       404,       404,       404,       404,       200,       404, 404),
    "complaint_desk_detail":      get( 302,       404,       404,       404,       404,       200,       404, 404),
    "complaint_desk_action":      get( 302,       404,       404,       404,       404,       200,       404, 404),
    "complaint_desk_compose":     get( 302,       404,       404,       404,       404,       200,       404, 404),
    "complaint_desk_letter":      get( 302,       404,       404,       404,       404,       404,       404, 404),
    "complaint_desk_attachment":  get( 302,       404,       404,       404,       404,       404,       404, 404),
    # Following a complaint (complaints.views_follow): the employer's own; the private link (tenant A's known token)
    # answers whoever holds it, without a login.
    "my_complaints":              get( 302,       200,       404,       404,       404,       404,       404, 404),
    "my_complaint_detail":        get( 302, "200/404",       404,       404,       404,       404,       404, 404),
    "my_complaint_letter":        get( 302, "200/404",       404,       404,       404,       404,       404, 404),
    "complaint_follow":           get( 200,       200,       200,       200,       200,       200,       200, 200),
    "complaint_follow_letter":    get( 200,       200,       200,       200,       200,       200,       200, 200),
    "notification_list":          get( 302,       200,       200,       200,       200,       200,       200, 200),
    "notification_mark_all_read": post(302,       302,       302,       302,       302,       302,       302, 302),
    "notification_mark_read":     post(
        302, "302/404", "302/404", "302/404", "302/404", "302/404", "302/404", "302/404"
    ),
    "notification_failed_list":   get( 302,       404,       404,       404,       200,       404,       200, 404),
    "notification_retry":         post(302,       404,       404,       404,       302,       404,       302, 404),
    "reminder_preferences":       get( 302,       200,       200,       200,       200,       200,       200, 200),
    "calendar_settings":          get( 302,       200,       200,       200,       200,       200,       200, 200),
    "calendar_token_create":      post(302,       302,       302,       302,       302,       302,       302, 302),
    "calendar_token_revoke":      post(302,       302,       302,       302,       302,       302,       302, 302),
    "calendar_feed":              get( 404,       404,       404,       404,       404,       404,       404, 404),
    "survey":                     get( 404,       404,       404,       404,       404,       404,       404, 404),
    "complaints_report":          get( 302,       404,       404,       404,       200,       200,       200, 404),
    "complaints_report_export":   get( 302,       404,       404,       404,       200,       200,       200, 404),
    "covenant_report":            get( 302,       404,       404,       404,       200,       404,       200, 404),
    "covenant_report_export":     get( 302,       404,       404,       404,       200,       404,       200, 404),
    "retention_report":           get( 302,       404,       404,       404,       200,       404,       404, 404),
    # Mijn gegevens (cases.privacy): the employee's own page; an export is downloaded by the employee who asked
    # alone (the world has none, so 404 throughout: tests/cases/test_privacy.py downloads a real one). The empty
    # correction request is refused on the page (200). A correction request is answered by its casemanager.
    "my_data":                    get( 302,       404,       404,       404,       404,       404,       404, 200),
    "my_data_export":             post(302,       404,       404,       404,       404,       404,       404, 302),
    "my_data_export_download":    get( 302,       404,       404,       404,       404,       404,       404, 404),
    "my_data_correction":         post(302,       404,       404,       404,       404,       404,       404, 200),
    "correction_answer":          get( 302,       404, "200/404",       404,       404,       404,       404, 404),
    # The API (/api/v1/): token authentication; anonymous gets 401.
    "api_token":                        post(400,       400,       400,       400, 400, 400, 400, 400),
    "api_employees":                    get( 401,       200,       200,       200, 200, 200, 200, 200),
    "api_employee":                     get( 401, "200/404", "200/404",       404, 200, 404, 200, 404),
    # PUT/PATCH only: GET is 405 for every signed-in role; who may sync whose roster is tested with PUT and PATCH in
    # tests/verzuim/test_roster.py (own employer, insurer staff any; another tenant 404).
    "api_employer_roster":              get( 401,       405,       405,       405, 405, 405, 405, 405),
    # Event subscriptions (verzuim.api_webhooks): the employer user for its own employer, insurer staff and admin.
    "api_webhooks":                     get( 401,       200,       200,       200, 200, 200, 200, 200),
    "api_webhook":                      get( 401, "200/404",       404,       404, 200, 404, 200, 404),
    "api_webhook_deliveries":           get( 401, "200/404",       404,       404, 200, 404, 200, 404),
    "api_webhook_delivery_retry":       post(401, "200/404",       404,       404, 200, 404, 200, 404),
    # Machine clients' keys (verzuim.api_keys): the employer user for its own employer, insurer staff for any.
    "api_keys":                         get( 401,       200,       403,       403, 200, 403, 403, 403),
    "api_key":                          get( 401, "200/404",       404,       404, 200, 404, 404, 404),
    "api_absences":                     get( 401,       200,       200,       200, 200, 200, 200, 200),
    # The employee reads their own case and its steps through the API (issue 22 item 6), nothing else of it.
    "api_absence":                      get( 401, "200/404", "200/404", "200/404", 200, 404, 200, "200/404"),
    "api_absence_recoveries":           post(401, "400/404", "400/404", "403/404", 403, 404, 403, 404),
    "api_absence_employee_invitation":  post(401, "400/404", "400/404", "403/404", 403, 404, 403, 404),
    "api_absence_steps":                get( 401, "200/404", "200/404", "200/404", 200, 404, 200, "200/404"),
    "api_absence_step_complete":        post(401, "400/404", "400/404", "400/404", 400, 404, 400, 404),
    "api_absence_assessments":          get( 401, "200/404", "200/404", "200/404", 200, 404, 200, 404),
    "api_absence_medical_notes":        get( 401,       404,       404, "200/404", 404, 404, 404, 404),
    "api_absence_messages":             get( 401, "200/404", "200/404",       404, 404, 404, 404, "200/404"),
    "api_absence_physician_messages":   get( 401,       404,       404, "200/404", 404, 404, 404, "200/404"),
    "api_absence_poortwachter_check":   get( 401, "200/404", "200/404", "200/404", 200, 404, 200, 404),
    "api_absence_reintegration_report": get( 401, "200/404", "200/404", "200/404", 404, 404, 404, 404),
    "api_income_consequences":          post(401,       403,       400,       403, 400, 403, 403, 403),
    "api_employer_statistics":          get( 401, "400/404", "400/404",       404, 400, 404, 400, 404),
    "api_absence_interventions":        get( 401, "200/404", "200/404", "200/404", 200, 404, 200, 404),
    "api_absence_intervention_approve": post(401,       404,       404,       404, 200, 404, 404, 404),
    "api_absence_intervention_reject":  post(401,       404,       404,       404, 400, 404, 404, 404),
    "api_absence_intervention_finish":  post(401,       404, "400/404",       404, 404, 404, 404, 404),
    "api_absence_intervention_score":   post(401,       404, "400/404",       404, 404, 404, 404, 404),
    "api_professionals":                get( 401,       404,       404,       404, 200, 404, 200, 404),
    "api_professional_physicians":      post(401,       404,       404,       404, 400, 404, 400, 404),
    "api_professional_casemanagers":    post(401,       404,       404,       404, 400, 404, 400, 404),
    "api_absence_sanctions":            post(401,       404,       404,       404, 400, 404, 404, 404),
    "api_sanction_evaluation":          get( 401, "200/404",       404,       404, 200, 404, 200, 404),
    "api_sanction_decision":            post(401, "400/404",       404,       404, 400, 404, 400, 404),
    "api_premium_quotes":               post(401,       403,       403,       403, 400, 403, 403, 403),
    "api_premium_calculations":         get( 401,       200,       200,       200, 200, 200, 200, 200),
    # The simulation: an empty body is 400 for whoever may simulate (the employer its own, insurer staff any).
    "api_premium_simulations":          post(401,       400,       404,       404, 400, 404, 404, 404),
    "api_premium_calculation":          get( 401, "200/404",       404,       404, 200, 404, 200, 404),
    "api_premium_calculation_submit":   post(401, "403/404",       404,       404, 409, 404, 403, 404),
    "api_premium_calculation_approve":  post(401, "403/404",       404,       404, 409, 404, 403, 404),
    "api_premium_calculation_reject":   post(401, "400/404",       404,       404, 400, 404, 400, 404),
    "api_absence_claims":               get( 401, "200/404",       404,       404, 200, 404, 200, 404),
    "api_claims":                       get( 401,       200,       404,       404, 200, 404, 200, 404),
    "api_claim":                        get( 401,       404,       404,       404, 200, 404, 200, 404),
    "api_claim_approve":                post(401,       404,       404,       404, 403, 404, 403, 404),
    "api_claim_pay":                    post(401,       404,       404,       404, 409, 404, 403, 404),
    "api_claim_cancel":                 post(401,       404,       404,       404, 400, 404, 400, 404),
    "api_complaints":                   post(400,       400,       400,       400, 400, 400, 400, 400),
    # The API schema and docs are public (SPECTACULAR_SETTINGS SERVE_PERMISSIONS).
    "api_schema": get( 200, 200, 200, 200, 200, 200, 200, 200),
    "api_docs":   get( 200, 200, 200, 200, 200, 200, 200, 200),
    # The Django admin: staff roles only (verzuim.admin_roles); portal users go to the admin login (302).
    "admin:index":                                           get( 302, 302, 302, 302, 200, 200, 200, 302),
    "admin:login":                                           get( 200, 200, 200, 200, 200, 200, 200, 200),
    "admin:logout":                                          post(302, 302, 302, 302, 302, 302, 302, 302),
    "admin:password_change":                                 get( 302, 302, 302, 302, 200, 200, 200, 302),
    "admin:password_change_done":                            get( 302, 302, 302, 302, 200, 200, 200, 302),
    "admin:autocomplete":                                    get( 302, 302, 302, 302, 403, 403, 403, 302),
    "admin:jsi18n":                                          get( 302, 302, 302, 302, 200, 200, 200, 302),
    "admin:view_on_site":                                    get( 302, 302, 302, 302, 404, 404, 404, 302),
    "admin:auth_group_changelist":                           get( 302, 302, 302, 302, 403, 403, 200, 302),
    "admin:auth_group_add":                                  get( 302, 302, 302, 302, 403, 403, 200, 302),
    "admin:auth_group_history":                              get( 302, 302, 302, 302, 403, 403, 200, 302),
    "admin:auth_group_delete":                               get( 302, 302, 302, 302, 403, 403, 200, 302),
    "admin:auth_group_change":                               get( 302, 302, 302, 302, 403, 403, 200, 302),
    "admin/auth/group/<path:object_id>/":                    get( 302, 302, 302, 302, 302, 302, 302, 302),
    "admin:otp_totp_totpdevice_config":                      get( 302, 302, 302, 302, 403, 403, 200, 302),
    "admin:otp_totp_totpdevice_qrcode":                      get( 302, 302, 302, 302, 403, 403, 200, 302),
    "admin:verzuim_authenticatordevice_changelist":          get( 302, 302, 302, 302, 403, 403, 200, 302),
    "admin:verzuim_authenticatordevice_add":                 get( 302, 302, 302, 302, 403, 403, 200, 302),
    "admin:verzuim_authenticatordevice_history":             get( 302, 302, 302, 302, 403, 403, 200, 302),
    "admin:verzuim_authenticatordevice_delete":              get( 302, 302, 302, 302, 403, 403, 200, 302),
    "admin:verzuim_authenticatordevice_change":              get( 302, 302, 302, 302, 403, 403, 200, 302),
    "admin/verzuim/authenticatordevice/<path:object_id>/":   get( 302, 302, 302, 302, 302, 302, 302, 302),
    "admin:axes_accessattempt_changelist":                   get( 302, 302, 302, 302, 403, 403, 200, 302),
    "admin:axes_accessattempt_add":                          get( 302, 302, 302, 302, 403, 403, 403, 302),
    "admin:axes_accessattempt_history":                      get( 302, 302, 302, 302, 403, 403, 200, 302),
    "admin:axes_accessattempt_delete":                       get( 302, 302, 302, 302, 403, 403, 200, 302),
    "admin:axes_accessattempt_change":                       get( 302, 302, 302, 302, 403, 403, 200, 302),
    "admin/axes/accessattempt/<path:object_id>/":            get( 302, 302, 302, 302, 302, 302, 302, 302),
    "admin:axes_accesslog_changelist":                       get( 302, 302, 302, 302, 403, 403, 200, 302),
    "admin:axes_accesslog_add":                              get( 302, 302, 302, 302, 403, 403, 403, 302),
    "admin:axes_accesslog_history":                          get( 302, 302, 302, 302, 403, 403, 200, 302),
    "admin:axes_accesslog_delete":                           get( 302, 302, 302, 302, 403, 403, 200, 302),
    "admin:axes_accesslog_change":                           get( 302, 302, 302, 302, 403, 403, 200, 302),
    "admin/axes/accesslog/<path:object_id>/":                get( 302, 302, 302, 302, 302, 302, 302, 302),
    "admin:axes_accessfailurelog_changelist":                get( 302, 302, 302, 302, 403, 403, 200, 302),
    "admin:axes_accessfailurelog_add":                       get( 302, 302, 302, 302, 403, 403, 403, 302),
    "admin:axes_accessfailurelog_history":                   get( 302, 302, 302, 302, 403, 403, 200, 302),
    "admin:axes_accessfailurelog_delete":                    get( 302, 302, 302, 302, 403, 403, 200, 302),
    "admin:axes_accessfailurelog_change":                    get( 302, 302, 302, 302, 403, 403, 200, 302),
    "admin/axes/accessfailurelog/<path:object_id>/":         get( 302, 302, 302, 302, 302, 302, 302, 302),
    "admin:authtoken_tokenproxy_changelist":                 get( 302, 302, 302, 302, 403, 403, 200, 302),
    "admin:authtoken_tokenproxy_add":                        get( 302, 302, 302, 302, 403, 403, 200, 302),
    "admin:authtoken_tokenproxy_history":                    get( 302, 302, 302, 302, 403, 403, 200, 302),
    "admin:authtoken_tokenproxy_delete":                     get( 302, 302, 302, 302, 403, 403, 200, 302),
    "admin:authtoken_tokenproxy_change":                     get( 302, 302, 302, 302, 403, 403, 200, 302),
    "admin/authtoken/tokenproxy/<path:object_id>/":          get( 302, 302, 302, 302, 302, 302, 302, 302),
    "admin:auth_user_password_change":                       get( 302, 302, 302, 302, 403, 403, 200, 302),
    "admin:verzuim_user_changelist":                         get( 302, 302, 302, 302, 403, 403, 200, 302),
    "admin:verzuim_user_add":                                get( 302, 302, 302, 302, 403, 403, 200, 302),
    "admin:verzuim_user_history":                            get( 302, 302, 302, 302, 403, 403, 200, 302),
    "admin:verzuim_user_delete":                             get( 302, 302, 302, 302, 403, 403, 200, 302),
    "admin:verzuim_user_change":                             get( 302, 302, 302, 302, 403, 403, 200, 302),
    "admin/verzuim/user/<path:object_id>/":                  get( 302, 302, 302, 302, 302, 302, 302, 302),
    "admin:verzuim_employer_changelist":                     get( 302, 302, 302, 302, 403, 403, 200, 302),
    "admin:verzuim_employer_add":                            get( 302, 302, 302, 302, 403, 403, 200, 302),
    "admin:verzuim_employer_history":                        get( 302, 302, 302, 302, 403, 403, 200, 302),
    "admin:verzuim_employer_delete":                         get( 302, 302, 302, 302, 403, 403, 200, 302),
    "admin:verzuim_employer_change":                         get( 302, 302, 302, 302, 403, 403, 200, 302),
    "admin/verzuim/employer/<path:object_id>/":              get( 302, 302, 302, 302, 302, 302, 302, 302),
    "admin:verzuim_employee_changelist":                     get( 302, 302, 302, 302, 403, 403, 200, 302),
    "admin:verzuim_employee_add":                            get( 302, 302, 302, 302, 403, 403, 200, 302),
    "admin:verzuim_employee_history":                        get( 302, 302, 302, 302, 403, 403, 200, 302),
    "admin:verzuim_employee_delete":                         get( 302, 302, 302, 302, 403, 403, 200, 302),
    "admin:verzuim_employee_change":                         get( 302, 302, 302, 302, 403, 403, 200, 302),
    "admin/verzuim/employee/<path:object_id>/":              get( 302, 302, 302, 302, 302, 302, 302, 302),
    "admin:verzuim_auditlog_changelist":                     get( 302, 302, 302, 302, 403, 403, 200, 302),
    "admin:verzuim_auditlog_add":                            get( 302, 302, 302, 302, 403, 403, 403, 302),
    "admin:verzuim_auditlog_history":                        get( 302, 302, 302, 302, 403, 403, 200, 302),
    "admin:verzuim_auditlog_delete":                         get( 302, 302, 302, 302, 403, 403, 403, 302),
    "admin:verzuim_auditlog_change":                         get( 302, 302, 302, 302, 403, 403, 200, 302),
    "admin/verzuim/auditlog/<path:object_id>/":              get( 302, 302, 302, 302, 302, 302, 302, 302),
    "admin:premiums_product_changelist":                     get( 302, 302, 302, 302, 200, 403, 200, 302),
    "admin:premiums_product_add":                            get( 302, 302, 302, 302, 403, 403, 200, 302),
    "admin:premiums_product_history":                        get( 302, 302, 302, 302, 200, 403, 200, 302),
    "admin:premiums_product_delete":                         get( 302, 302, 302, 302, 403, 403, 200, 302),
    "admin:premiums_product_change":                         get( 302, 302, 302, 302, 200, 403, 200, 302),
    "admin/premiums/product/<path:object_id>/":              get( 302, 302, 302, 302, 302, 302, 302, 302),
    "admin:premiums_policy_changelist":                      get( 302, 302, 302, 302, 200, 403, 200, 302),
    "admin:premiums_policy_add":                             get( 302, 302, 302, 302, 403, 403, 200, 302),
    "admin:premiums_policy_history":                         get( 302, 302, 302, 302, 200, 403, 200, 302),
    "admin:premiums_policy_delete":                          get( 302, 302, 302, 302, 403, 403, 200, 302),
    "admin:premiums_policy_change":                          get( 302, 302, 302, 302, 200, 403, 200, 302),
    "admin/premiums/policy/<path:object_id>/":               get( 302, 302, 302, 302, 302, 302, 302, 302),
    "admin:premiums_parameterset_changelist":                get( 302, 302, 302, 302, 200, 403, 200, 302),
    "admin:premiums_parameterset_add":                       get( 302, 302, 302, 302, 200, 403, 200, 302),
    "admin:premiums_parameterset_history":                   get( 302, 302, 302, 302, 200, 403, 200, 302),
    "admin:premiums_parameterset_delete":                    get( 302, 302, 302, 302, 403, 403, 403, 302),
    "admin:premiums_parameterset_change":                    get( 302, 302, 302, 302, 200, 403, 200, 302),
    "admin/premiums/parameterset/<path:object_id>/":         get( 302, 302, 302, 302, 302, 302, 302, 302),
    "admin:premiums_productsheettext_changelist":            get( 302, 302, 302, 302, 200, 403, 200, 302),
    "admin:premiums_productsheettext_add":                   get( 302, 302, 302, 302, 200, 403, 200, 302),
    "admin:premiums_productsheettext_history":               get( 302, 302, 302, 302, 200, 403, 200, 302),
    "admin:premiums_productsheettext_delete":                get( 302, 302, 302, 302, 200, 403, 200, 302),
    "admin:premiums_productsheettext_change":                get( 302, 302, 302, 302, 200, 403, 200, 302),
    "admin/premiums/productsheettext/<path:object_id>/":     get( 302, 302, 302, 302, 302, 302, 302, 302),
    "admin:premiums_insurerdetails_changelist":              get( 302, 302, 302, 302, 200, 403, 200, 302),
    "admin:premiums_insurerdetails_add":                     get( 302, 302, 302, 302, 200, 403, 200, 302),
    "admin:premiums_insurerdetails_history":                 get( 302, 302, 302, 302, 200, 403, 200, 302),
    "admin:premiums_insurerdetails_delete":                  get( 302, 302, 302, 302, 200, 403, 200, 302),
    "admin:premiums_insurerdetails_change":                  get( 302, 302, 302, 302, 200, 403, 200, 302),
    "admin/premiums/insurerdetails/<path:object_id>/":       get( 302, 302, 302, 302, 302, 302, 302, 302),
    "admin:cases_arbodienst_changelist":                     get( 302, 302, 302, 302, 200, 403, 200, 302),
    "admin:cases_arbodienst_add":                            get( 302, 302, 302, 302, 200, 403, 200, 302),
    "admin:cases_arbodienst_history":                        get( 302, 302, 302, 302, 200, 403, 200, 302),
    "admin:cases_arbodienst_delete":                         get( 302, 302, 302, 302, 403, 403, 403, 302),
    "admin:cases_arbodienst_change":                         get( 302, 302, 302, 302, 200, 403, 200, 302),
    "admin/cases/arbodienst/<path:object_id>/":              get( 302, 302, 302, 302, 302, 302, 302, 302),
    "admin:cases_labourexpert_changelist":                   get( 302, 302, 302, 302, 200, 403, 200, 302),
    "admin:cases_labourexpert_add":                          get( 302, 302, 302, 302, 200, 403, 200, 302),
    "admin:cases_labourexpert_history":                      get( 302, 302, 302, 302, 200, 403, 200, 302),
    "admin:cases_labourexpert_delete":                       get( 302, 302, 302, 302, 403, 403, 403, 302),
    "admin:cases_labourexpert_change":                       get( 302, 302, 302, 302, 200, 403, 200, 302),
    "admin/cases/labourexpert/<path:object_id>/":            get( 302, 302, 302, 302, 302, 302, 302, 302),
    "admin:cases_physicianregistration_changelist":          get( 302, 302, 302, 302, 200, 403, 200, 302),
    "admin:cases_physicianregistration_add":                 get( 302, 302, 302, 302, 200, 403, 200, 302),
    "admin:cases_physicianregistration_history":             get( 302, 302, 302, 302, 200, 403, 200, 302),
    "admin:cases_physicianregistration_delete":              get( 302, 302, 302, 302, 403, 403, 403, 302),
    "admin:cases_physicianregistration_change":              get( 302, 302, 302, 302, 200, 403, 200, 302),
    "admin/cases/physicianregistration/<path:object_id>/":   get( 302, 302, 302, 302, 302, 302, 302, 302),
    "admin:cases_casemanagerregistration_changelist":        get( 302, 302, 302, 302, 200, 403, 200, 302),
    "admin:cases_casemanagerregistration_add":               get( 302, 302, 302, 302, 200, 403, 200, 302),
    "admin:cases_casemanagerregistration_history":           get( 302, 302, 302, 302, 200, 403, 200, 302),
    "admin:cases_casemanagerregistration_delete":            get( 302, 302, 302, 302, 403, 403, 403, 302),
    "admin:cases_casemanagerregistration_change":            get( 302, 302, 302, 302, 200, 403, 200, 302),
    "admin/cases/casemanagerregistration/<path:object_id>/": get( 302, 302, 302, 302, 302, 302, 302, 302),
    "admin:cases_employerarbodienst_changelist":             get( 302, 302, 302, 302, 200, 403, 200, 302),
    "admin:cases_employerarbodienst_add":                    get( 302, 302, 302, 302, 403, 403, 200, 302),
    "admin:cases_employerarbodienst_history":                get( 302, 302, 302, 302, 200, 403, 200, 302),
    "admin:cases_employerarbodienst_delete":                 get( 302, 302, 302, 302, 403, 403, 200, 302),
    "admin:cases_employerarbodienst_change":                 get( 302, 302, 302, 302, 200, 403, 200, 302),
    "admin/cases/employerarbodienst/<path:object_id>/":      get( 302, 302, 302, 302, 302, 302, 302, 302),
    "admin:cases_provider_changelist":                       get( 302, 302, 302, 302, 200, 403, 200, 302),
    "admin:cases_provider_add":                              get( 302, 302, 302, 302, 200, 403, 200, 302),
    "admin:cases_provider_history":                          get( 302, 302, 302, 302, 200, 403, 200, 302),
    "admin:cases_provider_delete":                           get( 302, 302, 302, 302, 403, 403, 403, 302),
    "admin:cases_provider_change":                           get( 302, 302, 302, 302, 200, 403, 200, 302),
    "admin/cases/provider/<path:object_id>/":                get( 302, 302, 302, 302, 302, 302, 302, 302),
    "admin:cases_retentionterm_changelist":                  get( 302, 302, 302, 302, 200, 403, 200, 302),
    "admin:cases_retentionterm_add":                         get( 302, 302, 302, 302, 200, 403, 200, 302),
    "admin:cases_retentionterm_history":                     get( 302, 302, 302, 302, 200, 403, 200, 302),
    "admin:cases_retentionterm_delete":                      get( 302, 302, 302, 302, 403, 403, 403, 302),
    "admin:cases_retentionterm_change":                      get( 302, 302, 302, 302, 200, 403, 200, 302),
    "admin/cases/retentionterm/<path:object_id>/":           get( 302, 302, 302, 302, 302, 302, 302, 302),
    "admin:complaints_complaint_step":                       get( 302, 302, 302, 302, 404, 200, 200, 302),
    "admin:complaints_complaint_letter":                     get( 302, 302, 302, 302, 404, 200, 200, 302),
    "admin:complaints_complaint_changelist":                 get( 302, 302, 302, 302, 403, 200, 200, 302),
    "admin:complaints_complaint_add":                        get( 302, 302, 302, 302, 403, 403, 403, 302),
    "admin:complaints_complaint_history":                    get( 302, 302, 302, 302, 403, 200, 200, 302),
    "admin:complaints_complaint_delete":                     get( 302, 302, 302, 302, 403, 403, 403, 302),
    "admin:complaints_complaint_change":                     get( 302, 302, 302, 302, 403, 200, 200, 302),
    "admin/complaints/complaint/<path:object_id>/":          get( 302, 302, 302, 302, 302, 302, 302, 302),
    "admin:complaints_complaintterms_changelist":            get( 302, 302, 302, 302, 403, 200, 200, 302),
    "admin:complaints_complaintterms_add":                   get( 302, 302, 302, 302, 403, 403, 200, 302),
    "admin:complaints_complaintterms_history":               get( 302, 302, 302, 302, 403, 200, 200, 302),
    "admin:complaints_complaintterms_delete":                get( 302, 302, 302, 302, 403, 403, 403, 302),
    "admin:complaints_complaintterms_change":                get( 302, 302, 302, 302, 403, 200, 200, 302),
    "admin/complaints/complaintterms/<path:object_id>/":     get( 302, 302, 302, 302, 302, 302, 302, 302),
    # The desk's standard texts of its letters (decision 262): the complaint handler keeps them.
    "admin:complaints_complaintlettertemplate_changelist":   get( 302, 302, 302, 302, 403, 200, 200, 302),
    "admin:complaints_complaintlettertemplate_add":          get( 302, 302, 302, 302, 403, 200, 200, 302),
    "admin:complaints_complaintlettertemplate_history":      get( 302, 302, 302, 302, 403, 200, 200, 302),
    "admin:complaints_complaintlettertemplate_delete":       get( 302, 302, 302, 302, 403, 200, 200, 302),
    "admin:complaints_complaintlettertemplate_change":       get( 302, 302, 302, 302, 403, 200, 200, 302),
    "admin/complaints/complaintlettertemplate/<path:object_id>/": get(302, 302, 302, 302, 302, 302, 302, 302),
    "admin:app_list":                                        get( 302, 302, 302, 302, 200, 404, 200, 302),
    "admin/(?P<url>.*)$":                                    get( 302, 302, 302, 302, 404, 404, 404, 302),
}
# fmt: on


# --- The URL conf -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    key: str  # "namespace:name", or the route string of an unnamed route
    route: str  # the full route string, e.g. "verzuim/<str:case_id>/"

    @property
    def arguments(self) -> list[str]:
        return [a or b for a, b in re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", self.route)]

    @property
    def is_api(self) -> bool:
        return self.route.startswith("api/v1/")


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[Route]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner or namespace)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            key = f"{namespace}:{pattern.name}" if namespace and pattern.name else (pattern.name or route)
            yield Route(key=key, route=route)


def all_routes() -> list[Route]:
    return list(_walk(get_resolver().url_patterns))


# --- Filling in the URL ----------------------------------------------------------------------------------------

BOGUS_TOKEN = "bogus-token-0000000000"
# Arguments that name no object of a tenant.
URL_VALUES: dict[str, str] = {
    "token": BOGUS_TOKEN,  # one-time links, survey, calendar feed, password reset: a bogus token is 404
    "uidb64": "MQ",
    "file_format": "csv",
    "part": "problem_analysis",
    "app_label": "cases",
    "url": "bestaat-niet/",
    "step": "ontvangst-bevestigen",
    "letter": "ontvangstbevestiging",
    "action": "notitie",
    # A letter or attachment that does not exist (the world has none): 404 for the handler too; their pages are
    # covered with real ones in tests/complaints/test_desk.py.
    "letter_id": "00000000-0000-4000-8000-000000000000",
    "attachment_id": "00000000-0000-4000-8000-000000000000",
    "follow_token": FOLLOW_TOKEN,  # tenant A's complaint's private link
    "export_id": "00000000-0000-4000-8000-000000000000",
}
# Arguments that name an object of a tenant: its value in tenant A or B.
TENANT_VALUES: dict[str, Any] = {
    "case_id": lambda t, role: t.case.pk,
    "code": lambda t, role: t.step.code,
    "advice_id": lambda t, role: t.advice_id,
    "sanction_id": lambda t, role: t.sanction_id,
    "intervention_id": lambda t, role: t.intervention_id,
    "document_id": lambda t, role: t.document_id,
    "employer_id": lambda t, role: t.employer.pk,
    "employee_id": lambda t, role: t.employee.pk,
    "contact_id": lambda t, role: t.contact.pk,
    "contact_moment_id": lambda t, role: t.contact_moment_id,
    "consultation_id": lambda t, role: t.consultation_id,
    "calculation_id": lambda t, role: t.calculation.pk,
    "policy_id": lambda t, role: t.policy.pk,
    "claim_id": lambda t, role: t.claim.pk,
    "complaint_id": lambda t, role: t.complaint.pk,
    "subscription_id": lambda t, role: t.webhook.pk,
    "delivery_id": lambda t, role: t.webhook_delivery_id,
    "message_id": lambda t, role: t.message_id,
    "api_key_id": lambda t, role: t.api_key.pk,
    "request_id": lambda t, role: t.correction_id,
    "notification_id": lambda t, role: t.notifications[role if role != "anonymous" else Role.EMPLOYER].pk,
}
# A route whose argument names another object than the argument's name says everywhere else.
ROUTE_VALUES: dict[tuple[str, str], Any] = {
    ("case_document_download", "document_id"): lambda t, role: t.report_id,
    ("case_physician_message_attachment", "message_id"): lambda t, role: t.physician_message_id,
    ("my_document_download", "document_id"): lambda t, role: t.report_id,
}


def _admin_model(route: Route) -> type[models.Model] | None:
    match = re.match(r"admin/(\w+)/(\w+)/", route.route)
    if not match:
        return None
    try:
        return apps.get_model(match[1], match[2])
    except LookupError:
        return None


def _object_value(route: Route, world: World) -> dict[str, Any]:
    """The admin's object arguments: tenant A's object when the model has one, else the first there is."""
    model = _admin_model(route)
    values: dict[str, Any] = {}
    if "content_type_id" in route.arguments:
        values["content_type_id"] = ContentType.objects.get_for_model(type(world.own.employer)).pk
        values["object_id"] = world.own.employer.pk
    if model is None:
        return values
    own: dict[type[models.Model], models.Model] = {
        type(world.own.employer): world.own.employer,
        type(world.own.employer_user): world.own.employer_user,
        type(world.own.employee): world.own.employee,
        type(world.own.policy): world.own.policy,
        type(world.own.complaint): world.own.complaint,
    }
    instance = own.get(model) or model._default_manager.order_by("pk").first()
    pk = instance.pk if instance is not None else 0
    for name in ("object_id", "pk", "id"):
        if name in route.arguments:
            values[name] = pk
    return values


def url_for(route: Route, world: World, tenant: Tenant, role: str) -> str:
    values: dict[str, Any] = dict(_object_value(route, world))
    for name in route.arguments:
        if name in values:
            continue
        if (route.key, name) in ROUTE_VALUES:
            values[name] = ROUTE_VALUES[route.key, name](tenant, role)
        elif name in TENANT_VALUES:
            values[name] = TENANT_VALUES[name](tenant, role)
        elif name in URL_VALUES:
            values[name] = URL_VALUES[name]
        else:
            raise AssertionError(f"{route.key}: no value for URL argument {name!r}; add it to URL_VALUES")

    def fill(match: re.Match[str]) -> str:
        return str(values[match[1] or match[2]])

    path = re.sub(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\)", fill, route.route)
    path = "/" + path.replace("^", "").replace("$", "")
    assert _route_of(path) == route.key, f"{path} resolves to {_route_of(path)}, not to {route.key}"
    return path


def _route_of(path: str) -> str:
    match = resolve(path)
    if match.url_name:
        return ":".join([*match.namespaces, match.url_name])
    return match.route


def names_a_tenant_object(route: Route) -> bool:
    return any(name in TENANT_VALUES for name in route.arguments)


# --- Asking ----------------------------------------------------------------------------------------------------


def _page_client(user: User | None) -> Client:
    client = Client()
    if user is None:
        return client
    client.force_login(user)
    if user.needs_two_factor:
        device = TOTPDevice.objects.get(user=user, confirmed=True)
        response = client.post("/account/tweestapsverificatie/", {"token": current_totp(device)})
        assert response.status_code == 302, response.content
    return client


def _api_client(user: User | None) -> APIClient:
    client = APIClient()
    if user is not None:
        token, _created = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


TEXT_TYPES = ("text/", "application/json", "application/problem+json", "application/javascript")


def ask(client: Client, method: str, path: str) -> tuple[str, str]:
    """The status code and the text of the answer, in a savepoint rolled back afterwards (the client's cookies
    restored too); an exception is reported as the status, not raised."""
    cookies = client.cookies
    client.cookies = type(cookies)(cookies)  # a copy: the request may rotate or flush the session
    savepoint = transaction.savepoint()
    try:
        response = client.get(path) if method == "GET" else client.post(path)
        text = ""
        if not response.streaming and response.get("Content-Type", "").startswith(TEXT_TYPES):
            text = response.content.decode(errors="replace")
        return str(response.status_code), text
    except Exception as error:  # noqa: BLE001 - every failure is one line of the report
        return f"{type(error).__name__}: {str(error)[:80]}", ""
    finally:
        transaction.savepoint_rollback(savepoint)
        client.cookies = cookies


def forbidden_markers(world: World, role: str) -> tuple[str, ...]:
    """What a role must never read anywhere (docs/domain.md §3): medical data unless it is the physician; the
    contents of the plan when it is insurer staff; the contact log's summaries unless it is the casemanager or the
    physician; a complaint's internal notes unless it is the complaint handler or the admin; tenant B's data when
    it works for tenant A; any dossier when it has none (anonymous, the complaint handler)."""
    markers: tuple[str, ...] = () if role == Role.OCCUPATIONAL_PHYSICIAN else MEDICAL_MARKERS
    if role in ("anonymous", Role.INSURER, Role.COMPLAINT_HANDLER):
        markers += PLAN_MARKERS
    if role not in (Role.CASEMANAGER, Role.OCCUPATIONAL_PHYSICIAN):
        markers += CONTACT_MARKERS
    if role not in (Role.COMPLAINT_HANDLER, Role.ADMIN):
        markers += COMPLAINT_NOTE_MARKERS  # the complaint's internal notes: not on Mijn klachten nor the follow link
    if role in (Role.EMPLOYER, Role.CASEMANAGER, Role.OCCUPATIONAL_PHYSICIAN):
        markers += world.other.markers
    if role == Role.EMPLOYEE:
        # Their own case is all the employee may know of: nothing of another employee, nothing of the employer's
        # insurance (policy, premium, claim). Their own plan they read and sign (issue 22 item 2); the plans of
        # others stay behind the 404 of the other cases (the plans of both tenants have the same text).
        markers += world.other.markers
        markers += (world.own.policy.policy_number, str(world.own.calculation.pk), str(world.own.claim.pk))
    if role in ("anonymous", Role.COMPLAINT_HANDLER):
        markers += world.own.dossier_markers + world.other.dossier_markers
    # The conversation of a case: its employee, employer users and casemanager (cases.messages); the confidential
    # thread: its employee and physician only (cases.medical.messages), not the admin nor insurer staff. Tenant B's
    # threads are in world.other.markers' reach for no one of tenant A.
    markers += world.other.case_thread_markers + world.other.physician_thread_markers
    if role not in (Role.EMPLOYEE, Role.EMPLOYER, Role.CASEMANAGER):
        markers += world.own.case_thread_markers
    if role not in (Role.EMPLOYEE, Role.OCCUPATIONAL_PHYSICIAN):
        markers += world.own.physician_thread_markers
    return markers


@dataclass
class Seen:
    own: str
    other: str | None  # None when the URL names no object of a tenant
    leaks: list[str]


def observe(world: World, role: str, routes: list[Route]) -> dict[str, Seen]:
    """Per route: the answer for tenant A's object and, when the URL names one, for tenant B's, and what each
    answer showed that the role must not read."""
    user = world.user(role)
    page_client, api_client = _page_client(user), _api_client(user)
    forbidden = forbidden_markers(world, role)
    seen: dict[str, Seen] = {}
    for route in routes:
        row = EXPECTED.get(route.key)
        method = row.method if row else "GET"
        client = api_client if route.is_api else page_client
        tenants = (world.own, world.other) if names_a_tenant_object(route) else (world.own,)
        answers, leaks = [], []
        for tenant in tenants:
            path = url_for(route, world, tenant, role)
            status, text = ask(client, method, path)
            answers.append(status)
            leaks += [f"{path} shows {marker!r}" for marker in forbidden if marker in text and marker not in path]
        seen[route.key] = Seen(answers[0], answers[1] if len(answers) > 1 else None, leaks)
    return seen


# --- The tests -------------------------------------------------------------------------------------------------


def test_every_route_has_exactly_one_row() -> None:
    keys = [route.key for route in all_routes()]
    missing = sorted(set(keys) - set(EXPECTED))
    gone = sorted(set(EXPECTED) - set(keys))
    doubled = sorted({key for key in keys if keys.count(key) > 1})
    assert not missing, f"routes without a row in EXPECTED: {missing}"
    assert not gone, f"rows in EXPECTED whose route no longer exists: {gone}"
    assert not doubled, f"route keys that are not unique: {doubled}"


@pytest.fixture
def fresh_cache() -> Iterator[None]:
    """The complaint intake's rate limit counts in the cache (Redis in CI): every role starts from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db
@pytest.mark.usefixtures("fresh_cache")
@pytest.mark.parametrize("role", ROLES)
def test_every_route_answers_each_role_as_the_table_says(role: str, settings: Any, tmp_path: Any, caplog: Any) -> None:
    caplog.set_level(logging.ERROR, logger="django.request")  # hundreds of expected 4xx: the table is the report
    settings.MEDIA_ROOT = tmp_path / "media"
    column = ROLES.index(role)
    routes = [route for route in all_routes() if route.key in EXPECTED]
    world = build_world()
    seen = observe(world, role, routes)
    mismatches = []
    checks = 0
    for route in routes:
        expected = EXPECTED[route.key].answers[column]
        own_expected, other_expected = expected.split("/") if isinstance(expected, str) else (expected, expected)
        answer = seen[route.key]
        checks += 1 if answer.other is None else 2
        if answer.own != str(own_expected):
            mismatches.append(f"{route.key} own: expected {own_expected}, got {answer.own}")
        if answer.other is not None and answer.other != str(other_expected):
            mismatches.append(f"{route.key} other: expected {other_expected}, got {answer.other}")
        mismatches += [f"{route.key} LEAK: {leak}" for leak in answer.leaks]
    assert not mismatches, f"{role}: {len(mismatches)} of {checks} checks differ:\n" + "\n".join(mismatches)


# What a machine client's key of employer A (with every scope) gets on each API route, asked like the table's rows:
# the routes its scopes name answer as employer A's user would (B's objects 404); the public intake routes (token,
# complaint) answer as they answer anyone; every other API route is closed to keys (403).
KEY_EXPECTED: dict[str, Expected] = {
    "api_employees": 200,
    "api_employee": "200/404",
    "api_absences": 200,
    "api_absence": "200/404",
    # events:manage: the event subscriptions of its own employer (the retry of a failed delivery answers 200).
    "api_webhooks": 200,
    "api_webhook": "200/404",
    "api_webhook_deliveries": "200/404",
    "api_webhook_delivery_retry": "200/404",
    "api_token": 400,
    "api_complaints": 400,
}


@pytest.mark.django_db
@pytest.mark.usefixtures("fresh_cache")
def test_an_api_key_reaches_only_its_scopes_and_its_own_employer(settings: Any, tmp_path: Any, caplog: Any) -> None:
    caplog.set_level(logging.ERROR, logger="django.request")
    settings.MEDIA_ROOT = tmp_path / "media"
    world = build_world()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {world.own.api_key_secret}")
    forbidden = forbidden_markers(world, Role.EMPLOYER)
    mismatches = []
    for route in [route for route in all_routes() if route.is_api]:
        expected = KEY_EXPECTED.get(route.key, 403)
        own_expected, other_expected = expected.split("/") if isinstance(expected, str) else (expected, expected)
        row = EXPECTED.get(route.key)
        tenants = (world.own, world.other) if names_a_tenant_object(route) else (world.own,)
        for tenant, wanted in zip(tenants, (own_expected, other_expected), strict=False):
            path = url_for(route, world, tenant, Role.EMPLOYER)
            status, text = ask(client, row.method if row else "GET", path)
            if status != str(wanted):
                mismatches.append(f"{route.key} {path}: expected {wanted}, got {status}")
            mismatches += [f"{route.key} LEAK: {path} shows {m!r}" for m in forbidden if m in text and m not in path]
    assert not mismatches, "\n".join(mismatches)
