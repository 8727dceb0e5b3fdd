from datetime import timedelta

BEAT_SCHEDULE = {
    "reports-sweep": {"task": "reports.sweep", "schedule": timedelta(seconds=30)},
}
