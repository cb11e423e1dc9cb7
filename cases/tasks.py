"""Daily case jobs: close cases after 28 recovered days; give threatened long absences a casemanager; anonymise
what is past its retention term."""

from __future__ import annotations

from celery import shared_task

from cases.absence import services
from cases.retention import services as services_retention
from cases.rhythm import services as services_rhythm


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def case_close_recovered() -> int:
    return services.case_close_recovered()


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def case_assign_due_casemanagers() -> int:
    return services.case_assign_due_casemanagers()


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def service_contacts_ensure() -> int:
    """The service rhythm: create the welcome calls, prevention checks and relapse contacts now due."""
    return services_rhythm.service_contacts_ensure()


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def retention_sweep() -> int:
    """Carry out the previous dry run of the retention sweep, then write tonight's (cases.retention.services)."""
    return services_retention.retention_nightly()
