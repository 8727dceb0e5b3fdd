"""Procurement cases the caller may see (read-only). Nothing of sealed bids: no bid,
bidder or count of bids is ever serialized here."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets

from procurements.models import Contract, ProcurementCase, Tender
from procurements.selectors import procurements_for_user
from procurements.services.tender import answer_cutoff

from .common import OrganizationRefSerializer, UserRefSerializer
from .filtering import ApiCaseFilter, UserFilterBackend


class CriterionSerializer(serializers.Serializer):
    name = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    weight = serializers.IntegerField(read_only=True)


class TenderSerializer(serializers.ModelSerializer):
    criteria = CriterionSerializer(many=True, read_only=True)
    requirements = serializers.SlugRelatedField(slug_field="text", many=True, read_only=True)

    class Meta:
        model = Tender
        fields = [
            "summary",
            "deadline",
            "accelerated",
            "published_at",
            "scale_min",
            "scale_max",
            "criteria",
            "requirements",
        ]
        read_only_fields = fields


class DeadlinesSerializer(serializers.Serializer):
    tender_deadline = serializers.DateTimeField(allow_null=True)
    last_answer_at = serializers.DateTimeField(
        allow_null=True, help_text="Answers to suppliers' questions must be published by then."
    )
    standstill_ends_on = serializers.DateField(allow_null=True)
    individual_report_due_on = serializers.DateField(allow_null=True)


class CaseListSerializer(serializers.ModelSerializer):
    lead_organization = OrganizationRefSerializer(read_only=True)
    responsible_officer = UserRefSerializer(read_only=True, allow_null=True)
    stage_label = serializers.CharField(source="get_stage_display", read_only=True)
    procedure_label = serializers.CharField(source="get_procedure_display", read_only=True)
    tender_deadline = serializers.SerializerMethodField()

    class Meta:
        model = ProcurementCase
        fields = [
            "id",
            "reference",
            "title",
            "stage",
            "stage_label",
            "procedure",
            "procedure_label",
            "lead_organization",
            "responsible_officer",
            "tender_deadline",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_tender_deadline(self, case):
        tender = _tender(case)
        return (
            serializers.DateTimeField().to_representation(tender.deadline)
            if (tender and tender.deadline)
            else None
        )


class CaseDetailSerializer(CaseListSerializer):
    participating_organizations = OrganizationRefSerializer(many=True, read_only=True)
    need_owner = UserRefSerializer(read_only=True, allow_null=True)
    team = UserRefSerializer(many=True, read_only=True)
    cpv_codes = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    needs = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    challenges = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    tender = serializers.SerializerMethodField()
    deadlines = serializers.SerializerMethodField()

    class Meta(CaseListSerializer.Meta):
        fields = [
            *CaseListSerializer.Meta.fields,
            "description",
            "expected_effects",
            "estimated_value_sek",
            "participating_organizations",
            "need_owner",
            "team",
            "cpv_codes",
            "needs",
            "challenges",
            "tender",
            "deadlines",
        ]
        read_only_fields = fields

    @extend_schema_field(TenderSerializer(allow_null=True))
    def get_tender(self, case):
        tender = _tender(case)
        return TenderSerializer(tender).data if tender else None

    @extend_schema_field(DeadlinesSerializer)
    def get_deadlines(self, case):
        tender = _tender(case)
        award = getattr(case, "award", None)
        return DeadlinesSerializer(
            {
                "tender_deadline": tender.deadline if tender else None,
                "last_answer_at": answer_cutoff(tender)[0] if tender and tender.deadline else None,
                "standstill_ends_on": award.standstill_ends_on if award else None,
                "individual_report_due_on": case.individual_report_due_on,
            }
        ).data


def _tender(case):
    return getattr(case, "tender", None)


class ProcurementCaseViewSet(viewsets.ReadOnlyModelViewSet):
    """Procurement cases the caller's municipality leads or takes part in. The list takes
    the same filters as the case list page (`q` is Swedish full-text search)."""

    filter_backends = [UserFilterBackend]
    filterset_class = ApiCaseFilter

    def get_serializer_class(self):
        return CaseDetailSerializer if self.action == "retrieve" else CaseListSerializer

    def get_queryset(self):
        qs = procurements_for_user(self.request.user).select_related("tender")
        if self.action == "retrieve":
            qs = qs.select_related("need_owner", "award").prefetch_related(
                "participating_organizations",
                "team",
                "needs",
                "challenges",
                "cpv_codes",
                "tender__criteria",
                "tender__requirements",
                Prefetch(
                    "contracts",
                    queryset=Contract.objects.only("id", "case_id", "signed_on", "created_at"),
                ),
            )
        return qs.order_by("-created_at", "-pk")
