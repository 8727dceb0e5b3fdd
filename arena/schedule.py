from celery.schedules import crontab

BEAT_SCHEDULE = {
    "arena-send-event-reminders": {
        "task": "arena.send_event_reminders",
        "schedule": crontab(minute=5),
    },
}
