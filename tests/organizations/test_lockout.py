"""Lock-out after repeated failures cannot be bypassed by letter case (issue #19, 7)."""

from django.urls import reverse

from tests.factories.organizations import UserFactory


def test_lockout_is_not_bypassed_by_letter_case(client, ystad, settings):
    UserFactory(organization=ystad, email="x@y.example", password="right-password-123")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "x@y.example", "password": "wrong"})
    response = client.post(
        reverse("login"), {"username": "X@Y.example ", "password": "right-password-123"}
    )
    assert "_auth_user_id" not in client.session
    assert response.status_code in (403, 429)
    response = client.post(
        reverse("login"), {"username": "x@y.example", "password": "right-password-123"}
    )
    assert "_auth_user_id" not in client.session


def test_failures_in_mixed_case_count_together(client, ystad, settings):
    from axes.models import AccessAttempt

    UserFactory(organization=ystad, email="x@y.example", password="right-password-123")
    for variant in ("x@y.example", "X@y.example", "x@Y.EXAMPLE"):
        client.post(reverse("login"), {"username": variant, "password": "wrong"})
    assert list(AccessAttempt.objects.values_list("username", "failures_since_start")) == [
        ("x@y.example", 3)
    ]
