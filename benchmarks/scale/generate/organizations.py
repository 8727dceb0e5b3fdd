# ruff: noqa: S608 - SQL built from this module's own constants and numbers, never user input
"""Organisations, networks, suppliers and users."""

from __future__ import annotations

from unittest import mock

from django.contrib.auth.hashers import make_password

from ..base import Ctx, execute, fetch, insert_select
from .words import FIRST, LAST, MUNI_ROLES, SUPPLIER_WORDS


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
