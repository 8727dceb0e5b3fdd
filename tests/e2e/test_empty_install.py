"""From an empty install to real use, through pages only (issue 21).

The database holds only what the migrations load (the 290 municipalities, categories, CPV
codes); the platform operator is made with `createsuperuser`. Everything after that is
done in Chromium with the keyboard: the operator brings in two municipalities and a
supplier, their administrators join by the e-mailed invitation, invite colleagues and add
a pick-up location; a coordinator starts a network that the other municipality joins; a
staff member lists a desk with a photo that the neighbour reserves; the supplier adds a
facilitator team and the municipality a room for design sprints.

Not yet through pages here: running the framework procurement and calling off a sprint
(their pages exist and have their own journeys in test_procurement.py and
test_sprints.py; the sprint agreement made from the contract is tested in
tests/sprints/test_agreements.py).
"""

import io
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.utils import timezone
from PIL import Image

from tests.e2e.conftest import (
    PASSWORD,
    act_as,
    check_everywhere,
    field,
    here,
    kb_check,
    kb_choose,
    kb_click,
    kb_fill,
    kb_menu,
    kb_select,
    kb_upload,
    set_language,
)

pytestmark = pytest.mark.django_db(transaction=True)

OPERATOR = "operator@samverka-e2e.test"


@pytest.fixture
def operator(transactional_db, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    call_command("createsuperuser", "--noinput", email=OPERATOR, verbosity=0)
    return OPERATOR


def accept_invitation(page, mailoutbox, email: str, name: str) -> None:
    """Follow the link in the latest invitation e-mail to `email` and join, by keyboard."""
    mail = next(m for m in reversed(mailoutbox) if email in m.to)
    link = next(line for line in mail.body.splitlines() if "/invite/" in line)
    page.context.clear_cookies()
    set_language(page, "en")
    page.goto(page.base + urlsplit(link.strip()).path)
    kb_fill(page, field(page, "Your name"), name)
    kb_fill(page, page.locator("input[name=password1]"), PASSWORD)
    kb_fill(page, page.locator("input[name=password2]"), PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.get_by_text("Welcome to Samverka!").wait_for()
    page.goto(page.base + "/")  # in English, the language the journey is driven in


def invite(page, email: str, roles: list[str]) -> None:
    kb_fill(page, field(page, "E-mail address"), email)
    for role in roles:
        kb_check(page, page.get_by_label(role, exact=True))
    kb_click(page, page.get_by_role("button", name="Send invitation"))
    page.get_by_text(f"An invitation was sent to {email}.").wait_for()


def png_file(tmp_path):
    image = Image.new("RGB", (320, 200), (40, 110, 160))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    path = tmp_path / "skrivbord.png"
    path.write_bytes(buffer.getvalue())
    return path


def test_from_an_empty_install_to_real_use(page, operator, mailoutbox, tmp_path):
    from organizations.models import Organization
    from organizations.validators import org_number_with_check_digit
    from sharing.models import Category

    assert not Organization.objects.filter(users__isnull=False).exists()
    org_number = org_number_with_check_digit("556912345")

    # The platform operator brings in two municipalities and a supplier.
    act_as(page, operator)
    page.goto(page.base + "/")
    kb_menu(page, "Organisations")
    assert here(page) == "/platform/organisations/"
    for municipality, email in (
        ("Ystad", "admin@ystad-e2e.test"),
        ("Trelleborg", "admin@trelleborg-e2e.test"),
    ):
        kb_select(page, field(page, "Which municipality"), municipality)
        kb_fill(page, field(page, "Administrator's e-mail address"), email)
        kb_click(page, page.get_by_role("button", name="Invite the administrator"))
        page.get_by_text(f"{municipality} is on Samverka: an invitation was sent").wait_for()
    kb_choose(page, page.get_by_label("Supplier", exact=True))
    kb_fill(page, field(page, "Company name"), "Sprintbyrån AB")
    kb_fill(page, field(page, "Organisation number"), org_number)
    kb_fill(page, field(page, "Administrator's e-mail address"), "vd@sprintbyran-e2e.test")
    kb_click(page, page.get_by_role("button", name="Invite the administrator"))
    page.get_by_text("Sprintbyrån AB is on Samverka").wait_for()
    check_everywhere(page, "/platform/organisations/", label="platform organisations")

    # Ystad's administrator joins, invites colleagues and adds a pick-up location.
    accept_invitation(page, mailoutbox, "admin@ystad-e2e.test", "Anna Admin")
    kb_menu(page, "Your organisation")
    check_everywhere(page, "/organisation/", label="getting started")
    page.goto(page.base + "/organisation/")
    kb_click(page, page.get_by_role("link", name="Invite your colleagues"))
    invite(page, "staff@ystad-e2e.test", ["Staff"])
    invite(page, "samordnare@ystad-e2e.test", ["Coordinator", "Procurement officer"])
    kb_menu(page, "Pick-up locations")
    kb_fill(page, field(page, "Building"), "Stadshuset")
    kb_fill(page, field(page, "Address"), "Stora Östergatan 31, Ystad")
    kb_fill(page, field(page, "Latitude"), "55.4295")
    kb_fill(page, field(page, "Longitude"), "13.8204")
    kb_click(page, page.get_by_role("button", name="Add the location"))
    page.get_by_text("The location was added.").wait_for()
    check_everywhere(page, "/sharing/locations/", label="pick-up locations")
    check_everywhere(page, "/organisation/users/", label="users")
    check_everywhere(page, "/organisation/departments/", label="departments")

    # Trelleborg's administrator joins and invites a colleague.
    accept_invitation(page, mailoutbox, "admin@trelleborg-e2e.test", "Tove Admin")
    kb_menu(page, "Invitations")
    invite(page, "staff@trelleborg-e2e.test", ["Staff"])
    for email, name in (
        ("staff@ystad-e2e.test", "Sara Staff"),
        ("samordnare@ystad-e2e.test", "Sam Samordnare"),
        ("staff@trelleborg-e2e.test", "Tim Trelleborg"),
    ):
        accept_invitation(page, mailoutbox, email, name)

    # Ystad's coordinator starts a network and invites Trelleborg; Trelleborg accepts.
    act_as(page, "samordnare@ystad-e2e.test")
    page.goto(page.base + "/")
    kb_menu(page, "Networks")
    kb_click(page, page.get_by_role("link", name="Start a network"))
    kb_fill(page, field(page, "Name"), "Innovationsupphandling Syd")
    kb_click(page, page.get_by_role("button", name="Create the network"))
    page.get_by_role("heading", level=1, name="Innovationsupphandling Syd").wait_for()
    network_url = here(page)
    kb_click(page, page.get_by_role("link", name="Invite a municipality"))
    check_everywhere(page, here(page), label="network invite")
    kb_select(page, field(page, "Municipality to invite"), "Trelleborg")
    kb_click(page, page.get_by_role("button", name="Send the invitation"))
    page.get_by_text("Trelleborg was invited.").wait_for()
    check_everywhere(page, network_url, label="network")

    act_as(page, "admin@trelleborg-e2e.test")
    page.goto(page.base + "/")
    kb_menu(page, "Networks")
    kb_click(page, page.get_by_role("link", name="Invitations to your municipality"))
    check_everywhere(page, here(page), label="network invitations")
    kb_click(page, page.get_by_role("button", name="Accept Innovationsupphandling Syd"))
    page.get_by_text("Welcome to Innovationsupphandling Syd.").wait_for()
    assert "Trelleborg" in page.locator("main").inner_text()

    # Ystad's staff list a desk with a photo; Trelleborg's staff reserve it.
    desk = Category.objects.get(path="furniture/desks/height-adjustable desk")
    today = timezone.localdate()
    act_as(page, "staff@ystad-e2e.test")
    page.goto(page.base + "/")
    kb_menu(page, "Sharing")
    kb_click(page, page.get_by_role("link", name="New listing"))
    kb_fill(page, field(page, "Title"), "Höj- och sänkbart skrivbord")
    kb_select(page, field(page, "Kind"), value="furniture")
    kb_select(page, page.locator("#id_category"), value=str(desk.pk))
    kb_fill(page, field(page, "Description"), "Elektriskt, 160 × 80 cm, vit skiva.")
    kb_select(page, field(page, "Mode"), value="lend")
    kb_fill(page, field(page, "Price of a new unit (SEK)"), "6500")
    kb_select(page, field(page, "Location"), "Stadshuset, Stora Östergatan 31, Ystad")
    kb_fill(page, field(page, "Available from"), today)
    kb_fill(page, field(page, "Available to"), today + timedelta(days=200))
    kb_select(page, field(page, "Visible to"), value="network")
    kb_click(page, page.get_by_role("button", name="Save"))
    page.get_by_role("heading", level=1, name="Höj- och sänkbart skrivbord").wait_for()
    kb_upload(page, field(page, "Photo"), png_file(tmp_path))
    kb_fill(page, field(page, "What the photo shows"), "Ett vitt skrivbord i kontorsmiljö")
    kb_click(page, page.get_by_role("button", name="Upload"))
    page.get_by_role("img", name="Ett vitt skrivbord i kontorsmiljö").first.wait_for()

    act_as(page, "staff@trelleborg-e2e.test")
    page.goto(page.base + "/")
    kb_menu(page, "Sharing")
    kb_click(page, page.get_by_role("link", name="Höj- och sänkbart skrivbord").first)
    kb_fill(page, field(page, "From"), today + timedelta(days=7))
    kb_fill(page, field(page, "To"), today + timedelta(days=37))
    kb_click(page, page.get_by_role("button", name="Send request"))
    page.get_by_role("heading", level=1, name="Reservation: Höj- och sänkbart skrivbord").wait_for()

    # The supplier's administrator joins and adds a facilitator team.
    accept_invitation(page, mailoutbox, "vd@sprintbyran-e2e.test", "Vera Vd")
    kb_menu(page, "Facilitator teams")
    kb_fill(page, field(page, "Name"), "Team Syd")
    kb_fill(page, field(page, "Facilitators"), "Ada Facilitator\nBo Facilitator")
    kb_click(page, page.get_by_role("button", name="Add the team"))
    page.get_by_text("The team was added.").wait_for()
    check_everywhere(page, "/sprints/teams/", label="facilitator teams")

    # Ystad's coordinator adds a room for design sprints.
    act_as(page, "samordnare@ystad-e2e.test")
    page.goto(page.base + "/")
    kb_menu(page, "Sprint rooms")
    kb_fill(page, field(page, "Name"), "Innovationsrummet")
    kb_fill(page, field(page, "Seats"), "14")
    kb_click(page, page.get_by_role("button", name="Add the room"))
    page.get_by_text("The room was added.").wait_for()
    check_everywhere(page, "/sprints/rooms/", label="sprint rooms")
    check_everywhere(page, "/sprints/agreements/new/", label="sprint agreement from contract")
