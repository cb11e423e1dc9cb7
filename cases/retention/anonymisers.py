"""What else the sweep empties when it anonymises a subject of a case: a registry, for the packages above
``retention`` that keep personal data on a case (cases.privacy: the employee's correction requests), so this
package never imports them. Each anonymiser gets the case ids and empties its rows in a fixed number of queries."""

from __future__ import annotations

import uuid
from collections.abc import Callable

Anonymiser = Callable[[list[uuid.UUID]], None]

RETENTION_ANONYMISERS: dict[str, dict[str, Anonymiser]] = {}


def retention_anonymiser(subject: str, name: str) -> Callable[[Anonymiser], Anonymiser]:
    """Register an anonymiser of `subject` (a RetentionSubject); the same name again replaces it."""

    def register(func: Anonymiser) -> Anonymiser:
        RETENTION_ANONYMISERS.setdefault(subject, {})[name] = func
        return func

    return register


def anonymisers_run(subject: str, ids: list[uuid.UUID]) -> None:
    for anonymise in RETENTION_ANONYMISERS.get(subject, {}).values():
        anonymise(ids)
