"""Listing pages: the marketplace, a listing, its form, photos and labels."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.csv import csv_response
from core.files import serve_file
from core.forms import apply_validation_error

from .. import selectors, services
from ..cards import listing_cards
from ..enums import BookingState
from ..filters import ListingFilter
from ..forms import (
    BookingForm,
    ListingForm,
    PhotoForm,
    WaitlistForm,
)
from .common import COUNT_CAP, PAGE_SIZE, CappedIdPaginator, _marketplace_user, _query_string

# --- Listings ------------------------------------------------------------------------


def _listing_rows(request, user):
    """The filter, the filtered and ordered listings, the order and the user's position."""
    selectors.preload_marketplace(user)
    qs = selectors.active_listings_for_user(user)
    listing_filter = ListingFilter(request.GET or None, queryset=qs, user=user)
    qs = listing_filter.qs
    text = (request.GET.get("q") or "").strip()
    order = request.GET.get("order") or ("relevance" if text else "newest")
    position = None
    if order == "nearest":
        position = selectors.user_position(user)
    if order == "nearest" and position:
        qs = qs.annotate(distance=selectors.distance_expression(*position)).order_by(
            "distance", "-created_at", "-id"
        )
    elif order == "relevance" and text and listing_filter.is_valid():
        qs = qs.order_by("-rank", "-created_at", "-id")
    else:
        qs = qs.order_by("-created_at", "-id")
    return listing_filter, qs, order, position


@login_required
def listing_list_csv(request):
    """The listing search as CSV: the same rows, filters and order as the page."""
    user = _marketplace_user(request)
    _filter, qs, _order, _position = _listing_rows(request, user)
    qs = qs.select_related("organization", "category", "location")
    header = [_("Title"), _("Kind"), _("Category"), _("Condition"), _("Quantity"), _("Mode"),
              _("Price (SEK)"), _("Municipality"), _("Department"), _("Location"),
              _("Available from"), _("Available to")]  # fmt: skip
    rows = (
        [
            x.title,
            x.get_kind_display(),
            x.category.name,  # the plain name, not the tree-select label "— — Soffor"
            x.get_condition_display(),
            x.quantity,
            x.get_mode_display(),
            x.price_sek,
            x.organization.name,
            x.department,
            x.location,
            x.available_from,
            x.available_to,
        ]
        for x in qs.iterator(chunk_size=500)
    )
    return csv_response(_("listings"), header, rows, request=request)


@login_required
def listing_list(request):
    """Search: facets, Swedish full text (ranked), newest or nearest first."""
    user = _marketplace_user(request)
    listing_filter, qs, _order, _position = _listing_rows(request, user)
    paginator = CappedIdPaginator(qs, PAGE_SIZE, rows=selectors.listing_cards_by_id)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "sharing/listing_list.html",
        {
            "filter": listing_filter,
            "page_obj": page,
            "listings": page.object_list,
            "cards": listing_cards(page.object_list),
            "query_string": _query_string(request),
            "capped": paginator.capped,
            "count_cap": COUNT_CAP,
        },
    )


@login_required
def listing_detail(request, pk: int):
    user = _marketplace_user(request)
    listing = get_object_or_404(selectors.listings_for_user(user), pk=pk)
    return render(request, "sharing/listing_detail.html", _detail_context(user, listing))


def _detail_context(user, listing, *, photo_form=None) -> dict:
    can_change = user.has_perm("sharing.change_listing", listing)
    return {
        "listing": listing,
        "photos": [p for p in listing.photos.all() if p.processed_at],
        "can_change": can_change,
        "can_offer_exchange": user.has_perm("sharing.offer_exchange", listing),
        "booking_form": BookingForm(listing=listing),
        "waitlist_form": WaitlistForm(),
        "photo_form": (photo_form or PhotoForm()) if can_change else None,
        "units": listing.units.all() if can_change else None,
        "upcoming": (
            listing.bookings.filter(
                state__in=[BookingState.APPROVED, BookingState.PICKED_UP]
            ).order_by("start_date")[:20]
        ),
    }


@login_required
def listing_create(request):
    user = _marketplace_user(request)
    if not user.has_perm("sharing.create_listing"):
        raise PermissionDenied
    form = ListingForm(
        request.POST or None,
        user=user,
        organization=user.organization,
        initial={"available_from": timezone.localdate(), "department": user.department},
    )
    if request.method == "POST" and form.is_valid():
        try:
            listing = services.listing_create(user=user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The listing is published."))
            return redirect(listing)
    return render(request, "sharing/listing_form.html", {"form": form})


@login_required
def listing_edit(request, pk: int):
    user = _marketplace_user(request)
    listing = get_object_or_404(selectors.listings_for_user(user), pk=pk)
    if not user.has_perm("sharing.change_listing", listing):
        raise PermissionDenied
    form = ListingForm(
        request.POST or None, instance=listing, user=user, organization=listing.organization
    )
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.changed_data}
        listing.refresh_from_db()
        try:
            services.listing_update(user=user, listing=listing, **data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The listing is saved."))
            return redirect(listing)
    return render(request, "sharing/listing_form.html", {"form": form, "listing": listing})


@login_required
@require_POST
def listing_withdraw(request, pk: int):
    user = _marketplace_user(request)
    listing = get_object_or_404(selectors.listings_for_user(user), pk=pk)
    try:
        services.listing_withdraw(user=user, listing=listing)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The listing is withdrawn."))
    return redirect(listing)


@login_required
@require_POST
def photo_add(request, pk: int):
    user = _marketplace_user(request)
    listing = get_object_or_404(selectors.listings_for_user(user), pk=pk)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.photo_add(
                user=user,
                listing=listing,
                upload=form.cleaned_data["photo"],
                alt_text=form.cleaned_data["alt_text"],
                validated=True,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc, default_field="photo")
        else:
            messages.success(request, _("The photo is uploaded; it appears once it is resized."))
            return redirect(listing)
    # The errors stay on the Photo field (tied to it for screen readers), nothing is lost.
    context = _detail_context(user, listing, photo_form=form)
    return render(request, "sharing/listing_detail.html", context, status=400)


@login_required
def photo_file(request, pk: int, variant: str):
    """A photo, for whoever may see its listing."""
    user = _marketplace_user(request)
    photo = get_object_or_404(selectors.photos_for_user(user), pk=pk)
    field = {"thumb": photo.thumbnail, "full": photo.image}.get(variant)
    if not field:
        raise Http404
    return serve_file(field, download_name=f"photo-{photo.pk}.jpg", as_attachment=False)


@login_required
def listing_labels(request, pk: int):
    """A printable page of QR labels, one per unit, that open the listing."""
    import segno

    user = _marketplace_user(request)
    listing = get_object_or_404(selectors.listings_for_user(user), pk=pk)
    if not user.has_perm("sharing.change_listing", listing):
        raise PermissionDenied
    labels = []
    for unit in listing.units.exclude(status="retired"):
        url = request.build_absolute_uri(reverse("sharing:unit-label", args=[unit.label_code]))
        qr = segno.make(url, error="m")
        labels.append({"unit": unit, "url": url, "svg": qr.svg_inline(scale=4, title=str(unit))})
    return render(request, "sharing/listing_labels.html", {"listing": listing, "labels": labels})


@login_required
def unit_label(request, code: str):
    user = _marketplace_user(request)
    unit = get_object_or_404(selectors.units_for_user(user), label_code=code)
    return redirect(unit.listing)
