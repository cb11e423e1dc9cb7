"""Exceptions services raise for the interfaces to translate."""

from __future__ import annotations


class StateConflict(Exception):
    """The request contradicts the current state of an object: the API answers 409 with this message and code.

    Each app subclasses it (CaseConflict, PremiumConflict, ClaimConflict, ComplaintConflict); API views let it
    through and verzuim.api_errors turns it into the error format; pages show the message.
    """

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
