"""Needs and challenges: read what the caller may see, write a need draft and submit it
through `needs.services` (the same checks and messages as the need form)."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from needs import services
from needs.enums import Department
from needs.filters import ChallengeFilter
from needs.models import Challenge, Need
from needs.selectors import challenges_for_user, needs_for_user

from .common import OrganizationRefSerializer, UserRefSerializer
from .filtering import ApiNeedFilter, UserFilterBackend


class NeedSerializer(serializers.ModelSerializer):
    organization = OrganizationRefSerializer(read_only=True)
    author = UserRefSerializer(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Need
        fields = [
            "id",
            "title",
            "problem",
            "department",
            "affected",
            "current_cost",
            "desired_effect",
            "status",
            "status_label",
            "status_reason",
            "organization",
            "author",
            "challenge",
            "merged_into",
            "submitted_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class NeedWriteSerializer(serializers.Serializer):
    """Only types are checked here; `needs.services.need_create` gives the form's messages."""

    title = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    problem = serializers.CharField(required=False, allow_blank=True, default="")
    department = serializers.ChoiceField(
        choices=Department.choices, required=False, default=Department.OTHER
    )
    affected = serializers.CharField(required=False, allow_blank=True, default="")
    current_cost = serializers.CharField(required=False, allow_blank=True, default="")
    desired_effect = serializers.CharField(required=False, allow_blank=True, default="")
    submit = serializers.BooleanField(
        required=False, default=False, help_text="Submit to the network at once (else a draft)."
    )


class NeedViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Needs the caller may see (drafts: the author and the municipality's officers). The
    list takes the same filters as the needs page (`q` is Swedish full-text search)."""

    filter_backends = [UserFilterBackend]
    filterset_class = ApiNeedFilter
    serializer_class = NeedSerializer

    def get_queryset(self):
        return needs_for_user(self.request.user).order_by("-created_at", "-pk")

    @extend_schema(request=NeedWriteSerializer, responses={201: NeedSerializer})
    def create(self, request, *args, **kwargs):
        data = NeedWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        submit = fields.pop("submit")
        need = services.need_create(author=request.user, submit=submit, **fields)
        return Response(NeedSerializer(need).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=NeedSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Submit a draft to the network (the author only)."""
        need = services.need_submit(need=self.get_object(), by=request.user)
        return Response(NeedSerializer(need).data)


class ChallengeSerializer(serializers.ModelSerializer):
    owner_organization = OrganizationRefSerializer(read_only=True)
    owner = UserRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Challenge
        fields = [
            "id",
            "title",
            "description",
            "expected_effect",
            "owner_organization",
            "owner",
            "network",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ChallengeViewSet(viewsets.ReadOnlyModelViewSet):
    """Challenges of the caller's networks, with the challenge page's filters."""

    filter_backends = [UserFilterBackend]
    filterset_class = ChallengeFilter
    serializer_class = ChallengeSerializer

    def get_queryset(self):
        return challenges_for_user(self.request.user).order_by("-created_at", "-pk")
