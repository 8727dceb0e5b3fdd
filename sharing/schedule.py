from celery.schedules import crontab

BEAT_SCHEDULE = {
    # Pickup and return reminders for tomorrow, late notices for yesterday: once a morning.
    "sharing-reminders": {"task": "sharing.send_reminders", "schedule": crontab(hour=7, minute=0)},
    # A held unit for the waiting list goes to the next in line after its deadline.
    "sharing-expire-holds": {"task": "sharing.expire_holds", "schedule": crontab(minute="*/15")},
}
