"""Dialogue activity pages: create, attend, files, consultation comments."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from dialogue import services
from tests.factories.dialogue import ActivityFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


# --- Activities ---


def test_activity_create_page(client, officer, case, supplier_user, staff):
    client.force_login(officer)
    url = reverse("dialogue:activity-create-case", args=[case.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "kind": "workshop",
            "title": "Workshop om delning",
            "starts_at": (timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
            "internal_participants": [staff.pk],
            "supplier_organizations": [supplier_user.organization_id],
            "supplier_participants": [supplier_user.pk],
            "notes": "Interna anteckningar",
        },
    )
    assert response.status_code == 302


def test_activity_supplier_sees_own_meeting_without_notes(
    client, case, officer, supplier_user, third_supplier_user
):
    activity = services.activity_create(
        created_by=officer,
        anchor=case,
        kind="supplier_meeting",
        title="Möte",
        starts_at=timezone.now(),
        notes="Hemliga interna anteckningar",
        supplier_organizations=[supplier_user.organization],
    )
    client.force_login(supplier_user)
    page = client.get(activity.get_absolute_url())
    assert page.status_code == 200
    assert "Hemliga interna" not in page.content.decode()
    client.force_login(third_supplier_user)
    assert client.get(activity.get_absolute_url()).status_code == 404


def test_activity_files_internal_hidden_from_supplier(client, case, officer, supplier_user):
    activity = services.activity_create(
        created_by=officer,
        anchor=case,
        kind="supplier_meeting",
        title="Möte",
        starts_at=timezone.now(),
        supplier_organizations=[supplier_user.organization],
    )
    internal = services.activity_file_add(
        activity=activity, by=officer, upload=SimpleUploadedFile("intern.pdf", PDF)
    )
    shared = services.activity_file_add(
        activity=activity,
        by=officer,
        upload=SimpleUploadedFile("agenda.pdf", PDF),
        shared_with_suppliers=True,
    )
    client.force_login(supplier_user)
    assert client.get(reverse("dialogue:activity-file", args=[internal.pk])).status_code == 404
    assert client.get(reverse("dialogue:activity-file", args=[shared.pk])).status_code == 200


def test_activity_file_upload_refused_type_shows_message(client, case, officer):
    activity = ActivityFactory(case=case, created_by=officer)
    client.force_login(officer)
    response = client.post(
        reverse("dialogue:activity-file-add", args=[activity.pk]),
        {"file": SimpleUploadedFile("x.pdf", b"MZ\x90\x00" + b"\x00" * 200)},
        follow=True,
    )
    assert (
        "tas inte emot" in response.content.decode() or "not accepted" in response.content.decode()
    )
    assert not activity.files.exists()


def test_consultation_comment_through_page(client, case, officer, supplier_user):
    activity = services.activity_create(
        created_by=officer,
        anchor=case,
        kind="consultation",
        title="Remiss",
        starts_at=timezone.now(),
        comments_until=timezone.now() + timedelta(days=3),
        supplier_organizations=[supplier_user.organization],
    )
    section = services.consultation_section_add(activity=activity, by=officer, heading="Krav")
    client.force_login(supplier_user)
    response = client.post(reverse("dialogue:comment-add", args=[section.pk]), {"text": "Otydligt"})
    assert response.status_code == 302
    assert section.comments.get().organization == supplier_user.organization
