"""Needs: writing, submitting, assessing, answering; their list, pages and caches."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from needs import services
from needs.enums import NEED_ALLOWED_TRANSITIONS, NeedStatus
from needs.models import (
    AnswerOption,
    Need,
)
from notifications.models import Notification
from tests.factories.needs import NeedFactory

# --- Needs ------------------------------------------------------------------------------


def test_need_create_empty_problem_is_refused_and_nothing_stored(staff):
    with pytest.raises(ValidationError) as exc:
        services.need_create(author=staff, title="Golv", problem="   ")
    assert "problem" in exc.value.message_dict
    assert not Need.objects.exists()


def test_need_create_draft_then_submit(staff):
    need = services.need_create(author=staff, title="Golv", problem="Blöta golv", department="it")
    assert (need.status, need.organization_id, need.submitted_at) == (
        "draft",
        staff.organization_id,
        None,
    )


def test_need_create_and_submit(staff, ystad):
    need = services.need_create(author=staff, title="Golv", problem="Blöta golv", submit=True)
    need.refresh_from_db()
    assert (need.status, need.organization_id) == (NeedStatus.SUBMITTED, ystad.pk)
    assert need.submitted_at is not None


def test_need_submit_by_someone_else_is_refused(draft, officer):
    with pytest.raises(PermissionDenied):
        services.need_submit(need=draft, by=officer)


def test_supplier_cannot_write_needs(supplier_user):
    with pytest.raises(PermissionDenied):
        services.need_create(author=supplier_user, title="x", problem="y")


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (start, to)
        for start in NeedStatus.values
        for to in NeedStatus.values
        if to not in NEED_ALLOWED_TRANSITIONS[start]
    ],
)
def test_need_transition_refused_when_not_allowed(staff, coordinator, challenge, start, to):
    need = NeedFactory(author=staff, status="submitted")
    Need.objects.filter(pk=need.pk).update(
        status=start,
        status_reason="Skäl",
        merged_into=(NeedFactory(author=staff) if start == "merged" else None),
    )
    with pytest.raises(ValidationError) as exc:
        services.need_transition(need=need, to=to, by=coordinator, reason="r", challenge=challenge)
    assert exc.value.code == "transition"
    need.refresh_from_db()
    assert need.status == start


@pytest.mark.parametrize(
    ("start", "to"),
    [(s, t) for s, targets in NEED_ALLOWED_TRANSITIONS.items() for t in sorted(targets)],
)
def test_need_transition_allowed(staff, coordinator, challenge, start, to):
    need = NeedFactory(author=staff, status=start)
    survivor = NeedFactory(author=staff)
    services.need_transition(
        need=need, to=to, by=coordinator, reason="Skäl", challenge=challenge, merged_into=survivor
    )
    need.refresh_from_db()
    assert need.status == to


def test_reject_without_reason_is_refused(need, coordinator):
    with pytest.raises(ValidationError) as exc:
        services.need_reject(need=need, by=coordinator, reason=" ")
    assert "reason" in exc.value.message_dict
    need.refresh_from_db()
    assert need.status == NeedStatus.SUBMITTED


def test_reject_notifies_submitter(
    need, coordinator, staff, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.need_reject(need=need, by=coordinator, reason="Ligger utanför kommunens ansvar")
    note = Notification.objects.get(recipient=staff)
    assert "avslag" in note.title.lower() or "Avslag" in note.title or need.title in note.title
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [staff.email]


def test_merge_into_itself_is_refused(need, coordinator):
    with pytest.raises(ValidationError) as exc:
        services.need_merge(need=need, into=need, by=coordinator, reason="Samma")
    assert "merged_into" in exc.value.message_dict
    need.refresh_from_db()
    assert need.status == NeedStatus.SUBMITTED


def test_merge_into_itself_refused_by_database(need):
    with pytest.raises(IntegrityError), transaction.atomic():
        Need.objects.filter(pk=need.pk).update(status="merged", merged_into=need)


def test_merge_into_need_of_another_network_is_refused(need, coordinator, outsider):
    foreign = NeedFactory(author=outsider)
    with pytest.raises(ValidationError) as exc:
        services.need_merge(need=need, into=foreign, by=coordinator, reason="Samma")
    assert "merged_into" in exc.value.message_dict
    need.refresh_from_db()
    assert need.status == NeedStatus.SUBMITTED


def test_merge_points_to_survivor(need, coordinator, neighbour):
    survivor = NeedFactory(author=neighbour)
    services.need_merge(need=need, into=survivor, by=coordinator, reason="Samma problem")
    need.refresh_from_db()
    assert (need.status, need.merged_into, need.answer.code) == ("merged", survivor, "merged")
    assert list(survivor.merged_needs.all()) == [need]


def test_answer_by_assessor_sets_answer_and_status(need, coordinator, officer):
    services.assessor_assign(need=need, assessor=officer, by=coordinator)
    option = AnswerOption.objects.get(code="not-now")
    services.need_answer(need=need, by=officer, option=option, reason="Budget saknas i år")
    need.refresh_from_db()
    assert (need.status, need.answer, need.answered_by) == ("deferred", option, officer)
    assert need.is_assessed


def test_answer_by_someone_not_assessing_is_refused(need, neighbour):
    option = AnswerOption.objects.get(code="not-now")
    with pytest.raises(PermissionDenied):
        services.need_answer(need=need, by=neighbour, option=option, reason="x")


def test_assessor_assigned_twice_is_refused(need, coordinator, officer):
    services.assessor_assign(need=need, assessor=officer, by=coordinator)
    with pytest.raises(ValidationError):
        services.assessor_assign(need=need, assessor=officer, by=coordinator)


def test_assessor_outside_network_is_refused(need, coordinator, outsider):
    with pytest.raises(ValidationError):
        services.assessor_assign(need=need, assessor=outsider, by=coordinator)


def test_assessment_note_with_reply(need, coordinator, officer):
    services.assessor_assign(need=need, assessor=officer, by=coordinator)
    note = services.assessment_note_add(need=need, author=officer, body="Fråga förskolechefen")
    reply = services.assessment_note_add(need=need, author=coordinator, body="Gjort", parent=note)
    assert list(note.replies.all()) == [reply]


def test_assessment_note_by_submitter_is_refused(need, staff):
    with pytest.raises(PermissionDenied):
        services.assessment_note_add(need=need, author=staff, body="Hej")


def test_comment_on_draft_is_refused(draft, staff):
    with pytest.raises(PermissionDenied):
        services.need_comment_add(need=draft, author=staff, body="Hej")


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


def test_need_create_and_submit_view(client, staff):
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
