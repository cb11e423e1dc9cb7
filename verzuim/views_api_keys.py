"""Pages of machine clients' keys (Koppelingen, verzuim.api_keys): the employer user makes, sees and revokes its
own employer's keys, insurer staff those of any employer. Other roles: 404, as if the page were not there."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from verzuim import api_keys, webhooks
from verzuim.forms import ApiKeyForm, add_service_errors
from verzuim.models import Role, User


def _manager(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    if not api_keys.may_manage_api_keys(user):
        raise Http404
    return user


def expiry_of(day: dt.date | None) -> dt.datetime | None:
    """ "Geldig tot en met" a day: the key stops at the start of the next day, Dutch time."""
    if day is None:
        return None
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def api_key_list(request: HttpRequest) -> HttpResponse:
    user = _manager(request)
    employers = api_keys.api_key_employers(user=user)
    choose_employer = user.role != Role.EMPLOYER
    form = ApiKeyForm(
        request.POST if request.method == "POST" else None, employers=employers, choose_employer=choose_employer
    )
    if request.method == "POST" and form.is_valid():
        employer = form.cleaned_data["employer"] if choose_employer else user.employer
        if employer is None:
            raise Http404
        try:
            api_key, key = api_keys.api_key_create(
                created_by=user,
                employer=employer,
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
                expires_at=expiry_of(form.cleaned_data["expires_on"]),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            # The key is shown on this answer only (never_cache): it is not stored and cannot be shown again.
            return render(
                request,
                "api_keys/created.html",
                {"api_key": api_key, "key": key, "scopes": api_keys.scope_labels(api_key.scopes)},
            )
    keys = [
        (key, api_keys.scope_labels(key.scopes))
        for key in api_keys.api_key_list(fetched_by=user).order_by(
            F("revoked_at").asc(nulls_first=True), "-created_at", "pk"
        )
    ]
    subscriptions = [
        (subscription, webhooks.event_labels(subscription.events), failed)
        for subscription, failed in webhooks.webhook_overview(user=user)
    ]
    return render(
        request,
        "api_keys/list.html",
        {
            "form": form,
            "keys": keys,
            "show_employer": choose_employer,
            "now": timezone.now(),
            "subscriptions": subscriptions,
        },
    )


@login_required
@require_POST
def webhook_delivery_retry(request: HttpRequest, subscription_id: str, delivery_id: str) -> HttpResponse:
    """Send a failed event again (the button beside it on Koppelingen)."""
    user = _manager(request)
    subscription = webhooks.webhook_subscription_get(fetched_by=user, subscription_id=subscription_id)
    delivery = webhooks.webhook_delivery_get(subscription=subscription, delivery_id=delivery_id)
    try:
        webhooks.webhook_delivery_retry(retried_by=user, delivery=delivery)
    except webhooks.WebhookConflict as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("De gebeurtenis wordt binnen een minuut opnieuw verstuurd."))
    return redirect("api_key_list")


@login_required
@require_http_methods(["GET", "POST"])
def api_key_revoke(request: HttpRequest, api_key_id: str) -> HttpResponse:
    user = _manager(request)
    api_key = api_keys.api_key_get(fetched_by=user, api_key_id=api_key_id)
    if request.method == "POST":
        api_keys.api_key_revoke(revoked_by=user, api_key=api_key)
        messages.success(request, _("De sleutel %(name)s is ingetrokken en werkt niet meer.") % {"name": api_key.name})
        return redirect("api_key_list")
    return render(request, "api_keys/revoke.html", {"api_key": api_key})
