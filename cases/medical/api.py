"""API of the occupational physician's compartment (docs/api.md "Absence cases"): the medical notes, for the
physician only, and the functional assessments every role that sees the case reads (insurer staff a summary)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cases.absence import selectors
from cases.medical import messages as medical_messages
from cases.medical import selectors as selectors_medical
from cases.medical import services as services_medical
from cases.messages.api import MessageInputSerializer, MessageOutputSerializer, ThreadApi
from verzuim.api_base import StrictInputSerializer, request_user
from verzuim.api_pagination import PAGE_PARAMETERS, paginate_queryset
from verzuim.models import Role


@extend_schema_serializer(component_name="FunctionalAssessment")
class AssessmentOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    assessed_on = serializers.DateField()
    # Absent for insurer staff and admins (see FunctionalAssessmentSummary).
    functional_limitations = serializers.CharField(required=False)
    expected_duration_days = serializers.IntegerField(allow_null=True)
    incapacity_pct = serializers.IntegerField()
    workplace_adjustments = serializers.CharField(required=False)
    long_absence_threatens = serializers.BooleanField()


@extend_schema_serializer(component_name="FunctionalAssessmentSummary")
class AssessmentSummarySerializer(serializers.Serializer):
    """Insurer staff see progress figures, not the physician's words (docs/domain.md §3)."""

    id = serializers.UUIDField()
    assessed_on = serializers.DateField()
    expected_duration_days = serializers.IntegerField(allow_null=True)
    incapacity_pct = serializers.IntegerField()
    long_absence_threatens = serializers.BooleanField()


# Roles that work with the employee and so read the functional limitations and adjustments in full.
ASSESSMENT_FULL_ROLES = frozenset({Role.EMPLOYER, Role.CASEMANAGER, Role.OCCUPATIONAL_PHYSICIAN})


class FunctionalAssessmentApi(APIView):
    """What the physician lets flow to the dossier; everyone who sees the case reads it, the physician writes it."""

    @extend_schema_serializer(component_name="FunctionalAssessmentInput")
    class InputSerializer(StrictInputSerializer):
        assessed_on = serializers.DateField()
        functional_limitations = serializers.CharField(max_length=4000)
        expected_duration_days = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=730)
        incapacity_pct = serializers.IntegerField(min_value=0, max_value=100)
        workplace_adjustments = serializers.CharField(required=False, allow_blank=True, max_length=4000)
        long_absence_threatens = serializers.BooleanField(default=False)

    @extend_schema(
        parameters=PAGE_PARAMETERS,
        responses={200: AssessmentOutputSerializer(many=True)},
        description="Insurer staff and admins get the summary fields only (FunctionalAssessmentSummary).",
    )
    def get(self, request: Request, case_id: str) -> Response:
        user = request_user(request)
        _case, assessments = selectors_medical.functional_assessment_queryset(fetched_by=user, case_id=case_id)
        page = paginate_queryset(
            request, assessments, list_name="functional_assessments", ordering=("-assessed_on", "-created_at", "-pk")
        )
        serializer = AssessmentOutputSerializer if user.role in ASSESSMENT_FULL_ROLES else AssessmentSummarySerializer
        return page.response(serializer(page.rows, many=True).data)

    @extend_schema(request=InputSerializer, responses={201: AssessmentOutputSerializer})
    def post(self, request: Request, case_id: str) -> Response:
        user = request_user(request)
        case = selectors.case_get(fetched_by=user, case_id=case_id)
        if user.role != Role.OCCUPATIONAL_PHYSICIAN:
            raise exceptions.PermissionDenied(_("Alleen de bedrijfsarts legt de functionele mogelijkheden vast."))
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        assessment = services_medical.functional_assessment_record(physician=user, case=case, **data.validated_data)
        return Response(AssessmentOutputSerializer(assessment).data, status=status.HTTP_201_CREATED)


@extend_schema_serializer(component_name="MedicalNote")
class MedicalNoteOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    consulted_on = serializers.DateField()
    consultation_note = serializers.CharField()
    diagnosis = serializers.CharField()
    specialist_information = serializers.CharField()


class MedicalNoteApi(APIView):
    """The medical compartment: the occupational physician only; for every other role it does not exist (404)."""

    @extend_schema_serializer(component_name="MedicalNoteInput")
    class InputSerializer(StrictInputSerializer):
        consulted_on = serializers.DateField()
        consultation_note = serializers.CharField(max_length=20000)
        diagnosis = serializers.CharField(required=False, allow_blank=True, max_length=2000)
        specialist_information = serializers.CharField(required=False, allow_blank=True, max_length=20000)

    @extend_schema(parameters=PAGE_PARAMETERS, responses={200: MedicalNoteOutputSerializer(many=True)})
    def get(self, request: Request, case_id: str) -> Response:
        _case, notes = selectors_medical.medical_note_queryset(fetched_by=request_user(request), case_id=case_id)
        page = paginate_queryset(
            request, notes, list_name="medical_notes", ordering=("-consulted_on", "-created_at", "-pk")
        )
        return page.response(MedicalNoteOutputSerializer(page.rows, many=True).data)

    @extend_schema(request=InputSerializer, responses={201: MedicalNoteOutputSerializer})
    def post(self, request: Request, case_id: str) -> Response:
        user = request_user(request)
        case, _notes = selectors_medical.medical_note_list(fetched_by=user, case_id=case_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        note = services_medical.medical_note_add(physician=user, case=case, **data.validated_data)
        return Response(MedicalNoteOutputSerializer(note).data, status=status.HTTP_201_CREATED)


class PhysicianMessageApi(ThreadApi):
    """The confidential thread between the employee and the occupational physician (cases.medical.messages): its two
    parties only; every other role 404, the admin and insurer staff included."""

    list_name = "physician_messages"

    def case_get(self, request: Request, case_id: str) -> Any:
        return medical_messages.physician_thread_case_get(fetched_by=request_user(request), case_id=case_id)

    def queryset(self, case: Any) -> Any:
        return medical_messages.physician_message_queryset(case=case)

    def mark_read(self, request: Request, case: Any, rows: list[Any]) -> None:
        medical_messages.physician_message_page_mark_read(fetched_by=request_user(request), case=case, messages=rows)

    def send(self, request: Request, case: Any, text: str) -> Any:
        return medical_messages.physician_message_send(sent_by=request_user(request), case=case, text=text)

    @extend_schema(parameters=PAGE_PARAMETERS, responses={200: MessageOutputSerializer(many=True)})
    def get(self, request: Request, case_id: str) -> Response:
        return self.list_response(request, case_id)

    @extend_schema(request=MessageInputSerializer, responses={201: MessageOutputSerializer})
    def post(self, request: Request, case_id: str) -> Response:
        return self.create_response(request, case_id)
