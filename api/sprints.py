"""Design sprints: call-offs, their sessions (bookings) and the supplier's offers.

A supplier sees only the call-offs addressed to it and only its own offers; frozen
rankings, other suppliers' prices and sealed competition answers are never serialized."""

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from sprints import selectors, services
from sprints.enums import DeclineReason
from sprints.models import CallOff, FacilitatorTeam, Offer, Session

from .common import OrganizationRefSerializer
from .filtering import UserFilterBackend


class SessionSerializer(serializers.ModelSerializer):
    starts_at = serializers.DateTimeField(source="period.lower", read_only=True)
    ends_at = serializers.DateTimeField(source="period.upper", read_only=True)
    team = serializers.CharField(source="team.name", read_only=True, allow_null=True, default=None)
    room = serializers.CharField(source="room.name", read_only=True, allow_null=True, default=None)
    call_off_reference = serializers.CharField(source="call_off.reference", read_only=True)

    class Meta:
        model = Session
        fields = [
            "id",
            "call_off",
            "call_off_reference",
            "day_number",
            "starts_at",
            "ends_at",
            "state",
            "team",
            "room",
        ]
        read_only_fields = fields


class OfferSerializer(serializers.ModelSerializer):
    supplier = OrganizationRefSerializer(read_only=True)
    call_off_reference = serializers.CharField(source="call_off.reference", read_only=True)

    class Meta:
        model = Offer
        fields = [
            "id",
            "call_off",
            "call_off_reference",
            "supplier",
            "rank",
            "price_sek",
            "offered_at",
            "response_deadline",
            "state",
            "answered_at",
            "decline_reason",
            "decline_note",
        ]
        read_only_fields = fields


class CallOffSerializer(serializers.ModelSerializer):
    organization = OrganizationRefSerializer(read_only=True)
    supplier = OrganizationRefSerializer(read_only=True, allow_null=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    room = serializers.CharField(source="room.name", read_only=True, allow_null=True, default=None)
    team = serializers.CharField(source="team.name", read_only=True, allow_null=True, default=None)

    class Meta:
        model = CallOff
        fields = [
            "id",
            "reference",
            "title",
            "challenge",
            "format",
            "day_part",
            "start_date",
            "end_date",
            "route",
            "state",
            "state_label",
            "organization",
            "supplier",
            "team",
            "room",
            "price_sek",
            "competition_deadline",
            "cancelled_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def to_representation(self, call_off):
        """A passed-over supplier learns only that it was not chosen."""
        data = super().to_representation(call_off)
        request = self.context.get("request")
        if request is not None and selectors.passed_over(request.user, call_off):
            data.update(supplier=None, team=None, price_sek=None)
        return data


class CallOffDetailSerializer(CallOffSerializer):
    sessions = serializers.SerializerMethodField()
    offers = serializers.SerializerMethodField()

    class Meta(CallOffSerializer.Meta):
        fields = [*CallOffSerializer.Meta.fields, "sessions", "offers"]
        read_only_fields = fields

    @extend_schema_field(SessionSerializer(many=True))
    def get_sessions(self, call_off):
        user = self.context["request"].user
        return SessionSerializer(
            selectors.sessions_seen_by(user, call_off, call_off.sessions.all()), many=True
        ).data

    @extend_schema_field(OfferSerializer(many=True))
    def get_offers(self, call_off):
        user = self.context["request"].user
        offers = call_off.offers.all()
        if user.is_supplier_user:
            offers = [o for o in offers if o.supplier_id == user.organization_id]
        return OfferSerializer(offers, many=True).data


class CallOffViewSet(viewsets.ReadOnlyModelViewSet):
    """The caller's municipality's sprint call-offs; for a supplier, the call-offs
    addressed to it. Filter by `state`."""

    filter_backends = [UserFilterBackend]
    filterset_fields = ["state", "format", "route"]

    def get_serializer_class(self):
        return CallOffDetailSerializer if self.action == "retrieve" else CallOffSerializer

    def get_queryset(self):
        qs = selectors.call_offs_for_user(self.request.user)
        if self.action == "retrieve":
            qs = qs.prefetch_related(
                Prefetch(
                    "sessions", queryset=Session.objects.select_related("team", "room", "call_off")
                ),
                Prefetch("offers", queryset=Offer.objects.select_related("supplier", "call_off")),
            )
        return qs.order_by("-created_at", "-pk")


class SessionViewSet(viewsets.ReadOnlyModelViewSet):
    """Booked and held sprint sessions (the calendar): a municipality's own, a supplier's
    booked or held ones."""

    serializer_class = SessionSerializer
    filter_backends = [UserFilterBackend]
    filterset_fields = ["state", "call_off"]

    def get_queryset(self):
        return selectors.sessions_for_user(self.request.user).order_by("period", "pk")


class OfferAnswerSerializer(serializers.Serializer):
    accept = serializers.BooleanField()
    team = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=1,
        max_value=2**31 - 1,
        help_text="Your facilitator team (when accepting; default: the held team).",
    )
    decline_reason = serializers.ChoiceField(
        choices=DeclineReason.choices, required=False, allow_blank=True, default=""
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")


class OfferViewSet(viewsets.ReadOnlyModelViewSet):
    """A supplier's offers (call-offs offered to it), and its answer to one."""

    serializer_class = OfferSerializer
    filter_backends = [UserFilterBackend]
    filterset_fields = ["state"]

    def get_queryset(self):
        return selectors.offers_for_supplier(self.request.user).order_by("-offered_at", "-pk")

    @extend_schema(request=OfferAnswerSerializer, responses=OfferSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        """Accept (booking a facilitator team) or decline with one of the agreement's
        reasons, before the response deadline."""
        offer = self.get_object()
        data = OfferAnswerSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        team = None
        if values["accept"] and values["team"] is not None:
            # The service refuses another supplier's team; an unknown id gets the same message.
            team = FacilitatorTeam.objects.filter(pk=values["team"]).first()
            if team is None:
                raise serializers.ValidationError(
                    {"team": [_("Choose one of your own facilitator teams.")]}
                )
        services.offer_respond(
            offer=offer,
            by=request.user,
            accept=values["accept"],
            team=team,
            decline_reason=values["decline_reason"],
            note=values["note"],
        )
        return Response(OfferSerializer(self.get_queryset().get(pk=offer.pk)).data)
