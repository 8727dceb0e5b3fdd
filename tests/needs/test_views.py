import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from needs import services
from needs.enums import RoundStatus
from needs.models import ChallengeParticipation, Need, PriorityScore, Workshop
from tests.factories.needs import ChallengeFactory, NeedFactory


def test_need_create_saves_draft(client, staff):
    client.force_login(staff)
    response = client.post(
        reverse("needs:need-create"),
        {"title": "Blöta golv", "problem": "Hala golv i hallen", "department": "preschool"},
    )
    need = Need.objects.get()
    assert response.status_code == 302
    assert response.url == need.get_absolute_url()
    assert (need.status, need.author, need.department) == ("draft", staff, "preschool")


def test_need_create_and_submit(client, staff):
    client.force_login(staff)
    client.post(
        reverse("needs:need-create"),
        {"title": "Golv", "problem": "Hala golv", "department": "preschool", "submit": "1"},
    )
    assert Need.objects.get().status == "submitted"


def test_need_create_empty_problem_shows_message_and_stores_nothing(client, staff):
    client.force_login(staff)
    response = client.post(
        reverse("needs:need-create"), {"title": "Golv", "problem": "  ", "department": "it"}
    )
    assert response.status_code == 200
    assert "problem" in response.context["form"].errors
    assert not Need.objects.exists()


def test_need_create_forbidden_for_supplier(client, supplier_user):
    client.force_login(supplier_user)
    assert client.get(reverse("needs:need-create")).status_code == 403


def test_need_create_with_attachment(client, staff):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(staff)
    upload = SimpleUploadedFile("notes.txt", b"Golven ar blota.\n", content_type="text/plain")
    client.post(
        reverse("needs:need-create"),
        {"title": "Golv", "problem": "Hala", "department": "it", "attachment": upload},
    )
    attachment = Need.objects.get().attachments.get()
    assert attachment.content_type == "text/plain"
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200


def test_attachment_of_foreign_need_is_404(client, staff, outsider):
    from django.core.files.uploadedfile import SimpleUploadedFile

    need = NeedFactory(author=staff)
    attachment = services.need_attachment_add(
        need=need, by=staff, upload=SimpleUploadedFile("a.txt", b"hej\n")
    )
    client.force_login(outsider)
    assert client.get(attachment.get_absolute_url()).status_code == 404


def test_draft_detail_visible_to_author_and_officer_404_to_others(
    client, draft, staff, officer, neighbour, outsider, supplier_user
):
    for user, code in ((staff, 200), (officer, 200), (neighbour, 404), (outsider, 404)):
        client.force_login(user)
        assert client.get(draft.get_absolute_url()).status_code == code, user
    client.force_login(supplier_user)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_submitted_need_visible_in_network(client, need, neighbour, outsider):
    client.force_login(neighbour)
    assert client.get(need.get_absolute_url()).status_code == 200
    client.force_login(outsider)
    assert client.get(need.get_absolute_url()).status_code == 404


def test_need_edit_by_other_is_forbidden(client, draft, officer):
    client.force_login(officer)
    assert client.get(reverse("needs:need-edit", args=[draft.pk])).status_code == 403


def test_need_submit_view(client, draft, staff):
    client.force_login(staff)
    client.post(reverse("needs:need-submit", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == "submitted"


def test_need_submit_get_not_allowed(client, draft, staff):
    client.force_login(staff)
    assert client.get(reverse("needs:need-submit", args=[draft.pk])).status_code == 405


def test_need_list_filters(client, staff, neighbour, coordinator, officer):
    a = NeedFactory(author=staff, title="Blöta golv", department="preschool")
    b = NeedFactory(author=neighbour, title="Ensamhet bland äldre", problem="Äldre är ensamma")
    services.assessor_assign(need=a, assessor=officer, by=coordinator)
    client.force_login(coordinator)
    url = reverse("needs:need-list")

    def listed(**params):
        return list(client.get(url, params).context["page_obj"])

    assert set(listed()) == {a, b}
    assert listed(q="ensamma äldre") == [b]
    assert listed(department="preschool") == [a]
    assert listed(organization=neighbour.organization_id) == [b]
    assert listed(assessor=officer.pk) == [a]
    assert set(listed(assessed="no")) == {a, b}
    services.need_reject(need=b, by=coordinator, reason="Utanför uppdraget")
    assert listed(assessed="yes") == [b]
    assert listed(status="rejected") == [b]


def test_need_list_query_count_constant(
    client, staff, neighbour, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    NeedFactory(author=staff)
    client.force_login(neighbour)
    with django_assert_max_num_queries(9):
        assert client.get(reverse("needs:need-list")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):  # the cached count is forgotten
        for _ in range(30):
            NeedFactory(author=staff)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("needs:need-list"))
    assert len(response.context["page_obj"]) == 25


def test_need_list_supplier_sees_nothing(client, need, supplier_user):
    client.force_login(supplier_user)
    assert list(client.get(reverse("needs:need-list")).context["page_obj"]) == []


def test_duplicates_endpoint_shows_similar_needs(client, need, neighbour):
    client.force_login(neighbour)
    response = client.get(
        reverse("needs:need-duplicates"),
        {"title": "Hala golv", "problem": "Golven i förskolan blir blöta"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert need.title in response.content.decode()


def test_duplicates_endpoint_hides_other_networks(client, need, outsider):
    client.force_login(outsider)
    response = client.get(reverse("needs:need-duplicates"), {"title": "Blöta golv i förskolan"})
    assert need.title not in response.content.decode()


def test_answer_view_requires_reason(client, need, coordinator):
    client.force_login(coordinator)
    from needs.models import AnswerOption

    option = AnswerOption.objects.get(code="not-now")
    client.post(reverse("needs:need-answer", args=[need.pk]), {"option": option.pk, "reason": ""})
    need.refresh_from_db()
    assert need.status == "submitted"
    client.post(
        reverse("needs:need-answer", args=[need.pk]), {"option": option.pk, "reason": "Budget"}
    )
    need.refresh_from_db()
    assert (need.status, need.status_reason) == ("deferred", "Budget")


def test_answer_view_forbidden_for_staff(client, need, neighbour):
    client.force_login(neighbour)
    response = client.post(reverse("needs:need-answer", args=[need.pk]), {"reason": "x"})
    assert response.status_code == 403


def test_assessment_notes_hidden_from_submitter(client, need, staff, coordinator, officer):
    services.assessor_assign(need=need, assessor=officer, by=coordinator)
    services.assessment_note_add(need=need, author=officer, body="Hemlig anteckning")
    client.force_login(staff)
    assert "Hemlig anteckning" not in client.get(need.get_absolute_url()).content.decode()
    client.force_login(officer)
    assert "Hemlig anteckning" in client.get(need.get_absolute_url()).content.decode()


def test_need_detail_query_count(client, need, coordinator, django_assert_max_num_queries):
    client.force_login(coordinator)
    with django_assert_max_num_queries(18):
        assert client.get(need.get_absolute_url()).status_code == 200


# --- Challenges -------------------------------------------------------------------------


def test_challenge_join_twice_shows_message(client, challenge, neighbour):
    client.force_login(neighbour)
    url = reverse("needs:challenge-join", args=[challenge.pk])
    client.post(url, {"note": "Samma här"})
    response = client.post(url, {"note": "Igen"}, follow=True)
    assert "redan" in response.content.decode() or "already" in response.content.decode()
    assert ChallengeParticipation.objects.count() == 1
    assert "Samma här" in client.get(challenge.get_absolute_url()).content.decode()


def test_challenge_of_other_network_is_404(client, challenge, outsider, supplier_user):
    for user in (outsider, supplier_user):
        client.force_login(user)
        assert client.get(challenge.get_absolute_url()).status_code == 404
        url = reverse("needs:challenge-join", args=[challenge.pk])
        assert client.post(url).status_code == 404


def test_challenge_create_view_from_need(client, need, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("needs:challenge-create") + f"?need={need.pk}")
    assert response.status_code == 200
    response = client.post(
        reverse("needs:challenge-create"),
        {
            "title": "Torra golv",
            "description": "x",
            "owner_organization": coordinator.organization_id,
            "needs": [need.pk],
        },
    )
    need.refresh_from_db()
    assert need.status == "in_challenge"
    assert response.url == need.challenge.get_absolute_url()


def test_challenge_create_forged_need_of_other_network_refused(client, coordinator, outsider):
    foreign = NeedFactory(author=outsider)
    client.force_login(coordinator)
    response = client.post(
        reverse("needs:challenge-create"),
        {"title": "T", "owner_organization": coordinator.organization_id, "needs": [foreign.pk]},
    )
    assert response.status_code == 200
    assert "needs" in response.context["form"].errors


def test_challenge_list_query_count(
    client, network, ystad, neighbour, django_assert_max_num_queries
):
    ChallengeFactory(network=network, owner_organization=ystad)
    client.force_login(neighbour)
    with django_assert_max_num_queries(10):
        client.get(reverse("needs:challenge-list"))
    for _ in range(20):
        ChallengeFactory(network=network, owner_organization=ystad)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("needs:challenge-list"))
    assert len(response.context["page_obj"]) == 21


# --- Workshops and rounds ---------------------------------------------------------------


def test_workshop_create_view_invites(
    client, coordinator, network, neighbour, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    start = timezone.localtime() + timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("needs:workshop-create"),
            {
                "network": network.pk,
                "title": "Workshop om golv",
                "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
                "ends_at": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
                "place": "Stadshuset",
                "participants": [neighbour.pk],
            },
        )
    workshop = Workshop.objects.get()
    assert response.url == workshop.get_absolute_url()
    assert [m.to for m in mailoutbox] == [[neighbour.email]]


def test_workshop_of_other_network_is_404(client, coordinator, network, outsider):
    start = timezone.now() + timedelta(days=1)
    workshop = services.workshop_create(
        by=coordinator,
        network=network,
        title="W",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        place="Ystad",
    )
    client.force_login(outsider)
    assert client.get(workshop.get_absolute_url()).status_code == 404


@pytest.fixture
def open_round(coordinator, network, ystad, staff):
    a = ChallengeFactory(network=network, owner_organization=ystad, title="A")
    r = services.round_create(
        by=coordinator, network=network, title="Prio", challenges=[a], participants=[staff]
    )
    return services.round_transition(priority_round=r, to=RoundStatus.OPEN, by=coordinator)


def test_round_score_view_outside_scale_changes_nothing(client, open_round, staff):
    client.force_login(staff)
    challenge = open_round.challenges.get()
    first, second = open_round.criteria.all()[:2]
    response = client.post(
        reverse("needs:round-score", args=[open_round.pk]),
        {f"score-{challenge.pk}-{first.pk}": "4", f"score-{challenge.pk}-{second.pk}": "9"},
        follow=True,
    )
    assert "1" in response.content.decode() and not PriorityScore.objects.exists()
    client.post(
        reverse("needs:round-score", args=[open_round.pk]),
        {f"score-{challenge.pk}-{first.pk}": "4"},
    )
    assert list(PriorityScore.objects.values_list("value", flat=True)) == [4]


def test_round_detail_for_outsider_is_404(client, open_round, outsider):
    client.force_login(outsider)
    assert client.get(open_round.get_absolute_url()).status_code == 404


def test_round_decide_view(client, open_round, coordinator):
    client.force_login(coordinator)
    client.post(reverse("needs:round-transition", args=[open_round.pk]), {"to": "closed"})
    challenge = open_round.challenges.get()
    client.post(
        reverse("needs:round-decide", args=[open_round.pk]),
        {"decision": "A går vidare", "selected": [challenge.pk]},
    )
    open_round.refresh_from_db()
    assert open_round.status == "decided"
    assert "A går vidare" in client.get(open_round.get_absolute_url()).content.decode()


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


def test_cached_list_rows_follow_changes(client, staff, draft):
    client.force_login(staff)
    url = reverse("needs:need-list")
    old_title = draft.title
    assert old_title in client.get(url).content.decode()
    services.need_update(need=draft, by=staff, title="Hala golv i hallen")
    page = client.get(url).content.decode()
    assert "Hala golv i hallen" in page and f">{old_title}</a>" not in page
    services.need_submit(need=draft, by=staff)
    client.cookies["django_language"] = "en"
    row = client.get(url).content.decode().split("Hala golv i hallen")[1].split("</tr>")[0]
    assert "Submitted" in row


def test_need_list_filters_by_municipality_and_assessor(
    client, staff, need, neighbour_coordinator, trelleborg, django_capture_on_commit_callbacks
):
    client.force_login(neighbour_coordinator)
    url = reverse("needs:need-list")
    assert need.title not in client.get(url, {"organization": trelleborg.pk}).content.decode()
    assert need.title in client.get(url, {"organization": staff.organization_id}).content.decode()
    # The assessor choices are cached; assigning one shows the person at once.
    with django_capture_on_commit_callbacks(execute=True):
        services.assessor_assign(
            need=need, assessor=neighbour_coordinator, by=neighbour_coordinator
        )
    page = client.get(url, {"assessor": neighbour_coordinator.pk}).content.decode()
    assert need.title in page
    filtered = client.get(url, {"assessor": neighbour_coordinator.pk}).context["filter"]
    assert not filtered.errors


def test_cached_list_count_follows_needs_of_the_network(
    client, staff, neighbour, outsider, django_capture_on_commit_callbacks
):
    """The need list's number is cached, yet a need submitted in another municipality of
    the network counts at once, a filter has its own number, and an outsider's need never
    counts."""
    url = reverse("needs:need-list")

    def count(**params) -> int:
        client.force_login(neighbour)
        return client.get(url, params).context["page_obj"].paginator.count

    before, submitted_before = count(), count(status="submitted")
    with django_capture_on_commit_callbacks(execute=True):
        services.need_create(author=staff, submit=True, title="Halka", problem="Is.")
        services.need_create(author=outsider, submit=True, title="Annat", problem="Långt bort.")
    assert count() == before + 1
    assert count(status="submitted") == submitted_before + 1
    assert count(status="draft") == 0


def test_need_list_untouched_filter_form_filters_nothing(client, staff, neighbour, coordinator):
    """Every select starts on its empty choice; the form as submitted untouched (every
    field empty) shows the same rows as the bare page, and a chosen value stays shown."""
    a = NeedFactory(author=staff)
    b = NeedFactory(author=neighbour)
    client.force_login(coordinator)
    url = reverse("needs:need-list")
    bare = client.get(url)
    untouched = dict.fromkeys(bare.context["filter"].form.fields, "")
    assert set(client.get(url, untouched).context["page_obj"]) == {a, b}
    form_html = bare.content.decode().split('id="filters"')[1].split("</form>")[0]
    assert form_html.count('<option value="" selected>') == 5  # every select
    assert "Clear filters" not in form_html and "Rensa filter" not in form_html
    chosen = client.get(url, {**untouched, "organization": neighbour.organization_id})
    assert list(chosen.context["page_obj"]) == [b]
    page = chosen.content.decode()
    assert f'<option value="{neighbour.organization_id}" selected>' in page
    assert "Rensa filter" in page
