"""Events out (issue 23 item 3): subscriptions through the API, deliveries written with the fact (on commit), signed
with HMAC-SHA256, delivered to a real HTTP receiver on 127.0.0.1, retried with backoff, failed and retryable."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import socket
import threading
import uuid
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone
from rest_framework.test import APIClient

from cases.absence import services as case_services
from cases.absence.models import AbsenceCase
from tests.cases.factories import employer_user_for, make_case
from tests.factories import EmployeeFactory, EmployerFactory
from verzuim import webhooks
from verzuim.api_keys import api_key_create
from verzuim.mail import MAX_ATTEMPTS
from verzuim.models import (
    AuditLog,
    Employer,
    Role,
    User,
    WebhookDelivery,
    WebhookDeliveryState,
    WebhookSubscription,
)

pytestmark = pytest.mark.django_db

ApiAs = Callable[[User], APIClient]
SECRET = "een-geheim-van-de-hr-koppeling"


class Receiver:
    """A real HTTP receiver on 127.0.0.1 that fails the first `failures` requests with 500, then answers 204."""

    def __init__(self, failures: int = 0) -> None:
        self.failures = failures
        self.requests: list[tuple[dict[str, str], bytes, int]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                status = 500 if len(receiver.requests) < receiver.failures else 204
                receiver.requests.append(({k.lower(): v for k, v in self.headers.items()}, body, status))
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hooks/verzuim"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    @property
    def accepted(self) -> list[tuple[dict[str, str], bytes, int]]:
        return [r for r in self.requests if r[2] < 300]


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver(failures=3)
    yield server
    server.close()


@pytest.fixture
def silent_url() -> Iterator[str]:
    """A port that accepts connections and never answers."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}/"
    sock.close()


@pytest.fixture(autouse=True)
def _settings(settings: Any) -> None:
    settings.WEBHOOK_ALLOW_HTTP = True
    settings.WEBHOOK_TIMEOUT_SECONDS = 0.5


@pytest.fixture
def employer() -> Employer:
    return EmployerFactory(name="Bakkerij De Korenschoof")


@pytest.fixture
def employer_user(employer: Employer) -> User:
    return employer_user_for(employer)


def subscribe(employer: Employer, url: str, *events: str) -> WebhookSubscription:
    return webhooks.webhook_subscribe(
        created_by=employer_user_for(employer),
        employer=employer,
        url=url,
        secret=SECRET,
        events=events or ["absence.reported", "absence.recovered", "absence.percentage_changed", "case.closed"],
    )


def deliver_until_settled(now: dt.datetime, runs: int) -> dt.datetime:
    """Run the beat job `runs` times, each time after the last retry was due."""
    for _ in range(runs):
        webhooks.webhook_deliver_pending(now=now, seconds=5)
        now += dt.timedelta(minutes=40)
    return now


def valid_signature(headers: dict[str, str], body: bytes) -> bool:
    parts = dict(part.split("=", 1) for part in headers["x-verzuim-signature"].split(","))
    expected = hmac.new(SECRET.encode(), parts["t"].encode() + b"." + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(parts["v1"], expected)


# --- Subscriptions through the API -----------------------------------------------------------------------------------


def test_the_employer_subscribes_and_the_secret_is_never_shown_again(
    employer_user: User, employer: Employer, api_as: ApiAs
) -> None:
    client = api_as(employer_user)
    response = client.post(
        "/api/v1/webhooks/",
        {"url": "https://hr.example.nl/hooks", "secret": SECRET, "events": ["absence.reported"]},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert "secret" not in response.json()
    assert response.json()["employer"] == str(employer.pk)
    listed = client.get("/api/v1/webhooks/").json()
    assert [row["url"] for row in listed] == ["https://hr.example.nl/hooks"]
    assert SECRET not in json.dumps(listed)


def test_bad_input_gets_field_errors_and_saves_nothing(employer_user: User, api_as: ApiAs, settings: Any) -> None:
    settings.WEBHOOK_ALLOW_HTTP = False
    response = api_as(employer_user).post(
        "/api/v1/webhooks/",
        {"url": "http://10.0.0.5/hooks", "secret": "kort", "events": ["absence.reported"]},
        format="json",
    )
    assert response.status_code == 400
    assert {"url", "secret"} <= set(response.json()["fields"])
    assert not WebhookSubscription.objects.exists()
    unknown = api_as(employer_user).post(
        "/api/v1/webhooks/",
        {"url": "https://hr.example.nl/", "secret": SECRET, "events": ["diagnosis.set"]},
        format="json",
    )
    assert unknown.status_code == 400


def test_another_employers_subscription_is_404_and_unlisted(employer: Employer, api_as: ApiAs) -> None:
    other = subscribe(EmployerFactory(), "https://other.example.nl/")
    client = api_as(employer_user_for(employer))
    assert client.get(f"/api/v1/webhooks/{other.pk}/").status_code == 404
    assert client.delete(f"/api/v1/webhooks/{other.pk}/").status_code == 404
    assert client.get(f"/api/v1/webhooks/{other.pk}/deliveries/").status_code == 404
    assert client.get("/api/v1/webhooks/").json() == []


def test_a_casemanager_may_not_subscribe(make_user: Callable[..., User], api_as: ApiAs, employer: Employer) -> None:
    casemanager = make_user(Role.CASEMANAGER)
    response = api_as(casemanager).post(
        "/api/v1/webhooks/",
        {"employer": str(employer.pk), "url": "https://hr.example.nl/", "secret": SECRET, "events": ["case.closed"]},
        format="json",
    )
    assert response.status_code == 403


def test_insurer_staff_subscribe_for_a_named_employer(
    make_user: Callable[..., User], api_as: ApiAs, employer: Employer
) -> None:
    insurer = make_user(Role.INSURER)
    client = api_as(insurer)
    body = {"url": "https://hr.example.nl/", "secret": SECRET, "events": ["case.closed"]}
    assert client.post("/api/v1/webhooks/", body, format="json").status_code == 400  # employer is required
    response = client.post("/api/v1/webhooks/", {**body, "employer": str(employer.pk)}, format="json")
    assert response.status_code == 201


def test_removing_stops_new_events_at_once(employer: Employer, employer_user: User, api_as: ApiAs) -> None:
    subscription = subscribe(employer, "https://hr.example.nl/")
    assert api_as(employer_user).delete(f"/api/v1/webhooks/{subscription.pk}/").status_code == 204
    make_case(employer=employer)
    assert not WebhookDelivery.objects.exists()
    assert AuditLog.objects.filter(object_type="webhook_subscription", object_id=str(subscription.pk)).count() == 2


# --- Events written with the fact ------------------------------------------------------------------------------------


def test_a_sickness_report_queues_the_event_with_no_medical_data(employer: Employer) -> None:
    subscribe(employer, "https://hr.example.nl/")
    case = make_case(employer=employer, days_sick=2)
    delivery = WebhookDelivery.objects.get()
    assert delivery.event == "absence.reported"
    assert set(delivery.payload) == {"id", "event", "occurred_at", "data"}
    assert delivery.payload["data"] == {
        "case": str(case.pk),
        "employer": str(employer.pk),
        "employee": str(case.employee_id),
        "personnel_number": case.employee.personnel_number,
        "first_sick_day": str(case.first_sick_day),
        "absent_pct": 100,
        "relapse": False,
    }


def test_no_event_when_the_report_rolls_back(employer: Employer) -> None:
    subscribe(employer, "https://hr.example.nl/")

    def report_then_fail() -> None:
        with transaction.atomic():
            make_case(employer=employer)
            raise RuntimeError("the request failed after the report")

    with pytest.raises(RuntimeError):
        report_then_fail()
    assert not WebhookDelivery.objects.exists()


def test_events_only_go_to_subscriptions_of_the_cases_employer_and_for_their_events(employer: Employer) -> None:
    subscribe(EmployerFactory(), "https://other.example.nl/")
    closed_only = subscribe(employer, "https://closed.example.nl/", "case.closed")
    make_case(employer=employer)
    assert not WebhookDelivery.objects.exists()
    assert closed_only.deliveries.count() == 0


def test_partial_and_full_recovery_and_closing_are_their_own_events(employer: Employer, employer_user: User) -> None:
    subscribe(employer, "https://hr.example.nl/")
    case = make_case(employer=employer, reported_by=employer_user, days_sick=60)
    today = timezone.localdate()
    case_services.case_report_recovery(
        reported_by=employer_user, case=case, date=today - dt.timedelta(days=40), recovered_pct=50
    )
    case_services.case_report_recovery(
        reported_by=employer_user, case=case, date=today - dt.timedelta(days=30), recovered_pct=100
    )
    assert case_services.case_close_recovered(today=today) == 1
    events = list(WebhookDelivery.objects.order_by("id").values_list("event", "payload__data__absent_pct"))
    assert events == [
        ("absence.reported", 100),
        ("absence.percentage_changed", 50),
        ("absence.recovered", 0),
        ("case.closed", None),
    ]
    closed = WebhookDelivery.objects.get(event="case.closed").payload["data"]
    assert closed["closed_on"] == str(AbsenceCase.objects.get(pk=case.pk).closed_on)


# --- Delivery --------------------------------------------------------------------------------------------------------


def test_a_receiver_that_fails_three_times_gets_the_event_once_with_a_valid_signature(
    employer: Employer, receiver: Receiver
) -> None:
    subscribe(employer, receiver.url)
    make_case(employer=employer)
    deliver_until_settled(timezone.now(), runs=6)
    assert [status for _h, _b, status in receiver.requests] == [500, 500, 500, 204]
    [(headers, body, _status)] = receiver.accepted
    assert valid_signature(headers, body)
    assert json.loads(body)["event"] == "absence.reported"
    assert headers["x-verzuim-event"] == "absence.reported"
    delivery = WebhookDelivery.objects.get()
    assert delivery.state == WebhookDeliveryState.DELIVERED
    assert delivery.attempts == 4
    assert headers["x-verzuim-delivery"] == str(delivery.event_id)


def test_retries_wait_for_the_backoff(employer: Employer, receiver: Receiver) -> None:
    subscribe(employer, receiver.url)
    make_case(employer=employer)
    now = timezone.now()
    webhooks.webhook_deliver_pending(now=now, seconds=5)
    webhooks.webhook_deliver_pending(now=now + dt.timedelta(minutes=1), seconds=5)  # the retry is due after 2
    assert len(receiver.requests) == 1
    webhooks.webhook_deliver_pending(now=now + dt.timedelta(minutes=3), seconds=5)
    assert len(receiver.requests) == 2


def test_a_receiver_that_never_answers_leaves_the_delivery_failed_and_retryable(
    employer: Employer, employer_user: User, silent_url: str, api_as: ApiAs
) -> None:
    subscription = subscribe(employer, silent_url)
    make_case(employer=employer)
    deliver_until_settled(timezone.now(), runs=MAX_ATTEMPTS + 1)
    delivery = WebhookDelivery.objects.get()
    assert delivery.state == WebhookDeliveryState.FAILED
    assert delivery.attempts == MAX_ATTEMPTS
    assert "timed out" in delivery.last_error or "Timeout" in delivery.last_error

    client = api_as(employer_user)
    failed = client.get(f"/api/v1/webhooks/{subscription.pk}/deliveries/?state=failed").json()
    assert [row["id"] for row in failed] == [delivery.pk]
    response = client.post(f"/api/v1/webhooks/{subscription.pk}/deliveries/{delivery.pk}/retry/")
    assert response.status_code == 200
    assert response.json()["state"] == "pending"
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == (WebhookDeliveryState.PENDING, 0)
    again = client.post(f"/api/v1/webhooks/{subscription.pk}/deliveries/{delivery.pk}/retry/")
    assert again.status_code == 409


def test_a_retried_delivery_reaches_a_receiver_that_came_back(employer: Employer, employer_user: User) -> None:
    down = socket.socket()
    down.bind(("127.0.0.1", 0))
    port = down.getsockname()[1]
    down.close()  # nothing listens: connection refused
    subscription = subscribe(employer, f"http://127.0.0.1:{port}/")
    make_case(employer=employer)
    now = deliver_until_settled(timezone.now(), runs=MAX_ATTEMPTS)
    delivery = WebhookDelivery.objects.get()
    assert delivery.state == WebhookDeliveryState.FAILED
    back = Receiver()
    try:
        subscription.url = back.url
        subscription.save(update_fields=["url"])
        webhooks.webhook_delivery_retry(retried_by=employer_user, delivery=delivery)
        webhooks.webhook_deliver_pending(now=now, seconds=5)
        assert len(back.accepted) == 1
    finally:
        back.close()
    delivery.refresh_from_db()
    assert delivery.state == WebhookDeliveryState.DELIVERED


def test_two_subscriptions_get_the_same_event_id(employer: Employer) -> None:
    subscribe(employer, "https://a.example.nl/")
    subscribe(employer, "https://b.example.nl/")
    make_case(employer=employer)
    assert WebhookDelivery.objects.values("event_id").distinct().count() == 1
    assert WebhookDelivery.objects.count() == 2


def test_the_employee_of_another_employer_is_not_in_the_event(employer: Employer) -> None:
    subscribe(employer, "https://hr.example.nl/")
    other_case = make_case(employee=EmployeeFactory(employer=EmployerFactory()))
    make_case(employer=employer)
    assert str(other_case.pk) not in json.dumps(list(WebhookDelivery.objects.values_list("payload", flat=True)))


# --- Machine clients -------------------------------------------------------------------------------------------------


def key_client(employer: Employer, *scopes: str) -> APIClient:
    _key, secret = api_key_create(
        created_by=employer_user_for(employer), employer=employer, name="HR-systeem", scopes=list(scopes)
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {secret}")
    return client


def test_a_key_with_events_manage_subscribes_for_its_employer_and_the_audit_names_the_key(employer: Employer) -> None:
    client = key_client(employer, "events:manage")
    response = client.post(
        "/api/v1/webhooks/",
        {"url": "https://hr.example.nl/", "secret": SECRET, "events": ["case.closed"]},
        format="json",
    )
    assert response.status_code == 201, response.json()
    subscription = WebhookSubscription.objects.get()
    assert subscription.employer == employer
    assert subscription.created_by is None
    row = AuditLog.objects.get(object_type="webhook_subscription", object_id=str(subscription.pk))
    assert row.api_key_id is not None


def test_a_key_without_events_manage_gets_403_and_never_reaches_another_employer(employer: Employer) -> None:
    assert key_client(employer, "absences:read").get("/api/v1/webhooks/").status_code == 403
    other = subscribe(EmployerFactory(), "https://other.example.nl/")
    client = key_client(employer, "events:manage")
    assert client.get(f"/api/v1/webhooks/{other.pk}/").status_code == 404
    assert client.get("/api/v1/webhooks/").json() == []


# --- The Koppelingen page --------------------------------------------------------------------------------------------


def test_the_employer_sees_a_failed_event_on_koppelingen_and_sends_it_again(
    employer: Employer, employer_user: User, silent_url: str, client: Any
) -> None:
    subscription = subscribe(employer, silent_url)
    make_case(employer=employer)
    deliver_until_settled(timezone.now(), runs=MAX_ATTEMPTS)
    delivery = WebhookDelivery.objects.get()
    client.force_login(employer_user)
    page = client.get("/koppelingen/").content.decode()
    assert silent_url in page
    assert "Ziekmelding" in page
    assert f"/koppelingen/webhooks/{subscription.pk}/{delivery.pk}/opnieuw/" in page
    response = client.post(f"/koppelingen/webhooks/{subscription.pk}/{delivery.pk}/opnieuw/")
    assert response.status_code == 302
    delivery.refresh_from_db()
    assert delivery.state == WebhookDeliveryState.PENDING


def test_another_employers_failed_event_is_404_on_the_page(employer_user: User, client: Any) -> None:
    other = subscribe(EmployerFactory(), "https://other.example.nl/")
    delivery = WebhookDelivery.objects.create(
        subscription=other,
        event="case.closed",
        event_id=uuid.uuid4(),
        payload={},
        state=WebhookDeliveryState.FAILED,
        next_attempt_at=None,
    )
    client.force_login(employer_user)
    assert "other.example.nl" not in client.get("/koppelingen/").content.decode()
    assert client.post(f"/koppelingen/webhooks/{other.pk}/{delivery.pk}/opnieuw/").status_code == 404
    delivery.refresh_from_db()
    assert delivery.state == WebhookDeliveryState.FAILED


def test_a_roster_sync_that_changes_something_is_one_employee_synced_event(employer: Employer) -> None:
    from decimal import Decimal

    from verzuim.roster import RosterRow, roster_sync

    subscribe(employer, "https://hr.example.nl/", "employee.synced")
    row = RosterRow(
        row=1,
        data={
            "personnel_number": "R1",
            "first_name": "Rosa",
            "last_name": "Rooster",
            "date_of_birth": dt.date(1990, 1, 1),
            "employment_start": dt.date(2020, 1, 1),
            "weekly_hours": Decimal("32.00"),
            "yearly_wage": Decimal("40000.00"),
            "contract_type": "permanent",
        },
    )
    user = employer_user_for(employer)
    roster_sync(synced_by=user, employer=employer, rows=[row], mode="partial", dry_run=True)
    assert not WebhookDelivery.objects.exists()  # a dry run tells nobody
    roster_sync(synced_by=user, employer=employer, rows=[row], mode="partial")
    roster_sync(synced_by=user, employer=employer, rows=[row], mode="partial")  # the same again: nothing changed
    delivery = WebhookDelivery.objects.get()
    assert delivery.event == "employee.synced"
    assert delivery.payload["data"]["created"] == ["R1"]
    assert delivery.payload["data"]["changed"] == []


def test_koppelingen_keeps_its_title(employer_user: User, client: Any) -> None:
    client.force_login(employer_user)
    page = client.get("/koppelingen/").content.decode()
    title = page.split("<title>")[1].split("</title>")[0]
    assert "Koppelingen" in title
    assert "<" not in title
    assert page.count('id="webhooks"') == 1
