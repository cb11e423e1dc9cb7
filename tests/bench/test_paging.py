"""The paging benchmark (bench/paging.py) keeps working: on a small set of employees its cursor of a deep page is
the one the API hands out, and it times the API page against the bare reads of the same rows."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from bench import paging
from tests.factories import EmployeeFactory, EmployerFactory, UserFactory
from verzuim.models import Role

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_benchmarks_cursor_is_the_one_the_api_gives_after_that_row() -> None:
    employer = EmployerFactory()
    EmployeeFactory.create_batch(205, employer=employer)
    insurer = UserFactory(role=Role.INSURER)
    client = APIClient()
    client.force_authenticate(insurer)
    first = client.get("/api/v1/employees/?limit=100")
    second = client.get(first["Link"].split(">")[0].lstrip("<"))
    cursor, _after = paging._cursor_after(100)
    by_bench = client.get(f"/api/v1/employees/?limit=100&cursor={cursor}")
    assert [row["id"] for row in by_bench.json()] == [row["id"] for row in second.json()]


def test_the_benchmark_runs_on_a_small_book(capsys: pytest.CaptureFixture[str]) -> None:
    EmployeeFactory.create_batch(205, employer=EmployerFactory())
    assert paging.main(["--page", "2", "--rounds", "3", "--warmup", "1", "--factor", "1000"]) == 0
    out = capsys.readouterr().out
    assert "page     1: API" in out
    assert "page     2: API" in out
    assert "OK (" in out
