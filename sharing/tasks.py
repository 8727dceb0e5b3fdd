"""Thin, id-based, idempotent tasks; each calls one service."""

from celery import shared_task


@shared_task(
    name="sharing.process_photo", autoretry_for=(OSError,), max_retries=3, retry_backoff=True
)
def process_photo(photo_id: int) -> bool:
    from .services import photo_process

    return photo_process(photo_id=photo_id)


@shared_task(name="sharing.match_wanted_ads")
def match_wanted_ads(listing_id: int) -> int:
    from .services import wanted_ads_match

    return wanted_ads_match(listing_id=listing_id)


@shared_task(name="sharing.send_reminders")
def send_reminders() -> dict:
    from .services import reminders_send

    return reminders_send()


@shared_task(name="sharing.expire_holds")
def expire_holds() -> int:
    from .services import holds_expire

    return holds_expire()
