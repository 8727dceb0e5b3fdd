"""A workshop cancelled (participants told) and its calendar file."""

from datetime import timedelta

import icalendar
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from needs import services


@pytest.fixture
def workshop(coordinator, network, staff, neighbour):
    start = timezone.now() + timedelta(days=10)
    return services.workshop_create(
        by=coordinator,
        network=network,
        participants=[staff, neighbour],
        title="Workshop om golv",
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        place="Stadshuset",
    )


def test_cancel_notifies_participants(client, coordinator, workshop, staff, neighbour):
    client.force_login(coordinator)
    url = reverse("needs:workshop-cancel", args=[workshop.pk])
    assert client.post(url, {"reason": ""}).status_code == 302  # refused: no reason
    workshop.refresh_from_db()
    assert workshop.cancelled_at is None
    assert client.post(url, {"reason": "Sjukdom"}).status_code == 302
    workshop.refresh_from_db()
    assert workshop.cancelled_at is not None
    assert staff.notifications.count() == 1
    assert neighbour.notifications.count() == 1
    with pytest.raises(ValidationError):
        services.workshop_cancel(workshop=workshop, by=coordinator, reason="igen")


def test_cancel_refused_to_participants_and_outsiders(client, workshop, staff, outsider):
    url = reverse("needs:workshop-cancel", args=[workshop.pk])
    client.force_login(staff)
    assert client.post(url, {"reason": "x"}).status_code == 403
    client.force_login(outsider)
    assert client.post(url, {"reason": "x"}).status_code == 404
    workshop.refresh_from_db()
    assert workshop.cancelled_at is None


def test_workshop_ics_and_its_cancellation(client, coordinator, workshop, staff, outsider):
    client.force_login(staff)
    url = reverse("needs:workshop-ics", args=[workshop.pk])
    response = client.get(url)
    event = icalendar.Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert str(event["summary"]) == "Workshop om golv"
    assert str(event["status"]) == "CONFIRMED"
    services.workshop_cancel(workshop=workshop, by=coordinator, reason="Sjukdom")
    calendar = icalendar.Calendar.from_ical(client.get(url).content)
    assert str(calendar["method"]) == "CANCEL"
    client.force_login(outsider)
    assert client.get(url).status_code == 404
