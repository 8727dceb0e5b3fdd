"""Demo: the Syd network's arena – lessons (one from the cancelled floor procurement),
the working model and templates in the library, the seminar at Ystad Saltsjöbad during
the innovation week and the conference in Brussels (with participants), a coming study
visit open for registration, the follow-along researcher's published report – and, last,
a finished close-out report for the project. Idempotent."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from organizations.models import User

from . import services
from .enums import Audience, DocumentKind, EventKind, LessonSource, RegistrationStatus
from .models import EvaluationSpace, Event, Lesson, Registration

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def seed(stdout=None) -> list[str]:
    from projects.demo import PROJECT_TITLE
    from projects.models import Project

    project = Project.objects.filter(title=PROJECT_TITLE).select_related("network").first()
    coordinator = User.objects.filter(email="coordinator@ystad.example").first()
    if project is None or coordinator is None:
        return []
    if not Lesson.objects.filter(subproject__project=project).exists():
        _seed(project, coordinator)
    _close_out_report(project, coordinator, stdout)
    return []


@transaction.atomic
def _seed(project, coordinator) -> None:
    network = project.network
    floor = project.subprojects.filter(state="cancelled").first()
    services.lesson_create(
        user=coordinator,
        title="Rena och torra golv: ett misslyckande är också ett resultat",
        body=floor.lessons_learned if floor else "Pröva marknaden tidigt.",
        source=LessonSource.SUBPROJECT,
        network=network,
        across_networks=True,
        subproject=floor,
    )
    services.lesson_create(
        user=User.objects.get(email="coordinator@trelleborg.example"),
        title="Styrgruppen behöver mandat att avbryta",
        body="Ett tydligt mandat gjorde att golvupphandlingen kunde avbrytas i tid, utan "
        "prestige, och att lärdomarna dokumenterades.",
        source=LessonSource.OTHER,
        network=network,
    )
    services.lesson_create(
        user=coordinator,
        title="Designsprintar gav snabba prototyper",
        body="Fem dagar räckte för att pröva en ny ingång till elevhälsan med riktiga "
        "användare; prototypen används fortfarande.",
        source=LessonSource.SPRINT,
        network=network,
        across_networks=True,
    )
    for title, kind, description in [
        (
            "Arbetsmodell för innovationsupphandling i nätverk",
            DocumentKind.METHOD,
            "Behovsanalys, tidig dialog, upphandling och uppföljning – roller, mallar och "
            "tidsplan för kommuner som upphandlar tillsammans.",
        ),
        (
            "Mall för förfrågningsunderlag: innovationspartnerskap",
            DocumentKind.TENDER_TEMPLATE,
            "Förfrågningsunderlag med funktionskrav och faser för ett innovationspartnerskap.",
        ),
        (
            "Utvärderingsmodell: effekt, genomförbarhet och affärsmässighet",
            DocumentKind.EVALUATION_MODEL,
            "Kriterier med vikter och poängskalor för utvärdering av innovativa lösningar.",
        ),
        (
            "Avtalsmall för samverkansavtal mellan kommuner",
            DocumentKind.CONTRACT_TEMPLATE,
            "Avtal om gemensam upphandling, kostnadsfördelning och ansvar.",
        ),
    ]:
        document = services.document_create(
            user=coordinator,
            title=title,
            description=description,
            kind=kind,
            audience=Audience.MUNICIPALITIES if kind == DocumentKind.METHOD else Audience.NETWORK,
            network=network,
            terms="Fri att använda och anpassa; ange Innovationsupphandling Syd som källa.",
            upload=SimpleUploadedFile("dokument.pdf", PDF, content_type="application/pdf"),
            note="Första versionen",
        )
        if kind == DocumentKind.METHOD:
            services.document_version_add(
                user=coordinator,
                document=document,
                upload=SimpleUploadedFile(
                    "arbetsmodell-v2.pdf", PDF, content_type="application/pdf"
                ),
                note="Lärdomar från golvupphandlingen tillagda",
            )
    tz = timezone.get_current_timezone()
    past = [
        (
            "Innovationsupphandling i små kommuner – seminarium under Innovationsveckan",
            EventKind.INNOVATION_WEEK,
            datetime.datetime(2025, 10, 7, 13, 0, tzinfo=tz),
            "Ystad Saltsjöbad",
            38,
        ),
        (
            "Innovation procurement in small municipalities – conference in Brussels",
            EventKind.CONFERENCE,
            datetime.datetime(2026, 5, 20, 9, 0, tzinfo=tz),
            "Bryssel",
            12,
        ),
    ]
    for title, kind, starts, location, participants in past:
        event = services.event_create(
            user=coordinator,
            title=title,
            kind=kind,
            starts_at=timezone.now() + datetime.timedelta(days=1),
            ends_at=timezone.now() + datetime.timedelta(days=1, hours=3),
            location=location,
            audience=Audience.PUBLIC,
            network=network,
            project=project,
            publish=True,
            description="Erfarenheter från Innovationsupphandling Syd.",
        )
        Event.objects.filter(pk=event.pk).update(
            starts_at=starts, ends_at=starts + datetime.timedelta(hours=4)
        )
        Registration.objects.bulk_create(
            Registration(
                event=event,
                name=f"Deltagare {n + 1}",
                email=f"deltagare{n + 1}.{event.pk}@example.org",
                organization_name="",
                status=RegistrationStatus.CONFIRMED,
                attended=n < participants - 2,
            )
            for n in range(participants)
        )
    visit = services.event_create(
        user=coordinator,
        title="Studiebesök: delningstjänsten i Trelleborg",
        kind=EventKind.STUDY_VISIT,
        starts_at=timezone.now() + datetime.timedelta(days=30),
        ends_at=timezone.now() + datetime.timedelta(days=30, hours=3),
        location="Trelleborgs kommunhus",
        capacity=20,
        audience=Audience.PUBLIC,
        network=network,
        publish=True,
        description="Se hur kommunerna lånar och ger bort möbler och utrustning.",
    )
    services.event_register(
        event=visit, user=User.objects.get(email="external@regionskane.example")
    )
    researcher = User.objects.get(email="researcher@lu.example")
    space = EvaluationSpace.objects.create(project=project, researcher=researcher)
    for title, notes in [
        ("Intervjuer med projektledare och styrgrupp", "Tolv intervjuer, hösten 2025."),
        ("Enkät till referensgruppen", "Svarsfrekvens 80 procent."),
    ]:
        services.evaluation_material_add(user=researcher, space=space, title=title, notes=notes)
    services.evaluation_publish(
        user=researcher,
        space=space,
        title="Följeforskning: Innovationsupphandling Syd",
        summary="Två villkor betydde mest: en nätverksarena för erfarenhetsutbyte och "
        "projektformen med extern projektledare, styrgrupp och finansiering. Att avbryta "
        "golvupphandlingen var ett resultat, inte ett misslyckande.",
    )


def _close_out_report(project, coordinator, stdout) -> None:
    from django.apps import apps

    if not apps.is_installed("reports"):
        return
    from reports.enums import ReportState
    from reports.models import Report
    from reports.services import report_build

    if Report.objects.filter(kind="projects.close_out", state=ReportState.DONE).exists():
        return
    report = Report.objects.create(
        kind="projects.close_out",
        title=f"Slutrapport – {project.title}",
        params={"project": project.pk, "network": project.network_id},
        requested_by=coordinator,
        organization_id=coordinator.organization_id,
        network=project.network,
        language="sv",
    )
    result = report_build(report_id=report.pk)
    if stdout is not None:
        stdout.write(f"  close-out report: {result}")
