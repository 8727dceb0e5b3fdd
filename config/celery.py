"""The Celery app. Broker: Redis, with socket timeouts so a silent Redis never hangs a caller.

The beat schedule is static: each app may declare `BEAT_SCHEDULE` in its `schedule.py`,
merged here.
"""

import importlib
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("samverka")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

LOCAL_APPS = (
    "core",
    "organizations",
    "notifications",
    "needs",
    "dialogue",
    "procurements",
    "sharing",
    "sprints",
    "reports",
    "projects",
    "arena",
)


def _collect_beat_schedule() -> dict:
    schedule: dict = {}
    for name in LOCAL_APPS:
        try:
            module = importlib.import_module(f"{name}.schedule")
        except ModuleNotFoundError as exc:
            if exc.name in (name, f"{name}.schedule"):
                continue
            raise
        schedule.update(getattr(module, "BEAT_SCHEDULE", {}))
    return schedule


app.conf.beat_schedule = _collect_beat_schedule()
