# ruff: noqa: S608 - SQL built from this module's own constants and numbers, never user input
"""Small helpers shared by the generators (search vectors, ids, sequences, users)."""

from __future__ import annotations

from ..base import Ctx, execute, fetch


def sv(*parts: tuple[str, str]) -> str:
    """A Swedish weighted tsvector expression, the same as the apps' triggers compute."""
    return " || ".join(
        f"setweight(to_tsvector('swedish'::regconfig, coalesce({expr}, '')), '{w}')"
        for expr, w in parts
    )


def next_id(table: str) -> int:
    return fetch(f"SELECT coalesce(max(id), 0) FROM {table}")[0][0]


def fix_sequence(table: str) -> None:
    execute(
        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
        f"coalesce((SELECT max(id) FROM {table}), 1))"
    )


def user_of(ctx: Ctx, org: str, key: str, salt: int) -> str:
    """A deterministic user of the organisation joined as t_users alias `org`."""
    return f"{org}.ids[1 + {ctx.h(key, salt)} % {org}.n]"


def syd() -> list[int]:
    """The t_muni numbers of the Syd demo municipalities (Ystad, Trelleborg, ...)."""
    return [
        r[0]
        for r in fetch(
            "SELECT rn FROM t_muni WHERE code IN ('1286', '1287', '1264', '1270') ORDER BY code"
        )
    ]
