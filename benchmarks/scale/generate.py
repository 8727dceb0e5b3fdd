# ruff: noqa: S608 - SQL built from this module's own constants and numbers, never user input
"""The national-scale dataset, app by app (see core/management/commands/scale_data.py)."""

from __future__ import annotations

import io
from unittest import mock

from django.contrib.auth.hashers import make_password
from django.db import connection

from .base import Ctx, execute, fetch, insert_m2m, insert_select

ITEMS = [
    "Skrivbord",
    "Kontorsstol",
    "Stol",
    "Konferensbord",
    "Bokhylla",
    "Soffa",
    "Whiteboard",
    "Projektor",
    "Högtalare",
    "Lastcykel",
    "Tält",
    "Scen",
    "Mötesrum",
    "Förvaringsskåp",
    "Hyllsystem",
    "Pallyft",
    "Symaskin",
    "Bänk",
    "Matbord",
    "Lampa",
    "Skärm",
    "Dator",
    "Surfplatta",
    "Elcykel",
    "Kylskåp",
    "Diskmaskin",
    "Gymnastikmatta",
    "Klätterställning",
    "Barnvagn",
    "Rullstol",
    "Rollator",
    "Duschstol",
    "Piano",
    "Mikrofon",
    "Ljudanläggning",
]
ADJECTIVES = [
    "höj- och sänkbart",
    "ergonomisk",
    "i ek",
    "grå",
    "blå",
    "vit",
    "svart",
    "begagnad",
    "nästan ny",
    "stor",
    "liten",
    "stapelbar",
    "med hjul",
    "fällbar",
    "robust",
]
PLACES = [
    "förskolan",
    "skolan",
    "äldreboendet",
    "kommunhuset",
    "biblioteket",
    "simhallen",
    "fritidsgården",
    "förrådet",
    "kulturhuset",
    "idrottshallen",
]
NEED_TOPICS = [
    "Fallolyckor i hemtjänsten",
    "Ensamhet bland äldre",
    "Matsvinn i skolköken",
    "Fukt i förskolornas golv",
    "Långa handläggningstider för bygglov",
    "Trängsel i simhallen",
    "Tunga lyft i vården",
    "Digital delaktighet",
    "Snöröjning på gång- och cykelvägar",
    "Nedskräpning i parker",
    "Energiförbrukning i skolor",
    "Läckage i vattenledningar",
    "Psykisk ohälsa bland unga",
    "Buller i klassrum",
    "Tillgänglighet i lekparker",
    "Transporter av hjälpmedel",
    "Papperslösa möten",
    "Städning av offentliga toaletter",
]
FIRST = [
    "Anna",
    "Erik",
    "Maria",
    "Lars",
    "Karin",
    "Johan",
    "Eva",
    "Per",
    "Sara",
    "Nils",
    "Lena",
    "Omar",
    "Fatima",
    "Mikael",
    "Elin",
    "Ahmed",
    "Ida",
    "Oskar",
    "Linnea",
    "Ali",
]
LAST = [
    "Andersson",
    "Johansson",
    "Karlsson",
    "Nilsson",
    "Eriksson",
    "Larsson",
    "Olsson",
    "Persson",
    "Svensson",
    "Gustafsson",
    "Pettersson",
    "Jonsson",
    "Lindberg",
    "Holm",
]
SUPPLIER_WORDS = [
    "Nord",
    "Syd",
    "Innovation",
    "Teknik",
    "Digital",
    "Omsorg",
    "Miljö",
    "Bygg",
    "Data",
    "Logistik",
    "Design",
    "Energi",
    "Vård",
    "Skola",
    "Möbel",
    "Vatten",
]
MUNI_ROLES = ["staff", "staff", "staff", "officer", "coordinator", "logistics", "evaluator"]


def _sv(*parts: tuple[str, str]) -> str:
    """A Swedish weighted tsvector expression, the same as the apps' triggers compute."""
    return " || ".join(
        f"setweight(to_tsvector('swedish'::regconfig, coalesce({expr}, '')), '{w}')"
        for expr, w in parts
    )


def _next_id(table: str) -> int:
    return fetch(f"SELECT coalesce(max(id), 0) FROM {table}")[0][0]


def _fix_sequence(table: str) -> None:
    execute(
        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
        f"coalesce((SELECT max(id) FROM {table}), 1))"
    )


# --- organisations and people --------------------------------------------------------------


def organizations(ctx: Ctx) -> None:
    from organizations import demo
    from organizations.models import Network, Organization, User

    # The demo municipalities' slugs, the two demo networks and the demo logins. The
    # password is hashed once and reused (hashing it per user costs seconds each).
    hashed = make_password(demo.DEMO_PASSWORD)

    def set_password(user, raw):
        user.password = hashed

    with (
        mock.patch.object(User, "set_password", set_password),
        mock.patch.object(User, "check_password", lambda user, raw: True),
    ):
        demo.seed()
    execute("DROP TABLE IF EXISTS t_muni, t_sup, t_users, t_cat")
    n_networks = 20 - Network.objects.count()
    insert_select(
        Network,
        {
            "name": "'Samverkansnätverk ' || g",
            "slug": "'samverkansnatverk-' || g",
            "description": "'Kommuner som upphandlar och delar resurser tillsammans.'",
        },
        f"generate_series(1, {n_networks}) g",
    )
    through = Network.members.through._meta.db_table
    execute(
        f"""INSERT INTO {through} (network_id, organization_id)
        SELECT n.id, o.id FROM organizations_organization o
        JOIN (SELECT id, row_number() OVER (ORDER BY id) rn FROM organizations_network
              WHERE slug LIKE 'samverkansnatverk-%%') n
          ON n.rn = 1 + {ctx.h("o.municipality_code::int", 1, n_networks)}
        WHERE o.kind = 'municipality'
          AND NOT EXISTS (SELECT 1 FROM {through} m WHERE m.organization_id = o.id)"""
    )
    existing = Organization.objects.filter(kind="supplier").count()
    n_sup = ctx.n(5000, minimum=50) - existing
    insert_select(
        Organization,
        {
            "kind": "'supplier'",
            "name": f"{ctx.pick(SUPPLIER_WORDS, 'g', 2)} || ' ' || "
            f"{ctx.pick(SUPPLIER_WORDS, 'g', 3)} || ' ' || g || ' AB'",
            "slug": "'leverantor-' || g",
            "org_number": "'55' || lpad((g / 10000)::text, 4, '0') || '-' "
            "|| lpad((g % 10000)::text, 4, '0')",
            "email": "'info@leverantor-' || g || '.example'",
            "is_active": "true",
        },
        f"generate_series(1, {n_sup}) g",
    )
    execute(
        "CREATE TEMP TABLE t_muni AS SELECT id, municipality_code AS code, "
        "row_number() OVER (ORDER BY municipality_code) rn FROM organizations_organization "
        "WHERE kind = 'municipality'"
    )
    execute(
        "CREATE TEMP TABLE t_sup AS SELECT id, row_number() OVER (ORDER BY id) rn "
        "FROM organizations_organization WHERE kind = 'supplier'"
    )
    n_muni = fetch("SELECT count(*) FROM t_muni")[0][0]
    n_users = ctx.n(20000, minimum=3 * n_muni) - User.objects.count()
    n_supplier_users = max(n_sup, round(n_users * 0.15))
    n_muni_users = n_users - n_supplier_users
    common = {
        "password": "'!' || md5(g::text)",
        "full_name": f"{ctx.pick(FIRST, 'g', 5)} || ' ' || {ctx.pick(LAST, 'g', 6)}",
        "is_active": "true",
        "is_staff": "false",
        "is_superuser": "false",
        "language": "CASE WHEN g % 10 = 0 THEN 'en' ELSE 'sv' END",
        "date_joined": f"now() - ({ctx.h('g', 7, 900)} || ' days')::interval",
    }
    # Every municipality gets its first users round robin (so each has officers and
    # staff), the rest at random.
    insert_select(
        User,
        {
            **common,
            "email": "'person' || g || '@kommun.scale.example'",
            "organization": "m.id",
            "roles": f"ARRAY[CASE WHEN g <= {2 * n_muni} THEN "
            f"(ARRAY['officer','staff'])[1 + (g - 1) / {n_muni}] "
            f"ELSE {ctx.pick(MUNI_ROLES, 'g', 8)} END]::varchar[]",
        },
        f"generate_series(1, {n_muni_users}) g JOIN t_muni m ON m.rn = CASE WHEN g <= "
        f"{2 * n_muni} THEN 1 + (g - 1) % {n_muni} ELSE 1 + {ctx.h('g', 9, n_muni)} END",
    )
    n_sup_total = fetch("SELECT count(*) FROM t_sup")[0][0]
    insert_select(
        User,
        {
            **common,
            "email": "'person' || g || '@leverantor.scale.example'",
            "organization": "s.id",
            "roles": "ARRAY['supplier']::varchar[]",
        },
        f"generate_series(1, {n_supplier_users}) g JOIN t_sup s ON s.rn = CASE WHEN g <= "
        f"{n_sup_total} THEN g ELSE 1 + {ctx.h('g', 10, n_sup_total)} END",
    )
    execute(
        "CREATE TEMP TABLE t_users AS SELECT organization_id AS org_id, "
        "array_agg(id ORDER BY id) ids, count(*) n FROM organizations_user "
        "WHERE organization_id IS NOT NULL GROUP BY organization_id"
    )
    execute("CREATE UNIQUE INDEX ON t_users (org_id)")


def _user_of(ctx: Ctx, org: str, key: str, salt: int) -> str:
    """A deterministic user of the organisation joined as t_users alias `org`."""
    return f"{org}.ids[1 + {ctx.h(key, salt)} % {org}.n]"


def _syd() -> list[int]:
    """The t_muni numbers of the Syd demo municipalities (Ystad, Trelleborg, ...)."""
    return [
        r[0]
        for r in fetch(
            "SELECT rn FROM t_muni WHERE code IN ('1286', '1287', '1264', '1270') ORDER BY code"
        )
    ]


# --- needs -------------------------------------------------------------------------------


def needs(ctx: Ctx) -> None:
    from needs.models import Need

    n = ctx.n(50000)
    n_muni = fetch("SELECT count(*) FROM t_muni")[0][0]
    status = ctx.pick(
        ["draft", "submitted", "submitted", "in_challenge", "solved_otherwise", "deferred"], "g", 21
    )
    title = f"{ctx.pick(NEED_TOPICS, 'g', 22)} || ' på ' || {ctx.pick(PLACES, 'g', 23)}"
    problem = (
        "'Personalen beskriver att ' || lower(" + ctx.pick(NEED_TOPICS, "g", 24) + ") "
        "|| ' tar tid och kostar pengar varje vecka.'"
    )
    execute(
        f"""CREATE TEMP TABLE t_need AS SELECT g, m.id AS org_id,
        {_user_of(ctx, "u", "g", 25)} AS author_id, {status} AS status, {title} AS title,
        {problem} AS problem, now() - ({ctx.h("g", 26, 1000)} || ' days')::interval AS created
        FROM generate_series(1, {n}) g JOIN t_muni m ON m.rn = CASE WHEN g <= 80
          THEN (ARRAY{_syd()})[1 + g % 4] ELSE 1 + {ctx.h("g", 20, n_muni)} END
        JOIN t_users u ON u.org_id = m.id"""
    )
    insert_select(
        Need,
        {
            "organization": "org_id",
            "author": "author_id",
            "title": "title",
            "problem": "problem",
            "status": "status",
            "department": ctx.pick(
                ["school", "elderly_care", "technical", "it", "planning", "culture", "other"],
                "g",
                27,
            ),
            "affected": "'Brukare och personal'",
            "desired_effect": "'Färre avbrott och lägre kostnad'",
            "submitted_at": "CASE WHEN status = 'draft' THEN NULL ELSE created END",
            "created_at": "created",
            "updated_at": "created",
            "search_vector": _sv(
                ("title", "A"),
                ("problem", "B"),
                ("'Brukare och personal Färre avbrott och lägre kostnad'", "C"),
            ),
        },
        "t_need ORDER BY g",
    )
    execute("DROP TABLE t_need")


# --- procurements --------------------------------------------------------------------------

STAGES = [
    "need",
    "dialogue",
    "tender",
    "evaluation",
    "award",
    "contract",
    "follow_up",
    "closed",
    "cancelled",
]
PROCEDURES = [
    "innovation_partnership",
    "competitive_dialogue",
    "negotiated",
    "open",
    "pre_commercial",
    "design_contest",
]
CASE_SUBJECTS = [
    "Trygghetslarm",
    "Digitala tillsynskameror",
    "Fallsensorer",
    "Matsvinnsmätning",
    "Fuktsensorer i golv",
    "Laddinfrastruktur",
    "Läsplattor i förskolan",
    "Sensorstyrd städning",
    "Smarta vattenmätare",
    "Robotgräsklippare",
    "Energieffektiv belysning",
    "Elcyklar för hemtjänsten",
    "Ruttplanering för hemtjänsten",
    "Läckagesökning",
    "Solceller på skoltak",
    "Lyfthjälpmedel",
]


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
    base = _next_id("procurements_procurementcase")
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
        {_user_of(ctx, "u", "g", 31)} AS officer_id, {_user_of(ctx, "u", "g", 32)} AS owner_id,
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
    _fix_sequence("procurements_procurementcase")
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
    _fix_sequence("procurements_tender")
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
    bid_base = _next_id("procurements_bid")
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
    _fix_sequence("procurements_bid")
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


# --- sharing -------------------------------------------------------------------------------


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
    base = _next_id("sharing_listing")
    execute(
        f"""CREATE TEMP TABLE t_listing AS SELECT {base} + g AS id, g, m.id AS org_id,
        {_user_of(ctx, "u", "g", 53)} AS user_id,
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
            "search_vector": _sv(("title", "A"), ("''", "C"), ("description", "B")),
        },
        "t_listing ORDER BY g",
    )
    _fix_sequence("sharing_listing")
    unit_base = _next_id("sharing_listingunit")
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
    _fix_sequence("sharing_listingunit")
    n_units = fetch("SELECT count(*) FROM t_unit")[0][0]
    execute("CREATE UNIQUE INDEX ON t_unit (rn)")
    n_bookings = ctx.n(1_000_000)
    booking_base = _next_id("sharing_booking")
    # Booking k holds unit k mod U in the (k div U)-th ten-day window from two years ago:
    # a unit's windows never overlap, so the exclusion constraint holds by construction.
    state = ctx.pick(
        ["returned", "returned", "returned", "approved", "requested", "cancelled", "declined"],
        "k",
        66,
    )
    execute(
        f"""CREATE TEMP TABLE t_booking AS SELECT {booking_base} + k AS id, k, u.id AS unit_id,
        u.listing_id, m.id AS org_id, {_user_of(ctx, "usr", "k", 68)} AS user_id,
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
    _fix_sequence("sharing_booking")
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


# --- sprints -------------------------------------------------------------------------------


def sprints(ctx: Ctx) -> None:
    from sprints.models import CallOff, FacilitatorTeam, FrameworkAgreement, Room, Session

    n_muni = fetch("SELECT count(*) FROM t_muni")[0][0]
    n_sup = fetch("SELECT count(*) FROM t_sup")[0][0]
    insert_select(
        FrameworkAgreement,
        {
            "title": "'Ramavtal designsprintar ' || n.name",
            "reference": "'RA-' || n.id",
            "lead_organization": "(SELECT min(organization_id) FROM "
            "organizations_network_members x WHERE x.network_id = n.id)",
            "start_date": "current_date - 730",
            "end_date": "current_date + 730",
            "max_value_sek": "5000000",
        },
        "organizations_network n WHERE EXISTS (SELECT 1 FROM organizations_network_members x "
        "WHERE x.network_id = n.id)",
    )
    n_teams = n_muni
    insert_select(
        FacilitatorTeam,
        {
            "supplier": "s.id",
            "name": "'Sprintteam ' || g",
            "members": "'Två facilitatorer'",
        },
        f"generate_series(1, {n_teams}) g JOIN t_sup s ON s.rn = 1 + (g - 1) % {n_sup}",
    )
    insert_select(
        Room,
        {"organization": "m.id", "name": "'Innovationsrummet'", "address": "'Storgatan 1'"},
        "t_muni m",
    )
    execute(
        "CREATE TEMP TABLE t_team AS SELECT id, supplier_id, row_number() OVER (ORDER BY id) - 1 "
        "rn FROM sprints_facilitatorteam"
    )
    execute(
        "CREATE TEMP TABLE t_room AS SELECT r.id, r.organization_id, row_number() OVER "
        "(ORDER BY r.id) - 1 rn FROM sprints_room r WHERE r.name = 'Innovationsrummet'"
    )
    n_calloffs = ctx.n(10000)
    base = _next_id("sprints_calloff")
    # Call-off c holds sessions 2c-1 and 2c; session s uses team and room s mod T on day
    # s div T, so neither a team nor a room is ever booked twice at once.
    execute(
        f"""CREATE TEMP TABLE t_calloff AS SELECT {base} + c AS id, c, r.organization_id AS org_id,
        r.id AS room_id, t.id AS team_id, t.supplier_id,
        {_user_of(ctx, "u", "c", 71)} AS user_id,
        (current_date - 365 + ((2 * c - 1) / {n_teams})::int) AS day1,
        (SELECT a.id FROM sprints_frameworkagreement a JOIN organizations_network_members x
          ON x.network_id = (SELECT min(network_id) FROM organizations_network_members y
          WHERE y.organization_id = r.organization_id) LIMIT 1) AS agreement_id
        FROM generate_series(1, {n_calloffs}) c
        JOIN t_room r ON r.rn = (2 * c - 1) % {n_teams}
        JOIN t_team t ON t.rn = (2 * c - 1) % {n_teams}
        JOIN t_users u ON u.org_id = r.organization_id"""
    )
    execute("DELETE FROM t_calloff WHERE agreement_id IS NULL")
    insert_select(
        CallOff,
        {
            "id": "id",
            "agreement": "agreement_id",
            "organization": "org_id",
            "created_by": "user_id",
            "reference": "'AVR-' || c",
            "title": "'Designsprint om ' || lower(" + ctx.pick(NEED_TOPICS, "c", 72) + ")",
            "challenge": "'Hur kan vi göra det enklare?'",
            "format": "'three_day'",
            "start_date": "day1",
            "end_date": "day1 + 2",
            "room": "room_id",
            "state": "CASE WHEN day1 < current_date THEN 'completed' ELSE 'booked' END",
            "supplier": "supplier_id",
            "team": "team_id",
            "price_sek": "90000",
            "value_sek": "90000",
        },
        "t_calloff ORDER BY c",
    )
    _fix_sequence("sprints_calloff")
    insert_select(
        Session,
        {
            "call_off": "c.id",
            "day_number": "d",
            "period": "tstzrange((c.day1 + (d - 1) * 0)::timestamp AT TIME ZONE 'Europe/Stockholm'"
            " + interval '9 hours' + (d - 1) * interval '1 day', (c.day1)::timestamp AT TIME "
            "ZONE 'Europe/Stockholm' + interval '16 hours' + (d - 1) * interval '1 day')",
            "team": "CASE WHEN d = 1 THEN c.team_id ELSE t2.id END",
            "room": "CASE WHEN d = 1 THEN c.room_id ELSE r2.id END",
            "state": "'confirmed'",
            "uid": f"md5('{ctx.seed}:session:' || c.id || ':' || d)::uuid",
        },
        f"t_calloff c CROSS JOIN generate_series(1, 2) d "
        f"JOIN t_team t2 ON t2.rn = (2 * c.c) % {n_teams} "
        f"JOIN t_room r2 ON r2.rn = (2 * c.c) % {n_teams}",
    )
    execute("DROP TABLE t_calloff, t_team, t_room")


# --- notifications -------------------------------------------------------------------------


def notifications(ctx: Ctx) -> None:
    from notifications.models import Notification

    n = ctx.n(500000)
    n_users = fetch("SELECT count(*), min(id) FROM organizations_user")[0]
    insert_select(
        Notification,
        {
            # The first ones go to the demo logins (so their pages show some at any scale).
            "recipient": f"CASE WHEN g <= 200 THEN (SELECT array_agg(id ORDER BY id) FROM "
            f"organizations_user WHERE email LIKE '%%@%%.example' AND email NOT LIKE "
            f"'%%scale.example')[1 + g % 30] ELSE {n_users[1]} + {ctx.h('g', 80, n_users[0])} END",
            "event": ctx.pick(
                [
                    "sharing.booking_approved",
                    "procurements.stage_changed",
                    "needs.submitted",
                    "sprints.offer",
                    "dialogue.invitation",
                ],
                "g",
                81,
            ),
            "title": "'Något har hänt i Samverka'",
            "body": "'Läs mer i tjänsten.'",
            "url": "'/'",
            "created_at": f"now() - ({ctx.h('g', 82, 365 * 24)} || ' hours')::interval",
            "read_at": "CASE WHEN g % 3 = 0 THEN NULL ELSE now() END",
        },
        f"generate_series(1, {n}) g",
    )
