"""The core of 'Mijn taken' (verzuim.plugins.task_source, verzuim.panels): order, badges, the rest counted."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from verzuim import panels, plugins
from verzuim.models import User
from verzuim.plugins import Task

TODAY = dt.date(2026, 12, 7)


def task(key: str, due: dt.date | None, action: str = "Doen") -> Task:
    return Task(key=key, action=action, subject="Iemand", due=due, url=f"/{key}/")


@pytest.fixture
def only_source(monkeypatch: pytest.MonkeyPatch) -> list[Task]:
    given: list[Task] = []
    monkeypatch.setattr(plugins, "TASK_SOURCES", [lambda user, today: list(given)])
    return given


def test_tasks_come_earliest_first_and_undated_last(only_source: list[Task]) -> None:
    only_source.extend([task("c", None), task("b", TODAY), task("a", TODAY - dt.timedelta(days=3))])
    assert [t.key for t in plugins.tasks_for(User(), TODAY)] == ["a", "b", "c"]


@pytest.mark.parametrize(
    ("due", "status"),
    [(TODAY - dt.timedelta(days=1), "overdue"), (TODAY, "today"), (TODAY + dt.timedelta(days=7), "soon"),
     (TODAY + dt.timedelta(days=8), "later"), (None, "undated")],
)  # fmt: skip
def test_each_task_gets_its_badge(due: dt.date | None, status: str) -> None:
    assert panels.task_status(task("x", due), TODAY) == status


def test_the_panel_shows_25_and_counts_the_rest(only_source: list[Task], monkeypatch: pytest.MonkeyPatch) -> None:
    only_source.extend(task(f"t{n:02d}", TODAY + dt.timedelta(days=n)) for n in range(30))
    monkeypatch.setattr(panels.timezone, "localdate", lambda: TODAY)
    context: Any = panels.my_tasks(User())
    assert (len(context["rows"]), context["more"], context["total"]) == (25, 5, 30)


@pytest.mark.django_db
def test_an_empty_inbox_says_so(client: Any, employer_user: User) -> None:
    client.force_login(employer_user)
    assert "U hebt op dit moment geen taken." in client.get("/").content.decode()


@pytest.mark.django_db
def test_failed_reminders_are_an_insurer_task_until_they_are_sent_again(make_user: Any) -> None:
    from tests.verzuim.test_notification_pages import notify
    from verzuim.models import Role
    from verzuim.notifications import notification_retry

    insurer = make_user(Role.INSURER)
    notify(make_user(Role.EMPLOYER), state="failed", attempts=5)
    [task] = plugins.tasks_for(insurer, TODAY)
    assert (task.action, task.url, task.due) == (
        "1 mislukte herinnering of e-mail opnieuw versturen",
        "/meldingen/mislukt/",
        None,
    )
    assert plugins.tasks_for(make_user(Role.CASEMANAGER), TODAY) == []
    notification_retry(retried_by=insurer)
    assert plugins.tasks_for(insurer, TODAY) == []
