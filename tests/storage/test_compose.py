"""docker-compose.yml keeps the several-machine layout (Docker itself is not available
where the tests run, so its structure is what can be checked here)."""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_web_runs_as_two_replicas_behind_the_proxy_with_no_local_files():
    services = _compose()["services"]
    web = services["web"]
    assert web["deploy"]["replicas"] == 2
    assert "ports" not in web  # only the proxy is published
    assert not web.get("volumes")  # nothing on a node's disk that another node needs
    assert set(services["proxy"]["ports"]) == {"80:80", "443:443"}
    caddyfile = (ROOT / "deploy" / "Caddyfile").read_text()
    assert re.search(r"dynamic a web 8000", caddyfile)


def test_app_services_share_the_bucket_the_pooler_and_redis():
    services = _compose()["services"]
    for name in ("web", "worker", "beat"):
        env = services[name]["environment"]
        assert env["STORAGE_S3_ENDPOINT_URL"] == "http://seaweedfs:8333", name
        assert env["STORAGE_S3_BUCKET"] and env["STORAGE_S3_SECRET_KEY"], name
        assert env["DATABASE_POOLER"] == "transaction", name
        assert "@pgbouncer:6432/" in env["DATABASE_URL"], name
        assert env["REDIS_URL"].startswith("redis://redis:"), name
    migrate = services["migrate"]["environment"]
    assert "@db:5432/" in migrate["DATABASE_URL"] and not migrate["DATABASE_POOLER"]
    assert "media_to_bucket --create-bucket" in services["migrate"]["command"]


def test_pooler_is_in_transaction_mode_and_the_bucket_needs_keys():
    ini = (ROOT / "deploy" / "pgbouncer" / "pgbouncer.ini").read_text()
    assert re.search(r"^pool_mode = transaction$", ini, re.MULTILINE)
    seaweed = _compose()["services"]["seaweedfs"]
    command = " ".join(seaweed["command"])
    assert "-s3.config=" in command and '"identities"' in command
    assert "ports" not in seaweed  # reachable by the app only


def test_every_setting_the_layout_needs_is_documented():
    documented = (ROOT / ".env.example").read_text()
    for name in (
        "STORAGE_S3_BUCKET",
        "STORAGE_S3_ENDPOINT_URL",
        "STORAGE_S3_ACCESS_KEY",
        "STORAGE_S3_SECRET_KEY",
        "STORAGE_S3_REGION",
        "STORAGE_S3_PREFIX",
        "STORAGE_S3_ADDRESSING_STYLE",
        "STORAGE_S3_CA_BUNDLE",
        "DATABASE_POOLER",
        "TRUSTED_PROXY_COUNT",
        "SITE_ADDRESS",
        "POSTGRES_PASSWORD",
    ):
        assert re.search(rf"^{name}=", documented, re.MULTILINE), name
