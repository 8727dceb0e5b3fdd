# ruff: noqa: S608 - SQL built from this module's own constants and numbers, never user input
"""Procurement cases, dialogue, tenders, bids, scores and contracts."""

from __future__ import annotations

import io

from django.db import connection

from ..base import Ctx, execute, fetch, insert_m2m, insert_select
from .common import fix_sequence, next_id, user_of
from .words import CASE_SUBJECTS, PLACES, PROCEDURES, STAGES


def procurements(ctx: Ctx) -> None:
    from dialogue.models import DialogueActivity
    from procurements import crypto
    from procurements.models import (
        Bid,
        BidOpening,
        CaseEvaluator,
        Contract,
        Criterion,
        ProcurementCase,
        Score,
        Tender,
    )

    n = ctx.n(10000, minimum=len(STAGES) * 4)
    n_muni = fetch("SELECT count(*) FROM t_muni")[0][0]
    base = next_id("procurements_procurementcase")
    # The first cases (every stage) belong to the Syd demo municipalities, so the demo
    # logins have cases in each stage at any scale.
    syd = [
        r[0]
        for r in fetch(
            "SELECT rn FROM t_muni WHERE code IN ('1286', '1287', '1264', '1270') ORDER BY code"
        )
    ]
    stage = f"(ARRAY{STAGES!r})[1 + g % {len(STAGES)}]"
    execute(
        f"""CREATE TEMP TABLE t_case AS SELECT {base} + g AS id, g, m.id AS org_id, m.code,
        {user_of(ctx, "u", "g", 31)} AS officer_id, {user_of(ctx, "u", "g", 32)} AS owner_id,
        {stage} AS stage,
        now() - ({ctx.h("g", 33, 1500)} || ' days')::interval AS created
        FROM generate_series(1, {n}) g JOIN t_muni m ON m.rn = CASE WHEN g <= {4 * len(STAGES)}
          THEN (ARRAY{syd})[1 + g % 4] ELSE 1 + {ctx.h("g", 30, n_muni)} END
        JOIN t_users u ON u.org_id = m.id"""
    )
    insert_select(
        ProcurementCase,
        {
            "id": "id",
            "title": f"{ctx.pick(CASE_SUBJECTS, 'g', 34)} || ' för ' || "
            f"{ctx.pick(PLACES, 'g', 35)}",
            "reference": "code || '-' || extract(year FROM created) || '-' || g",
            "lead_organization": "org_id",
            "responsible_officer": "officer_id",
            "need_owner": "owner_id",
            "stage": "stage",
            "procedure": ctx.pick(PROCEDURES, "g", 36),
            "description": "'Vi söker en innovativ lösning som minskar kostnader och ger "
            "bättre kvalitet för invånarna.'",
            "expected_effects": "'Minskad kostnad och nöjdare brukare'",
            "estimated_value_sek": f"(100000 + {ctx.h('g', 37, 9000)} * 1000)::numeric",
            "stage_changed_at": "created + interval '30 days'",
            "cancellation_reason": "CASE WHEN stage = 'cancelled' THEN 'Ingen anbudsgivare "
            "uppfyllde kraven.' ELSE '' END",
            "lessons_learned": "CASE WHEN stage = 'cancelled' THEN 'Dialog med marknaden "
            "tidigare.' ELSE '' END",
            "ended_at": "CASE WHEN stage IN ('closed', 'cancelled') THEN created + "
            "interval '400 days' END",
            "created_at": "created",
            "updated_at": "created",
        },
        "t_case ORDER BY g",
    )
    fix_sequence("procurements_procurementcase")
    insert_m2m(
        ProcurementCase,
        "participating_organizations",
        f"SELECT c.id, m.id FROM t_case c CROSS JOIN generate_series(1, 2) k "
        f"JOIN t_muni m ON m.rn = 1 + {ctx.h('c.g * 3 + k', 38, n_muni)}",
    )
    insert_m2m(ProcurementCase, "team", "SELECT id, officer_id FROM t_case")
    n_needs = fetch("SELECT count(*), min(id) FROM needs_need")[0]
    insert_m2m(
        ProcurementCase,
        "needs",
        f"SELECT c.id, {n_needs[1]} + {ctx.h('c.g', 39, n_needs[0])} FROM t_case c",
    )
    n_cpv = fetch("SELECT count(*) FROM core_cpvcode")[0][0]
    insert_m2m(
        ProcurementCase,
        "cpv_codes",
        f"SELECT c.id, v.code FROM t_case c JOIN (SELECT code, row_number() OVER "
        f"(ORDER BY code) rn FROM core_cpvcode) v ON v.rn = 1 + {ctx.h('c.g', 40, n_cpv)}",
    )
    # Dialogue: two activities per case past the need stage.
    insert_select(
        DialogueActivity,
        {
            "case": "c.id",
            "kind": ctx.pick(
                ["supplier_meeting", "workshop", "visit", "demonstration"], "c.g * 2 + k", 41
            ),
            "title": "'Leverantörsträff ' || k",
            "starts_at": "c.created + (k * 20 || ' days')::interval",
            "location": "'Kommunhuset'",
            "purpose": "'Förstå vad marknaden kan erbjuda.'",
            "created_by": "c.officer_id",
            "created_at": "c.created",
            "updated_at": "c.created",
        },
        "t_case c CROSS JOIN generate_series(1, 2) k WHERE c.stage <> 'need'",
    )
    tendered = "('tender','evaluation','award','contract','follow_up','closed')"
    insert_select(
        Tender,
        {
            "id": "c.id",
            "case": "c.id",
            "summary": "'Anbudsinbjudan: ' || c.stage",
            "deadline": "c.created + interval '70 days'",
            "published_at": "c.created + interval '35 days'",
            "created_at": "c.created",
            "updated_at": "c.created",
        },
        f"t_case c WHERE c.stage IN {tendered}",
    )
    fix_sequence("procurements_tender")
    insert_select(
        Criterion,
        {
            "tender": "t.id",
            "name": "(ARRAY['Pris','Kvalitet','Innovationshöjd'])[k]",
            "description": "''",
            "weight": "(ARRAY[40,40,20])[k]",
            "order": "k",
        },
        "procurements_tender t CROSS JOIN generate_series(1, 3) k",
    )
    insert_select(
        CaseEvaluator,
        {
            "case": "c.id",
            "user": "c.officer_id",
            "declared_at": "c.created + interval '75 days'",
            "declaration": "'Ingen jäv.'",
        },
        f"t_case c WHERE c.stage IN {tendered} AND c.stage <> 'tender'",
    )
    # Bids are sealed with the application's key, so they are made here and COPYed in.
    n_sup = fetch("SELECT count(*) FROM t_sup")[0][0]
    rows = fetch(
        f"""SELECT c.id, c.created, k, s.id FROM t_case c CROSS JOIN generate_series(1, 3) k
        JOIN t_sup s ON s.rn = 1 + ({ctx.h("c.g", 42, n_sup)} + k * 7) % {n_sup}
        WHERE c.stage IN {tendered} AND c.stage <> 'tender' ORDER BY c.id, k"""
    )
    bid_base = next_id("procurements_bid")
    buffer = io.StringIO()
    for i, (tender_id, created, k, supplier_id) in enumerate(rows, start=1):
        sealed = crypto.seal_json(
            {
                "supplier_id": supplier_id,
                "submitted_by_id": None,
                "text": f"Vårt anbud nummer {k}.",
                "price_sek": str(500000 + 1000 * ((i * 37) % 900)),
            }
        )
        submitted = created.isoformat()
        buffer.write(
            f"{bid_base + i}\t{submitted}\t{submitted}\t{tender_id}\t"
            f"{crypto.supplier_token(tender_id, supplier_id)}\t\\\\x{sealed.hex()}\t"
            f"submitted\t{submitted}\tS{bid_base + i:08d}\t1\t{supplier_id}\t\n"
        )
    # public_id comes from its database default (gen_random_uuid()).
    columns = [f.column for f in Bid._meta.concrete_fields if f.name != "public_id"]
    copy_sql = f"COPY procurements_bid ({', '.join(columns)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.copy(copy_sql) as copy:
        copy.write(buffer.getvalue())
    fix_sequence("procurements_bid")
    insert_select(
        BidOpening,
        {
            "tender": "c.id",
            "opened_at": "c.created + interval '71 days'",
            "opened_by": "u.ids[1]",
            "witness": "u.ids[2]",
            "bid_count": "3",
        },
        f"t_case c JOIN t_users u ON u.org_id = c.org_id "
        f"WHERE c.stage IN {tendered} AND c.stage <> 'tender'",
    )
    insert_select(
        Score,
        {
            "bid": "b.id",
            "criterion": "cr.id",
            "evaluator": "c.officer_id",
            "score": f"1 + {ctx.h('b.id * 3 + cr.order', 43, 5)}",
            "justification": "'Motiverat utifrån anbudets beskrivning.'",
        },
        "procurements_bid b JOIN procurements_criterion cr ON cr.tender_id = b.tender_id "
        "JOIN t_case c ON c.id = b.tender_id",
    )
    insert_select(
        Contract,
        {
            "case": "c.id",
            "title": "'Avtal ' || c.code || '-' || c.g",
            "value_sek": f"(200000 + {ctx.h('c.g', 44, 5000)} * 1000)::numeric",
            "start_date": "(c.created + interval '120 days')::date",
            "end_date": "(c.created + interval '850 days')::date",
            "signed_on": "(c.created + interval '110 days')::date",
            "signed_by": "c.officer_id",
            "extension_options": "'1+1 år'",
        },
        "t_case c WHERE c.stage IN ('contract', 'follow_up', 'closed')",
    )
    execute("DROP TABLE t_case")
