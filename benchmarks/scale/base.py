# ruff: noqa: S608 - SQL built from this module's own constants and numbers, never user input
"""Helpers for the scale data: set-based INSERT ... SELECT with deterministic hashes.

Every row is computed inside PostgreSQL from `generate_series` and a seeded hash
(`hashint8extended(i, seed)`), so a seed gives the same data on every run and nothing
travels row by row through Python (except bids, which must be sealed with the
application's key; those go through psycopg's COPY).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from django.db import connection, models


@dataclass
class Ctx:
    seed: int
    scale: float
    stdout: object = None
    timings: list = field(default_factory=list)

    def n(self, full: int, minimum: int = 1) -> int:
        return max(minimum, round(full * self.scale))

    def h(self, expr: str, salt: int, modulo: int | None = None) -> str:
        """A deterministic pseudo-random non-negative bigint from `expr` (mod `modulo`)."""
        key = self.seed * 1_000_003 + salt
        value = f"abs(hashint8extended(({expr})::bigint, {key}))"
        return f"({value} % {modulo})" if modulo else value

    def pick(self, words: list[str], expr: str, salt: int) -> str:
        """A deterministic choice from `words` (a SQL text expression)."""
        array = "ARRAY[" + ",".join(quote(w) for w in words) + "]::text[]"
        return f"({array})[1 + {self.h(expr, salt, len(words))}]"

    def step(self, label: str):
        return _Step(self, label)


class _Step:
    def __init__(self, ctx: Ctx, label: str):
        self.ctx, self.label = ctx, label

    def __enter__(self):
        self.started = time.perf_counter()
        return self

    def __exit__(self, *exc):
        seconds = time.perf_counter() - self.started
        self.ctx.timings.append((self.label, round(seconds, 2)))
        if self.ctx.stdout is not None and not exc[0]:
            self.ctx.stdout.write(f"  {self.label}: {seconds:.1f} s")


def quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def literal(value) -> str:
    from psycopg import sql

    connection.ensure_connection()
    return sql.Literal(value).as_string(connection.connection)


def execute(sql: str, params=None) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def fetch(sql: str, params=None) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def insert_select(model: type[models.Model], values: dict[str, str], source: str) -> int:
    """INSERT INTO model's table SELECT `values` FROM `source`.

    `values` maps field names to SQL expressions; other columns get NULL (nullable), the
    field's default (as a literal) or now() for timestamps. A field that has none of
    these must be given, or this raises (so a new NOT NULL column is noticed).
    """
    columns, selects = [], []
    for f in model._meta.concrete_fields:
        if (f.primary_key and f.name not in values) or getattr(f, "generated", False):
            continue
        columns.append(connection.ops.quote_name(f.column))
        if f.name in values:
            selects.append(values[f.name])
        elif f.attname in values:
            selects.append(values[f.attname])
        elif f.name in ("created_at", "updated_at") or getattr(f, "auto_now", False):
            selects.append("now()")
        elif f.null:
            selects.append("NULL")
        elif f.has_default() or (f.empty_strings_allowed and f.blank):
            selects.append(literal(f.get_db_prep_save(f.get_default(), connection)))
        else:
            raise ValueError(f"{model.__name__}.{f.name} needs a value")
    unknown = (
        set(values)
        - {f.name for f in model._meta.concrete_fields}
        - {f.attname for f in model._meta.concrete_fields}
    )
    if unknown:
        raise ValueError(f"{model.__name__}: unknown fields {unknown}")
    sql = (
        f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} "
        f"({', '.join(columns)}) SELECT {', '.join(selects)} FROM {source}"
    )
    return execute(sql)


def insert_m2m(model, field_name: str, pairs_sql: str) -> int:
    """Fill a many-to-many table from a SELECT giving (source id, target id)."""
    through = model._meta.get_field(field_name).remote_field.through
    src = model._meta.get_field(field_name).m2m_column_name()
    dst = model._meta.get_field(field_name).m2m_reverse_name()
    return execute(
        f"INSERT INTO {through._meta.db_table} ({src}, {dst}) {pairs_sql} ON CONFLICT DO NOTHING"
    )
