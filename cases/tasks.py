"""Daily case jobs: close cases after 28 recovered days; give threatened long absences a casemanager."""

from __future__ import annotations

from celery import shared_task

from cases import services


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def case_close_recovered() -> int:
    return services.case_close_recovered()


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def case_assign_due_casemanagers() -> int:
    return services.case_assign_due_casemanagers()
