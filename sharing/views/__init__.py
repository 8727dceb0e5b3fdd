"""Pages of the marketplace. Every object comes from a selector that takes the user; a
foreign object answers 404."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.csv import csv_lines, csv_response
from core.files import serve_file
from core.forms import apply_validation_error

from .. import selectors, services
from ..cards import listing_cards
from ..enums import BookingState, InvoiceKind, TransportState
from ..filters import ListingFilter
from ..forms import (
    BookingForm,
    DecisionForm,
    KitBookingForm,
    ListingForm,
    MonthForm,
    PhotoForm,
    TransportDoneForm,
    WaitlistForm,
    WantedAdForm,
)
from ..impact import impact_context

PAGE_SIZE = 24
COUNT_CAP = 1000


class CappedIdPaginator(Paginator):
    """Pages over the ids of the first COUNT_CAP + 1 rows of an ordered queryset: one
    query both orders (a ranked search must rank every match anyway) and counts, at most
    COUNT_CAP rows, so a deep search never scans every listing; then only the page's
    rows are loaded by primary key, by `rows(ids)` (a dict by id)."""

    def __init__(self, queryset, per_page, rows):
        self.rows = rows
        super().__init__(list(queryset.values_list("pk", flat=True)[: COUNT_CAP + 1]), per_page)

    @property
    def capped(self) -> bool:
        return self.count > COUNT_CAP

    def _get_page(self, ids, number, paginator):
        rows = self.rows(ids)
        return super()._get_page([rows[pk] for pk in ids if pk in rows], number, paginator)


def _marketplace_user(request):
    if not request.user.has_perm("sharing.use_marketplace"):
        raise PermissionDenied
    return request.user


def _query_string(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


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
def booking_list_csv(request):
    """The user's own reservations as CSV (the list on the reservations page)."""
    user = _marketplace_user(request)
    qs = selectors.my_bookings(user).select_related("listing", "requester_organization")
    header = [_("Listing"), _("From"), _("To"), _("Quantity"), _("State"), _("Department"),
              _("Cost centre"), _("Requested")]  # fmt: skip
    rows = (
        [
            b.listing.title,
            b.start_date,
            b.end_date,
            b.quantity,
            b.get_state_display(),
            b.requester_department,
            b.cost_centre,
            b.created_at,
        ]
        for b in qs.iterator(chunk_size=500)
    )
    return csv_response(_("reservations"), header, rows, request=request)


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


# --- Bookings ------------------------------------------------------------------------


@login_required
def booking_create(request, pk: int):
    user = _marketplace_user(request)
    listing = get_object_or_404(selectors.active_listings_for_user(user), pk=pk)
    form = BookingForm(
        request.POST or None, listing=listing, initial={"department": user.department}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            booking = services.booking_request(
                user=user,
                listing=listing,
                start_date=data["start_date"],
                end_date=data.get("end_date"),
                quantity=data["quantity"],
                message=data["message"],
                department=data["department"],
                cost_centre=data["cost_centre"],
                transport=data["transport"],
                delivery_address=data["delivery_address"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            if booking.state == BookingState.APPROVED:
                messages.success(request, _("Booked. The units are yours for these dates."))
            else:
                messages.success(request, _("Your request is sent to the owner."))
            return redirect(booking)
    return render(request, "sharing/booking_form.html", {"form": form, "listing": listing})


@login_required
@require_POST
def waitlist_join(request, pk: int):
    user = _marketplace_user(request)
    listing = get_object_or_404(selectors.active_listings_for_user(user), pk=pk)
    form = WaitlistForm(request.POST)
    if form.is_valid():
        try:
            services.waitlist_join(
                user=user,
                listing=listing,
                start_date=form.cleaned_data["start_date"],
                end_date=form.cleaned_data["end_date"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("You are on the waiting list."))
    else:
        messages.error(request, _("Give the dates you need."))
    return redirect(listing)


@login_required
def booking_list(request):
    user = _marketplace_user(request)
    mine = Paginator(selectors.my_bookings(user), 25).get_page(request.GET.get("page"))
    incoming = selectors.incoming_bookings(user).filter(
        state__in=[BookingState.REQUESTED, BookingState.APPROVED, BookingState.PICKED_UP]
    )[:50]
    return render(
        request,
        "sharing/booking_list.html",
        {"page_obj": mine, "bookings": mine.object_list, "incoming": incoming},
    )


ACTIONS = {
    "approve": BookingState.APPROVED,
    "decline": BookingState.DECLINED,
    "cancel": BookingState.CANCELLED,
    "pickup": BookingState.PICKED_UP,
    "return": BookingState.RETURNED,
    "handover": BookingState.HANDED_OVER,
    "confirm": BookingState.APPROVED,
}


@login_required
def booking_detail(request, pk: int):
    user = _marketplace_user(request)
    booking = get_object_or_404(selectors.bookings_for_user(user), pk=pk)
    can_decide = user.has_perm("sharing.decide_booking", booking)
    can_cancel = user.has_perm("sharing.cancel_booking", booking)
    return render(
        request,
        "sharing/booking_detail.html",
        {
            "booking": booking,
            "units": booking.units.select_related("unit"),
            "can_decide": can_decide,
            "can_cancel": can_cancel,
            "can_confirm": booking.state == BookingState.HELD and booking.requester_id == user.pk,
            "form": DecisionForm(),
            "reuse": getattr(booking, "reuse", None)
            if booking.state in (BookingState.RETURNED, BookingState.HANDED_OVER)
            else None,
        },
    )


@login_required
@require_POST
def booking_action(request, pk: int, action: str):
    user = _marketplace_user(request)
    booking = get_object_or_404(selectors.bookings_for_user(user), pk=pk)
    to = ACTIONS.get(action)
    if to is None:
        raise Http404
    form = DecisionForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    try:
        services.booking_transition(
            user=user,
            booking=booking,
            to=to,
            reply=data.get("reply", ""),
            would_buy_new=data.get("would_buy_new"),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        booking.refresh_from_db()
        messages.success(
            request,
            _("The reservation is now: %(state)s.") % {"state": booking.get_state_display()},
        )
    return redirect(booking)


# --- Kits ----------------------------------------------------------------------------


@login_required
def kit_list(request):
    user = _marketplace_user(request)
    kits = selectors.kits_for_user(user).prefetch_related("items__listing")
    return render(request, "sharing/kit_list.html", {"kits": kits})


@login_required
def kit_detail(request, pk: int):
    user = _marketplace_user(request)
    kit = get_object_or_404(selectors.kits_for_user(user), pk=pk)
    visible = selectors.listings_for_user(user).values("pk")
    items = kit.items.select_related("listing").filter(listing__in=visible)
    form = KitBookingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            bookings = services.kit_request(
                user=user,
                kit=kit,
                start_date=form.cleaned_data["start_date"],
                end_date=form.cleaned_data["end_date"],
                message=form.cleaned_data["message"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The whole kit is requested."))
            return redirect(bookings[0])
    from ..upkeep import kit_may_change

    return render(
        request,
        "sharing/kit_detail.html",
        {"kit": kit, "items": items, "form": form, "may_change": kit_may_change(user, kit)},
    )


# --- Logistics and invoices ------------------------------------------------------------


@login_required
def transport_list(request):
    user = _marketplace_user(request)
    if not user.has_perm("sharing.view_transport_queue"):
        raise PermissionDenied
    show_done = request.GET.get("done") == "1"
    tasks = selectors.transport_tasks_for_user(user)
    tasks = (
        tasks.filter(state=TransportState.DONE)
        if show_done
        else tasks.filter(state__in=[TransportState.OPEN, TransportState.ASSIGNED])
    )
    page = Paginator(tasks, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "sharing/transport_list.html",
        {
            "page_obj": page,
            "tasks": page.object_list,
            "show_done": show_done,
            "done_form": TransportDoneForm(),
        },
    )


@login_required
@require_POST
def transport_action(request, pk: int, action: str):
    user = _marketplace_user(request)
    task = get_object_or_404(selectors.transport_tasks_for_user(user), pk=pk)
    try:
        if action == "assign":
            services.transport_assign(user=user, task=task)
        elif action == "done":
            form = TransportDoneForm(request.POST)
            price = form.cleaned_data["price_sek"] if form.is_valid() else None
            services.transport_done(user=user, task=task, price_sek=price)
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The transport is updated."))
    return redirect("sharing:transport-list")


def _month(request) -> tuple[int, int]:
    form = MonthForm(request.GET or None)
    if form.is_valid():
        return form.cleaned_data["month"]
    today = timezone.localdate()
    return today.year, today.month


@login_required
def invoice_list(request):
    user = _marketplace_user(request)
    if not user.has_perm("sharing.view_invoices"):
        raise PermissionDenied
    year, month = _month(request)
    lines = selectors.invoice_lines_for_user(user).filter(date__year=year, date__month=month)[:500]
    return render(
        request,
        "sharing/invoice_list.html",
        {
            "lines": lines,
            "summary": selectors.invoice_summary(user, year=year, month=month),
            "month": f"{year:04d}-{month:02d}",
            "form": MonthForm(initial={"month": f"{year:04d}-{month:02d}"}),
        },
    )


def _sek(value) -> str:
    return f"{value:.2f}".replace(".", ",")


@login_required
def invoice_csv(request):
    """The month's summary per municipality and department, UTF-8 with BOM for Excel."""
    user = _marketplace_user(request)
    if not user.has_perm("sharing.view_invoices"):
        raise PermissionDenied
    year, month = _month(request)
    header = [
        _("Seller"),
        _("Seller department"),
        _("Buyer"),
        _("Buyer department"),
        _("Cost centre"),
        _("Kind"),
        _("Lines"),
        _("Amount excl. VAT (SEK)"),
        _("VAT (SEK)"),
        _("Total (SEK)"),
    ]
    kinds = dict(InvoiceKind.choices)
    rows = (
        [
            row["seller__name"],
            row["seller_department"],
            row["buyer__name"],
            row["buyer_department"],
            row["cost_centre"],
            kinds.get(row["kind"], row["kind"]),
            row["lines"],
            _sek(row["amount"]),
            _sek(row["vat"]),
            _sek(row["amount"] + row["vat"]),
        ]
        for row in selectors.invoice_summary(user, year=year, month=month)
    )
    response = HttpResponse(
        "".join(csv_lines(header, rows)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="samverka-internfakturor-{year:04d}-{month:02d}.csv"'
    )
    return response


# --- Impact, check first, wanted ads -------------------------------------------------------


@login_required
def impact_dashboard(request):
    user = _marketplace_user(request)
    return render(request, "sharing/impact_dashboard.html", impact_context(user, request.GET))


@login_required
def check_first(request):
    """Before buying new: how many matching items already exist in Samverka."""
    user = _marketplace_user(request)
    query = (request.GET.get("q") or "").strip()
    count, examples = 0, []
    if query:
        from django.contrib.postgres.search import SearchQuery, SearchRank
        from django.db.models import F, Sum

        search = SearchQuery(query, config="swedish", search_type="websearch")
        matches = selectors.active_listings_for_user(user).filter(search_vector=search)
        count = matches.aggregate(n=Sum("quantity"))["n"] or 0
        examples = matches.annotate(rank=SearchRank(F("search_vector"), search)).order_by(
            "-rank", "-created_at"
        )[:10]
    return render(
        request,
        "sharing/check_first.html",
        {"query": query, "count": count, "examples": examples},
    )


@login_required
def wanted_list(request):
    user = _marketplace_user(request)
    form = WantedAdForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.wanted_ad_create(user=user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request, _("Your wanted ad is saved; we tell you when something matches.")
            )
            return redirect("sharing:wanted-list")
    ads = selectors.wanted_ads_for_user(user).filter(is_active=True)[:100]
    return render(request, "sharing/wanted_list.html", {"ads": ads, "form": form})


def month_start(value: date) -> date:
    return value.replace(day=1)
