"""The complaint handler's desk in the Django admin (docs/domain.md §11).

The handler sees complaints only (verzuim.admin_roles: no dossier, employee or premium model). A complaint is
never edited in a form: its intake fields are read-only for everyone, and every change goes through a step page
(acknowledge, assign, request information, information received, answer, close, escalate) that calls
complaints.services_workflow, which writes the history row. The history is a read-only inline; there is no
ModelAdmin for ComplaintEvent at all. The letters (acknowledgement, answer) are downloaded from the change page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from complaints import follow, pdf
from complaints import services_workflow as workflow
from complaints.models import (
    Complaint,
    ComplaintEvent,
    ComplaintLetterTemplate,
    ComplaintOutcome,
    ComplaintStatus,
    ComplaintTerms,
    EscalationRoute,
)
from complaints.selectors_desk import overdue_q
from complaints.steps import STEP_RULES
from verzuim.admin_roles import ReadOnlyRoleAdminMixin, RoleAdminMixin
from verzuim.audit import audit_record
from verzuim.models import AuditAction, Role, User

HANDLER = frozenset({Role.COMPLAINT_HANDLER})

INTAKE_FIELDS = (
    "reference",
    "category",
    "description",
    "contact_name",
    "contact_email",
    "employer_kvk",
    "employer",
    "submitted_by",
    "channel",
    "received_on",
)
HANDLING_FIELDS = (
    "status",
    "assigned_to",
    "acknowledge_by",
    "acknowledged_on",
    "answer_by",
    "paused_since",
    "paused_days",
    "answered_on",
    "outcome",
    "closed_on",
    "escalated_to",
    "escalated_on",
    "terms",
)


def deadline_marker(complaint: Complaint, today: dt.date) -> str:
    """Days left to the answer date in words, with the overdue marker ("3 dagen te laat")."""
    if complaint.status in (ComplaintStatus.ANSWERED, ComplaintStatus.CLOSED):
        return "—"
    if complaint.status == ComplaintStatus.WAITING and complaint.paused_since is not None:
        left = (complaint.answer_by - complaint.paused_since).days
        if left < 0:
            return ngettext("%(n)d dag te laat (gepauzeerd)", "%(n)d dagen te laat (gepauzeerd)", -left) % {"n": -left}
        return ngettext("%(n)d dag over (gepauzeerd)", "%(n)d dagen over (gepauzeerd)", left) % {"n": left}
    left = (complaint.answer_by - today).days
    if left < 0:
        text = ngettext("%(n)d dag te laat", "%(n)d dagen te laat", -left) % {"n": -left}
    elif left == 0:
        text = _("vandaag")
    else:
        text = ngettext("%(n)d dag over", "%(n)d dagen over", left) % {"n": left}
    if complaint.status == ComplaintStatus.RECEIVED and complaint.acknowledge_by < today:
        late = (today - complaint.acknowledge_by).days
        text += "; " + ngettext(
            "ontvangstbevestiging %(n)d dag te laat", "ontvangstbevestiging %(n)d dagen te laat", late
        ) % {"n": late}
    return text


class OverdueFilter(admin.SimpleListFilter):
    title = gettext_lazy("te laat")
    parameter_name = "te_laat"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("ja", _("Ja")), ("nee", _("Nee"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Complaint]) -> QuerySet[Complaint]:
        today = timezone.localdate()
        if self.value() == "ja":
            return queryset.filter(overdue_q(today))
        if self.value() == "nee":
            return queryset.exclude(overdue_q(today))
        return queryset


class ComplaintEventInline(ReadOnlyRoleAdminMixin, admin.TabularInline):
    """The history: read-only for everyone, the admin included (no add, change or delete)."""

    model = ComplaintEvent
    view_roles = HANDLER
    extra = 0
    can_delete = False
    fields = ("at", "kind", "actor", "note", "data")
    readonly_fields = fields
    ordering = ("at", "id")

    def get_queryset(self, request: HttpRequest) -> QuerySet[ComplaintEvent]:
        return super().get_queryset(request).select_related("actor")


# --- The steps -----------------------------------------------------------------------------------------------


class NoteForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 4}))


class AssignForm(NoteForm):
    handler = forms.ModelChoiceField(
        label=gettext_lazy("Behandelaar"),
        queryset=User.objects.filter(role=Role.COMPLAINT_HANDLER, is_active=True).order_by("full_name", "email"),
    )
    field_order = ["handler", "note"]


class RequestInformationForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("Welke informatie vraagt u?"), widget=forms.Textarea(attrs={"rows": 6}))


class AnswerForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("Antwoord aan de klager"), widget=forms.Textarea(attrs={"rows": 14}))


class CloseForm(NoteForm):
    outcome = forms.ChoiceField(label=gettext_lazy("Uitkomst"), choices=ComplaintOutcome.choices)
    field_order = ["outcome", "note"]


class EscalateForm(NoteForm):
    route = forms.ChoiceField(label=gettext_lazy("Doorverwezen naar"), choices=EscalationRoute.choices)
    field_order = ["route", "note"]


class RevokeFollowLinksForm(forms.Form):
    """No fields: the step ends every private follow link of the complaint (complaints.follow)."""


def _revoke_follow_links(user: User, complaint: Complaint, data: dict[str, Any]) -> Complaint:
    follow.follow_links_revoke(revoked_by=user, complaint=complaint)
    return complaint


def _send_follow_link(user: User, complaint: Complaint, data: dict[str, Any]) -> Complaint:
    follow.follow_link_send(sent_by=user, complaint=complaint)
    return complaint


@dataclass(frozen=True)
class Step:
    title: Any
    form: type[forms.Form]
    run: Callable[[User, Complaint, dict[str, Any]], Complaint]
    # Statuses in which the step is offered on the change page (the service decides in the end).
    offered: frozenset[str]
    done: Any


STEPS: dict[str, Step] = {
    "ontvangst-bevestigen": Step(gettext_lazy("Ontvangst bevestigen"), NoteForm, *STEP_RULES["ontvangst-bevestigen"]),
    "toewijzen": Step(gettext_lazy("Toewijzen"), AssignForm, *STEP_RULES["toewijzen"]),
    "informatie-vragen": Step(
        gettext_lazy("Informatie vragen"), RequestInformationForm, *STEP_RULES["informatie-vragen"]
    ),
    "informatie-ontvangen": Step(gettext_lazy("Informatie ontvangen"), NoteForm, *STEP_RULES["informatie-ontvangen"]),
    "beantwoorden": Step(
        gettext_lazy("Beantwoorden"),
        AnswerForm,
        lambda user, c, d: workflow.complaint_answer(answered_by=user, complaint=c, text=d["text"]),
        frozenset({ComplaintStatus.ACKNOWLEDGED}),
        gettext_lazy("Het antwoord is vastgelegd."),
    ),
    "afsluiten": Step(gettext_lazy("Afsluiten met uitkomst"), CloseForm, *STEP_RULES["afsluiten"]),
    "doorverwijzen": Step(
        gettext_lazy("Doorverwijzen"),
        EscalateForm,
        lambda user, c, d: workflow.complaint_escalate(
            escalated_by=user, complaint=c, route=d["route"], note=d["note"]
        ),
        frozenset({ComplaintStatus.ANSWERED, ComplaintStatus.CLOSED}),
        gettext_lazy("De doorverwijzing is vastgelegd."),
    ),
    # A link that reached the wrong person: end them all (the complainant asks the desk for a new one).
    "volglinks-intrekken": Step(
        gettext_lazy("Volglinks intrekken"),
        RevokeFollowLinksForm,
        _revoke_follow_links,
        frozenset(ComplaintStatus.values),
        gettext_lazy("De persoonlijke volglinks van deze klacht werken niet meer."),
    ),
    # A new link by e-mail to the complaint's address; every earlier link ends.
    "volglink-sturen": Step(
        gettext_lazy("Nieuwe volglink mailen"),
        RevokeFollowLinksForm,
        _send_follow_link,
        frozenset(ComplaintStatus.values),
        gettext_lazy(
            "De oude volglinks werken niet meer; de klager krijgt binnen een minuut een nieuwe link per e-mail."
        ),
    ),
}


@admin.register(Complaint)
class ComplaintAdmin(ReadOnlyRoleAdminMixin, admin.ModelAdmin):
    """Nobody adds, changes or deletes a complaint in a form: intake is a service, handling is a step."""

    view_roles = HANDLER
    list_display = (
        "reference",
        "received_on",
        "category",
        "status",
        "assigned_to",
        "acknowledge_by",
        "answer_by",
        "days_left",
    )
    list_filter = ("status", "category", ("assigned_to", admin.RelatedOnlyFieldListFilter), OverdueFilter)
    search_fields = ("reference", "contact_name", "contact_email", "description")
    list_select_related = ("assigned_to",)
    date_hierarchy = "received_on"
    fieldsets = (
        (gettext_lazy("Klacht"), {"fields": INTAKE_FIELDS}),
        (gettext_lazy("Behandeling"), {"fields": (*HANDLING_FIELDS, "days_left")}),
    )
    readonly_fields = (*INTAKE_FIELDS, *HANDLING_FIELDS, "days_left")
    inlines = (ComplaintEventInline,)
    actions = None

    def get_queryset(self, request: HttpRequest) -> QuerySet[Complaint]:
        return super().get_queryset(request).select_related("assigned_to", "employer", "submitted_by", "terms")

    @admin.display(description=gettext_lazy("dagen over"), ordering="answer_by")
    def days_left(self, obj: Complaint) -> Any:
        text = deadline_marker(obj, timezone.localdate())
        if "te laat" in text:
            return format_html("<strong>{}</strong>", text)
        return text

    def get_urls(self) -> list[Any]:
        info = (self.opts.app_label, self.opts.model_name)
        return [
            path(
                "<path:object_id>/stap/<str:step>/",
                self.admin_site.admin_view(self.step_view),
                name="{}_{}_step".format(*info),
            ),
            path(
                "<path:object_id>/brief/<str:letter>.pdf",
                self.admin_site.admin_view(self.letter_view),
                name="{}_{}_letter".format(*info),
            ),
            *super().get_urls(),
        ]

    def _complaint(self, request: HttpRequest, object_id: str) -> Complaint:
        if not workflow.may_handle(request.user):
            raise Http404
        complaint = self.get_object(request, object_id)
        if complaint is None:
            raise Http404
        return complaint

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        extra_context = dict(extra_context or {})
        complaint = self.get_object(request, object_id)
        if complaint is not None and workflow.may_handle(request.user):
            extra_context["complaint_steps"] = [
                (reverse("admin:complaints_complaint_step", args=[complaint.pk, slug]), step.title)
                for slug, step in STEPS.items()
                if complaint.status in step.offered and not (slug == "doorverwijzen" and complaint.escalated_to)
            ]
            letters = [("ontvangstbevestiging", _("Ontvangstbevestiging (PDF)"))]
            if complaint.answered_on is not None:
                letters.append(("antwoord", _("Antwoordbrief (PDF)")))
            extra_context["complaint_letters"] = [
                (reverse("admin:complaints_complaint_letter", args=[complaint.pk, key]), label)
                for key, label in letters
            ]
        return super().change_view(request, object_id, form_url, extra_context)

    def step_view(self, request: HttpRequest, object_id: str, step: str) -> HttpResponse:
        complaint = self._complaint(request, object_id)
        chosen = STEPS.get(step)
        if chosen is None:
            raise Http404
        change_url = reverse("admin:complaints_complaint_change", args=[complaint.pk])
        form = chosen.form(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            assert isinstance(request.user, User)
            try:
                chosen.run(request.user, complaint, form.cleaned_data)
            except workflow.ComplaintConflict as conflict:
                self.message_user(request, conflict.message, messages.ERROR)
                return HttpResponseRedirect(change_url)
            except PermissionDenied:
                raise Http404 from None
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.error_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, error)
            else:
                self.message_user(request, str(chosen.done), messages.SUCCESS)
                return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": complaint,
            "title": f"{chosen.title}: {complaint.reference}",
            "step_title": chosen.title,
            "form": form,
            "change_url": change_url,
            "has_view_permission": True,
        }
        return TemplateResponse(request, "admin/complaints/complaint/step_form.html", context)

    def letter_view(self, request: HttpRequest, object_id: str, letter: str) -> HttpResponse:
        complaint = self._complaint(request, object_id)
        if letter not in pdf.COMPLAINT_LETTERS or (letter == "antwoord" and complaint.answered_on is None):
            raise Http404
        assert isinstance(request.user, User)
        today = timezone.localdate()
        rendered = pdf.complaint_letter_render(
            complaint=complaint, letter=letter, generated_by=request.user, today=today
        )
        audit_record(
            actor=request.user,
            action=AuditAction.READ,
            object_type="complaint",
            object_id=complaint.pk,
            employer=complaint.employer,
            changes={"letter": letter},
        )
        return pdf.pdf_response(rendered, filename=f"{letter}-{complaint.reference}-{today:%Y-%m-%d}.pdf")


@admin.register(ComplaintTerms)
class ComplaintTermsAdmin(RoleAdminMixin, admin.ModelAdmin):
    """The deadlines are parameters: the handler reads them, the admin adds terms valid from a later date.
    Terms a complaint used are history and stay as they are (the complaint's dates were computed from them)."""

    view_roles = HANDLER
    list_display = ("valid_from", "acknowledge_working_days", "answer_weeks", "in_use")
    ordering = ("-valid_from",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[ComplaintTerms]:
        return super().get_queryset(request).annotate(used=Exists(Complaint.objects.filter(terms=OuterRef("pk"))))

    @admin.display(description=gettext_lazy("in gebruik"), boolean=True)
    def in_use(self, obj: ComplaintTerms) -> bool:
        return _terms_used(obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) and not _terms_used(obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_delete_permission(request, obj) and not _terms_used(obj)


def _terms_used(terms: ComplaintTerms | None) -> bool:
    if terms is None or terms.pk is None:
        return False
    used = getattr(terms, "used", None)
    return bool(used) if used is not None else Complaint.objects.filter(terms=terms).exists()


class LetterTemplateForm(forms.ModelForm):
    class Meta:
        model = ComplaintLetterTemplate
        fields = ("kind", "text")
        widgets = {"text": forms.Textarea(attrs={"rows": 12, "cols": 80})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from complaints.letters import PLACEHOLDERS

        self.fields["text"].help_text = _(
            "De tekst tussen de aanhef en de groet; die zet de brief er zelf omheen. Lege regel: nieuwe alinea. "
            "Invulvelden: %(fields)s."
        ) % {"fields": "; ".join(f"${name}: {label}" for name, label in PLACEHOLDERS.items())}


@admin.register(ComplaintLetterTemplate)
class ComplaintLetterTemplateAdmin(RoleAdminMixin, admin.ModelAdmin):
    """The desk's standard texts of its letters (decision 262): the complaint handlers keep them; the composer
    prefills them. Without one the built-in text is used."""

    edit_roles = HANDLER
    form = LetterTemplateForm
    list_display = ("kind", "updated_at", "updated_by")
    readonly_fields = ("updated_at", "updated_by")

    def save_model(self, request: HttpRequest, obj: ComplaintLetterTemplate, form: Any, change: bool) -> None:
        obj.updated_at = timezone.now()
        obj.updated_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,  # type: ignore[arg-type]
            action=AuditAction.UPDATE if change else AuditAction.CREATE,
            object_type="complaint_letter_template",
            object_id=obj.pk,
            changes={"kind": obj.kind},
        )
