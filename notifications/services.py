"""Telling people things: in-app notices and e-mail through the outbox.

Every e-mail is a stored `OutboxEmail` row first; the Celery task that sends it is
published only after the transaction commits (a rolled-back action never mails anyone)
and, if Redis is down, the periodic sweeper publishes it later.

Each person chooses per event type how they hear about it (`Delivery`): in Samverka
only, an e-mail at once, or one daily digest e-mail (`digests_send`, Celery beat).
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.tasks import enqueue_on_commit

from .enums import Delivery
from .events import DEFAULT_KEY, event_type
from .models import Notification, NotificationDigest, NotificationPreference, OutboxEmail


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
    holds_secret: bool = False,
) -> OutboxEmail:
    """Store an e-mail in the outbox and send it after commit. Idempotent by `dedupe_key`.
    `holds_secret`: the body is scrubbed once sent (a one-time link)."""
    if dedupe_key:
        existing = OutboxEmail.objects.filter(dedupe_key=dedupe_key).first()
        if existing:
            return existing
    subject, text, html = render_email(template, context, language)
    return email_store(
        to=to,
        subject=subject,
        text=text,
        html=html,
        dedupe_key=dedupe_key,
        holds_secret=holds_secret,
    )


def email_store(
    *,
    to: str,
    subject: str,
    text: str,
    html: str = "",
    dedupe_key: str | None = None,
    holds_secret: bool = False,
) -> OutboxEmail:
    """Store an already rendered e-mail in the outbox; it is sent after commit."""
    try:
        with transaction.atomic():
            row = OutboxEmail.objects.create(
                to=to,
                subject=subject[:300],
                body_text=text,
                body_html=html,
                dedupe_key=dedupe_key,
                holds_secret=holds_secret,
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

    How the e-mail goes follows the recipient's preference for `event` (in-app only,
    at once, or in the daily digest); `email=False` keeps it in the app whatever they
    chose. `title` and `body` may be lazy translations: they are rendered in the
    recipient's language. Returns None when `dedupe_key` was already used for this
    recipient. Nothing is e-mailed unless the surrounding transaction commits.
    """
    language = getattr(recipient, "language", None) or settings.LANGUAGE_CODE
    with translation.override(language):
        title_text, body_text = str(title), str(body)
    delivery = delivery_for(recipient, event) if email else Delivery.IN_APP
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient,
                event=event,
                title=title_text[:300],
                body=body_text,
                url=url,
                dedupe_key=dedupe_key,
                delivery=delivery,
            )
    except IntegrityError:
        return None
    if delivery == Delivery.IMMEDIATE and recipient.email and recipient.is_active:
        email_enqueue(
            to=recipient.email,
            template="emails/notifications/notice",
            context={
                "title": title_text,
                "body": body_text,
                "url": absolute_url(url),
                "preferences_url": absolute_url(reverse("notifications:preferences")),
                "recipient_name": recipient.get_short_name(),
            },
            language=language,
            dedupe_key=f"notification:{notification.pk}",
        )
    return notification


def absolute_url(url: str) -> str:
    """A link for an e-mail: site-relative paths get `settings.SITE_URL` in front."""
    if not url:
        return ""
    if url.startswith(("http://", "https://")):
        return url
    return settings.SITE_URL + (url if url.startswith("/") else f"/{url}")


def delivery_for(user, event: str) -> str:
    """The user's choice for `event`, else their choice for every other event, else the
    event type's default."""
    chosen = dict(
        NotificationPreference.objects.filter(
            user=user, event__in=[event, DEFAULT_KEY]
        ).values_list("event", "delivery")
    )
    return chosen.get(event) or chosen.get(DEFAULT_KEY) or event_type(event).default


def notification_preferences_set(*, user, choices: dict[str, str]) -> None:
    """Store how `user` wants to hear about each event key (`"*"`: every other event)."""
    unknown = {value for value in choices.values() if value not in Delivery.values}
    if unknown:
        raise ValidationError(_("Choose one of the offered ways to be notified."))
    with transaction.atomic():
        for event, delivery in choices.items():
            NotificationPreference.objects.update_or_create(
                user=user, event=event[:80], defaults={"delivery": delivery}
            )


def _day_end(day: datetime.date) -> datetime.datetime:
    tz = timezone.get_current_timezone()
    return datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(), tz)


def digest_send(*, user, day: datetime.date) -> NotificationDigest | None:
    """Send `user` one e-mail with their digest notices up to the end of `day`.

    The digest row (one per user and day) makes it idempotent: a second call for the
    same day returns None and sends nothing. Notices read in the app meanwhile are
    left out of the e-mail (but counted as handled).
    """
    end = _day_end(day)
    with transaction.atomic():
        try:
            with transaction.atomic():
                digest = NotificationDigest.objects.create(user=user, day=day)
        except IntegrityError:
            return None
        notices = list(
            Notification.objects.select_for_update()
            .filter(
                recipient=user,
                delivery=Delivery.DIGEST,
                digest__isnull=True,
                created_at__lt=end,
            )
            .order_by("created_at", "id")
        )
        Notification.objects.filter(pk__in=[n.pk for n in notices]).update(digest=digest)
        unread = [n for n in notices if n.read_at is None]
        if unread and user.email and user.is_active:
            digest.email = email_enqueue(
                to=user.email,
                template="emails/notifications/digest",
                context={
                    "day": day,
                    "recipient_name": user.get_short_name(),
                    "notices": [
                        {
                            "title": n.title,
                            "body": n.body,
                            "url": absolute_url(n.url),
                            "created_at": n.created_at,
                        }
                        for n in unread
                    ],
                    "list_url": absolute_url(reverse("notifications:list")),
                    "preferences_url": absolute_url(reverse("notifications:preferences")),
                },
                language=user.language or settings.LANGUAGE_CODE,
                dedupe_key=f"digest:{user.pk}:{day.isoformat()}",
            )
            digest.save(update_fields=["email"])
    return digest


def digests_send(*, day: datetime.date | None = None) -> int:
    """One digest per person who has digest notices waiting from `day` (default:
    yesterday) or before. Returns how many digests were made."""
    from django.contrib.auth import get_user_model

    day = day or (timezone.localdate() - datetime.timedelta(days=1))
    user_ids = (
        Notification.objects.filter(
            delivery=Delivery.DIGEST, digest__isnull=True, created_at__lt=_day_end(day)
        )
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    made = 0
    for user in get_user_model().objects.filter(pk__in=list(user_ids)):
        if digest_send(user=user, day=day) is not None:
            made += 1
    return made


def notifications_mark_read(*, user, ids: list[int] | None = None) -> int:
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())
