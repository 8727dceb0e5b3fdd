"""A private PgBouncer in transaction mode on a free loopback port, in front of the
PostgreSQL of a DATABASE_URL, for the tests and the cluster benchmark (Debian's
`pgbouncer` package; `./dev test` installs it). Its files are in `.run/pgbouncer/`."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from scripts.seaweedfs import free_ports

ROOT = Path(__file__).resolve().parents[1]


class PgBouncerError(RuntimeError):
    pass


@dataclass
class PgBouncer:
    port: int
    process: subprocess.Popen
    folder: Path
    user: str

    def url(self, database: str) -> str:
        """A DATABASE_URL for `database` through the pooler."""
        return f"postgres://{self.user}@127.0.0.1:{self.port}/{database}"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        shutil.rmtree(self.folder, ignore_errors=True)


def start(database_url: str, *, name: str = "pgbouncer", pool_size: int = 10) -> PgBouncer:
    binary = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
    if not Path(binary).exists():
        raise PgBouncerError("PgBouncer is missing: apt-get install pgbouncer (./dev test does)")
    url = urlparse(database_url)
    user = url.username or "postgres"
    (port,) = free_ports(1)
    folder = ROOT / ".run" / "pgbouncer" / f"{name}-{os.getpid()}-{port}"
    folder.mkdir(parents=True, exist_ok=True)
    for path in (folder, *folder.parents):
        if path == ROOT:
            break
        path.chmod(0o755)  # PgBouncer runs as postgres when we are root
    ini = folder / "pgbouncer.ini"
    ini.write_text(
        "[databases]\n"
        f"* = host={url.hostname or '127.0.0.1'} port={url.port or 5432} user={user}"
        + (f" password={url.password}" if url.password else "")
        + "\n[pgbouncer]\n"
        f"listen_addr = 127.0.0.1\nlisten_port = {port}\nunix_socket_dir =\n"
        "auth_type = any\npool_mode = transaction\nmax_client_conn = 500\n"
        f"default_pool_size = {pool_size}\nignore_startup_parameters = extra_float_digits\n"
    )
    ini.chmod(0o644)
    command = [binary, str(ini)]
    if os.getuid() == 0:  # PgBouncer refuses to run as root
        command = [binary, "-u", "postgres", str(ini)]
    with (folder / "pgbouncer.log").open("wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
    bouncer = PgBouncer(port=port, process=process, folder=folder, user=user)
    import socket

    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return bouncer
        except OSError:
            time.sleep(0.1)
    log_tail = (folder / "pgbouncer.log").read_text(errors="replace")[-2000:]
    bouncer.stop()
    raise PgBouncerError(f"PgBouncer did not start:\n{log_tail}")
