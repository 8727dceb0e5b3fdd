"""Thin, id-based tasks: claim the outbox row, send, record. Safe to run twice."""

import logging
import smtplib
import socket
from datetime import timedelta

from celery import shared_task
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone

from core.tasks import send_now

from .enums import OutboxState
from .models import OutboxEmail

logger = logging.getLogger(__name__)

TRANSIENT_ERRORS = (
    smtplib.SMTPServerDisconnected,
    smtplib.SMTPConnectError,
    smtplib.SMTPHeloError,
    socket.timeout,
    ConnectionError,
    TimeoutError,
)
MAX_ATTEMPTS = 6
STALE_CLAIM = timedelta(minutes=30)


@shared_task(
    name="notifications.send_outbox_email", bind=True, max_retries=MAX_ATTEMPTS, acks_late=True
)
def send_outbox_email(self, outbox_id: int) -> str:
    claimed = OutboxEmail.objects.filter(pk=outbox_id, state=OutboxState.PENDING).update(
        state=OutboxState.SENDING, claimed_at=timezone.now()
    )
    if claimed != 1:
        return "skipped"  # sent already, or another run has it
    row = OutboxEmail.objects.get(pk=outbox_id)
    message = EmailMultiAlternatives(subject=row.subject, body=row.body_text, to=[row.to])
    if row.body_html:
        message.attach_alternative(row.body_html, "text/html")
    try:
        message.send()
    except TRANSIENT_ERRORS as exc:
        attempts = row.attempts + 1
        final = attempts >= MAX_ATTEMPTS
        OutboxEmail.objects.filter(pk=row.pk).update(
            state=OutboxState.FAILED if final else OutboxState.PENDING,
            attempts=attempts,
            last_error=repr(exc)[:2000],
            **(_scrubbed(row) if final else {}),
        )
        if final:
            return "failed"
        raise self.retry(exc=exc, countdown=min(30 * 2**attempts, 3600)) from exc
    except Exception as exc:  # a permanent error: refused recipient, bad data
        OutboxEmail.objects.filter(pk=row.pk).update(
            state=OutboxState.FAILED,
            attempts=row.attempts + 1,
            last_error=repr(exc)[:2000],
            **_scrubbed(row),
        )
        logger.exception("E-mail %s failed permanently", row.pk)
        return "failed"
    OutboxEmail.objects.filter(pk=row.pk).update(
        state=OutboxState.SENT,
        sent_at=timezone.now(),
        attempts=row.attempts + 1,
        **_scrubbed(row),
    )
    return "sent"


def _scrubbed(row: OutboxEmail) -> dict:
    """For a mail with a one-time link: the body replaced, so no usable token is kept."""
    if not row.holds_secret:
        return {}
    from django.conf import settings
    from django.utils import translation
    from django.utils.translation import gettext

    with translation.override(settings.LANGUAGE_CODE):
        note = gettext("Removed after sending: this e-mail held a one-time link.")
    return {"body_text": note, "body_html": ""}


@shared_task(name="notifications.sweep_outbox")
def sweep_outbox() -> int:
    """Publish e-mails that wait (Redis was down, or a worker died holding one).

    A row claimed but never finished for STALE_CLAIM goes back to waiting: a worker
    that died mid-send may, rarely, cause a second copy; a lost e-mail is worse.
    """
    now = timezone.now()
    OutboxEmail.objects.filter(state=OutboxState.SENDING, claimed_at__lt=now - STALE_CLAIM).update(
        state=OutboxState.PENDING
    )
    waiting = list(
        OutboxEmail.objects.filter(
            state=OutboxState.PENDING, created_at__lt=now - timedelta(seconds=30)
        ).values_list("pk", flat=True)[:500]
    )
    for pk in waiting:
        if not send_now(send_outbox_email, pk):
            break
    return len(waiting)


@shared_task(name="notifications.send_digests")
def send_digests() -> int:
    """Daily: one digest e-mail per person with yesterday's digest notices (idempotent)."""
    from .services import digests_send

    return digests_send()
