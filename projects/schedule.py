from celery.schedules import crontab

BEAT_SCHEDULE = {
    "projects-remind-funder-reports": {
        "task": "projects.remind_funder_reports",
        "schedule": crontab(hour=7, minute=0),
    },
}
