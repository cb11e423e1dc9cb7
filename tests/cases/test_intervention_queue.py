"""Interventies beoordelen: the queue of requests waiting for insurer staff (cases.interventions.views), its
link on the insurer dashboard, who may see it, its audit row and its query count."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.http import Http404
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases.absence.models import AbsenceCase
from cases.interventions import selectors as selectors_interventions
from cases.interventions import services as services_interventions
from cases.interventions.models import Intervention
from tests.cases.factories import make_case
from tests.factories import EmployeeFactory, EmployerFactory, PolicyFactory, UserFactory, confirmed_totp_device
from verzuim.models import AuditAction, AuditLog, Employer, Role, User

pytestmark = pytest.mark.django_db

StaffLogin = Callable[[User], Client]

QUEUE = "/interventies/beoordelen/"
TODAY = timezone.localdate()
# Sick since 27 days ago with 52,000 a year: the proportionality limit is 50,000.00 (see test_interventions.py).
FIRST_SICK_DAY = TODAY - dt.timedelta(days=27)


def _staff(role: Role, **kwargs: Any) -> User:
    user = UserFactory(role=role, **kwargs)
    confirmed_totp_device(user)
    return user


@pytest.fixture
def casemanager() -> User:
    return _staff(Role.CASEMANAGER, full_name="Carla Casemanager")


@pytest.fixture
def insurer() -> User:
    return _staff(Role.INSURER, full_name="Ingrid Verzekeraar")


def _employer(name: str, casemanager: User) -> Employer:
    employer = EmployerFactory(name=name, casemanager=casemanager)
    PolicyFactory(employer=employer, start_date=FIRST_SICK_DAY - dt.timedelta(days=60))
    return employer


def _case(employer: Employer, first_name: str, last_name: str) -> AbsenceCase:
    employee = EmployeeFactory(
        employer=employer, first_name=first_name, last_name=last_name, yearly_wage=Decimal(52000)
    )
    return make_case(employee=employee, first_sick_day=FIRST_SICK_DAY)


@pytest.fixture
def case(casemanager: User) -> AbsenceCase:
    return _case(_employer("Bakkerij De Korenschoof", casemanager), "Sanne", "de Vries")


def _request(
    casemanager: User,
    case: AbsenceCase,
    *,
    days_ago: int,
    kind: str = "psycholoog",
    cost: str = "1500.00",
    advised_by: str = "physician",
) -> Intervention:
    intervention = services_interventions.intervention_request(
        requested_by=casemanager, case=case, kind=kind, cost=Decimal(cost), advised_by=advised_by
    )
    # A fixed request time, so "oldest first" does not depend on how fast the test runs.
    intervention.requested_at = timezone.now() - dt.timedelta(days=days_ago)
    intervention.save(update_fields=["requested_at"])
    return intervention


def _row_ids(content: str) -> list[str]:
    """The interventions the queue's rows link to, in the order of the page."""
    return re.findall(r'href="/verzuim/[0-9a-f-]+/interventies/#interventie-([0-9a-f-]+)"', content)


def text(content: bytes | str) -> str:
    """The visible text of a page, tags removed and whitespace collapsed (as a reader would see it)."""
    raw = content.decode() if isinstance(content, bytes) else content
    raw = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", raw, flags=re.DOTALL)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", raw))).strip()


# --- The list --------------------------------------------------------------------------------------------------


def test_the_queue_lists_only_requested_interventions_oldest_first(
    staff_login: StaffLogin, casemanager: User, insurer: User, case: AbsenceCase
) -> None:
    other_case = _case(_employer("Garage Van Dijk", casemanager), "Piet", "Jansen")
    newest = _request(casemanager, case, days_ago=1, kind="fysiotherapie")
    oldest = _request(casemanager, other_case, days_ago=5, kind="mediation")
    middle = _request(casemanager, case, days_ago=3)
    approved = _request(casemanager, case, days_ago=10, kind="scholing")
    rejected = _request(casemanager, other_case, days_ago=9, kind="jobcoaching")
    services_interventions.intervention_approve(approved_by=insurer, intervention=approved)
    services_interventions.intervention_reject(rejected_by=insurer, intervention=rejected, reason="Niet nodig.")

    response = staff_login(insurer).get(QUEUE)

    assert response.status_code == 200
    content = response.content.decode()
    assert _row_ids(content) == [str(oldest.pk), str(middle.pk), str(newest.pk)]
    assert "<h1>Interventies beoordelen</h1>" in content
    assert "<title>Interventies beoordelen" in content
    assert "3 interventies wachten op een beoordeling." in text(content)
    assert "Scholing" not in content
    assert "Jobcoaching" not in content


def test_a_decision_on_the_case_page_takes_the_intervention_off_the_queue(
    staff_login: StaffLogin, casemanager: User, insurer: User, case: AbsenceCase
) -> None:
    to_approve = _request(casemanager, case, days_ago=2)
    to_reject = _request(casemanager, case, days_ago=1)
    client = staff_login(insurer)
    assert _row_ids(client.get(QUEUE).content.decode()) == [str(to_approve.pk), str(to_reject.pk)]

    for intervention, action in ((to_approve, "approve"), (to_reject, "reject")):
        path = f"/verzuim/{case.pk}/interventies/{intervention.pk}/beoordelen/"
        response = client.post(path, {f"iv-{intervention.pk.hex}-reason": "Besproken.", "action": action})
        assert response.status_code == 302

    assert _row_ids(client.get(QUEUE).content.decode()) == []


def test_a_row_shows_what_the_insurer_decides_on_and_links_to_the_form(
    staff_login: StaffLogin, casemanager: User, insurer: User, case: AbsenceCase
) -> None:
    eligible = _request(casemanager, case, days_ago=2, kind="fysiotherapie", cost="1250.50", advised_by="casemanager")
    too_dear = _request(casemanager, case, days_ago=1, kind="mediation", cost="60000.00")
    client = staff_login(insurer)

    content = client.get(QUEUE).content.decode()

    page = text(content)
    requested_on = (timezone.now() - dt.timedelta(days=2)).astimezone(timezone.get_current_timezone())
    assert (
        f"Sanne de Vries Fysiotherapie Bakkerij De Korenschoof Fysiotherapie € 1.250,50 Casemanager "
        f"op {requested_on:%d-%m-%Y} door Carla Casemanager Komt in aanmerking"
    ) in page
    assert "Mediation € 60.000,00 Bedrijfsarts" in page
    assert "Komt niet in aanmerking" in page
    assert too_dear.reasons
    assert f'<ul class="intervention-reasons"><li>{html.escape(too_dear.reasons[0])}</li></ul>' in content
    link = f"/verzuim/{case.pk}/interventies/#interventie-{eligible.pk}"
    assert f'href="{link}"' in content
    # The anchor lands on the intervention's card with the approve/reject form.
    case_page = client.get(link.split("#")[0]).content.decode()
    assert f'id="interventie-{eligible.pk}"' in case_page
    assert f'action="/verzuim/{case.pk}/interventies/{eligible.pk}/beoordelen/"' in case_page


def test_the_queue_says_so_when_nothing_waits(
    staff_login: StaffLogin, casemanager: User, insurer: User, case: AbsenceCase
) -> None:
    decided = _request(casemanager, case, days_ago=1)
    services_interventions.intervention_approve(approved_by=insurer, intervention=decided)
    response = staff_login(insurer).get(QUEUE)
    assert _row_ids(response.content.decode()) == []
    assert "Er wachten geen interventies op een beoordeling." in text(response.content)


def test_the_queue_has_50_rows_a_page(
    staff_login: StaffLogin, casemanager: User, insurer: User, case: AbsenceCase
) -> None:
    first = _request(casemanager, case, days_ago=100)
    Intervention.objects.bulk_create(
        [
            Intervention(
                case=case,
                kind=first.kind,
                cost=first.cost,
                advised_by=first.advised_by,
                requested_by=casemanager,
                requested_at=timezone.now() - dt.timedelta(hours=index + 1),
                eligible=first.eligible,
                reasons=first.reasons,
                proportionality_limit=first.proportionality_limit,
            )
            for index in range(50)
        ]
    )
    client = staff_login(insurer)
    one = client.get(QUEUE).content.decode()
    two = client.get(QUEUE + "?pagina=2").content.decode()
    assert len(_row_ids(one)) == 50
    assert _row_ids(one)[0] == str(first.pk)
    assert len(_row_ids(two)) == 1
    assert "Pagina 2 van 2" in text(two)
    assert 'href="?pagina=2"' in one
    assert 'href="?pagina=1"' in two


# --- Who may see it --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.CASEMANAGER, Role.OCCUPATIONAL_PHYSICIAN, Role.COMPLAINT_HANDLER])
def test_other_staff_get_404(staff_login: StaffLogin, casemanager: User, case: AbsenceCase, role: Role) -> None:
    _request(casemanager, case, days_ago=1)
    user = casemanager if role == Role.CASEMANAGER else _staff(role)
    response = staff_login(user).get(QUEUE)
    assert response.status_code == 404
    assert "Sanne de Vries" not in response.content.decode()


def test_the_employer_gets_404(client: Client, casemanager: User, case: AbsenceCase) -> None:
    _request(casemanager, case, days_ago=1)
    client.force_login(case.employer.users.get(role=Role.EMPLOYER))
    assert client.get(QUEUE).status_code == 404


def test_the_admin_may_look_like_in_the_premium_queue(
    staff_login: StaffLogin, casemanager: User, case: AbsenceCase
) -> None:
    waiting = _request(casemanager, case, days_ago=1)
    client = staff_login(_staff(Role.ADMIN))
    response = client.get(QUEUE)
    assert response.status_code == 200
    assert _row_ids(response.content.decode()) == [str(waiting.pk)]
    # Looking only: the case page offers the admin no decision form.
    assert "/beoordelen/" not in client.get(f"/verzuim/{case.pk}/").content.decode()


def test_anonymous_goes_to_the_login_page(client: Client) -> None:
    response = client.get(QUEUE)
    assert response.status_code == 302
    assert response["Location"].startswith("/inloggen/")
    assert "next=/interventies/beoordelen/" in response["Location"]


def test_the_selector_is_not_there_for_other_roles(casemanager: User) -> None:
    with pytest.raises(Http404):
        selectors_interventions.intervention_review_list(fetched_by=casemanager)
    with pytest.raises(Http404):
        selectors_interventions.intervention_review_count(fetched_by=casemanager)


def test_the_queue_is_not_cached(staff_login: StaffLogin, insurer: User) -> None:
    assert "no-store" in staff_login(insurer).get(QUEUE)["Cache-Control"]


# --- Audit and queries -----------------------------------------------------------------------------------------


def test_each_page_view_records_one_audit_row(
    staff_login: StaffLogin, casemanager: User, insurer: User, case: AbsenceCase
) -> None:
    for days in (1, 2, 3):
        _request(casemanager, case, days_ago=days)
    client = staff_login(insurer)
    client.get(QUEUE)
    rows = AuditLog.objects.filter(actor=insurer, object_type="intervention")
    assert [(row.action, row.changes) for row in rows] == [
        (AuditAction.LIST, {"view": "review_queue", "filter": {"status": "requested"}})
    ]
    client.get(QUEUE + "?pagina=1")
    assert AuditLog.objects.filter(actor=insurer, object_type="intervention").count() == 2


def test_the_query_count_does_not_grow_with_more_rows(
    staff_login: StaffLogin, casemanager: User, insurer: User, case: AbsenceCase, django_assert_num_queries: Any
) -> None:
    client = staff_login(insurer)
    _request(casemanager, case, days_ago=1)
    client.get(QUEUE)  # sessions, content types and the like are cached after the first request
    with CaptureQueriesContext(connection) as one:
        client.get(QUEUE)
    for index in range(4):
        other_casemanager = _staff(Role.CASEMANAGER)
        other_case = _case(_employer(f"Werkgever {index}", other_casemanager), "Piet", f"Jansen {index}")
        _request(other_casemanager, other_case, days_ago=index + 2, cost="60000.00")
    # Session, user, TOTP device, the bell's unread count, the audit row, the page count and the rows with case,
    # employee, employer, requester and provider in one query.
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(QUEUE)
    assert len(_row_ids(response.content.decode())) == 5
    assert len(one.captured_queries) == 7, [q["sql"][:80] for q in one.captured_queries]


# --- The insurer dashboard -------------------------------------------------------------------------------------


def test_the_insurer_dashboard_links_to_the_queue_with_the_waiting_count(
    staff_login: StaffLogin, casemanager: User, insurer: User, case: AbsenceCase
) -> None:
    _request(casemanager, case, days_ago=1)
    _request(casemanager, case, days_ago=2)
    decided = _request(casemanager, case, days_ago=3)
    services_interventions.intervention_approve(approved_by=insurer, intervention=decided)
    client = staff_login(insurer)
    before = AuditLog.objects.filter(object_type="intervention").count()

    content = client.get("/").content.decode()

    assert f'<a href="{QUEUE}">Interventies beoordelen</a>' in content
    assert "Interventies beoordelen (2 wachten)" in text(content)
    assert '<a href="/premies/beoordelen/">Premies beoordelen</a>' in content
    # A number is no personal data: the dashboard records no audit row for it.
    assert AuditLog.objects.filter(object_type="intervention").count() == before


def test_the_insurer_dashboard_shows_a_zero_count(staff_login: StaffLogin, insurer: User) -> None:
    assert "Interventies beoordelen (0 wachten)" in text(staff_login(insurer).get("/").content)
