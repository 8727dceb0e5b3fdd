from celery.schedules import crontab

BEAT_SCHEDULE = {
    "sprints-sweep-offers": {
        "task": "sprints.sweep_offers",
        "schedule": crontab(minute="*/5"),
    },
    "sprints-release-expired-holds": {
        "task": "sprints.release_expired_holds",
        "schedule": crontab(minute="*/15"),
    },
    "sprints-send-reminders": {
        "task": "sprints.send_reminders",
        "schedule": crontab(hour=7, minute=30),
    },
}
