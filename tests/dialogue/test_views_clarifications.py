"""Questions and answers on an RFI, through its pages."""

from django.urls import reverse

from dialogue import services
from dialogue.models import Clarification

# --- Questions and answers ---


def test_asker_is_anonymous_to_other_suppliers(
    client, rfi, officer, supplier_user, other_supplier_user, django_capture_on_commit_callbacks
):
    client.force_login(supplier_user)
    client.post(reverse("dialogue:clarification-ask", args=[rfi.pk]), {"question": "Krävs BankID?"})
    clarification = Clarification.objects.get()
    client.force_login(officer)
    officer_page = client.get(rfi.get_absolute_url()).content.decode()
    assert supplier_user.organization.name in officer_page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("dialogue:clarification-answer", args=[clarification.pk]),
            {"question": "Krävs e-legitimation?", "answer": "Ja."},
        )
    assert response.status_code == 302
    client.force_login(other_supplier_user)
    page = client.get(rfi.get_absolute_url()).content.decode()
    assert "Krävs e-legitimation?" in page
    assert supplier_user.organization.name not in page
    assert supplier_user.full_name not in page


def test_supplier_cannot_answer_a_question(client, rfi, supplier_user):
    clarification = services.clarification_ask(rfi=rfi, user=supplier_user, question="?")
    client.force_login(supplier_user)
    response = client.post(
        reverse("dialogue:clarification-answer", args=[clarification.pk]),
        {"question": "?", "answer": "Jag svarar själv"},
    )
    assert response.status_code == 403
    clarification.refresh_from_db()
    assert clarification.published_at is None
