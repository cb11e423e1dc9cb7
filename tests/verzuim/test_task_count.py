"""The number of open tasks in the menu (issue 20 item 1, verzuim.task_count): on every page, gone at once when the
user has done a task, counted once a minute rather than on every page, and never a broken page without the cache."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from cases.absence.models import AbsenceCase
from cases.contacts import services as services_contacts
from tests.cases.factories import make_case
from verzuim import plugins
from verzuim.models import Role, User
from verzuim.plugins import Task

pytestmark = pytest.mark.django_db

MakeUser = Callable[..., User]
BADGE = '<span class="nav-count">{}</span>'


@pytest.fixture
def counted_source(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The only task source: two tasks for everyone; the list records each time it is asked."""
    calls: list[int] = []

    def source(user: User, today: dt.date) -> list[Task]:
        calls.append(1)
        return [Task(key=f"t{n}", action="Doen", subject="Iemand", due=today, url="/") for n in range(2)]

    monkeypatch.setattr(plugins, "TASK_SOURCES", [source])
    return calls


def test_the_menu_shows_the_number_of_open_tasks_on_every_page(
    client: Client, employer_user: User, counted_source: list[int]
) -> None:
    client.force_login(employer_user)
    html = client.get("/werknemers/").content.decode()
    assert 'aria-label="Overzicht, 2 open taken">Overzicht' + BADGE.format(2) in html


def test_the_count_is_worked_out_once_a_minute_not_on_every_page(
    client: Client, employer_user: User, counted_source: list[int]
) -> None:
    client.force_login(employer_user)
    client.get("/")  # the dashboard works out the inbox and keeps its count
    assert len(counted_source) == 1
    client.get("/werknemers/")
    client.get("/werknemers/")
    assert len(counted_source) == 1


def test_a_write_by_the_user_counts_afresh_on_the_next_page(
    client: Client, employer_user: User, counted_source: list[int]
) -> None:
    client.force_login(employer_user)
    client.get("/werknemers/")
    client.post("/account/herinneringen/", {"reminder_mode": "daily_digest"})
    client.get("/werknemers/")
    assert len(counted_source) == 2


def test_without_tasks_there_is_no_badge(client: Client, employer_user: User, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(plugins, "TASK_SOURCES", [])
    client.force_login(employer_user)
    html = client.get("/werknemers/").content.decode()
    assert "open taak" not in html
    assert ">Overzicht</a>" in html


def test_staff_before_the_second_factor_are_not_counted(
    client: Client, make_user: MakeUser, counted_source: list[int]
) -> None:
    client.force_login(make_user(Role.CASEMANAGER))
    client.get("/account/tweestapsverificatie/instellen/")
    assert counted_source == []


def test_a_followup_marked_done_leaves_the_menu_count_on_the_next_page(
    staff_login: Callable[[User], Any], make_user: MakeUser
) -> None:
    """The real thing: the casemanager's follow-up is a task; marking it done (a POST) drops it from the count."""
    case = make_case(days_sick=40)
    casemanager = make_user(Role.CASEMANAGER)
    AbsenceCase.objects.filter(pk=case.pk).update(casemanager=casemanager)
    case.refresh_from_db()
    today = timezone.localdate()
    contact = services_contacts.contact_log(
        recorded_by=casemanager,
        case=case,
        contact_date=today,
        channel="phone",
        party="employee",
        summary="Gebeld over opbouw.",
        followup_date=today + dt.timedelta(days=2),
    )
    client = staff_login(casemanager)
    before = len(plugins.tasks_for(casemanager, today))
    assert BADGE.format(before) in client.get("/verzuim/").content.decode()

    client.post(f"/verzuim/{case.pk}/contactmomenten/{contact.pk}/opvolging-afgerond/")

    html = client.get("/verzuim/").content.decode()
    assert len(plugins.tasks_for(casemanager, today)) == before - 1
    assert BADGE.format(before) not in html


def test_with_the_cache_down_the_count_is_counted_on_the_spot(
    client: Client, employer_user: User, counted_source: list[int], settings: Any, caplog: pytest.LogCaptureFixture
) -> None:
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    client.force_login(employer_user)
    with caplog.at_level(logging.WARNING, logger="verzuim.task_count"):
        response = client.get("/werknemers/")
    assert response.status_code == 200
    assert BADGE.format(2) in response.content.decode()
    assert "the cache is unreachable" in caplog.text


def test_more_than_99_tasks_show_as_99_plus_and_are_announced_in_full(
    client: Client, employer_user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    tasks = [Task(key=f"t{n}", action="Doen", subject="Iemand", due=None, url="/") for n in range(120)]
    monkeypatch.setattr(plugins, "TASK_SOURCES", [lambda user, today: tasks])
    client.force_login(employer_user)
    html = client.get("/werknemers/").content.decode()
    assert 'aria-label="Overzicht, 120 open taken">Overzicht' + BADGE.format("99+") in html
