"""The settings for several machines: the bucket chosen by STORAGE_S3_*, the pooler's
transaction mode, and a bad combination refused at start."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRINT = (
    "import json; from django.conf import settings as s; "
    "d = s.DATABASES['default']; "
    "print(json.dumps({'storage': s.STORAGES['default'], 'options': d.get('OPTIONS', {}), "
    "'no_cursors': d.get('DISABLE_SERVER_SIDE_CURSORS', False)}))"
)


def _settings(**env):
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("STORAGE_S3_", "DATABASE_PREPARE", "DATABASE_PG_", "DATABASE_POOL"))
    }
    result = subprocess.run(  # noqa: S603 - our own interpreter and settings
        [sys.executable, "-c", f"import django; django.setup(); {PRINT}"],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if result.returncode:
        return result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_local_disk_is_the_default():
    assert _settings()["storage"] == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_bucket_settings_choose_the_private_s3_storage():
    chosen = _settings(
        STORAGE_S3_BUCKET="samverka",
        STORAGE_S3_ENDPOINT_URL="http://seaweedfs:8333",
        STORAGE_S3_ACCESS_KEY="key",
        STORAGE_S3_SECRET_KEY="secret",
        STORAGE_S3_PREFIX="/media/",
    )["storage"]
    assert chosen["BACKEND"] == "core.storage.PrivateS3Storage"
    assert chosen["OPTIONS"] == {
        "bucket_name": "samverka",
        "endpoint_url": "http://seaweedfs:8333",
        "access_key": "key",
        "secret_key": "secret",
        "region_name": "us-east-1",
        "location": "media",
        "addressing_style": "path",
        "verify": None,
    }


def test_a_key_without_its_secret_is_refused():
    error = _settings(STORAGE_S3_BUCKET="samverka", STORAGE_S3_ACCESS_KEY="key")
    assert "STORAGE_S3_SECRET_KEY" in error


def test_transaction_pooler_turns_off_what_cannot_outlive_a_transaction():
    direct = _settings()
    assert direct["options"]["server_side_binding"] is True and "options" in direct["options"]
    assert direct["no_cursors"] is False
    pooled = _settings(DATABASE_POOLER="transaction")
    assert pooled["options"] == {} and pooled["no_cursors"] is True


def test_transaction_pooler_refuses_prepared_statements():
    error = _settings(DATABASE_POOLER="transaction", DATABASE_PREPARE_THRESHOLD="2")
    assert "DATABASE_PREPARE_THRESHOLD" in error
    assert "DATABASE_POOLER" in _settings(DATABASE_POOLER="statement")
