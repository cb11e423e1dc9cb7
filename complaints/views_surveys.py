"""The public satisfaction survey page `/tevredenheid/<token>/` (no login; complaints.surveys).

An unknown, expired or used token gets the same Dutch not-found page with status 404, so the page tells nobody
which tokens exist. The page is never cached and sends its address (with the token) as referrer only to this
site; "no-referrer" would make the browser post the form with `Origin: null`, which the CSRF check refuses.
"""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from complaints import surveys

SCORE_CHOICES = [
    (1, _("1 (zeer ontevreden)")),
    (2, _("2 (ontevreden)")),
    (3, _("3 (neutraal)")),
    (4, _("4 (tevreden)")),
    (5, _("5 (zeer tevreden)")),
]


class SurveyForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Uw oordeel"),
        choices=SCORE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies een score van 1 tot en met 5.")},
    )
    comment = forms.CharField(
        label=_("Toelichting (niet verplicht)"),
        help_text=_("Wat ging goed, wat kan beter? Noem geen medische gegevens."),
        required=False,
        max_length=surveys.COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5, "aria-describedby": "id_comment_helptext"}),
    )


def _unavailable(request: HttpRequest) -> HttpResponse:
    return render(request, "complaints/survey_unavailable.html", status=404)


def _same_origin_referrer(response: HttpResponse) -> HttpResponse:
    response["Referrer-Policy"] = "same-origin"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def survey(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = surveys.survey_invitation_get(token=token)
    except surveys.SurveyUnavailable:
        return _same_origin_referrer(_unavailable(request))
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            surveys.survey_respond(token=token, score=form.cleaned_data["score"], comment=form.cleaned_data["comment"])
        except surveys.SurveyUnavailable:
            return _same_origin_referrer(_unavailable(request))
        return _same_origin_referrer(render(request, "complaints/survey_thanks.html"))
    status = 400 if request.method == "POST" else 200
    return _same_origin_referrer(
        render(request, "complaints/survey.html", {"form": form, "invitation": invitation}, status=status)
    )
