"""Throughput of the several-machine layout, run on one machine from Debian's packages
(docker-compose's services without Docker):

    .venv/bin/python benchmarks/cluster.py [--clients 4] [--seconds 10] [--replicas 2]

against the scale data in DATABASE_URL (see the README's benchmark section). It starts
SeaweedFS (scripts/seaweedfs.py), PgBouncer in transaction mode (`apt install pgbouncer`)
in front of that PostgreSQL, N gunicorn replicas (2 workers each, DEBUG=0) with
DATABASE_POOLER=transaction and the files in the bucket, and Caddy (`apt install caddy`)
balancing round robin over them, all on loopback ports. The demo photos are stored in
the bucket first. Every worker is warmed up, then it measures round by round (the
set-ups alternate, so the machine's noise hits each alike), same clients and duration:

- direct: one gunicorn (2 workers) straight to PostgreSQL, local files: benchmarks/run.py's
  set-up, for comparison;
- through the proxy: Caddy -> the replicas -> PgBouncer -> PostgreSQL;
- a listing photo streamed from the bucket through the proxy and a replica.

Everything it started is stopped at the end; its files are in .run/cluster/ (ignored).
"""

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.run import SERVER_ENV, free_port, get, session_cookie, throughput  # noqa: E402
from scripts import pgbouncer, seaweedfs  # noqa: E402

RUN = ROOT / ".run" / "cluster"


def wait_for_port(port: int, process: subprocess.Popen, what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{what} stopped (exit {process.returncode}); see {RUN}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{what} did not start; see {RUN}")


def start_gunicorn(port: int, env: dict, name: str) -> subprocess.Popen:
    with (RUN / f"{name}.log").open("wb") as log:
        process = subprocess.Popen(  # noqa: S603 - our own gunicorn
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
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    wait_for_port(port, process, name)
    return process


def start_caddy(port: int, upstreams: list[int]) -> subprocess.Popen:
    binary = shutil.which("caddy")
    if not binary:
        raise SystemExit("Caddy is missing: apt-get install caddy")
    caddyfile = RUN / "Caddyfile"
    caddyfile.write_text(
        "{\n\tadmin off\n\tauto_https off\n}\n"
        f"http://127.0.0.1:{port} {{\n"
        f"\treverse_proxy {' '.join(f'127.0.0.1:{p}' for p in upstreams)} {{\n"
        "\t\tlb_policy round_robin\n\t\tlb_try_duration 5s\n\t}\n}\n"
    )
    env = {**os.environ, "XDG_DATA_HOME": str(RUN / "caddy"), "XDG_CONFIG_HOME": str(RUN / "caddy")}
    with (RUN / "caddy.log").open("wb") as log:
        process = subprocess.Popen(  # noqa: S603 - Debian's caddy, our own config
            [binary, "run", "--config", str(caddyfile), "--adapter", "caddyfile"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    wait_for_port(port, process, "Caddy")
    return process


def stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=2, help="measurements per set-up")
    return parser.parse_args()


def _benchmark_photo(email: str):
    """A demo photo in the bucket on one of the benchmark user's own listings."""
    from django.utils import timezone

    from organizations.models import User
    from sharing.demo import _photos
    from sharing.models import Listing, ListingPhoto

    full, thumb = _photos()[0]
    user = User.objects.get(email=email)
    listing = Listing.objects.filter(organization=user.organization).order_by("pk").first()
    return ListingPhoto.objects.create(
        listing=listing,
        original=full,
        image=full,
        thumbnail=thumb,
        alt_text="benchmark",
        position=99,
        processed_at=timezone.now(),
    )


def _measure(setups: dict, cookie: str, args: argparse.Namespace) -> dict[str, list]:
    results: dict[str, list] = {}
    for port, url in setups.values():  # warm-up: every worker of every replica
        for _ in range(10 * args.replicas):
            _elapsed, status, _queries = get(port, url, cookie)
            if status != 200:
                raise SystemExit(f"{url} answered {status} on port {port}; see {RUN}")
    # Alternate the set-ups, so the machine's noise hits each alike.
    for _round in range(args.rounds):
        for name, (port, url) in setups.items():
            result = throughput(port, url, cookie, args.clients, args.seconds)
            results.setdefault(name, []).append(result["requests_per_second"])
    return results


def main() -> int:
    args = _arguments()
    shutil.rmtree(RUN, ignore_errors=True)
    RUN.mkdir(parents=True)
    RUN.chmod(0o755)

    database_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/samverka")
    bucket = seaweedfs.start("cluster")
    processes: list[subprocess.Popen] = []
    try:
        # This process talks to PostgreSQL directly and to the bucket (demo photos).
        os.environ.update(SERVER_ENV)
        os.environ.update(bucket.env())
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")
        if not os.environ.get("BID_ENCRYPTION_KEY"):
            os.environ["BID_ENCRYPTION_KEY"] = "benchmark-bids-are-not-read-here"
        import django

        django.setup()
        from django.urls import reverse

        from benchmarks.pages import THROUGHPUT, resolve

        photo = _benchmark_photo(THROUGHPUT["user"])
        cookie = session_cookie(THROUGHPUT["user"])
        path = resolve(THROUGHPUT["path"])

        # 1. One gunicorn straight to PostgreSQL (benchmarks/run.py's set-up).
        direct_port = free_port()
        plain_env = {k: v for k, v in os.environ.items() if not k.startswith("STORAGE_S3_")} | {
            "DATABASE_URL": database_url
        }
        from django.conf import settings

        if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
            subprocess.run(
                [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
                cwd=ROOT,
                env=plain_env,
                check=True,
            )
        processes.append(start_gunicorn(direct_port, plain_env, "direct"))

        # 2. Caddy -> replicas -> PgBouncer -> PostgreSQL; files in SeaweedFS.
        bouncer = pgbouncer.start(database_url, name="cluster")
        processes.append(bouncer.process)
        pooled_env = {
            **os.environ,
            "DATABASE_URL": bouncer.url(urlparse(database_url).path.lstrip("/")),
            "DATABASE_POOLER": "transaction",
            "TRUSTED_PROXY_COUNT": "1",
        }
        replica_ports = [free_port() for _ in range(args.replicas)]
        for index, port in enumerate(replica_ports):
            processes.append(start_gunicorn(port, pooled_env, f"replica-{index + 1}"))
        proxy_port = free_port()
        processes.append(start_caddy(proxy_port, replica_ports))
        photo_path = reverse("sharing:photo-file", args=[photo.pk, "thumb"])
        setups = {
            "direct, 1 gunicorn (2 workers)": (direct_port, path),
            f"through Caddy, {args.replicas} replicas (2 workers each), PgBouncer": (
                proxy_port,
                path,
            ),
            "a photo from the bucket, through Caddy": (proxy_port, photo_path),
        }
        results = _measure(setups, cookie, args)
    finally:
        stop(list(reversed(processes)))
        bucket.stop()
        if "bouncer" in locals():  # its process was stopped with the others
            bouncer.stop()
        if "photo" in locals():
            photo.delete()

    print(f"\nThroughput with {args.clients} clients over {args.seconds} s:")
    print(f"page: {THROUGHPUT['name']}")
    for name, rates in results.items():
        print(f"  {name}: {' / '.join(map(str, rates))} requests/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
