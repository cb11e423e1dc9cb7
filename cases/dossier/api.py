"""API of the dossier as a whole (docs/api.md "Absence cases"): the Poortwachter check of the re-integration
report's parts and the report itself as a PDF."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cases.absence import selectors
from cases.documents import check
from cases.dossier import pdf
from verzuim.api_base import request_user
from verzuim.pdf import pdf_response


@extend_schema_serializer(component_name="PoortwachterCheckItem")
class CheckItemSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="The part of the re-integration report (DocumentPart).")
    title = serializers.CharField()
    due_date = serializers.DateField(allow_null=True)
    # A plain string, not an enum: a second "status" enum would rename the schema's existing StatusEnum.
    status = serializers.CharField(help_text='"overdue": missing and past its due date; "late": done after it.')
    step = serializers.CharField(help_text="The Poortwachter step the part follows.")
    sequence = serializers.IntegerField(help_text="Which plan review (1, 2, ...); 1 for every other part.")
    completed_on = serializers.DateField(allow_null=True)


@extend_schema_serializer(component_name="PoortwachterCheck")
class CheckOutputSerializer(serializers.Serializer):
    complete = serializers.BooleanField()
    missing = CheckItemSerializer(many=True)


class PoortwachterCheckApi(APIView):
    """Which parts of the re-integration report are missing (overdue) or were late, today (cases.documents.check)."""

    @extend_schema(responses={200: CheckOutputSerializer})
    def get(self, request: Request, case_id: str) -> Response:
        case = selectors.case_get(fetched_by=request_user(request), case_id=case_id, action="poortwachter_check")
        result = check.case_check(case=case, today=timezone.localdate())
        return Response(CheckOutputSerializer(result).data)


class ReintegrationReportPdfApi(APIView):
    """The general part of the re-integration report as a PDF, never the medical part. For the employer, the
    casemanager and the physician; for insurer staff, admins and everyone else the case does not exist (404)."""

    def perform_content_negotiation(self, request: Request, force: bool = False) -> tuple[BaseRenderer, str]:
        # The answer is the PDF, or an error in the API's JSON format, whatever the Accept header asks.
        renderer = JSONRenderer()
        return renderer, renderer.media_type

    @extend_schema(
        operation_id="v1_absences_reintegration_report_retrieve",
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="The report (PDF/UA-1)."),
            404: OpenApiResponse(description="Missing, not yours, or a role that may not read plan contents."),
        },
    )
    def get(self, request: Request, case_id: str) -> HttpResponse:
        user = request_user(request)
        case = pdf.report_case_get(fetched_by=user, case_id=case_id, document="reintegration_report_pdf")
        today = timezone.localdate()
        rendered = pdf.reintegration_report_render(case=case, generated_by=user, today=today)
        return pdf_response(rendered, filename=pdf.report_filename(case, "re-integratieverslag", today))
