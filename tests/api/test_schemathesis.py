"""Schemathesis against /api/schema/: every operation, for every role, answers without a 500 and as documented.

The schema is read from the running app (in-process WSGI, inside pytest-django's test database), so what is
checked is what the app serves. Each role gets one test that walks all operations with positive and negative
data: path parameters are drawn from the seeded rows (so requests reach real objects, and their writes run) or
left as generated (random ids: the 404s). Examples are bounded and derandomized, so every run, on every machine,
sends the same requests. Checks: no server error; every status code answered is one the operation documents
(errors included: verzuim.api_schema declares them, decision 142); the body of every answer, error or not,
conforms to its documented schema (errors: the one `Error` body of verzuim.api_errors).
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from tests.api.world import seed_world
from verzuim.models import Role
from verzuim.wsgi import application

# Per operation, role and mode (positive, negative): bounded so the six roles take about a minute on PostgreSQL.
MAX_EXAMPLES = 8
SETTINGS = settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
# The token goes in every request's headers; generating (and negating) the Authorization header as well would
# spend the examples on 401s.
CONFIG = SchemathesisConfig.from_dict(
    {"seed": 20261206, "generation": {"deterministic": True, "with-security-parameters": False}}
)


# The run with a machine client's key instead of a user's token.
API_KEY = "api_key"

CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]


def app_in_test_transaction(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    """The WSGI app as Django's test client runs it: a request does not close the test's database connection
    (that would end pytest-django's transaction), so requests see the seeded rows and roll back with the test."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        response = application(environ, start_response)
        try:
            return [b"".join(response)]
        finally:
            response.close()  # type: ignore[attr-defined]
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def real_or_generated(values: Any, ids: dict[str, list[str]]) -> Any:
    """Each value whose name has seeded rows becomes one of their ids, or stays the generated value."""
    if not isinstance(values, dict) or not values:
        return st.just(values)
    return st.fixed_dictionaries(
        {
            name: st.sampled_from([*ids[name], value]) if ids.get(name) and isinstance(value, str) else st.just(value)
            for name, value in values.items()
        }
    )


@pytest.mark.django_db
@pytest.mark.parametrize("role", [*Role, API_KEY], ids=[*(role.value for role in Role), API_KEY])
def test_every_operation_answers_without_server_error_and_as_documented(role: str) -> None:
    cache.clear()  # the complaint intake's rate limit starts afresh, whatever ran before
    world = seed_world()
    if role == API_KEY:
        # A machine client's key (verzuim.api_keys): the operations of its scopes, 403 on the rest, 429 past its rate.
        headers = {"Authorization": f"Api-Key {world.api_key_secret}"}
    else:
        token, _ = Token.objects.get_or_create(user=world.users[Role(role)])
        headers = {"Authorization": f"Token {token.key}"}
    schema = schemathesis.openapi.from_wsgi("/api/schema/", app_in_test_transaction, config=CONFIG)

    @schema.hook
    def flatmap_path_parameters(context: Any, path_parameters: dict[str, Any] | None) -> Any:
        return real_or_generated(path_parameters, world.ids)

    @schema.hook
    def flatmap_body(context: Any, body: Any) -> Any:
        return real_or_generated(body, world.body_ids)

    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 45  # every operation of docs/openapi.yaml is walked
    if role == API_KEY:
        # The operations that take a key (security ApiKeyAuth); every other answers a key 403, which the access
        # matrix checks route by route (test_an_api_key_reaches_only_its_scopes_and_its_own_employer).
        operations = [op for op in operations if any("ApiKeyAuth" in r for r in op.definition.raw.get("security", []))]
        assert len(operations) == 13  # employees 3, absences 2, webhooks 6 (events:manage), roster 2

    failures: list[str] = []
    for operation in operations:
        # Only a body or query can be invalid: any string is a valid path parameter.
        negatable = len(operation.body) > 0 or len(operation.query) > 0
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE) if negatable else (GenerationMode.POSITIVE,):

            @given(case=operation.as_strategy(generation_mode=mode))
            @SETTINGS
            def call(case: Any) -> None:
                # On PostgreSQL a request that fails on the database (a 500) aborts the test's transaction: roll
                # back to before it, so that it alone fails and the operations after it still run.
                savepoint = transaction.savepoint()
                response = case.call(headers=headers)
                if response.status_code >= 500:
                    transaction.savepoint_rollback(savepoint)
                else:
                    transaction.savepoint_commit(savepoint)
                case.validate_response(response, headers=headers, checks=CHECKS)

            try:
                call()
            except Unsatisfiable:
                assert mode is GenerationMode.NEGATIVE, operation.label  # e.g. a query of booleans: nothing invalid
            except Exception as error:  # noqa: BLE001 - all operations run; their failures are reported together
                failures.append(f"{operation.label} ({mode.value}): {error}")
    cache.clear()
    assert not failures, "\n\n".join(failures)
