from datetime import timedelta

BEAT_SCHEDULE = {
    "notifications-sweep-outbox": {
        "task": "notifications.sweep_outbox",
        "schedule": timedelta(minutes=1),
    },
}
