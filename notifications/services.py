"""Telling people things: in-app notices and e-mail through the outbox.

Every e-mail is a stored `OutboxEmail` row first; the Celery task that sends it is
published only after the transaction commits (a rolled-back action never mails anyone)
and, if Redis is down, the periodic sweeper publishes it later.
"""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from core.tasks import enqueue_on_commit

from .models import Notification, OutboxEmail


def render_email(template: str, context: dict, language: str) -> tuple[str, str, str]:
    """Render `<template>_subject.txt`, `.txt` and `.html` in `language`."""
    with translation.override(language):
        ctx = {"site_url": settings.SITE_URL, **context}
        subject = " ".join(render_to_string(f"{template}_subject.txt", ctx).split())
        text = render_to_string(f"{template}.txt", ctx)
        html = render_to_string(f"{template}.html", ctx)
    return subject, text, html


def email_enqueue(
    *,
    to: str,
    template: str,
    context: dict,
    language: str = "sv",
    dedupe_key: str | None = None,
) -> OutboxEmail:
    """Store an e-mail in the outbox and send it after commit. Idempotent by `dedupe_key`."""
    if dedupe_key:
        existing = OutboxEmail.objects.filter(dedupe_key=dedupe_key).first()
        if existing:
            return existing
    subject, text, html = render_email(template, context, language)
    return email_store(to=to, subject=subject, text=text, html=html, dedupe_key=dedupe_key)


def email_store(
    *, to: str, subject: str, text: str, html: str = "", dedupe_key: str | None = None
) -> OutboxEmail:
    """Store an already rendered e-mail in the outbox; it is sent after commit."""
    try:
        with transaction.atomic():
            row = OutboxEmail.objects.create(
                to=to, subject=subject[:300], body_text=text, body_html=html, dedupe_key=dedupe_key
            )
    except IntegrityError:
        return OutboxEmail.objects.get(dedupe_key=dedupe_key)
    from .tasks import send_outbox_email

    enqueue_on_commit(send_outbox_email, row.pk)
    return row


def notify(
    *,
    recipient,
    event: str,
    title: str,
    body: str = "",
    url: str = "",
    email: bool = True,
    dedupe_key: str | None = None,
) -> Notification | None:
    """Notify one user in the app and, if `email`, by e-mail in their language.

    `title` and `body` may be lazy translations: they are rendered in the recipient's
    language. Returns None when `dedupe_key` was already used for this recipient.
    """
    language = getattr(recipient, "language", None) or settings.LANGUAGE_CODE
    with translation.override(language):
        title_text, body_text = str(title), str(body)
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient,
                event=event,
                title=title_text[:300],
                body=body_text,
                url=url,
                dedupe_key=dedupe_key,
            )
    except IntegrityError:
        return None
    if email and recipient.email and recipient.is_active:
        email_enqueue(
            to=recipient.email,
            template="emails/notification",
            context={"title": title_text, "body": body_text, "url": settings.SITE_URL + url},
            language=language,
            dedupe_key=f"notification:{notification.pk}",
        )
    return notification


def notifications_mark_read(*, user, ids: list[int] | None = None) -> int:
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())
