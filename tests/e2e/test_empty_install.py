"""From an empty install to real use, through pages only (issue 21).

The database holds only what the migrations load (the 290 municipalities, categories, CPV
codes); the platform operator is made with `createsuperuser`. Everything after that is
done in Chromium with the keyboard: the operator brings in two municipalities, a
supplier and a funder (an external kind); their administrators join by the e-mailed
invitation, invite colleagues and add a pick-up location; a coordinator starts a
network that the other municipality joins; a staff member lists a desk with a photo
that the neighbour reserves; the supplier adds a facilitator team and the municipality
a room; an officer runs a framework procurement (tender, sealed bid, opening,
evaluation, award, contract), turns the contract into a sprint framework agreement with
prices, and staff call off a workshop that the ranked supplier accepts.

Where time must pass (the bid deadline, the standstill period) the set-up moves a date in
the database between steps, as in test_procurement.py.
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
    kb_select_many,
    kb_upload,
    set_language,
)
from tests.factories.procurements import pass_deadline

pytestmark = pytest.mark.django_db(transaction=True)

OPERATOR = "operator@samverka-e2e.test"
CASE = "Designsprintar för Syd"


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


def submit(page, name: str | None = None) -> None:
    """Press the form's submit button (named, or the last one in the main content)."""
    if name:
        button = page.get_by_role("button", name=name, exact=True)
    else:
        button = page.locator("main form button[type=submit], main form button:not([type])").last
    kb_click(page, button)


def back_on(page, path: str) -> None:
    page.wait_for_url(lambda url: url.split("#")[0].split("?")[0] == page.base + path)


def move(page, stage: str) -> None:
    """Move the procurement case on the page to `stage`."""
    case_url = here(page)
    kb_click(page, page.get_by_role("link", name="Move to another stage or cancel"))
    kb_select(page, field(page, "Move to"), stage)
    kb_fill(page, field(page, "Why (for the record)"), "Klart för nästa steg.")
    submit(page)
    back_on(page, case_url)


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
    from procurements.models import AwardDecision, Tender
    from sharing.models import Category
    from sprints.models import CallOff
    from tests.factories.sprints import working_week

    assert not Organization.objects.filter(users__isnull=False).exists()
    org_number = org_number_with_check_digit("556912345")

    # The platform operator brings in two municipalities, a supplier and a funder.
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
    kb_fill(page, field(page, "Organisation name"), "Sprintbyrån AB")
    kb_fill(page, field(page, "Organisation number"), org_number)
    kb_fill(page, field(page, "Administrator's e-mail address"), "vd@sprintbyran-e2e.test")
    kb_click(page, page.get_by_role("button", name="Invite the administrator"))
    page.get_by_text("Sprintbyrån AB is on Samverka").wait_for()
    # ... and a funder, one of the external kinds that take part in projects.
    kb_choose(page, page.get_by_label("Funder", exact=True))
    kb_fill(page, field(page, "Organisation name"), "Innovationsfonden Syd")
    kb_fill(page, field(page, "Organisation number"), org_number_with_check_digit("202100987"))
    kb_fill(page, field(page, "Administrator's e-mail address"), "chef@fonden-e2e.test")
    kb_click(page, page.get_by_role("button", name="Invite the administrator"))
    page.get_by_text("Innovationsfonden Syd is on Samverka").wait_for()
    funder_row = page.get_by_role("row").filter(has_text="Innovationsfonden Syd")
    assert "Funder" in funder_row.inner_text()
    check_everywhere(page, "/platform/organisations/", label="platform organisations")

    # Ystad's administrator joins, invites colleagues and adds a pick-up location.
    accept_invitation(page, mailoutbox, "admin@ystad-e2e.test", "Anna Admin")
    kb_menu(page, "Your organisation")
    check_everywhere(page, "/organisation/", label="getting started")
    page.goto(page.base + "/organisation/")
    kb_click(page, page.get_by_role("link", name="Invite your colleagues"))
    invite(page, "staff@ystad-e2e.test", ["Staff"])
    invite(page, "samordnare@ystad-e2e.test", ["Coordinator", "Procurement officer"])
    invite(page, "utvarderare@ystad-e2e.test", ["Evaluator"])
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
        ("utvarderare@ystad-e2e.test", "Ulla Utvärderare"),
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
    kb_menu(page, "Listings")
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
    kb_menu(page, "Listings")
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

    # The officer runs a framework procurement: case, tender, a sealed bid, opening,
    # evaluation, award and the signed framework contract.
    page.goto(page.base + "/")
    kb_menu(page, "Procurements")
    kb_click(page, page.get_by_role("link", name="New procurement case"))
    kb_fill(page, field(page, "Title"), CASE)
    kb_select_many(page, field(page, "Participating municipalities"), ["Trelleborg"])
    kb_select(page, field(page, "Procedure"), value="open")
    kb_fill(page, field(page, "Expected effects"), "Snabbare prototyper tillsammans med brukare.")
    submit(page)
    page.get_by_role("heading", level=1, name=CASE).wait_for()
    case_url = here(page)
    kb_click(page, page.get_by_role("link", name="Edit the case"))
    kb_select(page, field(page, "Need owner"), "Sam Samordnare")
    submit(page)
    back_on(page, case_url)
    kb_click(page, page.get_by_role("link", name="Prepare the tender"))
    kb_fill(page, field(page, "What is procured"), "Facilitering av designsprintar.")
    kb_fill(
        page,
        field(page, "Deadline for bids (Swedish time)"),
        (timezone.localtime() + timedelta(days=40)).replace(hour=12, minute=0, tzinfo=None),
    )
    submit(page)
    back_on(page, case_url)
    kb_click(page, page.get_by_role("link", name="Add a criterion"))
    kb_fill(page, field(page, "Criterion"), "Metod")
    kb_fill(page, field(page, "Weight (%)"), "100")
    submit(page)
    back_on(page, case_url)
    move(page, "Tender")

    act_as(page, "vd@sprintbyran-e2e.test")
    page.goto(page.base + "/")
    kb_menu(page, "Tenders")
    kb_click(page, page.get_by_role("link", name=CASE).first)
    kb_click(page, page.get_by_role("link", name="Submit a bid").first)
    kb_fill(page, field(page, "Your offer"), "Erfarna facilitatorer i hela Skåne.")
    kb_fill(page, field(page, "Price (SEK)"), "900000")
    submit(page)
    page.get_by_text("receipt", exact=False).first.wait_for()

    # Set-up moves time: the deadline has passed.
    pass_deadline(Tender.objects.get(case__title=CASE))  # publication moves back with it

    # The two-person opening: the officer starts it, a second official confirms it.
    act_as(page, "samordnare@ystad-e2e.test")
    page.goto(page.base + case_url)
    kb_click(page, page.get_by_role("link", name="Open the bids"))
    opening_url = here(page)
    submit(page, "Start the opening")
    page.get_by_role("button", name="Call off the opening").wait_for()
    act_as(page, "utvarderare@ystad-e2e.test")
    page.goto(page.base + opening_url)
    submit(page, "Confirm as the second official and open")
    page.get_by_text("confirmed by Ulla Utvärderare").first.wait_for()
    act_as(page, "samordnare@ystad-e2e.test")
    page.goto(page.base + case_url)
    move(page, "Evaluation")
    kb_click(page, page.get_by_role("link", name="Assign an evaluator"))
    kb_select(page, field(page, "Evaluator"), "Ulla Utvärderare")
    submit(page)
    back_on(page, case_url)

    act_as(page, "utvarderare@ystad-e2e.test")
    page.goto(page.base + case_url)
    kb_click(page, page.get_by_role("link", name="Declare no conflict of interest"))
    kb_check(page, page.get_by_label("I declare that I have no conflict of interest"))
    submit(page)
    back_on(page, case_url)
    kb_click(page, page.get_by_role("link", name="Sprintbyrån AB").first)
    kb_select(page, field(page, "Criterion"), "Metod (100 %)")
    kb_fill(page, field(page, "Score"), "4")
    kb_fill(page, field(page, "Justification"), "Tydlig metod och erfarna facilitatorer.")
    submit(page, "Save the score")
    page.get_by_text("Tydlig metod och erfarna facilitatorer.").first.wait_for()

    act_as(page, "samordnare@ystad-e2e.test")
    page.goto(page.base + case_url)
    kb_click(page, page.get_by_role("link", name="Declare no conflict of interest"))
    kb_check(page, page.get_by_label("I declare that I have no conflict of interest"))
    submit(page)
    back_on(page, case_url)
    kb_click(page, page.get_by_role("link", name="Sprintbyrån AB").first)
    form = page.locator("form", has=page.get_by_role("button", name="Record the agreed score"))
    kb_select(page, form.get_by_label("Criterion"), "Metod (100 %)")
    kb_fill(page, form.get_by_label("Score"), "4")
    kb_fill(page, form.get_by_label("Justification"), "Enig bedömning.")
    submit(page, "Record the agreed score")
    page.get_by_text("Enig bedömning.").first.wait_for()
    page.goto(page.base + case_url)
    submit(page, "Complete the evaluation")
    move(page, "Award")

    # Ystad's administrator keeps the delegation list; the case names who decides.
    act_as(page, "admin@ystad-e2e.test")
    page.goto(page.base + "/procurements/delegations/")
    kb_fill(page, field(page, "Role"), "Upphandlingschef")
    kb_select(page, field(page, "Held by"), "Anna Admin")
    submit(page, "Add")
    page.get_by_text("The role was added to the delegation list.").first.wait_for()
    act_as(page, "samordnare@ystad-e2e.test")
    page.goto(page.base + case_url)
    kb_click(page, page.get_by_role("link", name="Who takes the decisions"))
    kb_select(page, field(page, "Decided by (role)"), "Upphandlingschef (Anna Admin)")
    submit(page)
    back_on(page, case_url)

    # The officer proposes the award, the head of procurement approves it, it is sent.
    kb_click(page, page.get_by_role("link", name="Record the award decision"))
    kb_check(page, page.get_by_label("Sprintbyrån AB"))
    kb_fill(page, field(page, "Reasons"), "Enda anbudet, som uppfyller kraven.")
    submit(page)
    page.get_by_text("Waiting for the decision of the person authorised.").wait_for()
    decision_url = here(page)
    act_as(page, "admin@ystad-e2e.test")
    page.goto(page.base + decision_url)
    kb_choose(page, page.get_by_role("radio", name="Approve"))
    submit(page, "Record my decision")
    page.get_by_text("Your decision was recorded.").first.wait_for()
    act_as(page, "samordnare@ystad-e2e.test")
    page.goto(page.base + case_url)
    kb_click(page, page.get_by_role("link", name="Record the award decision"))
    submit(page)
    back_on(page, case_url)

    # Set-up moves time: the standstill period is over.
    today = timezone.localdate()
    AwardDecision.objects.filter(case__title=CASE).update(
        sent_on=today - timedelta(days=20), standstill_ends_on=today - timedelta(days=5)
    )
    page.goto(page.base + case_url)
    kb_click(page, page.get_by_role("link", name="Register a signed contract"))
    kb_fill(page, field(page, "Title"), "Ramavtal designsprint")
    kb_select(page, field(page, "Kind"), value="framework")
    kb_check(page, page.get_by_label("Sprintbyrån AB"))
    kb_check(page, page.get_by_label("Ystad").first)
    kb_check(page, page.get_by_label("Trelleborg").first)
    kb_fill(page, field(page, "Start"), today)
    kb_fill(page, field(page, "End"), today + timedelta(days=730))
    submit(page)
    page.get_by_role("heading", level=1, name="Ramavtal designsprint").wait_for()

    # The officer turns the contract into the sprint framework agreement with its prices.
    kb_menu(page, "Design sprints")
    kb_click(page, page.get_by_role("link", name="Framework agreements"))
    kb_click(page, page.get_by_role("link", name="Make one from an awarded framework contract"))
    kb_select(page, field(page, "Framework contract"), "Ramavtal designsprint")
    kb_fill(page, field(page, "Reference number"), "RA 2026/21")
    kb_fill(page, field(page, "Maximum value (SEK)"), "2000000")
    kb_click(page, page.get_by_role("button", name="Make the sprint agreement"))
    page.get_by_role("heading", level=1, name="Terms of RA 2026/21").wait_for()
    check_everywhere(page, here(page), label="sprint agreement terms")
    price = field(page, "Price of 1-day workshop from Sprintbyrån AB (SEK)")
    kb_fill(page, price, "35000")
    kb_click(page, page.get_by_role("button", name="Save the terms"))
    page.get_by_text("The agreement's terms were saved.").wait_for()
    agreement_url = here(page)

    # Ystad's staff call off a 1-day workshop in the room; the ranked supplier accepts.
    day = working_week(6)[2]
    act_as(page, "staff@ystad-e2e.test")
    page.goto(page.base + agreement_url)
    kb_click(page, page.get_by_role("link", name="Call off a sprint"))
    kb_fill(page, field(page, "Title"), "Workshop om digital skolskjuts")
    kb_fill(page, field(page, "The challenge"), "Hur ser elever skolskjutsen live?")
    kb_select(page, field(page, "Format"), value="one_day")
    kb_fill(page, field(page, "First day"), day)
    kb_select(page, field(page, "Room"), "Innovationsrummet (Ystad)")
    kb_click(page, page.get_by_role("button", name="Send the call-off"))
    page.get_by_role("heading", level=1, name="Workshop om digital skolskjuts").wait_for()

    act_as(page, "vd@sprintbyran-e2e.test")
    page.goto(page.base + "/")
    kb_menu(page, "Design sprints")
    kb_click(page, page.get_by_role("link", name="Workshop om digital skolskjuts").first)
    kb_select(page, field(page, "Facilitator team"), "Sprintbyrån AB – Team Syd")
    kb_click(page, page.get_by_role("button", name="Accept and book"))
    page.get_by_role("heading", name="Your answer").wait_for(state="detached")
    assert CallOff.objects.get(title="Workshop om digital skolskjuts").state == "booked"
