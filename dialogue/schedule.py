from celery.schedules import crontab

BEAT_SCHEDULE = {
    # Reminders go out once per RFI, two days before its deadline; hourly is precise enough.
    "dialogue-rfi-reminders": {
        "task": "dialogue.send_rfi_reminders",
        "schedule": crontab(minute=15),
    },
}
