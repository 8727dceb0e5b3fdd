"""Benchmark Samverka's key pages against the framework's floor and the Django admin.

    .venv/bin/python benchmarks/run.py [--requests 40] [--clients 4] [--seconds 10]

Starts gunicorn the way production runs it (DEBUG=0, whitenoise, 2 workers) on a free
loopback port against the database in DATABASE_URL, signs in as the demo/scale users
listed in benchmarks/pages.py, and for each key page measures the median and 95th
percentile response time and the SQL query count (X-Query-Count header), alternating
every page request with a request for the floor (/floor/: the base layout and nothing
else, same user) so machine noise hits both alike. The Django admin changelist with
search_fields on the same model and search word is measured the same way. The
marketplace search also gets a throughput figure with several concurrent clients.
Writes a table to stdout and JSON to benchmarks/results/latest.json.
"""

import argparse
import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def session_cookie(email: str) -> str:
    """A signed-in session for `email`, made directly in the session store."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from organizations.models import User

    user = User.objects.get(email=email)
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}; django_language=sv"


def get(port: int, path: str, cookie: str) -> tuple[float, int, int]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    started = time.perf_counter()
    conn.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"})
    response = conn.getresponse()
    response.read()
    elapsed = (time.perf_counter() - started) * 1000
    queries = int(response.getheader("X-Query-Count") or -1)
    conn.close()
    return elapsed, response.status, queries


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def measure(port: int, path: str, cookie: str, n: int) -> dict:
    page_times, floor_times, statuses, queries, floor_queries = [], [], set(), set(), set()
    for _ in range(3):  # warm up both
        get(port, path, cookie)
        get(port, "/floor/", cookie)
    for _ in range(n):
        t, status, q = get(port, path, cookie)
        page_times.append(t)
        statuses.add(status)
        queries.add(q)
        t, _status, q = get(port, "/floor/", cookie)
        floor_times.append(t)
        floor_queries.add(q)
    return {
        "path": path,
        "status": sorted(statuses),
        "median_ms": round(statistics.median(page_times), 2),
        "p95_ms": round(p95(page_times), 2),
        "queries": sorted(queries),
        "floor_median_ms": round(statistics.median(floor_times), 2),
        "floor_p95_ms": round(p95(floor_times), 2),
        "floor_queries": sorted(floor_queries),
        "ratio_to_floor": round(statistics.median(page_times) / statistics.median(floor_times), 2),
    }


def throughput(port: int, path: str, cookie: str, clients: int, seconds: float) -> dict:
    done = []
    stop = time.monotonic() + seconds

    def worker():
        count = 0
        while time.monotonic() < stop:
            get(port, path, cookie)
            count += 1
        done.append(count)

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {
        "clients": clients,
        "seconds": seconds,
        "requests_per_second": round(sum(done) / seconds, 1),
    }


def time_report(report: dict, runs: int = 3) -> dict:
    """Build a PDF report the way the worker does (context as the user, then the PDF)."""
    from django.utils import timezone, translation

    from core.pdf import render_pdf
    from core.registry import report_kinds
    from organizations.models import User

    kind = report_kinds()[report["kind"]]
    user = User.objects.get(email=report["user"])
    params = report["params"]() if callable(report["params"]) else report["params"]
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        with translation.override("sv"):
            context = kind.build_context(params, user, lambda *a, **k: None)
            pdf = render_pdf(
                kind.template,
                {
                    "title": str(kind.title),
                    "subtitle": "",
                    "organization_name": user.organization.name,
                    "generated_at": timezone.localtime(),
                    "requested_by": user.get_full_name(),
                    "toc": [],
                    **context,
                },
                language="sv",
                pdf_variant=kind.pdf_variant,
            )
        times.append(round(time.perf_counter() - started, 2))
    return {
        "name": report["name"],
        "median_s": statistics.median(times),
        "runs_s": times,
        "pdf_bytes": len(pdf),
        "target_s": report["target_s"],
    }


SERVER_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": os.environ.get("SECRET_KEY", "benchmark-only-" + "x" * 60),
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "0",
    "DJANGO_SETTINGS_MODULE": "benchmarks.settings",  # the floor page, X-Query-Count
    "LOG_LEVEL": "WARNING",
}


def start_server(port: int, collect: bool = False) -> subprocess.Popen:
    from django.conf import settings

    from procurements.crypto import development_keys

    # DEBUG=0 requires the bid keys: the ones this (development) process sealed with.
    env = {**development_keys(settings.SECRET_KEY), **os.environ, **SERVER_ENV}
    if collect or not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
    server = subprocess.Popen(  # noqa: S603 - our own gunicorn
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=40, help="requests per page")
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients for throughput")
    parser.add_argument("--seconds", type=float, default=10.0, help="throughput duration")
    parser.add_argument(
        "--collectstatic",
        action="store_true",
        help="run collectstatic first (done anyway when no manifest exists)",
    )
    parser.add_argument(
        "--only", action="append", default=[], help="measure only pages whose name has this"
    )
    parser.add_argument("--no-reports", action="store_true", help="skip the PDF report timings")
    parser.add_argument("--output", default=str(ROOT / "benchmarks" / "results" / "latest.json"))
    return parser.parse_args()


def _set_up_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")
    if not os.environ.get("BID_ENCRYPTION_KEY") and not os.environ.get("SECRET_KEY"):
        # scale_data sealed the bids with the development key (derived from the dev
        # SECRET_KEY); the server runs with its own SECRET_KEY, so it gets that bid key.
        from procurements.crypto import development_keys

        dev_secret = "dev-only-insecure-key-change-me"  # noqa: S105 - config/settings.py
        SERVER_ENV.update(development_keys(dev_secret))
    os.environ.update(SERVER_ENV)  # sessions are signed with the server's secret
    import django

    django.setup()


def _measure_pages(port: int, args: argparse.Namespace) -> tuple[list[dict], dict | None]:
    from benchmarks.pages import PAGES, THROUGHPUT, resolve

    results = []
    cookies: dict[str, str] = {}
    for page in PAGES:
        if args.only and not any(part in page["name"] for part in args.only):
            continue
        cookie = cookies.setdefault(page["user"], session_cookie(page["user"]))
        row = {
            "name": page["name"],
            "user": page["user"],
            **measure(port, resolve(page["path"]), cookie, args.requests),
        }
        if page.get("admin"):
            admin_cookie = cookies.setdefault(
                "__admin", session_cookie(page.get("admin_user", "admin@samverka.example"))
            )
            admin = measure(port, resolve(page["admin"]), admin_cookie, max(5, args.requests // 4))
            row["admin"] = admin
            row["speedup_vs_admin"] = round(admin["median_ms"] / row["median_ms"], 2)
        results.append(row)
        print(f"  measured {page['name']}", file=sys.stderr)
    tput = None
    if THROUGHPUT and not args.only:
        cookie = cookies.setdefault(THROUGHPUT["user"], session_cookie(THROUGHPUT["user"]))
        tput = {
            "name": THROUGHPUT["name"],
            **throughput(port, resolve(THROUGHPUT["path"]), cookie, args.clients, args.seconds),
        }
    return results, tput


def _print_table(results: list[dict], tput: dict | None, reports: list[dict]) -> None:
    print(
        "\n| page | median ms | p95 ms | queries | floor median ms | × floor "
        "| admin median ms | admin × slower |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for row in results:
        admin = row.get("admin")
        print(
            f"| {row['name']} | {row['median_ms']} | {row['p95_ms']} "
            f"| {','.join(map(str, row['queries']))} "
            f"| {row['floor_median_ms']} | {row['ratio_to_floor']} "
            f"| {admin['median_ms'] if admin else '–'} | {row.get('speedup_vs_admin', '–')} |"
        )
    if tput:
        print(
            f"\nThroughput, {tput['name']}: {tput['requests_per_second']} requests/s "
            f"with {tput['clients']} clients over {tput['seconds']} s"
        )
    for report in reports:
        print(
            f"\nReport {report['name']}: median {report['median_s']} s "
            f"(runs {report['runs_s']}, target < {report['target_s']} s)"
        )


def main() -> int:
    args = _arguments()
    _set_up_django()
    from benchmarks.pages import REPORTS

    port = free_port()
    server = start_server(port, collect=args.collectstatic)
    try:
        results, tput = _measure_pages(port, args)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    reports = [] if args.no_reports else [time_report(report) for report in REPORTS]
    _print_table(results, tput, reports)
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(
        json.dumps(
            {"pages": results, "throughput": tput, "reports": reports},
            indent=2,
            ensure_ascii=False,
        )
    )
    print(f"\nJSON: {output}")
    failures = [r["name"] for r in results if any(s >= 400 for s in r["status"])]
    if failures:
        print(f"pages that failed: {failures}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
