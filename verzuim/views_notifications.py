"""Pages of the reminders in the portal: the bell's list and marking read, the choice between a daily
digest and instant mails, the personal calendar feed and its secret URL, and the insurer's list of
notifications the sender gave up on.

Marking read and retrying work as plain forms (POST, then a redirect); with htmx the list or row is
swapped in place and the bell in the header is updated out of band.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from verzuim import calendar_feed, mail, notifications
from verzuim.auth import portal_user
from verzuim.models import ReminderMode, User

PAGE_SIZE = 50


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


class ReminderModeForm(forms.Form):
    reminder_mode = forms.ChoiceField(
        label=gettext_lazy("Hoe wilt u herinneringen per e-mail ontvangen?"),
        choices=ReminderMode.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Kies hoe u herinneringen wilt ontvangen."),
            "invalid_choice": gettext_lazy("Kies een van de mogelijkheden."),
        },
    )


def _ids(request: HttpRequest) -> list[int] | None:
    """The ids posted as `melding`; None when one is not a number (the request is then refused)."""
    try:
        ids = [int(value) for value in request.POST.getlist("melding")]
    except ValueError:
        return None
    # Ids are 64-bit: anything outside that cannot exist and would overflow the database driver.
    return ids if all(0 < pk < 2**63 for pk in ids) else None


def _back_to_list(request: HttpRequest) -> HttpResponse:
    """Without JavaScript: back to the page of the list the form was on."""
    page = request.POST.get("pagina", "")
    url = reverse("notification_list")
    return redirect(f"{url}?pagina={int(page)}" if page.isascii() and page.isdigit() and int(page) > 1 else url)


@never_cache
@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    user = portal_user(request)
    page = Paginator(notifications.notification_list(fetched_by=user), PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(request, "notifications/list.html", {"page": page, "rows": page.object_list})


@never_cache
@login_required
@require_POST
def notification_mark_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    user = portal_user(request)
    notification = notifications.notification_get(fetched_by=user, notification_id=notification_id)
    notifications.notification_mark_read(user=user, notification_ids=[notification.pk])
    if _is_htmx(request):
        notification.refresh_from_db()
        return render(
            request,
            "notifications/_row_swap.html",
            {"row": notification, "status_text": _("De melding is als gelezen gemarkeerd.")},
        )
    return _back_to_list(request)


@never_cache
@login_required
@require_POST
def notification_mark_all_read(request: HttpRequest) -> HttpResponse:
    user = portal_user(request)
    notifications.notification_mark_read(user=user)
    text = _("Alle meldingen zijn als gelezen gemarkeerd.")
    if _is_htmx(request):
        page = Paginator(notifications.notification_list(fetched_by=user), PAGE_SIZE).get_page(1)
        return render(
            request, "notifications/_list_swap.html", {"page": page, "rows": page.object_list, "status_text": text}
        )
    messages.success(request, text)
    return redirect("notification_list")


@never_cache
@login_required
@require_GET
def notification_failed_list(request: HttpRequest) -> HttpResponse:
    failed = notifications.notification_failed_list(fetched_by=portal_user(request))
    page = Paginator(failed, PAGE_SIZE).get_page(request.GET.get("pagina"))
    # The one-off mails the outbox gave up on (verzuim.mail), newest first; shown, not retried here (a casemanager
    # sends a new link, a handler acknowledges a complaint in writing).
    failed_mails = [(row, mail.mail_kind_label(row.kind)) for row in mail.mail_failed_list()[:PAGE_SIZE]]
    return render(
        request,
        "notifications/failed.html",
        {
            "page": page,
            "rows": page.object_list,
            "max_attempts": notifications.MAX_ATTEMPTS,
            "failed_mails": failed_mails,
        },
    )


@never_cache
@login_required
@require_POST
def notification_retry(request: HttpRequest) -> HttpResponse:
    user = portal_user(request)
    notifications.notification_failed_list(fetched_by=user)  # 404 for every role but insurer staff and admins
    retry_all = bool(request.POST.get("alles"))
    ids = None if retry_all else _ids(request)
    if not retry_all and not ids:
        messages.error(request, _("Kies een melding om opnieuw te versturen."))
        return redirect("notification_failed_list")
    count = notifications.notification_retry(retried_by=user, notification_ids=ids)
    if count:
        messages.success(
            request,
            _("%(count)s melding wordt opnieuw verstuurd.") % {"count": count}
            if count == 1
            else _("%(count)s meldingen worden opnieuw verstuurd.") % {"count": count},
        )
    else:
        messages.error(request, _("Er was niets meer opnieuw te versturen."))
    return redirect("notification_failed_list")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def reminder_preferences(request: HttpRequest) -> HttpResponse:
    user = portal_user(request)
    form = ReminderModeForm(
        request.POST if request.method == "POST" else None, initial={"reminder_mode": user.reminder_mode}
    )
    if request.method == "POST" and form.is_valid():
        notifications.user_reminder_mode_set(user=user, reminder_mode=form.cleaned_data["reminder_mode"])
        if user.reminder_mode == ReminderMode.INSTANT:
            messages.success(request, _("Opgeslagen: u krijgt voortaan direct een e-mail per herinnering."))
        else:
            messages.success(request, _("Opgeslagen: u krijgt voortaan één overzicht per dag."))
        return redirect("reminder_preferences")
    return render(request, "notifications/preferences.html", {"form": form})


def _feed_url(user: User) -> str:
    if not user.calendar_token:
        return ""
    return f"{settings.PORTAL_BASE_URL}{reverse('calendar_feed', args=[user.calendar_token])}"


@never_cache
@login_required
@require_GET
def calendar_settings(request: HttpRequest) -> HttpResponse:
    user = portal_user(request)
    feed_url = _feed_url(user)
    # webcal:// asks the operating system to subscribe in the user's calendar app instead of downloading.
    webcal_url = "webcal://" + feed_url.split("://", 1)[-1] if feed_url else ""
    return render(request, "notifications/calendar.html", {"feed_url": feed_url, "webcal_url": webcal_url})


@never_cache
@login_required
@require_POST
def calendar_token_create(request: HttpRequest) -> HttpResponse:
    user = portal_user(request)
    renewed = bool(user.calendar_token)
    calendar_feed.calendar_token_create(user=user)
    if renewed:
        messages.success(request, _("U hebt een nieuw agenda-adres. Het oude adres werkt niet meer."))
    else:
        messages.success(request, _("Uw persoonlijke agenda-adres is aangemaakt."))
    return redirect("calendar_settings")


@never_cache
@login_required
@require_POST
def calendar_token_revoke(request: HttpRequest) -> HttpResponse:
    if calendar_feed.calendar_token_revoke(user=portal_user(request)):
        messages.success(request, _("Het agenda-adres is ingetrokken. Uw agenda-app krijgt geen termijnen meer."))
    return redirect("calendar_settings")


@never_cache
@require_GET
def calendar_feed_view(request: HttpRequest, token: str) -> HttpResponse:
    """The feed itself: no login, the secret token in the URL is the key. Unknown token: 404."""
    user = calendar_feed.calendar_user_by_token(token=token)
    if user is None:
        raise Http404
    response = HttpResponse(calendar_feed.calendar_feed_render(user=user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="verzuimportaal.ics"'
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
