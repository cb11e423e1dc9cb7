"""`make test` runs on every core: each pytest-xdist worker gets its own Redis database and folder."""

from __future__ import annotations

import pytest

from tests.xdist_workers import worker_environment


def test_each_worker_takes_the_next_redis_database_and_its_own_folder() -> None:
    environ = {"REDIS_URL": "redis://127.0.0.1:6379/3", "VAR_DIR": "/srv/var"}
    assert worker_environment(environ, "gw0") == {"REDIS_URL": "redis://127.0.0.1:6379/3", "VAR_DIR": "/srv/var/gw0"}
    assert worker_environment(environ, "gw1") == {"REDIS_URL": "redis://127.0.0.1:6379/4", "VAR_DIR": "/srv/var/gw1"}


def test_a_redis_url_without_a_database_counts_from_database_0() -> None:
    assert worker_environment({"REDIS_URL": "redis://127.0.0.1:6379"}, "gw2")["REDIS_URL"] == "redis://127.0.0.1:6379/2"


def test_outside_xdist_nothing_changes() -> None:
    assert worker_environment({"REDIS_URL": "redis://127.0.0.1:6379/3"}, "") == {}


def test_a_worker_beyond_redis_database_15_is_refused_with_the_reason() -> None:
    with pytest.raises(ValueError, match="database 16"):
        worker_environment({"REDIS_URL": "redis://127.0.0.1:6379/15"}, "gw1")
