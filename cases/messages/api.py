"""API of a case's conversation (issue 22 item 6; docs/api.md "Messages"): GET lists the thread oldest first
(cursor-paged like every list), POST sends a message (text only: attachments are added on the page). The physician's
confidential thread (cases.medical.api) has the same shape.

Reading a page marks its messages read for the caller and is audited once, as on the page.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cases.messages import selectors as selectors_messages
from cases.messages import services as services_messages
from cases.messages.models import TEXT_MAX_LENGTH
from verzuim.api_base import StrictInputSerializer, request_user
from verzuim.api_pagination import PAGE_PARAMETERS, paginate_queryset


@extend_schema_serializer(component_name="MessageAuthor")
class AuthorSerializer(serializers.Serializer):
    name = serializers.CharField(source="get_full_name")
    role = serializers.CharField()


@extend_schema_serializer(component_name="MessageRead")
class ReadSerializer(serializers.Serializer):
    reader = AuthorSerializer()
    read_at = serializers.DateTimeField()


@extend_schema_serializer(component_name="Message")
class MessageOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    author = AuthorSerializer()
    sent_at = serializers.DateTimeField()
    text = serializers.CharField()
    # The file name of the PDF attachment, empty without one (it is downloaded on the page).
    attachment_name = serializers.CharField()
    read_by = ReadSerializer(many=True, source="reads.all")


@extend_schema_serializer(component_name="MessageInput")
class MessageInputSerializer(StrictInputSerializer):
    text = serializers.CharField(
        max_length=TEXT_MAX_LENGTH,
        error_messages={
            "blank": _("Schrijf een bericht."),
            "required": _("Schrijf een bericht."),
        },
    )


class ThreadApi(APIView):
    """GET and POST of one kind of thread; a subclass names its selectors and its send service."""

    list_name: ClassVar[str]

    def case_get(self, request: Request, case_id: str) -> Any:
        raise NotImplementedError

    def queryset(self, case: Any) -> Any:
        raise NotImplementedError

    def mark_read(self, request: Request, case: Any, rows: list[Any]) -> None:
        raise NotImplementedError

    def send(self, request: Request, case: Any, text: str) -> Any:
        raise NotImplementedError

    def list_response(self, request: Request, case_id: str) -> Response:
        case = self.case_get(request, case_id)
        page = paginate_queryset(request, self.queryset(case), list_name=self.list_name, ordering=("sent_at", "pk"))
        rows = list(page.rows)
        self.mark_read(request, case, rows)
        return page.response(MessageOutputSerializer(rows, many=True).data)

    def create_response(self, request: Request, case_id: str) -> Response:
        case = self.case_get(request, case_id)
        data = MessageInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        message = self.send(request, case, data.validated_data["text"])
        return Response(MessageOutputSerializer(message).data, status=status.HTTP_201_CREATED)


class CaseMessageApi(ThreadApi):
    """The conversation of a case: the employee (their own case), the employer users and the casemanager; every
    other role 404."""

    list_name = "case_messages"

    def case_get(self, request: Request, case_id: str) -> Any:
        return selectors_messages.message_case_get(fetched_by=request_user(request), case_id=case_id)

    def queryset(self, case: Any) -> Any:
        return selectors_messages.message_queryset(case=case)

    def mark_read(self, request: Request, case: Any, rows: list[Any]) -> None:
        selectors_messages.message_page_mark_read(fetched_by=request_user(request), case=case, messages=rows)

    def send(self, request: Request, case: Any, text: str) -> Any:
        return services_messages.message_send(sent_by=request_user(request), case=case, text=text)

    @extend_schema(parameters=PAGE_PARAMETERS, responses={200: MessageOutputSerializer(many=True)})
    def get(self, request: Request, case_id: str) -> Response:
        return self.list_response(request, case_id)

    @extend_schema(request=MessageInputSerializer, responses={201: MessageOutputSerializer})
    def post(self, request: Request, case_id: str) -> Response:
        return self.create_response(request, case_id)
