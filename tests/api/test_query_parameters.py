"""Raw query parameters the serializers never see: odd characters are a 400 or nothing at all, never a 500.

Found by the schemathesis run on PostgreSQL (tests/api/test_schemathesis.py): jsonb and text hold no NUL
character, and "²" is a digit to str.isdigit() but not to int().
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from tests.api.world import World, seed_world
from verzuim.models import AuditLog, Role, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return seed_world()


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/absences/?employer=%00",
        "/api/v1/absences/?status=%00",
        "/api/v1/employees/?employer=%00",
        "/api/v1/employees/?search=%00",
        "/api/v1/employees/?search=Anna%00",
    ],
)
def test_a_nul_character_in_a_list_filter_lists_and_is_audited(
    api_as: Callable[[User], APIClient], world: World, url: str
) -> None:
    response = api_as(world.users[Role.INSURER]).get(url)

    assert response.status_code == 200
    assert "\x00" not in str(AuditLog.objects.latest("pk").changes)


def test_a_nul_character_in_the_employee_search_page_is_no_error(client: Client, world: World) -> None:
    client.force_login(world.users[Role.EMPLOYER])

    assert client.get("/werknemers/?q=%00").status_code == 200


def test_a_year_of_non_ascii_digits_is_refused_in_dutch(api_as: Callable[[User], APIClient], world: World) -> None:
    response: Any = api_as(world.users[Role.INSURER]).get("/api/v1/claims/?year=%C2%B2")

    assert response.status_code == 400
    assert response.json()["fields"] == {"year": ["Geef een jaar tussen 2000 en 2100 op."]}
