from celery import shared_task

from . import services


@shared_task(name="arena.send_event_reminders")
def send_event_reminders() -> int:
    """Hourly: remind confirmed participants of events within 24 hours (each once)."""
    return services.event_reminders_send()
