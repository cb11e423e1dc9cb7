"""API of the complaint intake (docs/api.md "Complaints"): no login, rate-limited per address."""

from __future__ import annotations

from typing import Any, NoReturn

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle
from rest_framework.views import APIView

from complaints import follow, services, spam
from complaints.forms import DESCRIPTION_MAX_LENGTH
from complaints.models import ComplaintCategory, ComplaintChannel
from verzuim.api_base import StrictInputSerializer


class ComplaintRateThrottle(BaseThrottle):
    """The same per-address counter as the public form (complaints.spam): both together make the limit."""

    def allow_request(self, request: Request, view: APIView) -> bool:
        return not spam.rate_limit_hit(spam.client_ip(request._request))

    def wait(self) -> float:
        return float(spam.RATE_WINDOW_SECONDS)


class ComplaintCreateApi(APIView):
    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    throttle_classes = [ComplaintRateThrottle]

    @extend_schema_serializer(component_name="ComplaintCreateInput")
    class InputSerializer(StrictInputSerializer):
        category = serializers.ChoiceField(choices=ComplaintCategory.choices)
        description = serializers.CharField(max_length=DESCRIPTION_MAX_LENGTH)
        contact_name = serializers.CharField(max_length=200)
        contact_email = serializers.EmailField()
        employer_kvk = serializers.CharField(max_length=8, required=False, allow_blank=True)

    @extend_schema_serializer(component_name="ComplaintCreateOutput")
    class OutputSerializer(serializers.Serializer):
        reference = serializers.CharField()
        acknowledge_by = serializers.DateField()
        answer_by = serializers.DateField()
        follow_url = serializers.URLField(
            help_text=(
                "The complainant's private link to follow the complaint (state, deadlines, letters). Only this answer "
                "holds it (the portal stores a hash); the confirmation e-mail carries a link of its own. It works "
                "until one year after the complaint is closed, unless the complaints desk revokes it."
            )
        )

    def throttled(self, request: Request, wait: float | None) -> NoReturn:
        raise exceptions.Throttled(
            wait=wait,
            detail=_("U hebt te vaak een klacht verstuurd vanaf dit adres. Probeer het over een uur opnieuw."),
        )

    @extend_schema(
        request=InputSerializer,
        responses={201: OutputSerializer, 429: OpenApiResponse(description="Te veel klachten vanaf dit adres.")},
        auth=[],
    )
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        complaint, token = services.complaint_file_followable(channel=ComplaintChannel.API, **data.validated_data)
        answer = {
            "reference": complaint.reference,
            "acknowledge_by": complaint.acknowledge_by,
            "answer_by": complaint.answer_by,
            "follow_url": follow.follow_url(token),
        }
        return Response(self.OutputSerializer(answer).data, status=status.HTTP_201_CREATED)
