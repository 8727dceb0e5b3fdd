"""A workshop guest from outside the network: the organiser invites Karin from Vinnova,
she opens her link and answers, and after the workshop the organiser records who came.
Every new page is checked with axe in Swedish and English, at desktop and phone width."""

from datetime import timedelta

import pytest

from tests.e2e.conftest import (
    MOBILE,
    act_as,
    check_everywhere,
    field,
    here,
    kb_check,
    kb_click,
    kb_fill,
    set_language,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def workshop(make_user):
    from django.utils import timezone

    from needs.services import workshop_create
    from tests.factories.organizations import MunicipalityFactory, NetworkFactory

    ystad = MunicipalityFactory(name="Ystad", municipality_code="1286")
    network = NetworkFactory(name="Innovationsupphandling Syd", members=[ystad])
    organiser = make_user(
        organization=ystad,
        roles=["coordinator"],
        email="samordnare@ystad-e2e.test",
        full_name="Sara Samordnare",
    )
    staff = make_user(
        organization=ystad, roles=["staff"], email="frida@ystad-e2e.test", full_name="Frida"
    )
    start = timezone.now() + timedelta(days=10)
    return workshop_create(
        by=organiser,
        network=network,
        participants=[staff],
        title="Workshop om golv",
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        place="Ystads stadshus",
        agenda="Golv, fukt och finansiering",
    )


def test_guest_invited_answers_and_attendance_is_recorded(page, workshop, mailoutbox):
    from needs.models import Workshop

    detail = f"/needs/workshops/{workshop.pk}/"
    act_as(page, "samordnare@ystad-e2e.test")
    page.goto(page.base + detail)
    kb_click(page, page.get_by_role("link", name="Invite a guest from outside the network"))
    check_everywhere(page, here(page), label="invite a guest")
    kb_fill(page, field(page, "Name"), "Karin Lund")
    kb_fill(page, field(page, "E-mail"), "karin.lund@vinnova-e2e.test")
    kb_fill(page, field(page, "Other organisation"), "Vinnova")
    kb_click(page, page.get_by_role("button", name="Send the invitation"))
    page.get_by_text("Karin Lund is invited by e-mail.").wait_for()
    assert here(page) == detail
    assert page.get_by_text("Karin Lund (Vinnova)").is_visible()
    check_everywhere(page, detail, label="workshop with a guest")

    # The guest opens her link, not logged in, and answers.
    mail = next(m for m in reversed(mailoutbox) if "karin.lund@vinnova-e2e.test" in m.to)
    link = next(word for word in mail.body.split() if "/needs/workshops/guest/" in word)
    guest_path = link[link.index("/needs/") :]
    page.context.clear_cookies()
    set_language(page, "en")
    page.goto(page.base + guest_path)
    assert page.get_by_role("heading", name="Workshop om golv").is_visible()
    assert page.get_by_text("Golv, fukt och finansiering").is_visible()
    assert not page.get_by_text("Frida").count()  # the network's people stay hidden
    check_everywhere(page, guest_path, label="guest page")
    kb_click(page, page.get_by_label("Yes, I am coming"))
    kb_click(page, page.get_by_role("button", name="Send the answer"))
    page.get_by_text("Thank you, your answer is saved.").wait_for()
    assert page.get_by_text("You answered:").is_visible()
    page.set_viewport_size(MOBILE)
    page.goto(page.base + guest_path)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= MOBILE["width"], "the guest page scrolls sideways on a phone"

    # After the workshop, the organiser records who came.
    Workshop.objects.filter(pk=workshop.pk).update(
        starts_at=workshop.starts_at - timedelta(days=11),
        ends_at=workshop.ends_at - timedelta(days=11),
    )
    act_as(page, "samordnare@ystad-e2e.test")
    page.goto(page.base + detail)
    assert page.get_by_text("coming", exact=False).first.is_visible()
    kb_click(page, page.get_by_role("link", name="Record attendance"))
    check_everywhere(page, here(page), label="record attendance")
    kb_check(page, page.get_by_label("Karin Lund (Vinnova)"))
    kb_click(page, page.get_by_role("button", name="Save the attendance"))
    page.get_by_text("The attendance was recorded.").wait_for()
    assert here(page) == detail
    assert page.get_by_text("did not attend").is_visible()  # Frida stayed away
    page.goto(page.base + f"/history/needs.workshop/{workshop.pk}/")
    assert page.get_by_text("guest invited").is_visible()
