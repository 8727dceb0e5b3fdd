"""Demo data for the marketplace: locations with real coordinates, a few hundred listings
across the Syd network with generated photos, kits, wanted ads, reservations in every
state and a year of completed reuses. Idempotent: fixed titles, created only when missing.

Every date lies on the one Syd year of `core.demo_clock`: a listing is created before it
is first asked for, a reservation is requested, decided, picked up and returned (or handed
over) in that order and in the past, invoiced after the loan; open reservations lie in the
coming weeks; an exchange is offered before it is answered. The history the seeding writes
is dated from the rows it belongs to (`backdate_history_all`)."""

import random
from datetime import timedelta
from decimal import Decimal
from io import BytesIO

import time_machine
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.backends.postgresql.psycopg_any import DateRange
from django.db.models import DateTimeField, F, OuterRef, Subquery
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from django.utils.text import slugify

from core.demo_clock import (
    YEAR_START,
    backdate_history,
    backdate_history_all,
    demo_date,
    demo_moment,
    seeding_started,
)
from organizations.models import Organization, User

from .enums import BookingState, InvoiceKind, ListingKind, Mode, TransportState, UnitStatus
from .models import (
    Booking,
    BookingUnit,
    Category,
    InvoiceLine,
    Kit,
    KitItem,
    Listing,
    ListingPhoto,
    ListingUnit,
    Location,
    Reuse,
    TransportTask,
    WaitlistEntry,
    WantedAd,
)
from .services import factor_for

# slug -> buildings (name, address, latitude, longitude); the first is the main location.
LOCATIONS = {
    "ystad": [
        ("Stadshuset", "Stortorget 1, 271 80 Ystad", 55.4291, 13.8206),
        ("Österportskolan", "Österportstorg 3, 271 41 Ystad", 55.4305, 13.8290),
        ("Kommunförrådet", "Blekegatan 7, 271 39 Ystad", 55.4370, 13.8130),
    ],
    "trelleborg": [
        ("Stadshuset", "Algatan 13, 231 83 Trelleborg", 55.3751, 13.1569),
        ("Söderslättsgymnasiet", "Svaneholmsgatan 3, 231 62 Trelleborg", 55.3770, 13.1580),
        ("Centralförrådet", "Gislövs stämmeväg 8, 231 62 Trelleborg", 55.3850, 13.1720),
    ],
    "skurup": [
        ("Kommunhuset", "Kyrkogatan 2, 274 80 Skurup", 55.4786, 13.5020),
        ("Prästamosseskolan", "Prästamossevägen 2, 274 34 Skurup", 55.4820, 13.4960),
    ],
    "tomelilla": [
        ("Kommunhuset", "Gustafs torg 16, 273 80 Tomelilla", 55.5441, 13.9530),
        ("Byavångsskolan", "Byavångsgatan 2, 273 35 Tomelilla", 55.5480, 13.9580),
    ],
}

# (title, kind, category path, description, mode, price, quantity range, dimensions, colour)
ITEMS = [
    (
        "Kontorsstol Kinnarps 6000",
        ListingKind.FURNITURE,
        "furniture/chairs/office chair",
        "Ergonomisk kontorsstol med justerbart ryggstöd och armstöd, svart tyg.",
        Mode.GIVE_AWAY,
        0,
        (1, 8),
        "",
        "#0b4f6c",
    ),
    (
        "Kontorsstol Håg Capisco",
        ListingKind.FURNITURE,
        "furniture/chairs/office chair",
        "Sadelstol för aktivt sittande, grå. Lätt sliten klädsel.",
        Mode.SELL,
        400,
        (1, 4),
        "",
        "#3a7d44",
    ),
    (
        "Besöksstol med armstöd",
        ListingKind.FURNITURE,
        "furniture/chairs/visitor or meeting chair",
        "Stapelbar besöksstol i bok och blå textil.",
        Mode.GIVE_AWAY,
        0,
        (2, 12),
        "",
        "#7a4fa3",
    ),
    (
        "Klassrumsstol Skandiform",
        ListingKind.FURNITURE,
        "furniture/chairs/visitor or meeting chair",
        "Elevstol i björk, sitthöjd 46 cm. Passar mellanstadiet.",
        Mode.LEND,
        0,
        (10, 30),
        "Sitthöjd 46 cm",
        "#c45a00",
    ),
    (
        "Höj- och sänkbart skrivbord",
        ListingKind.FURNITURE,
        "furniture/desks/height-adjustable desk",
        "Elektriskt skrivbord med vit skiva och minnesfunktion.",
        Mode.SELL,
        900,
        (1, 6),
        "160 × 80 cm",
        "#8a6d00",
    ),
    (
        "Skrivbord i ek",
        ListingKind.FURNITURE,
        "furniture/desks/fixed desk",
        "Fast skrivbord med lådhurts, ekfanér.",
        Mode.GIVE_AWAY,
        0,
        (1, 4),
        "140 × 70 cm",
        "#b0304a",
    ),
    (
        "Elevbänk enkel",
        ListingKind.FURNITURE,
        "furniture/desks/fixed desk",
        "Enkel elevbänk med bokfack, laminatskiva.",
        Mode.LEND,
        0,
        (5, 15),
        "70 × 50 cm",
        "#0b4f6c",
    ),
    (
        "Konferensbord",
        ListingKind.FURNITURE,
        "furniture/tables/meeting or classroom table",
        "Konferensbord för åtta personer, björk.",
        Mode.EXCHANGE,
        0,
        (1, 2),
        "240 × 110 cm",
        "#3a7d44",
    ),
    (
        "Klassrumsbord för två",
        ListingKind.FURNITURE,
        "furniture/tables/meeting or classroom table",
        "Tvåmansbord med stålstativ, justerbar höjd.",
        Mode.LEND,
        0,
        (4, 15),
        "120 × 50 cm",
        "#c45a00",
    ),
    (
        "Bokhylla",
        ListingKind.FURNITURE,
        "furniture/storage/cabinet or shelving",
        "Vit bokhylla med fem hyllplan.",
        Mode.GIVE_AWAY,
        0,
        (1, 6),
        "80 × 200 cm",
        "#7a4fa3",
    ),
    (
        "Arkivskåp med skjutdörrar",
        ListingKind.FURNITURE,
        "furniture/storage/cabinet or shelving",
        "Låsbart arkivskåp i grå plåt, två nycklar.",
        Mode.SELL,
        300,
        (1, 3),
        "120 × 100 cm",
        "#8a6d00",
    ),
    (
        "Soffa tresits",
        ListingKind.FURNITURE,
        "furniture/sofas/sofa",
        "Soffa i grått ylletyg från personalrum.",
        Mode.GIVE_AWAY,
        0,
        (1, 2),
        "210 cm",
        "#b0304a",
    ),
    (
        "Fåtölj",
        ListingKind.FURNITURE,
        "furniture/sofas/armchair",
        "Fåtölj i grönt tyg, bra skick.",
        Mode.GIVE_AWAY,
        0,
        (1, 4),
        "",
        "#3a7d44",
    ),
    (
        "Whiteboard på hjul",
        ListingKind.FURNITURE,
        "furniture/other",
        "Dubbelsidig whiteboard på hjul.",
        Mode.LEND,
        0,
        (1, 3),
        "150 × 100 cm",
        "#0b4f6c",
    ),
    (
        "Projektor Epson EB-W51",
        ListingKind.EQUIPMENT,
        "equipment/av/projector",
        "Projektor med HDMI, väska och fjärrkontroll. 4 000 lumen.",
        Mode.LEND,
        0,
        (1, 3),
        "",
        "#7a4fa3",
    ),
    (
        "Bärbar dator Lenovo ThinkPad",
        ListingKind.EQUIPMENT,
        "equipment/it/laptop",
        "Återställd ThinkPad T14, 16 GB minne, laddare medföljer.",
        Mode.RENT,
        50,
        (1, 5),
        "",
        "#c45a00",
    ),
]
SPECIAL = [
    (
        "Mötesrum Sandskogen (12 platser)",
        ListingKind.ROOM,
        "premises/meeting room",
        "Mötesrum med skärm och videokonferens. Bokas direkt.",
        Mode.LEND,
        0,
        (1, 1),
        "",
        "#0b4f6c",
        "ystad",
    ),
    (
        "Personaluppdrag: kock till sommarlägret",
        ListingKind.STAFF,
        "staff assignments",
        "Erfaren kock lånas ut till grannkommun under två veckor i juli.",
        Mode.RENT,
        2500,
        (1, 1),
        "",
        "#3a7d44",
        "trelleborg",
    ),
    (
        "Tjänst: flytthjälp med lastbil",
        ListingKind.SERVICE,
        "services",
        "Arbetsmarknadsenheten hjälper till att flytta möbler mellan kommunerna.",
        Mode.RENT,
        800,
        (1, 2),
        "",
        "#8a6d00",
        "skurup",
    ),
]
PER_MUNICIPALITY = 60
SLUGS = ("ystad", "trelleborg", "skurup", "tomelilla")
DEPARTMENTS = [
    "Barn och utbildning",
    "Kultur och fritid",
    "Vård och omsorg",
    "Samhällsbyggnad",
    "Kommunledningskontoret",
]
PHOTO_VARIANTS = 2
MARKER = "[demo]"


def _photos(items) -> dict[str, list[tuple[str, str]]]:
    """Generated images, stored once: PHOTO_VARIANTS per item, each labelled with that
    item's own name, so a sofa's card never shows a conference table."""
    from PIL import Image, ImageDraw

    photos: dict[str, list[tuple[str, str]]] = {}
    for item in items:
        name, colour = item[0], item[8]
        if name in photos:
            continue
        stem = slugify(name)[:40] or "item"
        photos[name] = []
        for variant in range(PHOTO_VARIANTS):
            full = f"sharing/demo/{stem}-{variant + 1}.jpg"
            thumb = f"sharing/demo/{stem}-{variant + 1}-thumb.jpg"
            if not default_storage.exists(full):
                rng = random.Random(f"{name}-{variant}")
                image = Image.new("RGB", (800, 600), "#f3f1ea")
                draw = ImageDraw.Draw(image)
                for _shape in range(4):
                    x, y = rng.randint(40, 560), rng.randint(60, 380)
                    w, h = rng.randint(80, 220), rng.randint(60, 180)
                    if rng.random() < 0.5:
                        draw.rectangle((x, y, x + w, y + h), fill=colour)
                    else:
                        draw.ellipse((x, y, x + w, y + h), fill=colour, outline="#1a1a1a")
                draw.rectangle((0, 520, 800, 600), fill="#1a1a1a")
                draw.text((24, 545), name, fill="white", font_size=32)
                for path, size in ((full, (800, 600)), (thumb, (400, 300))):
                    buffer = BytesIO()
                    image.resize(size).save(buffer, format="JPEG", quality=80)
                    default_storage.save(path, ContentFile(buffer.getvalue()))
            photos[name].append((full, thumb))
    return photos


def _locations(orgs) -> dict[str, list[Location]]:
    result = {}
    for slug, rows in LOCATIONS.items():
        result[slug] = []
        for position, (name, address, lat, lon) in enumerate(rows):
            location, _created = Location.objects.get_or_create(
                organization=orgs[slug],
                name=name,
                defaults={
                    "address": address,
                    "latitude": lat,
                    "longitude": lon,
                    "is_primary": position == 0,
                },
            )
            result[slug].append(location)
    return result


def _listings(orgs, locations, users, categories, photos, rng) -> list[Listing]:
    """New listings, each created on a day of the Syd year and available from that day
    (`_history` moves a listing earlier when it was asked for sooner)."""
    today = timezone.localdate()
    wanted = []
    for slug in SLUGS:
        for n in range(PER_MUNICIPALITY):
            item = ITEMS[n % len(ITEMS)]
            wanted.append((slug, f"{item[0]} – {orgs[slug].name} {n + 1:02d}", item))
    for special in SPECIAL:
        wanted.append((special[9], special[0], special[:9]))
    existing = set(
        Listing.objects.filter(organization__slug__in=SLUGS).values_list("title", flat=True)
    )
    new = []
    new_items = []
    created_on = []
    for slug, title, item in wanted:
        if title in existing:
            continue
        new_items.append(item)
        _name, kind, path, description, mode, price, (low, high), dimensions, _colour = item
        creator = users[slug]["logistics"] if rng.random() < 0.4 else users[slug]["staff"]
        quantity = rng.randint(low, high)
        created_on.append(rng.randint(YEAR_START, -1))
        new.append(
            Listing(
                organization=orgs[slug],
                department=rng.choice(DEPARTMENTS),
                cost_centre=f"{rng.randint(1000, 9999)}",
                created_by=creator,
                kind=kind,
                title=title,
                description=description,
                category=categories[path],
                condition=rng.choice(["new", "good", "good", "fair", "worn"]),
                quantity=quantity,
                dimensions=dimensions,
                location=rng.choice(locations[slug]),
                mode=mode,
                price_sek=Decimal(price),
                available_from=demo_date(created_on[-1]),
                available_to=None if rng.random() < 0.7 else today + timedelta(days=365),
                buffer_days=1 if mode in (Mode.LEND, Mode.RENT) else 0,
                requires_approval=kind != ListingKind.ROOM,
                visibility=rng.choice(["network", "network", "network", "own", "all"]),
            )
        )
    Listing.objects.bulk_create(new)
    for listing, day in zip(new, created_on, strict=True):
        listing.created_at = listing.updated_at = demo_moment(day, hour=rng.randint(8, 15))
    Listing.objects.bulk_update(new, ["created_at", "updated_at"])
    ListingUnit.objects.bulk_create(
        ListingUnit(listing=listing, number=n)
        for listing in new
        for n in range(1, listing.quantity + 1)
    )
    now = timezone.now()
    chosen = [
        photos[item[0]][index % PHOTO_VARIANTS]
        for index, item in enumerate(new_items)  # the photo of the listing's own item
    ]
    ListingPhoto.objects.bulk_create(
        ListingPhoto(
            listing=listing,
            original=full,
            image=full,
            thumbnail=thumb,
            alt_text=listing.title,
            processed_at=now,
        )
        for listing, (full, thumb) in zip(new, chosen, strict=True)
    )
    return new


def _booking(listing, requester, start, end, state, quantity=1, **extra) -> Booking | None:
    """A booking with units picked directly (demo history may lie in the past)."""
    timed = listing.mode in (Mode.LEND, Mode.RENT)
    end = end if timed else None
    blocked = (
        DateRange(start, end + timedelta(days=listing.buffer_days + 1), "[)")
        if timed
        else DateRange(start, None, "[)")
    )
    active = state in (BookingState.APPROVED, BookingState.PICKED_UP, BookingState.HELD)
    taken = BookingUnit.objects.filter(
        unit__listing=listing, active=True, blocked__overlap=blocked
    ).values("unit_id")
    units = list(listing.units.filter(status=UnitStatus.AVAILABLE).exclude(pk__in=taken)[:quantity])
    if len(units) < quantity:
        return None
    booking = Booking.objects.create(
        listing=listing,
        requester=requester,
        requester_organization=requester.organization,
        requester_department=rng_department(requester),
        cost_centre=f"K{requester.pk:04d}",
        quantity=quantity,
        start_date=start,
        end_date=end,
        state=state,
        message=f"{MARKER} Behövs till verksamheten.",
        **extra,
    )
    BookingUnit.objects.bulk_create(
        BookingUnit(booking=booking, unit=u, blocked=blocked, active=active) for u in units
    )
    if state == BookingState.HANDED_OVER:
        ListingUnit.objects.filter(pk__in=[u.pk for u in units]).update(
            status=UnitStatus.TRANSFERRED
        )
    return booking


def rng_department(user) -> str:
    return user.department or DEPARTMENTS[user.pk % len(DEPARTMENTS)]


def _history(listings, users, rng) -> None:
    """Reservations in every state, and a year of completed reuses with frozen impact:
    each requested a week before it starts, decided the day after; transfers handed over
    and loans picked up and returned on their days, rent invoiced when the loan ended."""
    today = timezone.localdate()
    now = timezone.now()
    requested: dict[Booking, object] = {}  # the moment each booking was asked for
    by_mode: dict[str, list[Listing]] = {}
    for listing in listings:
        by_mode.setdefault(listing.mode, []).append(listing)
    borrowers = [users[slug]["staff"] for slug in SLUGS] + [
        users[slug]["coordinator"] for slug in SLUGS
    ]

    def other(listing):
        candidates = [b for b in borrowers if b.organization_id != listing.organization_id]
        return rng.choice(candidates)

    factors: dict[int, object] = {}
    reuses, lines = [], []
    # A year of completed reuses: transfers handed over and loans returned.
    transfers = by_mode.get(Mode.GIVE_AWAY, []) + by_mode.get(Mode.SELL, [])
    loans = by_mode.get(Mode.LEND, []) + by_mode.get(Mode.RENT, [])
    rng.shuffle(transfers)
    for index, listing in enumerate(transfers[:70]):
        day = -(int(330 * index / 70) + 5)  # from -5 back to -335, asked for a week before
        when = demo_date(day)
        requester = other(listing)
        quantity = rng.randint(1, max(1, min(3, listing.quantity - 1 or 1)))
        booking = _booking(
            listing,
            requester,
            when,
            None,
            BookingState.HANDED_OVER,
            quantity,
            decided_at=demo_moment(day - 6, hour=14),
            handed_over_at=demo_moment(day, hour=13),
            would_buy_new=rng.random() < 0.7,
        )
        if booking is None:
            continue
        requested[booking] = demo_moment(day - 7, hour=10)
        paid = listing.price_sek * quantity
        if paid:
            rate = Decimal("0.25") if listing.organization_id != requester.organization_id else 0
            lines.append(
                InvoiceLine(
                    kind=InvoiceKind.SALE,
                    booking=booking,
                    seller=listing.organization,
                    seller_department=listing.department,
                    buyer=requester.organization,
                    buyer_department=booking.requester_department,
                    cost_centre=booking.cost_centre,
                    description=f"{listing.title}: {quantity} × {listing.price_sek} SEK",
                    amount_sek=paid,
                    vat_rate=rate,
                    vat_sek=paid * Decimal(rate),
                    date=when,
                )
            )
        reuses.append(_reuse(booking, listing, quantity, paid, when, factors))
    for index, listing in enumerate(loans[:60]):
        day = -(int(320 * index / 60) + 10)  # from -10 back to -330
        length = rng.randint(2, 7)
        start, end = demo_date(day), demo_date(day + length)
        requester = other(listing)
        booking = _booking(
            listing,
            requester,
            start,
            end,
            BookingState.RETURNED,
            1,
            decided_at=demo_moment(day - 6, hour=14),
            picked_up_at=demo_moment(day, hour=9),
            returned_at=demo_moment(day + length, hour=15),
            would_buy_new=rng.random() < 0.4,
        )
        if booking is None:
            continue
        requested[booking] = demo_moment(day - 7, hour=10)
        paid = listing.price_sek * booking.days if listing.mode == Mode.RENT else Decimal(0)
        if paid:
            rate = Decimal("0.25") if listing.organization_id != requester.organization_id else 0
            lines.append(
                InvoiceLine(
                    kind=InvoiceKind.RENT,
                    booking=booking,
                    seller=listing.organization,
                    seller_department=listing.department,
                    buyer=requester.organization,
                    buyer_department=booking.requester_department,
                    cost_centre=booking.cost_centre,
                    description=f"{listing.title}: 1 × {booking.days} d",
                    amount_sek=paid,
                    vat_rate=rate,
                    vat_sek=paid * Decimal(rate),
                    date=end,  # invoiced when the loan ended
                )
            )
        reuses.append(_reuse(booking, listing, 1, paid, end, factors))
    Reuse.objects.bulk_create(reuses)
    InvoiceLine.objects.bulk_create(lines)
    InvoiceLine.objects.filter(pk__in=[line.pk for line in lines]).update(
        created_at=Cast(F("date"), DateTimeField())
    )

    # Open reservations in every other state, in the coming weeks.
    future = loans[60:]
    states = [
        BookingState.REQUESTED,
        BookingState.REQUESTED,
        BookingState.APPROVED,
        BookingState.PICKED_UP,
        BookingState.DECLINED,
        BookingState.CANCELLED,
        BookingState.HELD,
        BookingState.EXPIRED,
    ]
    for index, listing in enumerate(future[:40]):
        state = states[index % len(states)]
        start = today + timedelta(days=rng.randint(1, 30))
        if state == BookingState.PICKED_UP:
            start = today - timedelta(days=rng.randint(1, 5))
        end = start + timedelta(days=rng.randint(1, 6))
        if state == BookingState.PICKED_UP and index % 3 == 0:
            start, end = today - timedelta(days=8), today - timedelta(days=2)  # overdue
        # asked for in the last days (a week before a loan already picked up), decided
        # the day after (not later than now)
        asked = demo_moment(-rng.randint(2, 5), hour=rng.randint(8, 15))
        if state == BookingState.PICKED_UP:
            asked = demo_moment((start - today).days - 7, hour=10)
        decided = min(asked + timedelta(days=1), now)
        booking = _booking(
            listing,
            other(listing),
            start,
            end,
            state,
            decided_at=decided if state != BookingState.REQUESTED else None,
            hold_until=now + timedelta(hours=30) if state == BookingState.HELD else None,
            picked_up_at=(
                demo_moment((start - today).days, hour=9)
                if state == BookingState.PICKED_UP
                else None
            ),
            transport_requested=index % 4 == 2,
            delivery_address="Algatan 13, Trelleborg" if index % 4 == 2 else "",
            reply="Tyvärr behövs de själva den veckan." if state == BookingState.DECLINED else "",
        )
        if booking:
            requested[booking] = asked
        if booking and booking.transport_requested and state == BookingState.APPROVED:
            TransportTask.objects.create(
                booking=booking,
                pickup_address=f"{listing.location.name}, {listing.location.address}",
                delivery_address=booking.delivery_address,
                date=booking.start_date,
                items=f"{booking.quantity} × {listing.title}",
                state=TransportState.OPEN if index % 8 == 2 else TransportState.ASSIGNED,
                assignee=None if index % 8 == 2 else users[listing.organization.slug]["logistics"],
            )
        if state == BookingState.HELD and booking:
            WaitlistEntry.objects.create(
                listing=listing,
                user=booking.requester,
                start_date=booking.start_date,
                end_date=booking.end_date,
                state="offered",
                booking=booking,
            )
    _date_requests(requested, rng)


def _date_requests(requested, rng) -> None:
    """Demo-only: each booking's created stamp to the moment it was asked for, and each
    listing created (and available) at least a few days before it was first asked for."""
    bookings = list(requested)
    for booking in bookings:
        booking.created_at = booking.updated_at = requested[booking]
    Booking.objects.bulk_update(bookings, ["created_at", "updated_at"], batch_size=500)
    first: dict[int, object] = {}
    for booking, moment in requested.items():
        first[booking.listing_id] = min(moment, first.get(booking.listing_id, moment))
    year_start = demo_moment(YEAR_START)
    moved = []
    for listing in Listing.objects.filter(pk__in=first):
        latest = first[listing.pk] - timedelta(days=3)
        if listing.created_at > latest:
            created = max(year_start, latest - timedelta(days=rng.randint(0, 30)))
            listing.created_at = listing.updated_at = created
            listing.available_from = timezone.localdate(created)
            moved.append(listing)
    Listing.objects.bulk_update(moved, ["created_at", "updated_at", "available_from"])


def _reuse(booking, listing, quantity, paid, when, factors) -> Reuse:
    if listing.category_id not in factors:
        factors[listing.category_id] = factor_for(listing.category)
    factor = factors[listing.category_id]
    new_price = factor.new_price_sek if factor else Decimal(0)
    kg = factor.kg_co2e_per_unit if factor else Decimal(0)
    return Reuse(
        booking=booking,
        listing=listing,
        category=listing.category,
        giver=listing.organization,
        receiver=booking.requester_organization,
        quantity=quantity,
        completed_on=when,
        new_price_sek=new_price,
        paid_sek=paid,
        sek_saved=max(Decimal(0), new_price * quantity - paid),
        kg_co2e_per_unit=kg,
        co2e_kg=kg * quantity,
        factor_version=factor.version if factor else 0,
        factor_source=(factor.source if factor else "")[:400],
        would_buy_new=booking.would_buy_new,
    )


def _extras(orgs, users, categories) -> None:
    ystad = orgs["ystad"]
    creator = users["ystad"]["logistics"]
    kit, created = Kit.objects.get_or_create(
        organization=ystad,
        title="Klassrumsset: 30 stolar och 15 bänkar",
        defaults={
            "description": "Ett helt klassrum att låna vid evakuering eller tillfälliga lokaler.",
            "created_by": creator,
        },
    )
    if created:
        chairs = Listing.objects.filter(
            organization=ystad, title__startswith="Klassrumsstol", quantity__gte=10
        ).first()
        desks = Listing.objects.filter(
            organization=ystad, title__startswith="Elevbänk", quantity__gte=5
        ).first()
        for listing, qty in (
            (chairs, min(30, chairs.quantity if chairs else 0)),
            (desks, min(15, desks.quantity if desks else 0)),
        ):
            if listing:
                KitItem.objects.get_or_create(kit=kit, listing=listing, defaults={"quantity": qty})
    for slug, title, words, path in (
        (
            "trelleborg",
            "Höj- och sänkbara skrivbord till nya kontoret",
            "skrivbord",
            "furniture/desks",
        ),
        ("skurup", "Projektor till aulan", "projektor", "equipment/av"),
        ("tomelilla", "Soffor till fritidsgården", "soffa", "furniture/sofas"),
    ):
        WantedAd.objects.get_or_create(
            organization=orgs[slug],
            title=title,
            defaults={
                "created_by": users[slug]["staff"],
                "words": words,
                "category": categories.get(path),
            },
        )


def _exchange_pair(offering, answering):
    """An exchange listing of each side, both free (none of the history booked them)."""
    from .selectors import listings_for_user, offerable_listings

    def free(user):
        return (
            offerable_listings(user)
            .filter(mode=Mode.EXCHANGE)
            .exclude(bookings__isnull=False)
            .order_by("pk")
        )

    visible = listings_for_user(offering).values("pk")
    return free(offering).first(), free(answering).filter(pk__in=visible).first()


# The exchanges' days: (offered, accepted, completed) for the completed one, offered for
# the open one. Both listings were created at least a week before the offer.
EXCHANGE_DONE = (-40, -38, -30)
EXCHANGE_OPEN = -3


def _exchanges(users) -> None:
    """One exchange waiting for an answer (Ystad offers Trelleborg, three days ago) and one
    completed (Skurup and Tomelilla swapped last month), made through the services like any
    user would, each step on its own day (the clock moved there, the history dated)."""
    from django.core.exceptions import ValidationError

    from .models import ExchangeOffer

    if ExchangeOffer.objects.exists():
        return
    for offering, answering, days in (
        ("skurup", "tomelilla", EXCHANGE_DONE),
        ("ystad", "trelleborg", (EXCHANGE_OPEN,)),
    ):
        offerer, answerer = users[offering]["logistics"], users[answering]["logistics"]
        offered, wanted = _exchange_pair(offerer, answerer)
        if offered is None or wanted is None:
            continue
        moments = [demo_moment(day, hour=10 + step) for step, day in enumerate(days)]
        listed = moments[0] - timedelta(days=7)
        Listing.objects.filter(pk__in=[offered.pk, wanted.pk], created_at__gt=listed).update(
            created_at=listed, updated_at=listed, available_from=timezone.localdate(listed)
        )
        try:
            with transaction.atomic():
                _exchange(offerer, answerer, offered, wanted, moments)
        except ValidationError:
            continue


def _exchange(offerer, answerer, offered, wanted, moments) -> None:
    """Offer, then (with more moments) accept and complete, each at its own moment."""
    from . import services

    steps = [
        lambda offer: services.exchange_offer(
            user=offerer,
            wanted=wanted,
            offered=offered,
            message="Vi byter gärna: passar ert behov bättre än vårt.",
        ),
        lambda offer: services.exchange_accept(user=answerer, offer=offer, reply="Tack!"),
        lambda offer: services.exchange_complete(user=offerer, offer=offer),
    ]
    offer = None
    for step, moment in zip(steps, moments, strict=False):
        with time_machine.travel(moment, tick=False):
            offer = step(offer)
        backdate_history(offer, moment)


def _date_history() -> None:
    """Date the history the seeding wrote from the rows themselves: a listing's and a
    unit's at the listing's creation (a unit handed over at its hand-over), a booking's at
    its last step, a transport's at its creation; a photo is dated with its listing.
    Locations keep the seeding day."""
    from .models import ExchangeOffer

    def own(model, *fields, key="pgh_obj_id"):
        row = model.objects.filter(pk=OuterRef(key))
        return Subquery(row.annotate(moment=Coalesce(*fields)).values("moment")[:1])

    handed_over = BookingUnit.objects.filter(
        unit_id=OuterRef("pgh_obj_id"), booking__state=BookingState.HANDED_OVER
    ).values("booking__handed_over_at")[:1]
    backdate_history_all(ListingUnit, Subquery(handed_over), status=UnitStatus.TRANSFERRED)
    backdate_history_all(ListingUnit, own(Listing, "created_at", "created_at", key="listing_id"))
    backdate_history_all(Listing, own(Listing, "created_at", "created_at"))
    backdate_history_all(
        Booking,
        own(Booking, "returned_at", "handed_over_at", "picked_up_at", "decided_at", "created_at"),
    )
    backdate_history_all(TransportTask, own(TransportTask, "created_at", "created_at"))
    # a photo was uploaded (and processed) with its listing
    listed = Listing.objects.filter(pk=OuterRef("listing_id")).values("created_at")[:1]
    ListingPhoto.objects.filter(created_at__gte=seeding_started()).update(
        created_at=Subquery(listed), processed_at=Subquery(listed)
    )
    backdate_history_all(
        ExchangeOffer, own(ExchangeOffer, "completed_at", "answered_at", "created_at")
    )


def seed(stdout=None) -> list[str]:
    orgs = {o.slug: o for o in Organization.objects.filter(slug__in=SLUGS)}
    if len(orgs) < len(SLUGS):
        return []
    users = {
        slug: {
            role: User.objects.get(email=f"{role}@{slug}.example")
            for role in ("staff", "logistics", "coordinator")
        }
        for slug in SLUGS
    }
    for slug in SLUGS:
        for user in users[slug].values():
            if not user.department:
                user.department = DEPARTMENTS[user.pk % len(DEPARTMENTS)]
                user.save(update_fields=["department"])
    categories = {c.path: c for c in Category.objects.all()}
    rng = random.Random(20260101)
    photos = _photos([*ITEMS, *(special[:9] for special in SPECIAL)])
    with transaction.atomic():
        locations = _locations(orgs)
        new = _listings(orgs, locations, users, categories, photos, rng)
        if new and not Booking.objects.filter(message__startswith=MARKER).exists():
            _history(new, users, rng)
        _extras(orgs, users, categories)
        _exchanges(users)
        _date_history()
    if stdout:
        stdout.write(f"  sharing: {len(new)} new listings")
    return []
