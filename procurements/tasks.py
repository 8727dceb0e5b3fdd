"""Thin, id-based, idempotent tasks."""

from celery import shared_task


@shared_task(name="procurements.send_award_notices")
def send_award_notices(award_id: int) -> int:
    from .services import award_notices_send

    return award_notices_send(award_id)


@shared_task(name="procurements.contract_reminders")
def contract_reminders() -> int:
    from .services import contract_reminders_send

    return contract_reminders_send()
