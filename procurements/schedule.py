from celery.schedules import crontab

BEAT_SCHEDULE = {
    "procurements-contract-reminders": {
        "task": "procurements.contract_reminders",
        "schedule": crontab(hour=6, minute=30),
    },
}
