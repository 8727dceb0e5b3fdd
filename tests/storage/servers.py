"""Samverka as separate server processes (gunicorn), for the tests that check what
several web nodes share: only PostgreSQL (directly or through PgBouncer), Redis and
the bucket."""

import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


def wait_until(check, seconds=30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return False


def database_url(settings_dict) -> str:
    """A DATABASE_URL for the test database this process uses."""
    password = f":{settings_dict['PASSWORD']}" if settings_dict["PASSWORD"] else ""
    return (
        f"postgres://{settings_dict['USER'] or 'postgres'}{password}"
        f"@{settings_dict['HOST'] or '127.0.0.1'}:{settings_dict['PORT'] or 5432}"
        f"/{settings_dict['NAME']}"
    )


def node_env(*, s3, prefix: str, database: str, media_root: Path, **extra) -> dict:
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("STORAGE_S3_", "DATABASE_"))},
        **s3.env(prefix=prefix),
        "DEBUG": "1",
        "DATABASE_URL": database,
        "MEDIA_ROOT": str(media_root),
        "CELERY_TASK_ALWAYS_EAGER": "1",
        **extra,
    }


@contextmanager
def gunicorn_nodes(ports: list[int], envs: list[dict], logs: list[Path]):
    """Start one gunicorn (one worker) per port; yield their base URLs once they answer."""
    processes = []
    try:
        for port, env, log in zip(ports, envs, logs, strict=True):
            with log.open("wb") as handle:
                processes.append(
                    subprocess.Popen(  # noqa: S603 - our own gunicorn
                        [sys.executable, "-m", "gunicorn", "config.wsgi:application",
                         "--bind", f"127.0.0.1:{port}", "--workers", "1", "--timeout", "60"],
                        cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT,
                    )
                )  # fmt: skip
        for process, port, log in zip(processes, ports, logs, strict=True):
            _wait_for_http(f"http://127.0.0.1:{port}/healthz", process, log)
        yield [f"http://127.0.0.1:{port}" for port in ports]
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def _wait_for_http(url: str, process, log: Path) -> None:
    def ready():
        if process.poll() is not None:
            pytest.fail(f"the server stopped:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 - our own server
        except urllib.error.HTTPError:
            return True
        except OSError:
            return False
        return True

    assert wait_until(ready, 60), log.read_text(errors="replace")[-3000:]


def browser_as(client, user):
    """A requests session signed in as `user` (a session row in PostgreSQL, which every
    node reads)."""
    import requests

    client.force_login(user)
    browser = requests.Session()
    browser.cookies.set("sessionid", client.cookies["sessionid"].value)
    return browser


def create_need_with_attachment(browser, base: str, name: str, content: bytes):
    """Submit the need form with an attachment, as a person would (CSRF token included)."""
    url = f"{base}{reverse('needs:need-create')}"
    form = browser.get(url, timeout=30)
    assert form.status_code == 200, form.text[:500]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    created = browser.post(
        url,
        data={"csrfmiddlewaretoken": token, "title": "Golv", "problem": "Hala", "department": "it"},
        files={"attachment": (name, content, "text/plain")},
        headers={"Referer": f"{base}/"},
        allow_redirects=False,
        timeout=30,
    )
    assert created.status_code == 302, created.text[:2000]
    return created
