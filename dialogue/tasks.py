"""Thin, id-based Celery tasks for the market dialogue. Each re-fetches and calls one
service; every one is safe to run twice (claims and dedupe keys)."""

from celery import shared_task

from . import services


@shared_task(name="dialogue.send_rfi_invitations")
def send_rfi_invitations(rfi_id: int) -> int:
    return services.rfi_send_invitations(rfi_id=rfi_id)


@shared_task(name="dialogue.send_rfi_reminders")
def send_rfi_reminders() -> int:
    """Beat: find RFIs whose deadline is near and enqueue one reminder task each."""
    from django.db import transaction

    with transaction.atomic():
        return services.rfi_send_reminders()


@shared_task(name="dialogue.send_rfi_reminder")
def send_rfi_reminder(rfi_id: int) -> int:
    return services.rfi_send_reminder(rfi_id=rfi_id)


@shared_task(name="dialogue.send_rfi_cancelled")
def send_rfi_cancelled(rfi_id: int) -> int:
    return services.rfi_send_cancelled(rfi_id=rfi_id)


@shared_task(name="dialogue.notify_clarification_asked")
def notify_clarification_asked(clarification_id: int) -> int:
    return services.clarification_notify_asked(clarification_id=clarification_id)


@shared_task(name="dialogue.publish_clarification")
def publish_clarification(clarification_id: int) -> int:
    return services.clarification_publish_notify(clarification_id=clarification_id)


@shared_task(name="dialogue.notify_activity_invitation")
def notify_activity_invitation(activity_id: int, organization_ids: list[int]) -> int:
    return services.activity_notify_invitation(
        activity_id=activity_id, organization_ids=organization_ids
    )
