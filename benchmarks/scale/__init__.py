"""Deterministic national-scale data for the benchmark.

    DJANGO_SETTINGS_MODULE=benchmarks.settings .venv/bin/python manage.py scale_data --seed 1
    (--scale 0.01 for a quick version; tests/scale calls `load` directly)

The demo logins (ROLE@SLUG.example, password samverka-demo) are created first with
`organizations.demo.seed`, so the benchmark can sign in as them; everything else is
generated set-based in PostgreSQL (`generate/`, one module per app). Triggers (pghistory,
search vectors) are switched off for the load with session_replication_role = replica,
and the search vectors are computed in the same INSERT with the triggers' own expressions.
"""

import time

from django.db import connection, transaction


class NotEmpty(Exception):
    """The database already holds cases or listings: scale data goes into an empty one."""


def load(*, seed: int = 1, scale: float = 1.0, stdout=None) -> float:
    """Fill an empty (migrated) database; returns the seconds it took."""
    from core.cache import forget_cached
    from procurements.models import ProcurementCase
    from sharing.models import Listing

    from . import generate
    from .base import Ctx, execute

    if not 0 < scale <= 1:
        raise ValueError("scale must be in (0, 1].")
    if ProcurementCase.objects.exists() or Listing.objects.exists():
        raise NotEmpty("The database is not empty: load scale data after migrate only.")
    ctx = Ctx(seed=seed, scale=scale, stdout=stdout)
    started = time.perf_counter()
    with transaction.atomic():
        with ctx.step("organisations, networks, suppliers, users"):
            generate.organizations(ctx)
        execute("SET LOCAL session_replication_role = replica")
        for label, step in (
            ("needs", generate.needs),
            (
                "procurement cases, dialogue, tenders, bids, scores, contracts",
                generate.procurements,
            ),
            ("sharing listings, units, reservations", generate.sharing),
            ("sprint call-offs and sessions", generate.sprints),
            ("notifications", generate.notifications),
        ):
            with ctx.step(label):
                step(ctx)
        execute("SET LOCAL session_replication_role = DEFAULT")
    forget_cached()  # figures cached from an earlier database of the same name
    if not connection.in_atomic_block:
        # What autovacuum does after a bulk load: planner statistics, and the
        # visibility map that lets index-only scans skip the table.
        with ctx.step("vacuum and analyze"):
            execute("VACUUM (ANALYZE)")
    return time.perf_counter() - started
