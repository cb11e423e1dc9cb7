"""Signals of the complaints desk, sent after the transaction that caused them committed."""

from __future__ import annotations

from django.dispatch import Signal

# Sent with complaint=<Complaint> once a complaint is closed (the satisfaction survey listens).
complaint_closed = Signal()
