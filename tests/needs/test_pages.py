"""Every needs page renders, and the dashboard cards."""

import re

import pytest
from django.urls import reverse

from needs import services


@pytest.mark.parametrize(
    "name",
    [
        "needs:need-list",
        "needs:need-create",
        "needs:challenge-list",
        "needs:challenge-create",
        "needs:workshop-list",
        "needs:workshop-create",
        "needs:round-list",
        "needs:round-create",
        "core:dashboard",
    ],
)
def test_pages_render(client, coordinator, name):
    coordinator.roles = ["coordinator", "officer", "staff"]
    coordinator.save()
    client.force_login(coordinator)
    assert client.get(reverse(name)).status_code == 200


def test_dashboard_for_supplier_has_no_needs_cards(client, supplier_user):
    client.force_login(supplier_user)
    assert client.get(reverse("core:dashboard")).status_code == 200


def test_cached_dashboard_cards_follow_needs_of_the_network(
    client, staff, neighbour_coordinator, django_capture_on_commit_callbacks
):
    """The coordinator's card is cached, yet a need submitted in another municipality of
    the network shows at once, and so does an assessment assigned to the coordinator."""

    def figure(template, pattern) -> int:
        """A figure as the card shows it (0 when the card leaves it out)."""
        client.force_login(neighbour_coordinator)
        client.cookies["django_language"] = "en"
        sections = client.get(reverse("core:dashboard")).context["sections"]
        html = next(s.html for s in sections if s.template == template)
        found = re.search(pattern, html)
        return int(found.group(1)) if found else 0

    queue = ("needs/dashboard/coordinator.html", r"(\d+) submitted needs? not yet assessed")
    to_assess = ("needs/dashboard/mine.html", r"(\d+) needs? waits? for your assessment")
    queue_before = figure(*queue)
    with django_capture_on_commit_callbacks(execute=True):
        need = services.need_create(
            author=staff, submit=True, title="Halka vid entréer", problem="Isfläckar."
        )
    assert figure(*queue) == queue_before + 1
    assert figure(*to_assess) == 0
    with django_capture_on_commit_callbacks(execute=True):
        services.assessor_assign(
            need=need, assessor=neighbour_coordinator, by=neighbour_coordinator
        )
    assert figure(*to_assess) == 1
