"""Sharing: listings (the marketplace's filters and free text) and reservations (request,
approve, decline, cancel) through `sharing.services`."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from sharing import selectors, services
from sharing.enums import BookingState
from sharing.filters import ListingFilter
from sharing.models import Booking, Listing

from .common import OrganizationRefSerializer, UserRefSerializer
from .filtering import UserFilterBackend


def _marketplace_user(request):
    """As on the pages: only municipal staff (and platform admins) use the marketplace."""
    if not request.user.has_perm("sharing.use_marketplace"):
        raise PermissionDenied
    return request.user


class CategoryRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    path = serializers.CharField(read_only=True)
    name_sv = serializers.CharField(read_only=True)
    name_en = serializers.CharField(read_only=True)


class LocationRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    address = serializers.CharField(read_only=True)
    latitude = serializers.FloatField(read_only=True)
    longitude = serializers.FloatField(read_only=True)


class ListingSerializer(serializers.ModelSerializer):
    organization = OrganizationRefSerializer(read_only=True)
    category = CategoryRefSerializer(read_only=True)
    location = LocationRefSerializer(read_only=True)
    mode_label = serializers.CharField(source="get_mode_display", read_only=True)

    class Meta:
        model = Listing
        fields = [
            "id",
            "title",
            "description",
            "kind",
            "mode",
            "mode_label",
            "condition",
            "quantity",
            "dimensions",
            "price_sek",
            "available_from",
            "available_to",
            "buffer_days",
            "horizon_days",
            "requires_approval",
            "visibility",
            "status",
            "department",
            "organization",
            "category",
            "location",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "order",
                str,
                enum=["newest", "nearest", "relevance"],
                description="newest (default), nearest to your municipality, or best match "
                "(default with `q`).",
            )
        ]
    )
)
class ListingViewSet(viewsets.ReadOnlyModelViewSet):
    """Active listings the caller may see, with the marketplace's filters: `q` (Swedish
    full text), category (with its subcategories), mode, condition, municipality,
    available_from/available_to (a unit free on every day)."""

    filter_backends = [UserFilterBackend]
    filterset_class = ListingFilter
    serializer_class = ListingSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Listing.objects.none()
        user = _marketplace_user(self.request)
        if self.action == "retrieve":
            return selectors.listings_for_user(user)
        return selectors.active_listings_for_user(user)

    def filter_queryset(self, queryset):
        qs = super().filter_queryset(queryset)
        if self.action != "list":
            return qs
        params = self.request.query_params
        text = (params.get("q") or "").strip()
        order = params.get("order") or ("relevance" if text else "newest")
        position = selectors.user_position(self.request.user) if order == "nearest" else None
        if position:
            return qs.annotate(distance=selectors.distance_expression(*position)).order_by(
                "distance", "-created_at", "-id"
            )
        if order == "relevance" and text:
            return qs.order_by("-rank", "-created_at", "-id")
        return qs.order_by("-created_at", "-id")


class BookingSerializer(serializers.ModelSerializer):
    listing = serializers.PrimaryKeyRelatedField(read_only=True)
    listing_title = serializers.CharField(source="listing.title", read_only=True)
    owner = OrganizationRefSerializer(source="listing.organization", read_only=True)
    requester = UserRefSerializer(read_only=True)
    requester_organization = OrganizationRefSerializer(read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)

    class Meta:
        model = Booking
        fields = [
            "id",
            "listing",
            "listing_title",
            "owner",
            "requester",
            "requester_organization",
            "requester_department",
            "cost_centre",
            "quantity",
            "start_date",
            "end_date",
            "state",
            "state_label",
            "message",
            "reply",
            "transport_requested",
            "delivery_address",
            "decided_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class BookingRequestSerializer(serializers.Serializer):
    """Types only; `sharing.services.booking_request` checks the rest (same messages as
    the reservation form)."""

    listing = serializers.IntegerField(help_text="The listing to reserve.")
    start_date = serializers.DateField()
    end_date = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="Loans and rentals only."
    )
    quantity = serializers.IntegerField(
        required=False, default=1, min_value=-(2**31), max_value=2**31 - 1
    )
    department = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    cost_centre = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    message = serializers.CharField(required=False, allow_blank=True, default="")
    transport = serializers.BooleanField(required=False, default=False)
    delivery_address = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default=""
    )


class DecisionSerializer(serializers.Serializer):
    reply = serializers.CharField(required=False, allow_blank=True, default="")


class BookingViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Reservations the caller's municipality is a party to (as owner or borrower)."""

    serializer_class = BookingSerializer
    filter_backends = [UserFilterBackend]
    filterset_fields = ["state", "listing"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Booking.objects.none()
        return selectors.bookings_for_user(_marketplace_user(self.request)).order_by(
            "-created_at", "-pk"
        )

    @extend_schema(request=BookingRequestSerializer, responses={201: BookingSerializer})
    def create(self, request, *args, **kwargs):
        """Ask for units of a listing (listings without approval are booked at once)."""
        user = _marketplace_user(request)
        data = BookingRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        listing = selectors.active_listings_for_user(user).filter(pk=fields.pop("listing")).first()
        if listing is None:
            raise serializers.ValidationError(
                {"listing": [_("This listing does not exist or is no longer available.")]}
            )
        booking = services.booking_request(user=user, listing=listing, **fields)
        return Response(BookingSerializer(booking).data, status=status.HTTP_201_CREATED)

    def _move(self, request, to: str):
        booking = self.get_object()
        data = DecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.booking_transition(
            user=request.user, booking=booking, to=to, reply=data.validated_data["reply"]
        )
        return Response(BookingSerializer(self.get_queryset().get(pk=booking.pk)).data)

    @extend_schema(request=DecisionSerializer, responses=BookingSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """The listing's owner approves a request (its units become blocked)."""
        return self._move(request, BookingState.APPROVED)

    @extend_schema(request=DecisionSerializer, responses=BookingSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        """The listing's owner declines a request, with an optional reply."""
        return self._move(request, BookingState.DECLINED)

    @extend_schema(request=DecisionSerializer, responses=BookingSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """The requester (or the owner) cancels."""
        return self._move(request, BookingState.CANCELLED)
