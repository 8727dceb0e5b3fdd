"""Fill an empty (migrated) database with a national-scale dataset, deterministically.

    manage.py scale_data --seed 1              # full scale (about 1.9 M rows of volume)
    manage.py scale_data --seed 1 --scale 0.01 # a quick version for tests

The demo logins (ROLE@SLUG.example, password samverka-demo) are created first with
`organizations.demo.seed`, so the benchmark can sign in as them; everything else is
generated set-based in PostgreSQL (benchmarks/scale/). Triggers (pghistory, search
vectors) are switched off for the load with session_replication_role = replica, and the
search vectors are computed in the same INSERT with the triggers' own expressions.
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction


class Command(BaseCommand):
    help = "Fill an empty database with deterministic national-scale data."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--scale", type=float, default=1.0)

    def handle(self, *args, seed: int, scale: float, **options):
        from benchmarks.scale import generate
        from benchmarks.scale.base import Ctx, execute
        from core.cache import forget_cached
        from procurements.models import ProcurementCase
        from sharing.models import Listing

        if not 0 < scale <= 1:
            raise CommandError("--scale must be in (0, 1].")
        if ProcurementCase.objects.exists() or Listing.objects.exists():
            raise CommandError("The database is not empty: run scale_data after migrate only.")
        ctx = Ctx(seed=seed, scale=scale, stdout=self.stdout)
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
        self.stdout.write(
            self.style.SUCCESS(
                f"Scale data (seed {seed}, scale {scale}) in {time.perf_counter() - started:.1f} s"
            )
        )
