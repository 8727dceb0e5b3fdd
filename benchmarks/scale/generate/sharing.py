# ruff: noqa: S608 - SQL built from this module's own constants and numbers, never user input
"""Sharing: listings, units and reservations."""

from __future__ import annotations

from ..base import Ctx, execute, fetch, insert_select
from .common import fix_sequence, next_id, sv, user_of
from .words import ADJECTIVES, ITEMS, PLACES


def sharing(ctx: Ctx) -> None:
    from sharing.models import Booking, BookingUnit, Listing, ListingUnit, Location

    n_muni = fetch("SELECT count(*) FROM t_muni")[0][0]
    insert_select(
        Location,
        {
            "organization": "m.id",
            "name": "'Centralförrådet'",
            "address": "'Förrådsvägen ' || m.rn",
            "latitude": f"55.3 + {ctx.h('m.rn', 50, 1000)} / 100.0",
            "longitude": f"11.5 + {ctx.h('m.rn', 51, 1000)} / 80.0",
            "is_primary": "NOT EXISTS (SELECT 1 FROM sharing_location l WHERE "
            "l.organization_id = m.id AND l.is_primary)",
        },
        "t_muni m",
    )
    execute(
        "CREATE TEMP TABLE t_cat AS SELECT id, row_number() OVER (ORDER BY id) rn "
        "FROM sharing_category c WHERE NOT EXISTS "
        "(SELECT 1 FROM sharing_category k WHERE k.parent_id = c.id)"
    )
    n_cat = fetch("SELECT count(*) FROM t_cat")[0][0]
    n = ctx.n(200000)
    base = next_id("sharing_listing")
    execute(
        f"""CREATE TEMP TABLE t_listing AS SELECT {base} + g AS id, g, m.id AS org_id,
        {user_of(ctx, "u", "g", 53)} AS user_id,
        {ctx.pick(ITEMS, "g", 54)} || ', ' || {ctx.pick(ADJECTIVES, "g", 55)} AS title,
        'Finns på ' || {ctx.pick(PLACES, "g", 56)} || '. ' || {ctx.pick(ADJECTIVES, "g", 57)}
          || ' och i fint skick.' AS description,
        1 + {ctx.h("g", 58, 3)} AS quantity, l.id AS location_id, c.id AS category_id,
        (now() - ({ctx.h("g", 59, 700)} || ' days')::interval) AS created
        FROM generate_series(1, {n}) g JOIN t_muni m ON m.rn = 1 + {ctx.h("g", 52, n_muni)}
        JOIN t_users u ON u.org_id = m.id
        JOIN sharing_location l ON l.organization_id = m.id AND l.name = 'Centralförrådet'
        JOIN t_cat c ON c.rn = 1 + {ctx.h("g", 60, n_cat)}"""
    )
    insert_select(
        Listing,
        {
            "id": "id",
            "organization": "org_id",
            "department": "'Serviceförvaltningen'",
            "created_by": "user_id",
            "kind": ctx.pick(["furniture", "furniture", "equipment", "room"], "g", 61),
            "title": "title",
            "description": "description",
            "category": "category_id",
            "condition": ctx.pick(["new", "good", "good", "fair", "worn"], "g", 62),
            "quantity": "quantity",
            "location": "location_id",
            "mode": ctx.pick(["lend", "lend", "rent", "give_away", "sell"], "g", 63),
            "price_sek": f"({ctx.h('g', 64, 20)} * 50)::numeric",
            "available_from": "(created - interval '1 day')::date",
            "visibility": ctx.pick(["network", "network", "all", "own"], "g", 65),
            "status": "CASE WHEN g % 20 = 0 THEN 'withdrawn' ELSE 'active' END",
            "created_at": "created",
            "updated_at": "created",
            "search_vector": sv(("title", "A"), ("''", "C"), ("description", "B")),
        },
        "t_listing ORDER BY g",
    )
    fix_sequence("sharing_listing")
    unit_base = next_id("sharing_listingunit")
    execute(
        f"""CREATE TEMP TABLE t_unit AS SELECT {unit_base} + row_number() OVER
        (ORDER BY l.g, k) AS id, row_number() OVER (ORDER BY l.g, k) - 1 AS rn,
        l.id AS listing_id, l.org_id, k AS number FROM t_listing l
        CROSS JOIN LATERAL generate_series(1, l.quantity) k"""
    )
    insert_select(
        ListingUnit,
        {
            "id": "id",
            "listing": "listing_id",
            "number": "number",
            "label_code": f"substr(md5('{ctx.seed}:' || id), 1, 24)",
        },
        "t_unit ORDER BY id",
    )
    fix_sequence("sharing_listingunit")
    n_units = fetch("SELECT count(*) FROM t_unit")[0][0]
    execute("CREATE UNIQUE INDEX ON t_unit (rn)")
    n_bookings = ctx.n(1_000_000)
    booking_base = next_id("sharing_booking")
    # Booking k holds unit k mod U in the (k div U)-th ten-day window from two years ago:
    # a unit's windows never overlap, so the exclusion constraint holds by construction.
    state = ctx.pick(
        ["returned", "returned", "returned", "approved", "requested", "cancelled", "declined"],
        "k",
        66,
    )
    execute(
        f"""CREATE TEMP TABLE t_booking AS SELECT {booking_base} + k AS id, k, u.id AS unit_id,
        u.listing_id, m.id AS org_id, {user_of(ctx, "usr", "k", 68)} AS user_id,
        (current_date - 730 + (((k - 1) / {n_units}) * 10 + {ctx.h("k", 69, 3)})::int) AS start,
        {state} AS state, (1 + {ctx.h("k", 70, 5)})::int AS days
        FROM generate_series(1, {n_bookings}) k
        JOIN t_unit u ON u.rn = (k - 1) % {n_units}
        JOIN t_muni m ON m.rn = 1 + {ctx.h("k", 67, n_muni)}
        JOIN t_users usr ON usr.org_id = m.id"""
    )
    insert_select(
        Booking,
        {
            "id": "id",
            "listing": "listing_id",
            "requester": "user_id",
            "requester_organization": "org_id",
            "quantity": "1",
            "start_date": "start",
            "end_date": "start + days - 1",
            "state": "state",
            "decided_at": "CASE WHEN state <> 'requested' THEN start - 3 END",
            "created_at": "start - 7",
            "updated_at": "start - 7",
        },
        "t_booking ORDER BY k",
    )
    fix_sequence("sharing_booking")
    insert_select(
        BookingUnit,
        {
            "booking": "id",
            "unit": "unit_id",
            "blocked": "daterange(start, start + days, '[)')",
            "active": "state IN ('requested', 'approved', 'returned')",
        },
        "t_booking ORDER BY k",
    )
    execute("DROP TABLE t_booking, t_unit, t_listing")
