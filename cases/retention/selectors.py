"""Reads of the retention sweep's reports: insurer staff only (404 for every other role), audited."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404

from cases.retention.models import RetentionReport, RetentionSubject
from cases.retention.terms import Term, retention_terms
from verzuim.audit import audit_record
from verzuim.models import AuditAction, Role, User

REPORT_ROLES = frozenset({Role.INSURER})


@dataclass(frozen=True)
class SubjectSection:
    label: str
    anonymise: list[dict[str, Any]]
    kept: list[dict[str, Any]]


@dataclass(frozen=True)
class RetentionOverview:
    terms: list[Term]
    dry_run: RetentionReport | None
    dry_run_sections: list[SubjectSection]
    last_run: RetentionReport | None
    last_run_count: int


def _sections(report: RetentionReport | None) -> list[SubjectSection]:
    if report is None:
        return []
    subjects = report.data.get("subjects", {})
    return [
        SubjectSection(
            label=str(subject.label),
            anonymise=subjects[subject]["anonymise"],
            kept=subjects[subject]["kept"],
        )
        for subject in RetentionSubject
        if subject in subjects
    ]


def retention_overview(*, fetched_by: User) -> RetentionOverview:
    """The terms, the latest dry run (what the next night anonymises) and the latest real run."""
    if fetched_by.role not in REPORT_ROLES:
        raise Http404
    dry_run = RetentionReport.objects.filter(dry_run=True).order_by("-run_on").first()
    last_run = RetentionReport.objects.filter(dry_run=False).order_by("-created_at", "-id").first()
    audit_record(
        actor=fetched_by,
        action=AuditAction.READ,
        object_type="retention_report",
        object_id=dry_run.pk if dry_run else "",
    )
    return RetentionOverview(
        terms=retention_terms(),
        dry_run=dry_run,
        dry_run_sections=_sections(dry_run),
        last_run=last_run,
        last_run_count=sum(len(section.anonymise) for section in _sections(last_run)),
    )
