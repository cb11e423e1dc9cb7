"""The core's plug-in registries (verzuim.plugins): dashboard panels, calendar sources, upload sizes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

import pytest
from django.template.loader import get_template

from verzuim import plugins
from verzuim.models import Role, User
from verzuim.plugins import CalendarEvent


@pytest.fixture
def no_panels(monkeypatch: pytest.MonkeyPatch) -> list[plugins.DashboardPanel]:
    panels: list[plugins.DashboardPanel] = []
    monkeypatch.setattr(plugins, "DASHBOARD_PANELS", panels)
    return panels


def test_a_panel_needs_a_known_slot_and_a_name_of_its_own(no_panels: list[plugins.DashboardPanel]) -> None:
    with pytest.raises(ValueError, match="Unknown dashboard slot"):
        plugins.dashboard_panel_add(name="x", template="x.html", roles={Role.INSURER}, slot="sidebar", order=1)
    plugins.dashboard_panel_add(name="x", template="x.html", roles={Role.INSURER}, order=1)
    with pytest.raises(ValueError, match="already registered"):
        plugins.dashboard_panel_add(name="x", template="y.html", roles={Role.INSURER}, order=2)


def test_panels_are_chosen_by_role_ordered_per_slot_and_share_a_context_call(
    no_panels: list[plugins.DashboardPanel],
) -> None:
    calls: list[str] = []

    def shared(user: User) -> Mapping[str, Any]:
        calls.append("shared")
        return {"n": 1}

    def hidden(user: User) -> None:
        return None

    plugins.dashboard_panel_add(name="b", template="b.html", roles={Role.INSURER}, order=20, context=shared)
    plugins.dashboard_panel_add(
        name="a", template="a.html", roles={Role.INSURER}, slot="cards", order=30, context=shared
    )
    plugins.dashboard_panel_add(name="c", template="c.html", roles={Role.INSURER}, order=10)
    plugins.dashboard_panel_add(name="d", template="d.html", roles={Role.INSURER}, order=5, context=hidden)
    plugins.dashboard_panel_add(name="e", template="e.html", roles={Role.EMPLOYER}, order=1)

    shown = plugins.dashboard_panels_for(User(role=Role.INSURER))

    assert {slot: [p.name for p in panels] for slot, panels in shown.items()} == {
        "actions": [],
        "links": [],
        "main": ["c", "b"],
        "cards": ["a"],
    }
    assert shown["main"][1].context == {"n": 1}
    assert calls == ["shared"]


def test_every_registered_panel_has_its_template() -> None:
    assert plugins.DASHBOARD_PANELS
    for panel in plugins.DASHBOARD_PANELS:
        get_template(panel.template)
        assert panel.roles <= set(Role)


def test_calendar_events_of_all_sources_come_by_day(monkeypatch: pytest.MonkeyPatch) -> None:
    def event(uid: str, day: int) -> CalendarEvent:
        return CalendarEvent(uid=uid, day=dt.date(2026, 3, day), summary=uid, description="", path="/")

    sources: list[Callable[[User], list[CalendarEvent]]] = [
        lambda user: [event("a1", 2), event("a2", 5)],
        lambda user: [event("b1", 1), event("b2", 2)],
    ]
    monkeypatch.setattr(plugins, "CALENDAR_SOURCES", sources)
    events = plugins.calendar_events_for(User(role=Role.INSURER))
    assert [e.uid for e in events] == ["b1", "a1", "b2", "a2"]


def test_the_complaints_app_registers_its_upload_size() -> None:
    from complaints.apps import complaint_upload_bytes

    assert complaint_upload_bytes in plugins.UPLOAD_SIZES
