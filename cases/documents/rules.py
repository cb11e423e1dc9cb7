"""The rules of the re-integration report's documents (docs/domain.md §5 "Re-integratieverslag parts"); no query.

Which parts the report has and how each is made (PARTS: the step it completes, the roles that write it, the
headings UWV expects, whether it is signed, repeats or is uploaded), the choices inside a plan, who reads a
document's content, and how that content reads under its headings in Dutch (document_sections) on the pages and
in the PDF.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.absence import poortwachter
from cases.documents.models import DocumentPart, DocumentState, ReintegrationDocument
from verzuim.models import Role

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

# Roles that read the content of the documents. Insurer staff and admins see which parts exist and when
# (progress data), never what a plan says (docs/domain.md §3).
CONTENT_ROLES = frozenset({Role.EMPLOYER, Role.CASEMANAGER, Role.OCCUPATIONAL_PHYSICIAN})
# Roles that ask the employee to sign or to give their own view (they know the employee's address).
LINK_SENDER_ROLES = frozenset({Role.EMPLOYER, Role.CASEMANAGER})
# The object type of a document's audit rows.
AUDIT_OBJECT = "reintegration_document"


class ActivityOwner:
    """Who carries out an agreed activity of the plan (stored as code, shown in Dutch)."""

    CHOICES: tuple[tuple[str, StrPromise], ...] = (
        ("employee", gettext_lazy("Werknemer")),
        ("employer", gettext_lazy("Werkgever")),
        ("casemanager", gettext_lazy("Casemanager")),
        ("physician", gettext_lazy("Bedrijfsarts")),
        ("labour_expert", gettext_lazy("Arbeidsdeskundige")),
        ("other", gettext_lazy("Anders")),
    )


class PlanGoal:
    """The re-integration goal of the plan, in the order UWV's Werkwijzer Poortwachter looks at them."""

    CHOICES: tuple[tuple[str, StrPromise], ...] = (
        ("own_work", gettext_lazy("Terugkeer in het eigen werk")),
        ("adapted_work", gettext_lazy("Terugkeer in aangepast eigen werk")),
        ("other_work_same_employer", gettext_lazy("Ander werk bij de eigen werkgever")),
        ("work_other_employer", gettext_lazy("Werk bij een andere werkgever (tweede spoor)")),
    )


class Track:
    """The choice at the first-year review (BW 7:658a lid 3)."""

    TRACK_ONE = "track_one"
    TRACK_TWO = "track_two"
    CHOICES: tuple[tuple[str, StrPromise], ...] = (
        (TRACK_ONE, gettext_lazy("Eerste spoor: terugkeer bij de eigen werkgever")),
        (TRACK_TWO, gettext_lazy("Tweede spoor: werk bij een andere werkgever")),
    )


@dataclass(frozen=True)
class PartSpec:
    """How one part of the re-integration report is made."""

    part: str
    # The step a new document of this part completes (None: the employee's view has no step).
    step_code: str | None
    # Roles that write (and revise) it in the portal.
    author_roles: frozenset[str]
    # The headings UWV expects, as (content key, Dutch label); they are the only keys of `content`.
    headings: tuple[tuple[str, StrPromise], ...]
    requires_signatures: bool = False
    # Every new document is a new occurrence (sequence 1, 2, ...) instead of a new version of the one part.
    repeats: bool = False
    uploaded: bool = False

    @property
    def label(self) -> str:
        return str(DocumentPart(self.part).label)


PARTS: dict[str, PartSpec] = {
    spec.part: spec
    for spec in (
        # Regeling procesgang art. 2: the problem analysis by the physician; only the non-medical part is here.
        PartSpec(
            DocumentPart.PROBLEM_ANALYSIS,
            poortwachter.PROBLEM_ANALYSIS,
            frozenset({Role.OCCUPATIONAL_PHYSICIAN}),
            (
                ("functional_limitations", gettext_lazy("Mogelijkheden en beperkingen")),
                ("prognosis", gettext_lazy("Prognose")),
                ("advice", gettext_lazy("Advies over werkhervatting")),
            ),
        ),
        # Regeling procesgang art. 4: the plan, agreed (signed) by employer and employee.
        PartSpec(
            DocumentPart.ACTION_PLAN,
            poortwachter.ACTION_PLAN,
            frozenset({Role.EMPLOYER, Role.CASEMANAGER}),
            (
                ("goal_kind", gettext_lazy("Doel van de re-integratie")),
                ("goal", gettext_lazy("Toelichting op het doel")),
                ("activities", gettext_lazy("Afgesproken activiteiten")),
                ("contact_agreements", gettext_lazy("Contactmomenten en evaluatieafspraken")),
                ("casemanager", gettext_lazy("Casemanager")),
                ("physician_advice", gettext_lazy("Advies van de bedrijfsarts waarop dit plan is gebaseerd")),
            ),
            requires_signatures=True,
        ),
        PartSpec(
            DocumentPart.ACTION_PLAN_REVIEW,
            poortwachter.ACTION_PLAN_REVIEW,
            frozenset({Role.CASEMANAGER}),
            (
                ("progress", gettext_lazy("Voortgang")),
                ("changes", gettext_lazy("Bijstellingen van het plan")),
                ("next_steps", gettext_lazy("Volgende stappen")),
            ),
            repeats=True,
        ),
        PartSpec(
            DocumentPart.FIRST_YEAR_REVIEW,
            poortwachter.FIRST_YEAR_REVIEW,
            frozenset({Role.EMPLOYER, Role.CASEMANAGER}),
            (
                ("result", gettext_lazy("Resultaat van het eerste ziektejaar")),
                ("track", gettext_lazy("Keuze voor het tweede jaar")),
                ("return_expected", gettext_lazy("Concrete terugkeer binnen 3 maanden verwacht")),
                ("return_reason", gettext_lazy("Reden om geen tweede spoor in te zetten")),
            ),
        ),
        PartSpec(
            DocumentPart.CURRENT_ASSESSMENT,
            poortwachter.CURRENT_ASSESSMENT,
            frozenset({Role.OCCUPATIONAL_PHYSICIAN}),
            (
                ("functional_limitations", gettext_lazy("Actuele mogelijkheden en beperkingen")),
                ("prognosis", gettext_lazy("Prognose")),
                ("reintegration_opinion", gettext_lazy("Oordeel over de re-integratie")),
            ),
        ),
        PartSpec(
            DocumentPart.FINAL_REVIEW,
            poortwachter.FINAL_REVIEW,
            frozenset({Role.EMPLOYER, Role.CASEMANAGER}),
            (
                ("result", gettext_lazy("Resultaat van de re-integratie")),
                ("current_situation", gettext_lazy("Huidige situatie")),
                ("evaluation", gettext_lazy("Evaluatie van de inspanningen")),
            ),
        ),
        PartSpec(
            DocumentPart.EMPLOYEE_VIEW,
            None,
            frozenset(),
            (("view", gettext_lazy("Visie van de werknemer")), ("employee_name", gettext_lazy("Gegeven door"))),
            repeats=True,
        ),
        PartSpec(
            DocumentPart.LABOUR_EXPERT_REPORT,
            poortwachter.LABOUR_EXPERT_ASSESSMENT,
            frozenset({Role.CASEMANAGER}),
            (("author", gettext_lazy("Arbeidsdeskundige")), ("original_name", gettext_lazy("Bestand"))),
            repeats=True,
            uploaded=True,
        ),
    )
}


# The parts written and changed through a form in the portal (not uploaded, not from the employee's link).
FORM_PARTS = frozenset(spec.part for spec in PARTS.values() if spec.author_roles and not spec.uploaded)


PART_ORDER = {part: index for index, part in enumerate(DocumentPart.values)}


CHOICE_LABELS: dict[str, dict[str, StrPromise]] = {
    "goal_kind": dict(PlanGoal.CHOICES),
    "track": dict(Track.CHOICES),
}


@dataclass(frozen=True)
class Activity:
    what: str
    owner: str  # Dutch label
    date: dt.date | None


@dataclass(frozen=True)
class Section:
    """One heading of a document with its text (or, for the plan's activities, its rows)."""

    key: str
    label: str
    text: str = ""
    activities: tuple[Activity, ...] = ()


def _parse_date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def document_title(document: ReintegrationDocument) -> str:
    """ "Bijstelling plan van aanpak 2", "Probleemanalyse": the part, with the occurrence when it repeats."""
    title = str(document.get_part_display())
    return f"{title} {document.sequence}" if PARTS[document.part].repeats else title


def document_sections(document: ReintegrationDocument) -> list[Section]:
    """The document's content under its headings, in Dutch, for pages and the PDF (never any medical data)."""
    sections = []
    owners = dict(ActivityOwner.CHOICES)
    for key, label in PARTS[document.part].headings:
        value = document.content.get(key)
        if key == "activities":
            rows = tuple(
                Activity(
                    what=str(row.get("what", "")),
                    owner=str(owners.get(row.get("owner", ""), row.get("owner", ""))),
                    date=_parse_date(row.get("date")),
                )
                for row in value or []
            )
            sections.append(Section(key=key, label=str(label), activities=rows))
            continue
        if isinstance(value, bool):
            text = _("Ja") if value else _("Nee")
        elif key in CHOICE_LABELS:
            text = str(CHOICE_LABELS[key].get(str(value), value or ""))
        else:
            text = str(value or "")
        if text:
            sections.append(Section(key=key, label=str(label), text=text))
    return sections


def document_needs_resigning(document: ReintegrationDocument) -> bool:
    """A later version of a signed plan: it must be signed again ("opnieuw te ondertekenen")."""
    return document.requires_signatures and document.version > 1 and document.state == DocumentState.DRAFT


def upload_max_bytes() -> int:
    return int(settings.DOCUMENT_UPLOAD_MAX_MB) * 1024 * 1024
