"""API of the poortwachter guarantee: wage sanctions, the evaluation of the dossier, the decision.

Insurer staff record and decide; the employer of the case reads the evaluation; every other role gets 404.
"""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cases.advice import guarantee
from cases.advice import selectors as selectors_advice
from cases.advice import services as services_advice
from cases.advice.models import SANCTION_MAX_WEEKS, GuaranteeDecision, Sanction
from verzuim.api_base import StrictInputSerializer, request_user
from verzuim.api_errors import Conflict
from verzuim.errors import StateConflict


@extend_schema_serializer(component_name="Sanction")
class SanctionOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    case = serializers.UUIDField(source="case_id")
    decision_date = serializers.DateField(help_text="Date of the UWV decision.")
    weeks = serializers.IntegerField()
    start = serializers.DateField()
    end = serializers.DateField()
    decision = serializers.ChoiceField(choices=GuaranteeDecision.choices)
    decision_reason = serializers.CharField()
    decided_by = serializers.UUIDField(source="decided_by_id", allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)
    claim = serializers.UUIDField(source="claim_id", allow_null=True, help_text="The guarantee claim, once approved.")


@extend_schema_serializer(component_name="GuaranteeFinding")
class FindingSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=guarantee.FINDING_KINDS)
    title = serializers.CharField(help_text="The step's title, or the advice text.")
    code = serializers.CharField(help_text="The step code; empty for an advice.")
    sequence = serializers.IntegerField()
    due_date = serializers.DateField(allow_null=True)
    completed_on = serializers.DateField(allow_null=True, help_text="Step completed / advice done on.")
    days_late = serializers.IntegerField(allow_null=True)
    followup_status = serializers.CharField(allow_null=True)
    evidence = serializers.CharField()


@extend_schema_serializer(component_name="GuaranteeEvaluation")
class EvaluationSerializer(serializers.Serializer):
    sanction = SanctionOutputSerializer()
    on = serializers.DateField(help_text="The dossier is judged as it stood on the UWV decision date.")
    eligible = serializers.BooleanField()
    steps_judged = serializers.IntegerField()
    advices_judged = serializers.IntegerField()
    findings = FindingSerializer(many=True)


class SanctionCreateApi(APIView):
    @extend_schema_serializer(component_name="SanctionInput")
    class InputSerializer(StrictInputSerializer):
        decision_date = serializers.DateField()
        weeks = serializers.IntegerField(min_value=1, max_value=SANCTION_MAX_WEEKS)
        start = serializers.DateField(required=False, help_text="Default: the first day after the 104 weeks.")

    @extend_schema(request=InputSerializer, responses={201: SanctionOutputSerializer})
    def post(self, request: Request, case_id: str) -> Response:
        user = request_user(request)
        case = selectors_advice.sanction_case_get(fetched_by=user, case_id=case_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        sanction = services_advice.sanction_record(
            recorded_by=user, case=case, today=timezone.localdate(), **data.validated_data
        )
        return Response(SanctionOutputSerializer(sanction).data, status=status.HTTP_201_CREATED)


def _evaluation_data(sanction: Sanction) -> dict[str, object]:
    evaluation = selectors_advice.sanction_evaluation(sanction=sanction)
    return {
        "sanction": sanction,
        "on": evaluation.on,
        "eligible": evaluation.eligible,
        "steps_judged": evaluation.steps_judged,
        "advices_judged": evaluation.advices_judged,
        "findings": evaluation.findings,
    }


class SanctionEvaluationApi(APIView):
    @extend_schema(responses={200: EvaluationSerializer})
    def get(self, request: Request, sanction_id: str) -> Response:
        sanction = selectors_advice.sanction_get(
            fetched_by=request_user(request), sanction_id=sanction_id, action="evaluation"
        )
        return Response(EvaluationSerializer(_evaluation_data(sanction)).data)


class SanctionDecisionApi(APIView):
    @extend_schema_serializer(component_name="SanctionDecisionInput")
    class InputSerializer(StrictInputSerializer):
        approve = serializers.BooleanField()
        reason = serializers.CharField(
            required=False,
            allow_blank=True,
            max_length=2000,
            help_text="Required to reject, and to approve when the evaluation has findings.",
        )

    @extend_schema(request=InputSerializer, responses={200: SanctionOutputSerializer})
    def post(self, request: Request, sanction_id: str) -> Response:
        user = request_user(request)
        sanction = selectors_advice.sanction_get(fetched_by=user, sanction_id=sanction_id, action="decision")
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            sanction = services_advice.sanction_decide(
                decided_by=user,
                sanction=sanction,
                approve=data.validated_data["approve"],
                reason=data.validated_data.get("reason", ""),
            )
        except StateConflict as exc:
            raise Conflict(detail=exc.message, code=exc.code) from exc
        return Response(SanctionOutputSerializer(sanction).data)
