"""Where a key page spends its time: every SQL query with its duration, and the rest.

    .venv/bin/python benchmarks/profile.py [NAME-FRAGMENT ...] [--repeat 5] [--top 8]

Runs each key page of benchmarks/pages.py (those whose name contains a fragment, or all)
in-process with Django's test client, signed in as the page's user, against the database
in DATABASE_URL. Prints the median total time, the process's CPU time (less disturbed by
other load than wall time), the time spent in SQL, and the slowest
queries of the last run. A tool for finding what to fix; benchmarks/run.py measures.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


class QueryTimer:
    def __init__(self):
        self.queries: list[tuple[float, str]] = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append(((time.perf_counter() - started) * 1000, sql))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--top", type=int, default=8)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from benchmarks.pages import PAGES
    from organizations.models import User

    floor = {
        "name": "floor (the base layout only)",
        "user": "staff@ystad.example",
        "path": "/floor/",
    }
    for spec in [floor, *PAGES]:
        if args.names and not any(n.lower() in spec["name"].lower() for n in args.names):
            continue
        path = spec["path"]() if callable(spec["path"]) else spec["path"]
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(User.objects.get(email=spec["user"]))
        client.cookies["django_language"] = "sv"
        totals, cpu_totals, sql_totals = [], [], []
        for _ in range(args.repeat):
            timer = QueryTimer()
            with connection.execute_wrapper(timer):
                started, cpu = time.perf_counter(), time.process_time()
                response = client.get(path)
                totals.append((time.perf_counter() - started) * 1000)
                cpu_totals.append((time.process_time() - cpu) * 1000)
            sql_totals.append(sum(t for t, _ in timer.queries))
        print(
            f"\n== {spec['name']}  {path}\n   status {response.status_code}, "
            f"median {statistics.median(totals):.1f} ms (Python CPU "
            f"{statistics.median(cpu_totals):.1f} ms), "
            f"SQL {statistics.median(sql_totals):.1f} ms, {len(timer.queries)} queries"
        )
        for ms, sql in sorted(timer.queries, reverse=True)[: args.top]:
            print(f"   {ms:7.1f} ms  {sql[:400]}")


if __name__ == "__main__":
    main()
