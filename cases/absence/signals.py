"""Signals of absence cases, sent after the transaction that caused them committed."""

from __future__ import annotations

from django.dispatch import Signal

# Sent with case=<AbsenceCase> once a case is closed (the satisfaction survey listens).
case_closed = Signal()
