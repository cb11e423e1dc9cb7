"""API of interventions (docs/api.md, docs/domain.md §6): thin classes over services_interventions and its selectors.

A role that may not do an operation gets the same 404 as a case or intervention that is not theirs.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cases.absence import selectors
from cases.interventions import selectors as selectors_interventions
from cases.interventions import services as services_interventions
from cases.interventions.models import AdvisedBy, Intervention, InterventionKind, InterventionStatus, Provider
from verzuim.api_base import StrictInputSerializer, request_user
from verzuim.api_pagination import PAGE_PARAMETERS, paginate_queryset
from verzuim.models import User


def _kind_field() -> serializers.ChoiceField:
    return serializers.ChoiceField(
        choices=InterventionKind.choices,
        error_messages={"invalid_choice": gettext_lazy("Kies een soort interventie uit de lijst.")},
    )


def _provider(provider_id: Any) -> Provider | None:
    if provider_id is None:
        return None
    provider = selectors_interventions.provider_choices().filter(pk=provider_id).first()
    if provider is None:
        raise serializers.ValidationError({"provider": [gettext_lazy("Aanbieder niet gevonden.")]})
    return provider


def _call(function: Any, **kwargs: Any) -> Any:
    """Run a service: a role that may not is a 404 (a state conflict is a 409 by verzuim.api_errors)."""
    try:
        return function(**kwargs)
    except PermissionDenied as exc:
        raise Http404 from exc


@extend_schema_serializer(component_name="InterventionRequestResult")
class RequestResultSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    status = serializers.ChoiceField(choices=InterventionStatus.choices)
    eligible = serializers.BooleanField()
    reasons = serializers.ListField(child=serializers.CharField())


@extend_schema_serializer(component_name="ProviderScore")
class ScoreSerializer(serializers.Serializer):
    quality = serializers.IntegerField()
    result = serializers.IntegerField()
    timeliness = serializers.IntegerField()
    satisfaction = serializers.IntegerField()
    lead_time_days = serializers.IntegerField()


@extend_schema_serializer(component_name="Intervention")
class InterventionSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    kind = serializers.ChoiceField(choices=InterventionKind.choices)
    kind_label = serializers.CharField(source="get_kind_display")
    provider = serializers.UUIDField(source="provider_id", allow_null=True)
    provider_name = serializers.SerializerMethodField()
    cost = serializers.DecimalField(max_digits=10, decimal_places=2)
    advised_by = serializers.ChoiceField(choices=AdvisedBy.choices)
    description = serializers.CharField()
    status = serializers.ChoiceField(choices=InterventionStatus.choices)
    eligible = serializers.BooleanField()
    reasons = serializers.ListField(child=serializers.CharField())
    proportionality_limit = serializers.DecimalField(max_digits=12, decimal_places=2)
    requested_at = serializers.DateTimeField()
    decided_at = serializers.DateTimeField(allow_null=True)
    decision_reason = serializers.CharField()
    finished_on = serializers.DateField(allow_null=True)
    score = serializers.SerializerMethodField()

    def get_provider_name(self, intervention: Intervention) -> str | None:
        return intervention.provider.name if intervention.provider else None

    @extend_schema_field(ScoreSerializer(allow_null=True))
    def get_score(self, intervention: Intervention) -> dict[str, int] | None:
        score = getattr(intervention, "score", None)
        return ScoreSerializer(score).data if score else None


class InterventionListCreateApi(APIView):
    @extend_schema_serializer(component_name="InterventionRequestInput")
    class InputSerializer(StrictInputSerializer):
        kind = _kind_field()
        cost = serializers.DecimalField(
            max_digits=10,
            decimal_places=2,
            min_value=Decimal(0),
            error_messages={"min_value": gettext_lazy("De kosten kunnen niet negatief zijn.")},
        )
        advised_by = serializers.ChoiceField(
            choices=AdvisedBy.choices,
            error_messages={
                "invalid_choice": gettext_lazy("Alleen een advies van de bedrijfsarts of de casemanager telt.")
            },
        )
        description = serializers.CharField(required=False, allow_blank=True, max_length=2000)

    @extend_schema(parameters=PAGE_PARAMETERS, responses={200: InterventionSerializer(many=True)})
    def get(self, request: Request, case_id: str) -> Response:
        user = request_user(request)
        case = selectors.case_get(fetched_by=user, case_id=case_id, action="interventions")
        interventions = selectors_interventions.intervention_queryset(fetched_by=user, case=case)
        page = paginate_queryset(request, interventions, list_name="interventions", ordering=("-requested_at", "pk"))
        return page.response(InterventionSerializer(page.rows, many=True).data)

    @extend_schema(request=InputSerializer, responses={201: RequestResultSerializer})
    def post(self, request: Request, case_id: str) -> Response:
        user = request_user(request)
        case = selectors.case_get(fetched_by=user, case_id=case_id, action="intervention_request")
        if user.role not in services_interventions.REQUEST_ROLES:
            raise Http404
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        intervention = _call(
            services_interventions.intervention_request, requested_by=user, case=case, **data.validated_data
        )
        return Response(RequestResultSerializer(intervention).data, status=status.HTTP_201_CREATED)


def _intervention(user: User, case_id: str, intervention_id: str, action: str) -> Intervention:
    return selectors_interventions.intervention_get(
        fetched_by=user, case_id=case_id, intervention_id=intervention_id, action=action
    )


class InterventionApproveApi(APIView):
    @extend_schema_serializer(component_name="InterventionApproveInput")
    class InputSerializer(StrictInputSerializer):
        reason = serializers.CharField(
            required=False,
            allow_blank=True,
            max_length=2000,
            help_text="Required when the intervention is not eligible.",
        )
        provider = serializers.UUIDField(required=False, allow_null=True)

    @extend_schema(request=InputSerializer, responses={200: InterventionSerializer})
    def post(self, request: Request, case_id: str, intervention_id: str) -> Response:
        user = request_user(request)
        intervention = _intervention(user, case_id, intervention_id, "intervention_approve")
        if user.role not in services_interventions.DECIDE_ROLES:
            raise Http404
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        approved = _call(
            services_interventions.intervention_approve,
            approved_by=user,
            intervention=intervention,
            reason=values.get("reason", ""),
            provider=_provider(values.get("provider")),
        )
        return Response(InterventionSerializer(approved).data)


class InterventionRejectApi(APIView):
    @extend_schema_serializer(component_name="InterventionRejectInput")
    class InputSerializer(StrictInputSerializer):
        reason = serializers.CharField(
            max_length=2000,
            error_messages={
                "required": gettext_lazy("Geef de reden van de afwijzing."),
                "blank": gettext_lazy("Geef de reden van de afwijzing."),
            },
        )

    @extend_schema(request=InputSerializer, responses={200: InterventionSerializer})
    def post(self, request: Request, case_id: str, intervention_id: str) -> Response:
        user = request_user(request)
        intervention = _intervention(user, case_id, intervention_id, "intervention_reject")
        if user.role not in services_interventions.DECIDE_ROLES:
            raise Http404
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        rejected = _call(
            services_interventions.intervention_reject,
            rejected_by=user,
            intervention=intervention,
            reason=data.validated_data["reason"],
        )
        return Response(InterventionSerializer(rejected).data)


class InterventionFinishApi(APIView):
    @extend_schema_serializer(component_name="InterventionFinishInput")
    class InputSerializer(StrictInputSerializer):
        finished_on = serializers.DateField()
        provider = serializers.UUIDField(required=False, allow_null=True)

    @extend_schema(request=InputSerializer, responses={200: InterventionSerializer})
    def post(self, request: Request, case_id: str, intervention_id: str) -> Response:
        user = request_user(request)
        intervention = _intervention(user, case_id, intervention_id, "intervention_finish")
        if user.role not in services_interventions.FINISH_ROLES:
            raise Http404
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        finished = _call(
            services_interventions.intervention_finish,
            finished_by=user,
            intervention=intervention,
            finished_on=values["finished_on"],
            provider=_provider(values.get("provider")),
        )
        return Response(InterventionSerializer(finished).data)


def _mark() -> serializers.IntegerField:
    message = gettext_lazy("Geef een cijfer van 1 tot en met 10.")
    return serializers.IntegerField(
        min_value=1, max_value=10, error_messages={"min_value": message, "max_value": message, "invalid": message}
    )


class InterventionScoreApi(APIView):
    @extend_schema_serializer(component_name="InterventionScoreInput")
    class InputSerializer(StrictInputSerializer):
        quality = _mark()
        result = _mark()
        timeliness = _mark()
        satisfaction = _mark()

    @extend_schema(request=InputSerializer, responses={201: ScoreSerializer})
    def post(self, request: Request, case_id: str, intervention_id: str) -> Response:
        user = request_user(request)
        intervention = _intervention(user, case_id, intervention_id, "intervention_score")
        if user.role not in services_interventions.FINISH_ROLES:
            raise Http404
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        score = _call(
            services_interventions.intervention_score, scored_by=user, intervention=intervention, **data.validated_data
        )
        return Response(ScoreSerializer(score).data, status=status.HTTP_201_CREATED)
