"""Daily case jobs: close cases after 28 recovered days; give threatened long absences a casemanager; anonymise
what is past its retention term."""

from __future__ import annotations

from celery import Task, shared_task

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


@shared_task(bind=True, acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def data_export_generate(self: Task, export_id: str) -> bool:
    """Make one employee's data export (cases.privacy.services): safe to run twice, the second does nothing. After
    the last retry the export is marked failed, so the page stops saying it is being made."""
    from cases.privacy import services as services_privacy

    try:
        export = services_privacy.export_generate(export_id=export_id)
    except Exception:
        if self.request.retries >= (self.max_retries or 0):
            services_privacy.export_mark_failed(export_id=export_id)
        raise
    return export is not None


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def data_export_expire() -> int:
    """Remove the files of the data exports past their date."""
    from cases.privacy import services as services_privacy

    return services_privacy.export_expire()
