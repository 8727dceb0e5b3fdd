"""Writes for the arena.

Side effects: a registration (or a move up from the waiting list) is confirmed in the
app for a signed-in person and by e-mail for an outside person, after commit;
`event_reminders_send` (beat, hourly) reminds every confirmed participant once in the
24 hours before an event; a document's search vector is refreshed on every change.
"""

import datetime

from django.contrib.postgres.search import SearchVector
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Value
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from core.files import validate_upload
from core.history import acting_as
from notifications.events import register_event
from notifications.services import absolute_url, email_enqueue, notify

from ..enums import Audience, RegistrationStatus
from ..models import (
    Document,
    DocumentVersion,
    EvaluationMaterial,
    EvaluationSpace,
    Event,
    Lesson,
    Registration,
)

register_event("arena.registration", gettext_lazy("Your registration for an event"))
register_event("arena.event_cancelled", gettext_lazy("An event you registered for is cancelled"))
register_event("arena.event_reminder", gettext_lazy("Reminder of an event you registered for"))

REMIND_BEFORE = datetime.timedelta(hours=24)


class ArenaError(ValidationError):
    """A move the rules do not allow; the view shows the message."""


def _require_municipal(user) -> None:
    if not user.has_perm("arena.write"):
        raise PermissionDenied(_("Only municipal users write in the arena."))


def _check_network(user, network) -> None:
    if network is None or user.is_platform_admin:
        return
    if not network.members.filter(pk=user.organization_id).exists():
        raise ArenaError({"network": _("Choose one of your networks.")})


# --- lessons ----------------------------------------------------------------------------


def lesson_create(
    *,
    user,
    title: str,
    body: str,
    source: str,
    network=None,
    across_networks: bool = False,
    case=None,
    subproject=None,
    call_off=None,
) -> Lesson:
    _require_municipal(user)
    _check_network(user, network)
    with transaction.atomic(), acting_as(user):
        lesson = Lesson.objects.create(
            title=title,
            body=body,
            source=source,
            organization_id=user.organization_id,
            network=network,
            across_networks=across_networks,
            case=case,
            subproject=subproject,
            call_off=call_off,
            author=user,
        )
        Lesson.objects.filter(pk=lesson.pk).update(
            search_vector=SearchVector("title", weight="A", config="swedish")
            + SearchVector("body", weight="B", config="swedish")
        )
    return lesson


# --- the library -------------------------------------------------------------------------


def _refresh_document_search(document_id: int) -> None:
    notes = " ".join(
        DocumentVersion.objects.filter(document_id=document_id).values_list("note", flat=True)
    )
    Document.objects.filter(pk=document_id).update(
        search_vector=SearchVector("title", weight="A", config="swedish")
        + SearchVector("description", weight="B", config="swedish")
        + SearchVector(Value(notes), weight="C", config="swedish")
    )


def _store_version(*, user, document: Document, upload, note: str) -> DocumentVersion:
    content_type = validate_upload(upload)
    number = (
        document.versions.order_by("-number").values_list("number", flat=True).first() or 0
    ) + 1
    return DocumentVersion.objects.create(
        document=document,
        number=number,
        file=upload,
        file_name=upload.name[:200],
        content_type=content_type,
        size=upload.size,
        note=note,
        uploaded_by=user,
    )


def document_create(
    *,
    user,
    title: str,
    description: str,
    kind: str,
    audience: str,
    upload,
    network=None,
    terms: str = "",
    note: str = "",
) -> Document:
    """A library document with its first version (the file's type checked by content)."""
    _require_municipal(user)
    _check_network(user, network)
    if audience == Audience.NETWORK and network is None:
        raise ArenaError({"network": _("Choose the network that may use it.")})
    with transaction.atomic(), acting_as(user):
        document = Document.objects.create(
            title=title,
            description=description,
            kind=kind,
            audience=audience,
            network=network,
            terms=terms,
            organization_id=user.organization_id,
            created_by=user,
        )
        _store_version(user=user, document=document, upload=upload, note=note)
        _refresh_document_search(document.pk)
    return document


def document_version_add(*, user, document: Document, upload, note: str = "") -> DocumentVersion:
    if not user.has_perm("arena.add_version", document):
        raise PermissionDenied(_("Only the publishing municipality adds versions."))
    with transaction.atomic(), acting_as(user):
        Document.objects.select_for_update().get(pk=document.pk)
        version = _store_version(user=user, document=document, upload=upload, note=note)
        Document.objects.filter(pk=document.pk).update(updated_at=timezone.now())
        _refresh_document_search(document.pk)
    return version


# --- events ------------------------------------------------------------------------------


def event_create(
    *,
    user,
    title: str,
    kind: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    location: str,
    audience: str,
    description: str = "",
    capacity: int | None = None,
    network=None,
    project=None,
    publish: bool = False,
) -> Event:
    _require_municipal(user)
    _check_network(user, network)
    if ends_at <= starts_at:
        raise ArenaError({"ends_at": _("The event must end after it starts.")})
    if project is not None and not user.has_perm("projects.manage_project", project):
        raise ArenaError({"project": _("Choose a project you manage.")})
    with acting_as(user):
        return Event.objects.create(
            title=title,
            kind=kind,
            description=description,
            starts_at=starts_at,
            ends_at=ends_at,
            location=location,
            capacity=capacity,
            audience=audience,
            network=network,
            project=project,
            organization_id=user.organization_id,
            created_by=user,
            published_at=timezone.now() if publish else None,
        )


def event_publish(*, user, event: Event) -> Event:
    if not user.has_perm("arena.manage_event", event):
        raise PermissionDenied(_("You may not change this event."))
    with acting_as(user):
        if event.published_at is None:
            event.published_at = timezone.now()
            event.sequence += 1
            event.save(update_fields=["published_at", "sequence", "updated_at"])
    return event


def event_cancel(*, user, event: Event) -> Event:
    """Cancel an event: its calendar file says so (METHOD:CANCEL, SEQUENCE raised) and
    everyone registered or waiting is told, once."""
    if not user.has_perm("arena.manage_event", event):
        raise PermissionDenied(_("You may not change this event."))
    with transaction.atomic(), acting_as(user, reason="event cancelled"):
        event = Event.objects.select_for_update().get(pk=event.pk)
        if event.cancelled_at is not None:
            return event
        event.cancelled_at = timezone.now()
        event.sequence += 1
        event.save(update_fields=["cancelled_at", "sequence", "updated_at"])
        when = timezone.localtime(event.starts_at)
        body = f"{event.title}: {when:%Y-%m-%d %H:%M}, {event.location}"
        title = gettext_lazy("An event you registered for is cancelled")
        for registration in event.registrations.exclude(status=RegistrationStatus.CANCELLED):
            key = f"arena.event_cancelled:{registration.pk}"
            if registration.user_id:
                notify(
                    recipient=registration.user,
                    event="arena.event_cancelled",
                    title=title,
                    body=body,
                    url=event.get_absolute_url(),
                    dedupe_key=key,
                )
            else:
                with override("sv"):
                    email_enqueue(
                        to=registration.email,
                        template="emails/notification",
                        context={"title": str(title), "body": body, "url": ""},
                        dedupe_key=key,
                    )
    return event


def _confirm_message(registration: Registration) -> None:
    """Tell the person their place (or waiting-list place), in the app or by e-mail."""
    event = registration.event
    waitlisted = registration.status == RegistrationStatus.WAITLISTED
    title = (
        gettext_lazy("You are on the waiting list")
        if waitlisted
        else gettext_lazy("Your place is confirmed")
    )
    when = timezone.localtime(event.starts_at)
    body = f"{event.title}: {when:%Y-%m-%d %H:%M}, {event.location}"
    key = f"arena.registration:{registration.pk}:{registration.status}"
    if registration.user_id:
        notify(
            recipient=registration.user,
            event="arena.registration",
            title=title,
            body=body,
            url=event.get_absolute_url(),
            dedupe_key=key,
        )
        return
    with override("sv"):
        email_enqueue(
            to=registration.email,
            template="emails/notification",
            context={
                "title": str(title),
                "body": body,
                "url": absolute_url(event.get_absolute_url()),
            },
            language="sv",
            dedupe_key=key,
        )


def event_register(
    *, event: Event, user=None, name: str = "", email: str = "", organization_name: str = ""
) -> Registration:
    """A place for a signed-in person or an outside person (name and e-mail), or a place
    on the waiting list when the event is full. The event row is locked, so two people
    never take the last place."""
    if user is not None and user.is_authenticated:
        name = user.get_full_name()
        email = user.email
        organization_name = str(user.organization or "")
    else:
        user = None
    if not name.strip() or not email.strip():
        raise ArenaError(_("Give your name and e-mail address."))
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        if not event.is_published:
            raise ArenaError(_("The event is not open for registration."))
        if event.starts_at <= timezone.now():
            raise ArenaError(_("The event has already started."))
        confirmed = event.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
        full = event.capacity is not None and confirmed >= event.capacity
        try:
            with transaction.atomic():
                registration = Registration.objects.create(
                    event=event,
                    user=user,
                    name=name.strip(),
                    email=email.strip(),
                    organization_name=organization_name.strip(),
                    status=RegistrationStatus.WAITLISTED if full else RegistrationStatus.CONFIRMED,
                )
        except IntegrityError as exc:
            raise ArenaError(_("This e-mail address is already registered.")) from exc
        _confirm_message(registration)
    return registration


def registration_cancel(*, registration: Registration) -> Registration:
    """Cancel a place; the first on the waiting list moves up and is told."""
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=registration.event_id)
        registration = Registration.objects.get(pk=registration.pk)
        if registration.status == RegistrationStatus.CANCELLED:
            return registration
        was_confirmed = registration.status == RegistrationStatus.CONFIRMED
        registration.status = RegistrationStatus.CANCELLED
        registration.save(update_fields=["status", "updated_at"])
        if was_confirmed:
            waiting = (
                event.registrations.filter(status=RegistrationStatus.WAITLISTED)
                .order_by("created_at", "pk")
                .first()
            )
            if waiting is not None:
                waiting.status = RegistrationStatus.CONFIRMED
                waiting.save(update_fields=["status", "updated_at"])
                _confirm_message(waiting)
    return registration


def attendance_record(*, user, event: Event, attended_ids: list[int]) -> None:
    if not user.has_perm("arena.manage_event", event):
        raise PermissionDenied(_("You may not change this event."))
    with transaction.atomic(), acting_as(user):
        confirmed = event.registrations.filter(status=RegistrationStatus.CONFIRMED)
        confirmed.filter(pk__in=attended_ids).update(attended=True)
        confirmed.exclude(pk__in=attended_ids).update(attended=False)


def event_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Remind each confirmed participant once, in the 24 hours before the event."""
    from ..selectors import reminders_due

    now = now or timezone.now()
    sent = 0
    for registration in reminders_due(start=now, end=now + REMIND_BEFORE):
        with transaction.atomic():
            if not Registration.objects.filter(pk=registration.pk, reminded_at__isnull=True).update(
                reminded_at=timezone.now()
            ):
                continue
            event = registration.event
            when = timezone.localtime(event.starts_at)
            body = f"{event.title}: {when:%Y-%m-%d %H:%M}, {event.location}"
            key = f"arena.reminder:{registration.pk}"
            if registration.user_id:
                notify(
                    recipient=registration.user,
                    event="arena.event_reminder",
                    title=gettext_lazy("Reminder of an event you registered for"),
                    body=body,
                    url=event.get_absolute_url(),
                    dedupe_key=key,
                )
            else:
                with override("sv"):
                    email_enqueue(
                        to=registration.email,
                        template="emails/notification",
                        context={
                            "title": _("Reminder of an event you registered for"),
                            "body": body,
                            "url": absolute_url(event.get_absolute_url()),
                        },
                        dedupe_key=key,
                    )
            sent += 1
    return sent


# --- the evaluation space -------------------------------------------------------------------


def evaluation_space_create(*, user, project, researcher) -> EvaluationSpace:
    if not user.has_perm("projects.manage_project", project):
        raise PermissionDenied(_("You may not change this project."))
    try:
        with transaction.atomic(), acting_as(user):
            return EvaluationSpace.objects.create(project=project, researcher=researcher)
    except IntegrityError as exc:
        raise ArenaError(_("The project has an evaluation space already.")) from exc


def evaluation_material_add(*, user, space: EvaluationSpace, title: str, notes: str = ""):
    if not user.has_perm("arena.write_evaluation", space):
        raise PermissionDenied(_("Only the researcher adds material."))
    with acting_as(user):
        return EvaluationMaterial.objects.create(
            space=space, title=title, notes=notes, added_by=user
        )


def evaluation_publish(
    *, user, space: EvaluationSpace, title: str, summary: str
) -> EvaluationSpace:
    if not user.has_perm("arena.write_evaluation", space):
        raise PermissionDenied(_("Only the researcher publishes the report."))
    if not title.strip() or not summary.strip():
        raise ArenaError(_("Give the report a title and a summary."))
    with acting_as(user):
        space.report_title = title
        space.report_summary = summary
        space.published_at = space.published_at or timezone.now()
        space.save(update_fields=["report_title", "report_summary", "published_at", "updated_at"])
    return space
