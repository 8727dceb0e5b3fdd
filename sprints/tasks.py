"""Thin, id-based, idempotent tasks for design sprints."""

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from core.calendar import next_working_day


@shared_task(name="sprints.pass_on_call_off")
def pass_on_call_off(call_off_id: int) -> str:
    """Offer a declined (or timed-out) call-off to the next supplier. Safe to run twice."""
    from .services import call_off_pass_on

    offer = call_off_pass_on(call_off_id=call_off_id)
    return f"offered:{offer.pk}" if offer else "nothing to do"


@shared_task(name="sprints.sweep_offers")
def sweep_offers() -> int:
    """Beat: pass on every offer whose response deadline has passed; close empty competitions."""
    from .services import offers_sweep

    return offers_sweep()


@shared_task(name="sprints.release_expired_holds")
def release_expired_holds() -> int:
    from .services import release_expired_holds as release

    with transaction.atomic():
        return release()


@shared_task(name="sprints.send_invitations")
def send_invitations(call_off_id: int) -> int:
    """E-mail every participant the sprint's dates (again when they change). Idempotent."""
    from .mail import invitations_mail

    return invitations_mail(call_off_id)


@shared_task(name="sprints.send_reminders")
def send_reminders() -> int:
    """Beat, daily: remind participants of sprints that start on the next working day."""
    from .dates import STOCKHOLM
    from .mail import reminders_mail

    today = timezone.now().astimezone(STOCKHOLM).date()
    from datetime import timedelta

    return reminders_mail(next_working_day(today + timedelta(days=1)))
