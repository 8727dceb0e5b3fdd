from datetime import timedelta

BEAT_SCHEDULE = {
    "needs-sweep-workshop-reminders": {
        "task": "needs.sweep_workshop_reminders",
        "schedule": timedelta(minutes=15),
    },
}
