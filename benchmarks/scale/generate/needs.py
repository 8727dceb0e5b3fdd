# ruff: noqa: S608 - SQL built from this module's own constants and numbers, never user input
"""Needs."""

from __future__ import annotations

from ..base import Ctx, execute, fetch, insert_select
from .common import sv, syd, user_of
from .words import NEED_TOPICS, PLACES


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
        {user_of(ctx, "u", "g", 25)} AS author_id, {status} AS status, {title} AS title,
        {problem} AS problem, now() - ({ctx.h("g", 26, 1000)} || ' days')::interval AS created
        FROM generate_series(1, {n}) g JOIN t_muni m ON m.rn = CASE WHEN g <= 80
          THEN (ARRAY{syd()})[1 + g % 4] ELSE 1 + {ctx.h("g", 20, n_muni)} END
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
            "search_vector": sv(
                ("title", "A"),
                ("problem", "B"),
                ("'Brukare och personal Färre avbrott och lägre kostnad'", "C"),
            ),
        },
        "t_need ORDER BY g",
    )
    execute("DROP TABLE t_need")
