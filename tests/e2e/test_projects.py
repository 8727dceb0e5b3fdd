"""Journey 7: a coordinator creates a project, adds a subproject from a challenge, invites
a reference-group member from a region, publishes an event that an outside person (with
no account) registers for, and builds the close-out report. Every new page is checked
with axe in Swedish and English."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from tests.e2e.conftest import (
    act_as,
    check_everywhere,
    field,
    here,
    kb_check,
    kb_click,
    kb_download,
    kb_fill,
    kb_menu,
    kb_select,
    kb_select_many,
    set_language,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def people(make_user):
    from organizations.enums import OrganizationKind
    from tests.factories.needs import ChallengeFactory
    from tests.factories.organizations import MunicipalityFactory, NetworkFactory
    from tests.factories.projects import ExternalOrganizationFactory

    ystad = MunicipalityFactory(name="Ystad", municipality_code="1286")
    trelleborg = MunicipalityFactory(name="Trelleborg", municipality_code="1287")
    network = NetworkFactory(name="Innovationsupphandling Syd", members=[ystad, trelleborg])
    ChallengeFactory(title="Rena och torra golv i förskolan", network=network)
    region = ExternalOrganizationFactory(kind=OrganizationKind.REGION, name="Region Skåne")
    return {
        "coordinator": make_user(
            organization=ystad,
            roles=["coordinator"],
            email="samordnare@ystad-e2e.test",
            full_name="Maria Nilsson",
        ),
        "region": make_user(
            organization=region,
            roles=["external"],
            email="mats@region-e2e.test",
            full_name="Mats Björk",
        ),
    }


@pytest.fixture
def worker(monkeypatch):
    """A stand-in Celery worker: holds the report builds until `run()` (see test_reports)."""
    import core.tasks
    from reports.tasks import build_report

    queued = []
    original = core.tasks.send_now

    def send_now(task, *args, **kwargs):
        if task.name == build_report.name:
            queued.append(args)
            return True
        return original(task, *args, **kwargs)

    monkeypatch.setattr(core.tasks, "send_now", send_now)

    class Worker:
        def run(self):
            while queued:
                build_report(*queued.pop(0))

    return Worker()


def test_coordinator_runs_a_project_from_start_to_close_out_report(page, people, worker):
    from core.pdf import pdf_text

    coordinator = people["coordinator"]
    act_as(page, coordinator.email)
    check_everywhere(page, "/projects/", label="projects")
    page.goto(page.base + "/")
    kb_menu(page, "Projects")
    kb_click(page, page.get_by_role("link", name="New project"))
    check_everywhere(page, "/projects/new/", label="new project")
    page.goto(page.base + "/projects/new/")
    kb_fill(page, field(page, "Title"), "Innovationsupphandling Syd")
    kb_select(page, field(page, "Network"), "Innovationsupphandling Syd")
    kb_fill(page, field(page, "Start"), "2026-01-01")
    kb_fill(page, field(page, "End"), "2027-06-30")
    kb_select(page, field(page, "Project manager"), "Maria Nilsson (Ystad)")
    kb_fill(page, field(page, "Goals"), "Fyra upphandlingar")
    kb_click(page, page.get_by_role("button", name="Create the project"))
    page.get_by_text("The project was created.").wait_for()
    project_url = here(page)
    check_everywhere(page, project_url, label="project")

    # A subproject from the network's challenge.
    page.goto(page.base + project_url)
    kb_click(page, page.get_by_role("link", name="Add a subproject"))
    kb_fill(page, field(page, "Title"), "Rena och torra golv")
    kb_select_many(page, field(page, "Challenges"), ["Rena och torra golv i förskolan"])
    kb_click(page, page.get_by_role("button", name="Save"))
    page.get_by_text("The subproject was added.").wait_for()

    # A reference group with a member from the region.
    page.goto(page.base + project_url)
    kb_click(page, page.get_by_role("link", name="New group"))
    kb_select(page, field(page, "Kind"), "Reference group")
    kb_click(page, page.get_by_role("button", name="Save"))
    group_url = here(page)
    kb_select(page, field(page, "Person"), "Mats Björk (Region Skåne)")
    kb_click(page, page.get_by_role("button", name="Add to the group"))
    page.get_by_text("The person was added to the group.").wait_for()
    check_everywhere(page, group_url, label="group")

    # A public event of the project, published at once.
    check_everywhere(page, "/arena/", label="arena")
    check_everywhere(page, "/arena/library/", label="library")
    page.goto(page.base + "/")
    kb_menu(page, "Arena")
    kb_click(page, page.get_by_role("link", name="Events", exact=True))
    kb_click(page, page.get_by_role("link", name="New event"))
    # A naive local time, as the person types it into the date-time field.
    starts = (timezone.localtime() + timedelta(days=20)).replace(
        hour=13, minute=0, second=0, microsecond=0, tzinfo=None
    )
    kb_fill(page, field(page, "Title"), "Seminarium på Ystad Saltsjöbad")
    kb_select(page, field(page, "Kind"), "Innovation week session")
    kb_fill(page, field(page, "Starts"), starts)
    kb_fill(page, field(page, "Ends"), starts + timedelta(hours=3))
    kb_fill(page, field(page, "Place or link"), "Ystad Saltsjöbad")
    kb_fill(page, field(page, "Places"), "40")
    kb_select(page, field(page, "Open to"), "Everyone, also outside organisations")
    kb_select(page, field(page, "Project"), "Innovationsupphandling Syd")
    kb_check(page, field(page, "Publish now"))
    kb_click(page, page.get_by_role("button", name="Save"))
    page.get_by_text("The event was saved.").wait_for()
    event_url = here(page)
    check_everywhere(page, event_url, label="event (organiser)")

    # An outside person without an account registers.
    page.context.clear_cookies()
    set_language(page, "en")
    check_everywhere(page, event_url, label="event (public)")
    page.goto(page.base + event_url)
    kb_fill(page, field(page, "Name"), "Eva Extern")
    kb_fill(page, field(page, "E-mail address"), "eva@extern-e2e.test")
    kb_fill(page, field(page, "Organisation"), "Lunds universitet")
    kb_click(page, page.get_by_role("button", name="Register"))
    page.get_by_text("You are registered.").wait_for()

    # The close-out report.
    act_as(page, coordinator.email)
    page.goto(page.base + "/reports/new/")
    kb_click(page, page.get_by_role("link", name="Choose: Close-out report"))
    form_url = here(page)
    check_everywhere(page, form_url, label="close-out report form")
    page.goto(page.base + form_url)
    kb_select(page, field(page, "Project"), "Innovationsupphandling Syd")
    kb_click(page, page.get_by_role("button", name="Build the report"))
    report_url = here(page)

    def progress(route):
        worker.run()
        route.continue_()

    page.route("**/progress/", progress)
    page.get_by_role("link", name="Download PDF").wait_for(timeout=20_000)
    assert here(page) == report_url
    download = kb_download(page, page.get_by_role("link", name="Download PDF"))
    text = pdf_text(Path(download.path()).read_bytes())
    assert "Innovationsupphandling Syd" in text
    assert "Rena och torra golv" in text
    assert "Seminarium på Ystad Saltsjöbad" in text


def test_the_other_project_and_arena_pages_are_accessible(page, people):
    """Pages the journey does not pass through, in Swedish and English at both widths."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from arena import services as arena_services
    from arena.enums import Audience, DocumentKind
    from organizations.enums import OrganizationKind
    from organizations.models import Network
    from projects.models import Goal
    from tests.factories.arena import EventFactory
    from tests.factories.projects import (
        BudgetPeriodFactory,
        CoFinancingFactory,
        FunderReportFactory,
        GrantFactory,
        GroupMemberFactory,
        MeetingFactory,
        ProjectFactory,
        ProjectGroupFactory,
        external_user,
    )

    coordinator = people["coordinator"]
    ystad = coordinator.organization
    network = Network.objects.get(name="Innovationsupphandling Syd")
    project = ProjectFactory(
        title="Innovationsupphandling Syd",
        organization=ystad,
        network=network,
        project_manager=coordinator,
    )
    Goal.objects.create(project=project, text="Fyra upphandlingar", achievement="partly")
    grant = GrantFactory(project=project)
    CoFinancingFactory(grant=grant, organization=ystad)
    BudgetPeriodFactory(grant=grant)
    FunderReportFactory(grant=grant)
    group = ProjectGroupFactory(project=project, kind="steering", name="Styrgrupp")
    GroupMemberFactory(group=group, user=people["region"])
    meeting = MeetingFactory(group=group, minutes="Protokoll", decisions="Beslut")
    document = arena_services.document_create(
        user=coordinator,
        title="Arbetsmodell",
        description="Metod",
        kind=DocumentKind.METHOD,
        audience=Audience.NETWORK,
        network=network,
        upload=SimpleUploadedFile(
            "m.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "application/pdf"
        ),
    )
    EventFactory(organization=ystad, created_by=coordinator, title="Studiebesök")
    researcher = external_user(OrganizationKind.RESEARCH, password="samverka-e2e-1")
    space = arena_services.evaluation_space_create(
        user=coordinator, project=project, researcher=researcher
    )

    act_as(page, coordinator.email)
    for url, label in [
        (project.get_absolute_url(), "project with funding"),
        (meeting.get_absolute_url(), "meeting"),
        (f"/projects/{project.pk}/log/", "log entry form"),
        (f"/projects/{project.pk}/grants/", "grant form"),
        (f"/projects/{project.pk}/subprojects/", "subproject form"),
        (document.get_absolute_url(), "document"),
        ("/arena/library/new/", "document form"),
        ("/arena/events/", "events"),
        ("/arena/events/new/", "event form"),
        ("/arena/evaluations/", "evaluations"),
        (space.get_absolute_url(), "evaluation space"),
    ]:
        check_everywhere(page, url, label=label)
    act_as(page, people["region"].email)
    check_everywhere(page, project.get_absolute_url(), label="project (outside member)")
    check_everywhere(page, "/", label="dashboard (outside member)")


def test_the_edit_pages_and_arena_posts_are_accessible(page, people):
    """The edit pages of a project and the arena's posts, in Swedish and English at both
    widths; an edit saved through its page shows on the project."""
    from arena import services as arena_services
    from arena.enums import PostKind
    from organizations.models import Network
    from tests.factories.projects import (
        GoalFactory,
        LogEntryFactory,
        MilestoneFactory,
        ProjectFactory,
        SubprojectFactory,
    )

    coordinator = people["coordinator"]
    network = Network.objects.get(name="Innovationsupphandling Syd")
    project = ProjectFactory(
        title="Delningsprojektet",
        organization=coordinator.organization,
        network=network,
        project_manager=coordinator,
    )
    goal = GoalFactory(project=project)
    sub = SubprojectFactory(project=project)
    milestone = MilestoneFactory(project=project)
    entry = LogEntryFactory(project=project)
    post = arena_services.post_create(
        user=coordinator,
        kind=PostKind.QUESTION,
        title="Hur delar ni lokaler?",
        body="Vi vill veta hur andra gör.",
        network=network,
    )
    arena_services.reply_add(user=coordinator, post=post, body="Med en bokningskalender.")

    act_as(page, coordinator.email)
    base = f"/projects/{project.pk}"
    for url, label in [
        (f"{base}/edit/", "project edit"),
        (f"{base}/goals/{goal.pk}/edit/", "goal edit"),
        (f"{base}/subprojects/{sub.pk}/edit/", "subproject edit"),
        (f"{base}/milestones/{milestone.pk}/edit/", "milestone edit"),
        (f"{base}/log/{entry.pk}/edit/", "log entry edit"),
        ("/arena/posts/", "posts"),
        ("/arena/posts/new/", "post form"),
        (f"/arena/posts/{post.pk}/", "post"),
        (f"/arena/posts/{post.pk}/edit/", "post edit"),
    ]:
        check_everywhere(page, url, label=label)

    page.goto(page.base + f"{base}/edit/")
    page.locator("form.col-lg-8 [name=title]").fill("Delningsprojektet 2")
    page.locator("form.col-lg-8 [type=submit]").click()
    page.wait_for_url(f"**{base}/")
    assert "Delningsprojektet 2" in page.content()
