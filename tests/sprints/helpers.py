"""Helpers the sprint tests share: moving a call-off's clock without waiting."""

from datetime import timedelta

from django.utils import timezone

from sprints.dates import local_today
from sprints.models import CallOff, Offer, Session


def expire_offer(offer):
    """The offer's deadline and its held sessions' holds passed a minute ago."""
    past = timezone.now() - timedelta(minutes=1)
    Offer.objects.filter(pk=offer.pk).update(response_deadline=past)
    Session.objects.filter(call_off=offer.call_off_id, state="held").update(hold_expires_at=past)


def started(call_off):
    """The sprint took place last week."""
    past = local_today() - timedelta(days=1)
    CallOff.objects.filter(pk=call_off.pk).update(
        start_date=past - timedelta(days=4), end_date=past
    )
    call_off.refresh_from_db()
    return call_off
