import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from arena import services
from arena.enums import Audience, DocumentKind
from arena.models import Registration
from organizations.enums import OrganizationKind
from tests.factories.arena import EventFactory, LessonFactory
from tests.factories.organizations import MunicipalityFactory, NetworkFactory, UserFactory
from tests.factories.projects import ProjectFactory, external_user

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_anonymous_registers_for_a_public_event(client):
    event = EventFactory(capacity=10)
    page = client.get(event.get_absolute_url())
    assert page.status_code == 200
    response = client.post(
        reverse("arena:event-register", args=[event.pk]),
        {"name": "Eva Extern", "email": "eva@x.test", "organization_name": "LU"},
    )
    assert response.status_code == 302
    assert list(Registration.objects.values_list("name", "status")) == [("Eva Extern", "confirmed")]


def test_anonymous_gets_404_on_network_or_unpublished_event(client):
    assert client.get(EventFactory(audience=Audience.NETWORK).get_absolute_url()).status_code == 404
    assert client.get(EventFactory(published_at=None).get_absolute_url()).status_code == 404


def test_event_ics_download(client):
    from icalendar import Calendar

    event = EventFactory(title="Seminarium")
    response = client.get(reverse("arena:event-ics", args=[event.pk]))
    vevent = next(iter(Calendar.from_ical(response.content).walk("VEVENT")))
    assert str(vevent["summary"]) == "Seminarium"
    assert str(vevent["uid"]) == f"arena-event-{event.uid}@samverka"


def test_organiser_sees_registrations_others_do_not(client):
    event = EventFactory()
    services.event_register(event=event, name="Hemlig Person", email="h@x.test")
    client.force_login(event.created_by)
    assert "h@x.test" in client.get(event.get_absolute_url()).text
    client.force_login(UserFactory())
    page = client.get(event.get_absolute_url())
    assert page.status_code == 200 and "h@x.test" not in page.text


def test_external_user_cannot_see_library_or_lessons_of_networks(client):
    ystad = MunicipalityFactory()
    network = NetworkFactory(members=[ystad])
    author = UserFactory(organization=ystad)
    doc = services.document_create(
        user=author,
        title="Mall",
        description="",
        kind=DocumentKind.METHOD,
        audience=Audience.NETWORK,
        network=network,
        upload=SimpleUploadedFile("m.pdf", PDF, content_type="application/pdf"),
    )
    LessonFactory(organization=ystad, network=network, title="Intern lärdom")
    person = external_user(OrganizationKind.AUTHORITY)
    client.force_login(person)
    assert client.get(doc.get_absolute_url()).status_code == 404
    assert client.get(reverse("arena:version-download", args=[doc.pk, 1])).status_code == 404
    assert "Intern lärdom" not in client.get(reverse("arena:home")).text
    assert client.get(reverse("arena:lesson-create")).status_code == 403
    client.force_login(author)
    download = client.get(reverse("arena:version-download", args=[doc.pk, 1]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF


def test_lesson_offered_at_case_cancel_and_shared(client):
    from procurements.models import ProcurementCase
    from tests.factories.procurements import make_case

    officer = UserFactory(roles=["officer"])
    case = make_case(officer)
    ProcurementCase.objects.filter(pk=case.pk).update(
        stage="cancelled", cancellation_reason="Inga anbud", lessons_learned="Pröva tidigt"
    )
    client.force_login(officer)
    home = client.get(reverse("arena:home"))
    assert f"?case={case.pk}" in home.text
    form = client.get(reverse("arena:lesson-create") + f"?case={case.pk}")
    assert "Pröva tidigt" in form.text
    client.post(
        reverse("arena:lesson-create") + f"?case={case.pk}",
        {"title": "Pröva tidigt", "body": "Pröva tidigt", "source": "case"},
    )
    assert case.arena_lessons.count() == 1
    assert f"?case={case.pk}" not in client.get(reverse("arena:home")).text


def test_evaluation_space_researcher_writes_managers_read(client):
    project = ProjectFactory()
    researcher = external_user(OrganizationKind.RESEARCH)
    space = services.evaluation_space_create(
        user=project.project_manager, project=project, researcher=researcher
    )
    client.force_login(researcher)
    url = reverse("arena:evaluation-detail", args=[space.pk])
    client.post(url, {"m-title": "Intervjuer", "m-notes": "Tolv"})
    client.post(url, {"r-title": "Rapport", "r-summary": "Sammanfattning"})
    space.refresh_from_db()
    assert space.published_at is not None and space.materials.count() == 1
    client.force_login(project.project_manager)
    assert "Intervjuer" in client.get(url).text
    assert client.post(url, {"m-title": "x"}).status_code == 403
    client.force_login(UserFactory(roles=["coordinator"]))
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("rows", [1, 5])
def test_event_list_query_count(client, rows, django_assert_num_queries):
    for _ in range(rows):
        EventFactory(starts_at=timezone.now() + datetime.timedelta(days=3))
    client.force_login(UserFactory())
    with django_assert_num_queries(6):
        response = client.get(reverse("arena:event-list"))
    assert response.status_code == 200


def test_coordinator_opens_evaluation_space_for_a_researcher(client):
    project = ProjectFactory()
    researcher = external_user(OrganizationKind.RESEARCH)
    client.force_login(project.project_manager)
    response = client.post(
        reverse("arena:evaluation-create"), {"project": project.pk, "researcher": researcher.pk}
    )
    assert response.status_code == 302
    client.force_login(researcher)
    listing = client.get(reverse("arena:evaluation-list"))
    assert project.title in listing.text
