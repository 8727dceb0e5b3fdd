# ruff: noqa: S608 - SQL built from this module's own constants and numbers, never user input
"""Sprint call-offs and sessions, and notifications."""

from __future__ import annotations

from ..base import Ctx, execute, fetch, insert_select
from .common import fix_sequence, next_id, user_of
from .words import NEED_TOPICS


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
    base = next_id("sprints_calloff")
    # Call-off c holds sessions 2c-1 and 2c; session s uses team and room s mod T on day
    # s div T, so neither a team nor a room is ever booked twice at once.
    execute(
        f"""CREATE TEMP TABLE t_calloff AS SELECT {base} + c AS id, c, r.organization_id AS org_id,
        r.id AS room_id, t.id AS team_id, t.supplier_id,
        {user_of(ctx, "u", "c", 71)} AS user_id,
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
    fix_sequence("sprints_calloff")
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
