import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from arena import selectors, services
from arena.enums import Audience, DocumentKind, RegistrationStatus
from notifications.models import Notification, OutboxEmail
from organizations.enums import OrganizationKind
from tests.factories.arena import EventFactory
from tests.factories.organizations import MunicipalityFactory, NetworkFactory, UserFactory
from tests.factories.projects import ProjectFactory, external_user

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_register_until_full_then_waiting_list_and_move_up():
    event = EventFactory(capacity=1)
    first = services.event_register(event=event, name="Anna Extern", email="anna@region.test")
    second = services.event_register(event=event, user=UserFactory())
    assert (first.status, second.status) == (
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.WAITLISTED,
    )
    services.registration_cancel(registration=first)
    second.refresh_from_db()
    assert second.status == RegistrationStatus.CONFIRMED
    assert (
        Notification.objects.filter(recipient=second.user, event="arena.registration").count() == 2
    )
    assert OutboxEmail.objects.filter(to="anna@region.test").count() == 1


def test_register_twice_with_one_email_refused():
    event = EventFactory()
    services.event_register(event=event, name="A", email="a@x.test")
    with pytest.raises(ValidationError):
        services.event_register(event=event, name="A", email="A@x.test")


def test_register_refused_for_unpublished_event():
    with pytest.raises(ValidationError):
        services.event_register(event=EventFactory(published_at=None), name="A", email="a@x.test")


def test_reminders_once_within_24_hours():
    soon = EventFactory(starts_at=timezone.now() + datetime.timedelta(hours=5))
    later = EventFactory()
    services.event_register(event=soon, name="A", email="a@x.test")
    services.event_register(event=later, name="B", email="b@x.test")
    assert services.event_reminders_send() == 1
    assert services.event_reminders_send() == 0


def test_document_search_finds_swedish_inflections():
    ystad = MunicipalityFactory()
    network = NetworkFactory(members=[ystad])
    user = UserFactory(organization=ystad, roles=["coordinator"])
    doc = services.document_create(
        user=user,
        title="Mall för innovationsupphandlingar",
        description="Utvärderingsmodell med kriterier",
        kind=DocumentKind.TENDER_TEMPLATE,
        audience=Audience.NETWORK,
        network=network,
        upload=SimpleUploadedFile("mall.pdf", PDF, content_type="application/pdf"),
    )
    qs = selectors.documents_for_user(user)
    assert list(selectors.search(qs, "innovationsupphandling")) == [doc]
    assert list(selectors.search(qs, "utvärderingsmodeller")) == [doc]
    assert list(selectors.search(qs, "möbler")) == []
    v2 = services.document_version_add(
        user=user,
        document=doc,
        upload=SimpleUploadedFile("mall2.pdf", PDF, content_type="application/pdf"),
        note="Nya viktningar",
    )
    assert v2.number == 2
    outsider = external_user(OrganizationKind.AUTHORITY)
    assert list(selectors.documents_for_user(outsider)) == []


def test_external_user_sees_only_public_and_invited_events():
    network_event = EventFactory(audience=Audience.NETWORK)
    public = EventFactory()
    project = ProjectFactory()
    project_event = EventFactory(audience=Audience.NETWORK, project=project)
    person = external_user(OrganizationKind.REGION)
    assert set(selectors.events_for_user(person)) == {public}
    from tests.factories.projects import GroupMemberFactory, ProjectGroupFactory

    GroupMemberFactory(group=ProjectGroupFactory(project=project), user=person)
    assert set(selectors.events_for_user(person)) == {public, project_event}
    assert network_event not in selectors.events_for_user(person)


def test_lesson_across_networks_is_opt_in():
    a, b = MunicipalityFactory(), MunicipalityFactory()
    net_a = NetworkFactory(members=[a])
    NetworkFactory(members=[b])
    author = UserFactory(organization=a)
    local = services.lesson_create(
        user=author, title="Lokal", body="x", source="other", network=net_a
    )
    shared = services.lesson_create(
        user=author, title="Delad", body="x", source="other", network=net_a, across_networks=True
    )
    reader = UserFactory(organization=b)
    assert list(selectors.lessons_for_user(reader)) == [shared]
    assert set(selectors.lessons_for_user(author)) == {local, shared}
    assert list(selectors.lessons_for_user(external_user())) == []


def test_event_cancel_tells_everyone_and_the_ics_says_cancel():
    from icalendar import Calendar

    from projects.ics import event_ics

    event = EventFactory(capacity=1)
    member = UserFactory()
    services.event_register(event=event, user=member)
    services.event_register(event=event, name="Väntar", email="v@x.test")
    event = services.event_cancel(user=event.created_by, event=event)
    services.event_cancel(user=event.created_by, event=event)  # twice: nothing more
    assert event.cancelled_at is not None and event.sequence == 1
    assert Notification.objects.filter(recipient=member, event="arena.event_cancelled").count() == 1
    assert OutboxEmail.objects.filter(to="v@x.test").count() == 2  # waiting list + cancel
    body = event_ics(
        uid="x",
        sequence=event.sequence,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        summary=event.title,
        cancelled=True,
    )
    assert Calendar.from_ical(body)["method"] == "CANCEL"
    with pytest.raises(ValidationError):
        services.event_register(event=event, name="Sen", email="s@x.test")


def test_event_cancel_refused_for_others():
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.event_cancel(user=UserFactory(roles=["coordinator"]), event=EventFactory())
