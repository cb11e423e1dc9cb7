"""Interventions and the provider network (docs/domain.md §6): API of docs/api.md, pages, tenancy, audit."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader
from rest_framework.test import APIClient

from cases.absence.models import AbsenceCase, CaseStatus, CloseReason
from cases.dossier import pdf
from cases.interventions import services as services_interventions
from cases.interventions.models import Intervention, InterventionStatus, Provider, ProviderScore
from premiums.models import ParameterSet
from tests.cases.factories import employer_user_for, make_case
from tests.factories import EmployeeFactory, EmployerFactory, PolicyFactory, UserFactory, confirmed_totp_device
from verzuim.models import AuditLog, Employer, Role, User

pytestmark = pytest.mark.django_db

ApiAs = Callable[[User], APIClient]
StaffLogin = Callable[[User], Client]

TODAY = timezone.localdate()
# Sick since 27 days ago: clock day 28 today, 700 days (100 weeks) of wage left; 52,000 a year = 1,000 a week.
# The limit is half of 100 x 1,000 = 50,000.00 (tests/cases/test_intervention_rules.py works the rule out).
FIRST_SICK_DAY = TODAY - dt.timedelta(days=27)
LIMIT = "€\u00a050.000,00"


def _staff(role: Role) -> User:
    user = UserFactory(role=role)
    confirmed_totp_device(user)
    return user


@pytest.fixture
def casemanager() -> User:
    return _staff(Role.CASEMANAGER)


@pytest.fixture
def insurer() -> User:
    return _staff(Role.INSURER)


@pytest.fixture
def employer(casemanager: User) -> Employer:
    employer = EmployerFactory(casemanager=casemanager)
    PolicyFactory(employer=employer, start_date=FIRST_SICK_DAY - dt.timedelta(days=60))
    return employer


@pytest.fixture
def case(employer: Employer) -> AbsenceCase:
    employee = EmployeeFactory(employer=employer, yearly_wage=Decimal(52000))
    return make_case(employee=employee, first_sick_day=FIRST_SICK_DAY)


@pytest.fixture
def provider() -> Provider:
    return Provider.objects.create(name="Praktijk Veerkracht", kinds=["psycholoog"])


def url(case: AbsenceCase, *rest: str) -> str:
    return "/".join([f"/api/v1/absences/{case.pk}/interventions", *rest, ""]).replace("//", "/")


def request_intervention(client: APIClient, case: AbsenceCase, **overrides: Any) -> Any:
    payload = {"kind": "psycholoog", "cost": "1500.00", "advised_by": "physician", **overrides}
    return client.post(url(case), payload, format="json")


# --- Acceptance -----------------------------------------------------------------------------------------------


def test_first_sick_day_before_the_policy_start_is_not_eligible_and_says_why(
    api_as: ApiAs, casemanager: User, employer: Employer, case: AbsenceCase
) -> None:
    employer.policies.update(start_date=FIRST_SICK_DAY + dt.timedelta(days=1))
    response = request_intervention(api_as(casemanager), case)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert set(body) == {"id", "status", "eligible", "reasons"}
    assert body["status"] == "requested"
    assert body["eligible"] is False
    start = FIRST_SICK_DAY + dt.timedelta(days=1)
    assert body["reasons"] == [
        f"De eerste ziektedag ({FIRST_SICK_DAY:%d-%m-%Y}) ligt vóór de ingangsdatum van de polis ({start:%d-%m-%Y})."
    ]


def test_a_cost_above_the_limit_is_not_eligible_and_names_the_limit_in_euros(
    api_as: ApiAs, casemanager: User, case: AbsenceCase
) -> None:
    response = request_intervention(api_as(casemanager), case, cost="50000.01")
    assert response.status_code == 201
    body = response.json()
    assert body["eligible"] is False
    assert body["reasons"] == [
        f"De kosten (€\u00a050.000,01) zijn hoger dan de proportionaliteitsgrens van {LIMIT} "
        "(50% van het loon dat nog moet worden doorbetaald tot week 104)."
    ]
    stored = Intervention.objects.get(pk=body["id"])
    assert stored.proportionality_limit == Decimal("50000.00")


def test_the_limit_follows_the_insurers_parameter(api_as: ApiAs, casemanager: User, case: AbsenceCase) -> None:
    ParameterSet.objects.filter(valid_from__lte=dt.date.today()).update(intervention_limit_pct=Decimal(25))
    body = request_intervention(api_as(casemanager), case, cost="25000.01").json()
    assert body["eligible"] is False
    assert "(25% van het loon dat nog moet worden doorbetaald tot week 104)" in body["reasons"][0]
    assert Intervention.objects.get(pk=body["id"]).proportionality_limit == Decimal("25000.00")


def test_an_eligible_request_has_no_reasons(api_as: ApiAs, casemanager: User, case: AbsenceCase) -> None:
    body = request_intervention(api_as(casemanager), case, cost="50000.00", description="Zes gesprekken").json()
    assert (body["eligible"], body["reasons"], body["status"]) == (True, [], "requested")


# --- Input ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"cost": "-1.00"}, "cost", "De kosten kunnen niet negatief zijn."),
        ({"kind": "acupunctuur"}, "kind", "Kies een soort interventie uit de lijst."),
        ({"advised_by": "employer"}, "advised_by", "Alleen een advies van de bedrijfsarts of de casemanager telt."),
    ],
)
def test_bad_input_is_a_dutch_field_error(
    api_as: ApiAs, casemanager: User, case: AbsenceCase, overrides: dict[str, str], field: str, message: str
) -> None:
    response = request_intervention(api_as(casemanager), case, **overrides)
    assert response.status_code == 400
    assert response.json()["fields"] == {field: [message]}
    assert not Intervention.objects.exists()


def test_an_unknown_field_is_refused(api_as: ApiAs, casemanager: User, case: AbsenceCase) -> None:
    response = request_intervention(api_as(casemanager), case, provider_name="X")
    assert response.status_code == 400


# --- Who may do what: not yours, or not your role, is a 404 ---------------------------------------------------


@pytest.mark.parametrize("role", [Role.EMPLOYER, Role.OCCUPATIONAL_PHYSICIAN, Role.COMPLAINT_HANDLER])
def test_other_roles_cannot_request(api_as: ApiAs, case: AbsenceCase, employer: Employer, role: Role) -> None:
    if role == Role.EMPLOYER:
        user = employer_user_for(employer)
    elif role == Role.OCCUPATIONAL_PHYSICIAN:
        user = _staff(role)
        employer.occupational_physician = user
        employer.save(update_fields=["occupational_physician"])
    else:
        user = _staff(role)
    assert request_intervention(api_as(user), case).status_code == 404
    assert not Intervention.objects.exists()


def test_another_casemanager_and_another_tenant_get_404(api_as: ApiAs, case: AbsenceCase) -> None:
    other_casemanager = _staff(Role.CASEMANAGER)
    other_employer_user = UserFactory(role=Role.EMPLOYER)
    assert request_intervention(api_as(other_casemanager), case).status_code == 404
    assert api_as(other_employer_user).get(url(case)).status_code == 404
    assert api_as(other_casemanager).get(url(case)).status_code == 404


def test_only_insurer_staff_decide_and_only_the_casemanager_finishes(
    api_as: ApiAs, casemanager: User, insurer: User, employer: Employer, case: AbsenceCase
) -> None:
    intervention_id = request_intervention(api_as(casemanager), case).json()["id"]
    employer_user = employer_user_for(employer)
    for user in (casemanager, employer_user):
        assert api_as(user).post(url(case, intervention_id, "approve"), {}, format="json").status_code == 404
        assert (
            api_as(user).post(url(case, intervention_id, "reject"), {"reason": "x"}, format="json").status_code == 404
        )
    assert api_as(insurer).post(url(case, intervention_id, "approve"), {}, format="json").status_code == 200
    finish = {"finished_on": TODAY.isoformat()}
    for user in (insurer, employer_user):
        assert api_as(user).post(url(case, intervention_id, "finish"), finish, format="json").status_code == 404
    assert Intervention.objects.get().status == InterventionStatus.APPROVED


def test_an_intervention_of_another_case_is_404(
    api_as: ApiAs, casemanager: User, insurer: User, employer: Employer, case: AbsenceCase
) -> None:
    other_case = make_case(employer=employer)
    intervention_id = request_intervention(api_as(casemanager), other_case).json()["id"]
    response = api_as(insurer).post(url(case, intervention_id, "approve"), {}, format="json")
    assert response.status_code == 404


# --- The four states ------------------------------------------------------------------------------------------


def test_requested_approved_finished_scored(
    api_as: ApiAs, casemanager: User, insurer: User, case: AbsenceCase, provider: Provider
) -> None:
    intervention_id = request_intervention(api_as(casemanager), case).json()["id"]
    approved = api_as(insurer).post(
        url(case, intervention_id, "approve"), {"provider": str(provider.pk)}, format="json"
    )
    assert approved.status_code == 200
    assert (approved.json()["status"], approved.json()["provider_name"]) == ("approved", "Praktijk Veerkracht")
    finished = api_as(casemanager).post(
        url(case, intervention_id, "finish"), {"finished_on": TODAY.isoformat()}, format="json"
    )
    assert finished.status_code == 200
    assert finished.json()["status"] == "finished"
    marks = {"quality": 8, "result": 7, "timeliness": 9, "satisfaction": 6}
    scored = api_as(casemanager).post(url(case, intervention_id, "score"), marks, format="json")
    assert scored.status_code == 201
    assert scored.json() == {**marks, "lead_time_days": 0}
    listed = api_as(casemanager).get(url(case)).json()
    assert [(row["status"], row["score"]["quality"]) for row in listed] == [("finished", 8)]
    again = api_as(casemanager).post(url(case, intervention_id, "score"), marks, format="json")
    assert again.status_code == 409


def test_rejection_needs_a_reason_and_is_final(
    api_as: ApiAs, casemanager: User, insurer: User, case: AbsenceCase
) -> None:
    intervention_id = request_intervention(api_as(casemanager), case).json()["id"]
    client = api_as(insurer)
    missing = client.post(url(case, intervention_id, "reject"), {"reason": ""}, format="json")
    assert missing.status_code == 400
    assert missing.json()["fields"] == {"reason": ["Geef de reden van de afwijzing."]}
    rejected = client.post(url(case, intervention_id, "reject"), {"reason": "Geen relatie met het werk"}, format="json")
    assert rejected.json()["status"] == "rejected"
    assert client.post(url(case, intervention_id, "approve"), {}, format="json").status_code == 409


def test_a_not_eligible_intervention_is_approved_only_with_a_reason(
    api_as: ApiAs, casemanager: User, insurer: User, case: AbsenceCase
) -> None:
    intervention_id = request_intervention(api_as(casemanager), case, cost="60000.00").json()["id"]
    client = api_as(insurer)
    refused = client.post(url(case, intervention_id, "approve"), {}, format="json")
    assert refused.status_code == 400
    assert refused.json()["fields"] == {
        "reason": ["Deze interventie komt niet in aanmerking; geef een reden om haar toch goed te keuren."]
    }
    approved = client.post(
        url(case, intervention_id, "approve"), {"reason": "Voorkomt een WIA-instroom"}, format="json"
    )
    assert approved.json()["status"] == "approved"
    assert approved.json()["decision_reason"] == "Voorkomt een WIA-instroom"


def test_finishing_before_approval_is_a_conflict(api_as: ApiAs, casemanager: User, case: AbsenceCase) -> None:
    intervention_id = request_intervention(api_as(casemanager), case).json()["id"]
    response = api_as(casemanager).post(
        url(case, intervention_id, "finish"), {"finished_on": TODAY.isoformat()}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["message"] == "Dat kan nu niet: de interventie is aangevraagd."


def test_a_request_on_a_closed_case_is_a_conflict(api_as: ApiAs, casemanager: User, case: AbsenceCase) -> None:
    AbsenceCase.objects.filter(pk=case.pk).update(status="closed", closed_on=TODAY, close_reason="recovered")
    assert request_intervention(api_as(casemanager), case).status_code == 409


# --- Audit ----------------------------------------------------------------------------------------------------


def test_every_write_and_read_is_audited(api_as: ApiAs, casemanager: User, insurer: User, case: AbsenceCase) -> None:
    intervention_id = request_intervention(api_as(casemanager), case).json()["id"]
    api_as(insurer).post(url(case, intervention_id, "reject"), {"reason": "Niet nodig"}, format="json")
    api_as(insurer).get(url(case))
    rows = list(AuditLog.objects.filter(object_type="intervention").order_by("pk"))
    assert [(row.action, row.actor_id) for row in rows] == [
        ("create", casemanager.pk),
        ("update", insurer.pk),
        ("list", insurer.pk),
    ]
    assert rows[0].changes["eligible"] is True
    assert rows[1].changes["status"] == ["requested", "rejected"]


# --- Pages ----------------------------------------------------------------------------------------------------


def test_the_case_page_lists_interventions_with_their_reasons(
    staff_login: StaffLogin, casemanager: User, case: AbsenceCase
) -> None:
    services_interventions.intervention_request(
        requested_by=casemanager, case=case, kind="mediation", cost=Decimal(60000), advised_by="casemanager"
    )
    response = staff_login(casemanager).get(f"/verzuim/{case.pk}/interventies/")
    content = response.content.decode()
    assert "Mediation" in content
    assert f"proportionaliteitsgrens van {LIMIT}" in content
    assert f'href="/verzuim/{case.pk}/interventies/aanvragen/"' in content


def test_the_request_form_is_on_a_page_of_its_own(
    staff_login: StaffLogin, casemanager: User, case: AbsenceCase
) -> None:
    client = staff_login(casemanager)
    response = client.get(f"/verzuim/{case.pk}/interventies/aanvragen/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "<h1>Interventie aanvragen</h1>" in content
    for name in ("interventie-kind", "interventie-cost", "interventie-advised_by", "interventie-provider"):
        assert f'name="{name}"' in content
    # The dossier renders no request form: only the link, on the overview and the interventions section.
    for section in ("", "interventies/"):
        case_page = client.get(f"/verzuim/{case.pk}/{section}").content.decode()
        assert 'name="interventie-kind"' not in case_page
        assert f'href="/verzuim/{case.pk}/interventies/aanvragen/"' in case_page


def test_no_request_page_for_a_closed_case(staff_login: StaffLogin, casemanager: User, case: AbsenceCase) -> None:
    AbsenceCase.objects.filter(pk=case.pk).update(
        status=CaseStatus.CLOSED, closed_on=timezone.localdate(), close_reason=CloseReason.EMPLOYMENT_ENDED
    )
    client = staff_login(casemanager)
    assert client.get(f"/verzuim/{case.pk}/interventies/aanvragen/").status_code == 404
    assert (
        f'href="/verzuim/{case.pk}/interventies/aanvragen/"' not in client.get(f"/verzuim/{case.pk}/").content.decode()
    )


def test_the_casemanager_requests_on_the_case_page(
    staff_login: StaffLogin, casemanager: User, case: AbsenceCase
) -> None:
    client = staff_login(casemanager)
    response = client.post(
        f"/verzuim/{case.pk}/interventies/aanvragen/",
        {"interventie-kind": "fysiotherapie", "interventie-cost": "750,00", "interventie-advised_by": "physician"},
    )
    assert response.status_code == 302
    intervention = Intervention.objects.get()
    assert (intervention.kind, intervention.cost, intervention.eligible) == ("fysiotherapie", Decimal(750), True)


def test_a_request_with_errors_shows_them_in_dutch(
    staff_login: StaffLogin, casemanager: User, case: AbsenceCase
) -> None:
    response = staff_login(casemanager).post(
        f"/verzuim/{case.pk}/interventies/aanvragen/",
        {"interventie-kind": "fysiotherapie", "interventie-cost": "-5", "interventie-advised_by": "physician"},
    )
    assert response.status_code == 400
    assert "De kosten kunnen niet negatief zijn." in response.content.decode()


def test_insurer_rejects_on_the_page_and_the_employer_cannot(
    staff_login: StaffLogin, client: Client, casemanager: User, insurer: User, employer: Employer, case: AbsenceCase
) -> None:
    intervention = services_interventions.intervention_request(
        requested_by=casemanager, case=case, kind="mediation", cost=Decimal(900), advised_by="casemanager"
    )
    prefix = f"iv-{intervention.pk.hex}"
    path = f"/verzuim/{case.pk}/interventies/{intervention.pk}/beoordelen/"
    client.force_login(employer_user_for(employer))
    assert client.post(path, {f"{prefix}-reason": "x", "action": "reject"}).status_code == 404
    insurer_client = staff_login(insurer)
    response = insurer_client.post(path, {f"{prefix}-reason": "Dekt het werk niet", "action": "reject"})
    assert response.status_code == 302
    intervention.refresh_from_db()
    assert (intervention.status, intervention.decision_reason) == ("rejected", "Dekt het werk niet")


def test_request_page_is_404_for_another_casemanager(staff_login: StaffLogin, case: AbsenceCase) -> None:
    client = staff_login(_staff(Role.CASEMANAGER))
    response = client.post(
        f"/verzuim/{case.pk}/interventies/aanvragen/",
        {"interventie-kind": "fysiotherapie", "interventie-cost": "750,00", "interventie-advised_by": "physician"},
    )
    assert response.status_code == 404


def test_approved_interventions_are_in_the_reintegration_report(
    casemanager: User, insurer: User, case: AbsenceCase, provider: Provider
) -> None:
    requested = services_interventions.intervention_request(
        requested_by=casemanager, case=case, kind="jobcoaching", cost=Decimal(2000), advised_by="casemanager"
    )
    services_interventions.intervention_request(
        requested_by=casemanager, case=case, kind="mediation", cost=Decimal(900), advised_by="casemanager"
    )
    services_interventions.intervention_approve(approved_by=insurer, intervention=requested, provider=provider)
    rendered = pdf.reintegration_report_render(case=case, generated_by=casemanager)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(rendered.pdf)).pages)
    assert "Jobcoaching" in text
    assert "Praktijk Veerkracht" in text
    assert "Mediation" not in text  # requested, not approved


# --- The provider network -------------------------------------------------------------------------------------


def _scored(case: AbsenceCase, casemanager: User, insurer: User, provider: Provider, mark: int, days: int) -> None:
    intervention = services_interventions.intervention_request(
        requested_by=casemanager, case=case, kind="psycholoog", cost=Decimal(500), advised_by="physician"
    )
    services_interventions.intervention_approve(approved_by=insurer, intervention=intervention, provider=provider)
    Intervention.objects.filter(pk=intervention.pk).update(decided_at=timezone.now() - dt.timedelta(days=days))
    services_interventions.intervention_finish(finished_by=casemanager, intervention=intervention, finished_on=TODAY)
    services_interventions.intervention_score(
        scored_by=casemanager, intervention=intervention, quality=mark, result=mark, timeliness=mark, satisfaction=mark
    )


def test_network_page_sorts_by_average_score_with_counts_and_lead_time(
    staff_login: StaffLogin, casemanager: User, insurer: User, case: AbsenceCase
) -> None:
    good = Provider.objects.create(name="Zeer Goed B.V.")
    fair = Provider.objects.create(name="Aardig Redelijk")
    unscored = Provider.objects.create(name="Al Nieuw")
    _scored(case, casemanager, insurer, good, 9, days=10)
    _scored(case, casemanager, insurer, good, 7, days=20)
    _scored(case, casemanager, insurer, fair, 6, days=30)
    services_interventions.intervention_request(
        requested_by=casemanager,
        case=case,
        kind="psycholoog",
        cost=Decimal(500),
        advised_by="physician",
        provider=good,
    )
    response = staff_login(insurer).get("/netwerk/")
    assert response.status_code == 200
    providers = response.context["providers"]
    assert [p.name for p in providers] == ["Zeer Goed B.V.", "Aardig Redelijk", "Al Nieuw"]
    first = providers[0]
    assert (first.intervention_count, first.finished_count, first.score_count) == (3, 2, 2)
    assert (first.avg_score, first.avg_quality, first.avg_lead_time_days) == (8.0, 8.0, 15.0)
    assert (providers[2].intervention_count, providers[2].avg_score) == (0, None)
    assert unscored.pk == providers[2].pk


def test_network_page_query_count_does_not_grow_with_providers(
    staff_login: StaffLogin,
    casemanager: User,
    insurer: User,
    case: AbsenceCase,
    django_assert_num_queries: Any,
) -> None:
    client = staff_login(insurer)
    _scored(case, casemanager, insurer, Provider.objects.create(name="Een"), 8, days=3)
    client.get("/netwerk/")  # warm the session and the user
    with CaptureQueriesContext(connection) as one:
        client.get("/netwerk/")
    for index in range(4):
        _scored(case, casemanager, insurer, Provider.objects.create(name=f"Aanbieder {index}"), 7, days=5)
    # Session, user, TOTP device, the providers with their aggregates, the audit row, and the messages.
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get("/netwerk/")
    assert len(response.context["providers"]) == 5
    assert len(one.captured_queries) <= 6


@pytest.mark.parametrize("role", [Role.OCCUPATIONAL_PHYSICIAN, Role.COMPLAINT_HANDLER, Role.ADMIN])
def test_network_page_is_404_for_other_staff(staff_login: StaffLogin, role: Role) -> None:
    assert staff_login(_staff(role)).get("/netwerk/").status_code == 404


def test_network_page_is_404_for_employers(client: Client, employer_user: User) -> None:
    client.force_login(employer_user)
    assert client.get("/netwerk/").status_code == 404


def test_scores_are_one_per_intervention(casemanager: User, insurer: User, case: AbsenceCase) -> None:
    _scored(case, casemanager, insurer, Provider.objects.create(name="Een"), 8, days=3)
    assert ProviderScore.objects.get().lead_time_days == 3


def test_the_casemanager_finishes_and_scores_on_the_case_page(
    staff_login: StaffLogin, casemanager: User, insurer: User, case: AbsenceCase, provider: Provider
) -> None:
    intervention = services_interventions.intervention_request(
        requested_by=casemanager, case=case, kind="psycholoog", cost=Decimal(900), advised_by="physician"
    )
    services_interventions.intervention_approve(approved_by=insurer, intervention=intervention)
    prefix = f"iv-{intervention.pk.hex}"
    client = staff_login(casemanager)
    page = client.get(f"/verzuim/{case.pk}/interventies/").content.decode()
    assert f'action="/verzuim/{case.pk}/interventies/{intervention.pk}/afronden/"' in page
    finished = client.post(
        f"/verzuim/{case.pk}/interventies/{intervention.pk}/afronden/",
        {f"{prefix}-finished_on": TODAY.isoformat(), f"{prefix}-provider": str(provider.pk)},
    )
    assert finished.status_code == 302
    marks = {f"{prefix}-{name}": "8" for name in ("quality", "result", "timeliness", "satisfaction")}
    scored = client.post(f"/verzuim/{case.pk}/interventies/{intervention.pk}/beoordeling/", marks)
    assert scored.status_code == 302
    score = ProviderScore.objects.get()
    assert (score.provider_id, score.quality, score.intervention.status) == (provider.pk, 8, "finished")


def test_a_mark_outside_1_to_10_is_refused_on_the_page(
    staff_login: StaffLogin, casemanager: User, insurer: User, case: AbsenceCase, provider: Provider
) -> None:
    intervention = services_interventions.intervention_request(
        requested_by=casemanager, case=case, kind="psycholoog", cost=Decimal(900), advised_by="physician"
    )
    services_interventions.intervention_approve(approved_by=insurer, intervention=intervention, provider=provider)
    services_interventions.intervention_finish(finished_by=casemanager, intervention=intervention, finished_on=TODAY)
    prefix = f"iv-{intervention.pk.hex}"
    marks = {f"{prefix}-{name}": "8" for name in ("quality", "result", "timeliness")} | {f"{prefix}-satisfaction": "11"}
    response = staff_login(casemanager).post(f"/verzuim/{case.pk}/interventies/{intervention.pk}/beoordeling/", marks)
    assert response.status_code == 400
    assert "Geef een cijfer van 1 tot en met 10." in response.content.decode()
    assert not ProviderScore.objects.exists()


def test_the_insurer_approves_a_not_eligible_one_on_the_page_only_with_a_reason(
    staff_login: StaffLogin, casemanager: User, insurer: User, case: AbsenceCase
) -> None:
    intervention = services_interventions.intervention_request(
        requested_by=casemanager, case=case, kind="scholing", cost=Decimal(70000), advised_by="casemanager"
    )
    prefix = f"iv-{intervention.pk.hex}"
    path = f"/verzuim/{case.pk}/interventies/{intervention.pk}/beoordelen/"
    client = staff_login(insurer)
    refused = client.post(path, {f"{prefix}-reason": "", "action": "approve"})
    assert refused.status_code == 400
    assert "geef een reden om haar toch goed te keuren" in refused.content.decode()
    assert client.post(path, {f"{prefix}-reason": "Omscholing is de enige weg", "action": "approve"}).status_code == 302
    intervention.refresh_from_db()
    assert intervention.status == "approved"


@pytest.mark.parametrize("role", [Role.OCCUPATIONAL_PHYSICIAN, Role.ADMIN, Role.COMPLAINT_HANDLER])
def test_a_role_that_may_not_request_gets_404_on_the_page_and_the_post(
    staff_login: StaffLogin, case: AbsenceCase, employer: Employer, role: Role
) -> None:
    user = _staff(role)
    if role == Role.OCCUPATIONAL_PHYSICIAN:
        # The employer's own physician sees the case: the 404 is about the role, not the scope.
        employer.occupational_physician = user
        employer.save(update_fields=["occupational_physician"])
    client = staff_login(user)
    if role != Role.COMPLAINT_HANDLER:
        assert client.get(f"/verzuim/{case.pk}/").status_code == 200
    path = f"/verzuim/{case.pk}/interventies/aanvragen/"
    assert client.get(path).status_code == 404
    body = {"interventie-kind": "fysiotherapie", "interventie-cost": "750,00", "interventie-advised_by": "physician"}
    assert client.post(path, body).status_code == 404
    assert not Intervention.objects.exists()


# --- The policy terms come from a provider premiums registers (cases does not import premiums) ------------------


def test_premiums_provides_the_policy_terms_and_without_them_eligibility_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from django.core.exceptions import ImproperlyConfigured

    from premiums import case_hooks

    assert services_interventions._policy_terms == (case_hooks.policy_start_on, case_hooks.intervention_limit_on)
    monkeypatch.setattr(services_interventions, "_policy_terms", None)
    with pytest.raises(ImproperlyConfigured, match="No policy terms are registered"):
        services_interventions.proportionality_fraction_on(dt.date(2026, 1, 1))


def test_the_approval_form_keeps_the_requested_provider_selected(
    staff_login: StaffLogin, casemanager: User, insurer: User, case: AbsenceCase, provider: Provider
) -> None:
    """Issue 20 item 7: the insurer's decision form starts on the provider the casemanager asked for."""
    intervention = services_interventions.intervention_request(
        requested_by=casemanager,
        case=case,
        kind="psycholoog",
        cost=Decimal(900),
        advised_by="physician",
        provider=provider,
    )
    page = staff_login(insurer).get(f"/verzuim/{case.pk}/interventies/").content.decode()
    select = re.search(rf'<select name="iv-{intervention.pk.hex}-provider".*?</select>', page, re.S)
    assert select is not None
    assert re.search(rf'<option value="{provider.pk}" selected>', select[0])
