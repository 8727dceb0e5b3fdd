from io import StringIO

from django.core.management import call_command

from arena.models import EvaluationSpace, Event, Lesson
from projects.models import Project
from reports.models import Report


def test_seed_demo_builds_the_syd_project_and_its_close_out_report(db):
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())  # idempotent
    project = Project.objects.get(title="Innovationsupphandling Syd")
    assert project.state == "closed"
    assert project.project_manager.organization.kind == "consultancy"
    assert list(project.subprojects.values_list("title", "state")) == [
        ("Metodutveckling", "completed"),
        ("Utlåning och delning mellan kommuner", "completed"),
        ("Rena och torra golv", "cancelled"),
        ("Smart digital service", "completed"),
    ]
    sharing = project.subprojects.get(title="Utlåning och delning mellan kommuner")
    assert sharing.cases.count() == 1 and sharing.challenges.count() == 1
    assert project.grants.get(reference="2024-00312").amount_granted_sek == 380000
    reference = project.groups.get(kind="reference")
    assert {m.user.organization.name for m in reference.memberships.all()} >= {
        "Upphandlingsmyndigheten",
        "Region Skåne",
    }
    assert Event.objects.filter(project=project, location="Ystad Saltsjöbad").count() == 1
    assert Lesson.objects.filter(subproject__project=project).count() == 1
    assert EvaluationSpace.objects.get(project=project).published_at is not None
    report = Report.objects.get(kind="projects.close_out")
    assert report.state == "done", report.error_message
