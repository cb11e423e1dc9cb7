"""API of the event subscriptions for HR and payroll systems (docs/api.md "Events (webhooks)"; verzuim.webhooks).

An employer user manages its own employer's subscriptions, insurer staff and admins any employer's (with
`employer`). Other roles: POST 403, lists empty, objects 404. The secret is write-only: no answer shows it again.
"""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from verzuim import selectors, webhooks
from verzuim.api_base import StrictInputSerializer, request_user
from verzuim.api_pagination import PAGE_PARAMETERS, paginate_queryset
from verzuim.models import (
    ApiKeyScope,
    Role,
    WebhookDeliveryState,
    WebhookEvent,
    WebhookSubscription,
)

MANAGE_ROLES = frozenset({Role.EMPLOYER, *selectors.ALL_EMPLOYERS_ROLES})


@extend_schema_serializer(component_name="WebhookSubscription")
class SubscriptionOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    employer = serializers.UUIDField(source="employer_id")
    url = serializers.URLField()
    events = serializers.ListField(child=serializers.ChoiceField(choices=WebhookEvent.choices))
    created_at = serializers.DateTimeField()


@extend_schema_serializer(component_name="WebhookDelivery")
class DeliveryOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    event = serializers.ChoiceField(choices=WebhookEvent.choices)
    event_id = serializers.UUIDField()
    state = serializers.ChoiceField(choices=WebhookDeliveryState.choices)
    attempts = serializers.IntegerField()
    next_attempt_at = serializers.DateTimeField(allow_null=True)
    last_status = serializers.IntegerField(allow_null=True)
    last_error = serializers.CharField()
    created_at = serializers.DateTimeField()
    delivered_at = serializers.DateTimeField(allow_null=True)
    payload = serializers.JSONField()


def _subscription(request: Request, subscription_id: str) -> WebhookSubscription:
    return webhooks.webhook_subscription_get(fetched_by=request_user(request), subscription_id=subscription_id)


class WebhookListCreateApi(APIView):
    api_key_scopes = {"GET": ApiKeyScope.EVENTS_MANAGE, "POST": ApiKeyScope.EVENTS_MANAGE}

    @extend_schema_serializer(component_name="WebhookSubscriptionInput")
    class InputSerializer(StrictInputSerializer):
        employer = serializers.UUIDField(required=False)
        url = serializers.URLField(max_length=500)
        secret = serializers.CharField(max_length=200, write_only=True, trim_whitespace=False)
        events = serializers.ListField(
            child=serializers.ChoiceField(choices=WebhookEvent.choices), min_length=1, max_length=10
        )

    @extend_schema(parameters=PAGE_PARAMETERS, responses={200: SubscriptionOutputSerializer(many=True)})
    def get(self, request: Request) -> Response:
        user = request_user(request)
        subscriptions = WebhookSubscription.objects.filter(
            webhooks.subscription_scope(user=user), deleted_at__isnull=True
        )
        page = paginate_queryset(request, subscriptions, list_name="webhooks", ordering=("created_at", "pk"))
        return page.response(SubscriptionOutputSerializer(page.rows, many=True).data)

    @extend_schema(request=InputSerializer, responses={201: SubscriptionOutputSerializer})
    def post(self, request: Request) -> Response:
        user = request_user(request)
        if user.role not in MANAGE_ROLES:
            raise exceptions.PermissionDenied(_("Uw rol mag geen koppelingen beheren."))
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        employer_id = values.pop("employer", None)
        if user.role == Role.EMPLOYER:
            employer_id = employer_id or user.employer_id
        elif employer_id is None:
            raise serializers.ValidationError({"employer": [_("Dit veld is verplicht.")]})
        try:
            employer = selectors.employer_get(fetched_by=user, employer_id=employer_id)
        except Http404 as exc:
            raise serializers.ValidationError({"employer": [_("Werkgever niet gevonden.")]}) from exc
        # A ValidationError of the service is the API's 400 with its fields (verzuim.api_errors).
        subscription = webhooks.webhook_subscribe(created_by=user, employer=employer, **values)
        return Response(SubscriptionOutputSerializer(subscription).data, status=status.HTTP_201_CREATED)


class WebhookDetailApi(APIView):
    api_key_scopes = {"GET": ApiKeyScope.EVENTS_MANAGE, "DELETE": ApiKeyScope.EVENTS_MANAGE}

    @extend_schema(responses={200: SubscriptionOutputSerializer})
    def get(self, request: Request, subscription_id: str) -> Response:
        return Response(SubscriptionOutputSerializer(_subscription(request, subscription_id)).data)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, subscription_id: str) -> Response:
        user = request_user(request)
        subscription = _subscription(request, subscription_id)
        webhooks.webhook_unsubscribe(removed_by=user, subscription=subscription)
        return Response(status=status.HTTP_204_NO_CONTENT)


class WebhookDeliveryListApi(APIView):
    api_key_scopes = {"GET": ApiKeyScope.EVENTS_MANAGE}

    @extend_schema(
        parameters=[OpenApiParameter("state", str, enum=WebhookDeliveryState.values), *PAGE_PARAMETERS],
        responses={200: DeliveryOutputSerializer(many=True)},
    )
    def get(self, request: Request, subscription_id: str) -> Response:
        subscription = _subscription(request, subscription_id)
        state = request.query_params.get("state")
        if state is not None and state not in WebhookDeliveryState.values:
            raise serializers.ValidationError(
                {"state": [_("Kies een van: %s.") % ", ".join(WebhookDeliveryState.values)]}
            )
        deliveries = webhooks.webhook_delivery_list(subscription=subscription, state=state)
        page = paginate_queryset(request, deliveries, list_name="webhook_deliveries", ordering=("-created_at", "-pk"))
        return page.response(DeliveryOutputSerializer(page.rows, many=True).data)


class WebhookDeliveryRetryApi(APIView):
    api_key_scopes = {"POST": ApiKeyScope.EVENTS_MANAGE}

    @extend_schema(request=None, responses={200: DeliveryOutputSerializer})
    def post(self, request: Request, subscription_id: str, delivery_id: str) -> Response:
        user = request_user(request)
        subscription = _subscription(request, subscription_id)
        delivery = webhooks.webhook_delivery_get(subscription=subscription, delivery_id=delivery_id)
        delivery = webhooks.webhook_delivery_retry(retried_by=user, delivery=delivery)
        return Response(DeliveryOutputSerializer(delivery).data)
