from datetime import timedelta

from celery.schedules import crontab

BEAT_SCHEDULE = {
    "notifications-sweep-outbox": {
        "task": "notifications.sweep_outbox",
        "schedule": timedelta(minutes=1),
    },
    "notifications-daily-digest": {
        "task": "notifications.send_digests",
        "schedule": crontab(hour=6, minute=30),
    },
}
