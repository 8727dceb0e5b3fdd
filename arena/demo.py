"""Demo: the Syd network's arena – lessons (one from the cancelled floor procurement),
the working model and templates in the library, the seminar at Ystad Saltsjöbad during
the innovation week and the conference in Brussels (with participants), a coming study
visit open for registration and the follow-along researcher's published report. The
finished close-out report is made by `reports/demo.py` (seeded last). Idempotent."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from core.demo_clock import backdate_history, demo_moment, happening
from organizations.models import User
from projects.demo import FLOOR_CANCELLED, MODEL_DECIDED, PROJECT_START

from . import services
from .enums import (
    Audience,
    DocumentKind,
    EventKind,
    LessonSource,
    PostKind,
    RegistrationStatus,
)
from .models import Lesson, Post, Registration

# The seminar during the innovation week, after the working model was decided and before
# the conference in Brussels (-200).
INNOVATION_WEEK = -265

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
    if not Post.objects.filter(network=project.network).exists():
        _posts(project.network)
    return []


@transaction.atomic
def _seed(project, coordinator) -> None:
    network = project.network
    floor = project.subprojects.filter(state="cancelled").first()
    lesson = services.lesson_create(
        user=coordinator,
        title="Rena och torra golv: ett misslyckande är också ett resultat",
        body=floor.lessons_learned if floor else "Pröva marknaden tidigt.",
        source=LessonSource.SUBPROJECT,
        network=network,
        across_networks=True,
        subproject=floor,
    )
    _dated(lesson, FLOOR_CANCELLED + 14)
    lesson = services.lesson_create(
        user=User.objects.get(email="coordinator@trelleborg.example"),
        title="Styrgruppen behöver mandat att avbryta",
        body="Ett tydligt mandat gjorde att golvupphandlingen kunde avbrytas i tid, utan "
        "prestige, och att lärdomarna dokumenterades.",
        source=LessonSource.OTHER,
        network=network,
    )
    _dated(lesson, FLOOR_CANCELLED + 21)
    lesson = services.lesson_create(
        user=coordinator,
        title="Designsprintar gav snabba prototyper",
        body="Fem dagar räckte för att pröva en ny ingång till elevhälsan med riktiga "
        "användare; prototypen används fortfarande.",
        source=LessonSource.SPRINT,
        network=network,
        across_networks=True,
    )
    _dated(lesson, -45)  # after the demo's sprint week (at least 60 days ago)
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
        _dated(document, MODEL_DECIDED + 7)
        document.versions.update(uploaded_at=demo_moment(MODEL_DECIDED + 7))
        if kind == DocumentKind.METHOD:
            services.document_version_add(
                user=coordinator,
                document=document,
                upload=SimpleUploadedFile(
                    "arbetsmodell-v2.pdf", PDF, content_type="application/pdf"
                ),
                note="Lärdomar från golvupphandlingen tillagda",
            )
            latest = document.versions.order_by("-pk").values("pk")[:1]
            document.versions.filter(pk__in=latest).update(
                uploaded_at=demo_moment(FLOOR_CANCELLED + 30)
            )
            backdate_history(document, demo_moment(FLOOR_CANCELLED + 30))
    past = [
        (
            "Innovationsupphandling i små kommuner – seminarium under Innovationsveckan",
            EventKind.INNOVATION_WEEK,
            demo_moment(INNOVATION_WEEK, hour=13),
            "Ystad Saltsjöbad",
            38,
        ),
        (
            "Innovation procurement in small municipalities – conference in Brussels",
            EventKind.CONFERENCE,
            demo_moment(-200, hour=9),
            "Bryssel",
            12,
        ),
    ]
    for title, kind, starts, location, participants in past:
        _past_event(project, coordinator, title, kind, starts, location, participants)
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
    _evaluation(project, coordinator)


def _past_event(project, coordinator, title, kind, starts, location, participants) -> None:
    """An event announced 45 days ahead; its participants registered in the weeks between
    (outside people, written directly: no confirmation mail goes out for a past event)
    and their attendance recorded the day after."""
    announced = starts - datetime.timedelta(days=45)
    with happening(announced) as written:
        event = services.event_create(
            user=coordinator,
            title=title,
            kind=kind,
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=4),
            location=location,
            audience=Audience.PUBLIC,
            network=project.network,
            project=project,
            publish=True,
            description="Erfarenheter från Innovationsupphandling Syd.",
        )
        written.append(event)
    step = (starts - announced) / (participants + 2)
    registrations = []
    for n in range(participants):
        with happening(announced + step * (n + 1)) as written:
            registrations.append(
                Registration.objects.create(
                    event=event,
                    name=f"Deltagare {n + 1}",
                    email=f"deltagare{n + 1}.{event.pk}@example.org",
                    organization_name="",
                    status=RegistrationStatus.CONFIRMED,
                )
            )
            written.append(registrations[-1])
    with happening(starts + datetime.timedelta(days=1), *registrations):
        services.attendance_record(
            user=coordinator,
            event=event,
            attended_ids=[r.pk for r in registrations[: participants - 2]],
        )


def _evaluation(project, coordinator) -> None:
    """The follow-along researcher's space, opened when the project started; material
    added during the year and the report published a month before the project ended."""
    researcher = User.objects.get(email="researcher@lu.example")
    with happening(demo_moment(PROJECT_START, hour=11)) as written:
        space = services.evaluation_space_create(
            user=coordinator, project=project, researcher=researcher
        )
        written.append(space)
    for days, title, notes in [
        (-150, "Intervjuer med projektledare och styrgrupp", "Tolv intervjuer."),
        (-120, "Enkät till referensgruppen", "Svarsfrekvens 80 procent."),
    ]:
        with happening(demo_moment(days, hour=14)) as written:
            written.append(
                services.evaluation_material_add(
                    user=researcher, space=space, title=title, notes=notes
                )
            )
    with happening(demo_moment(-35), space):
        services.evaluation_publish(
            user=researcher,
            space=space,
            title="Följeforskning: Innovationsupphandling Syd",
            summary="Två villkor betydde mest: en nätverksarena för erfarenhetsutbyte och "
            "projektformen med extern projektledare, styrgrupp och finansiering. Att avbryta "
            "golvupphandlingen var ett resultat, inte ett misslyckande.",
        )


def _dated(obj, days: int) -> None:
    """Put a lesson or document (and its history) on the demo calendar."""
    type(obj).objects.filter(pk=obj.pk).update(created_at=demo_moment(days))
    backdate_history(obj, demo_moment(days))


POSTS = [
    (
        "coordinator@skurup.example",
        PostKind.QUESTION,
        "Hur har ni ordnat transporterna i delningstjänsten?",
        "Vi vill börja låna ut möbler mellan förvaltningarna men har ingen egen bil. "
        "Hur löser ni transporterna mellan kommunerna – egen personal eller avrop?",
        -75,
        [
            (
                "coordinator@trelleborg.example",
                "Vi avropar transporter från vårt ramavtal för flyttjänster; samordna "
                "hämtningarna en dag i veckan så blir det billigt.",
                -73,
            ),
            (
                "coordinator@ystad.example",
                "Vaktmästarna kör inom kommunen, mellan kommunerna delar vi på en "
                "transport varannan vecka.",
                -72,
            ),
        ],
        False,
    ),
    (
        "coordinator@ystad.example",
        PostKind.EXPERIENCE,
        "Tidig dialog sparade oss ett halvår",
        "I upphandlingen av den digitala servicen bjöd vi in leverantörerna till en "
        "dialogdag innan underlaget var klart. Kraven blev färre och bättre, och vi slapp "
        "en överprövning. Vi delar gärna vår inbjudan och dagordning.",
        -40,
        [
            (
                "coordinator@tomelilla.example",
                "Tack! Vi använder er dagordning i vår dialog om skolmåltider i vår.",
                -38,
            ),
        ],
        True,
    ),
]


def _posts(network) -> None:
    """Two posts with replies, dated on the demo calendar."""
    for email, kind, title, body, days, replies, across in POSTS:
        author = User.objects.filter(email=email).first()
        if author is None:
            continue
        post = services.post_create(
            user=author,
            kind=kind,
            title=title,
            body=body,
            network=network,
            across_networks=across,
        )
        _dated(post, days)
        for reply_email, text, reply_days in replies:
            person = User.objects.filter(email=reply_email).first()
            if person is None:
                continue
            reply = services.reply_add(user=person, post=post, body=text)
            _dated(reply, reply_days)
        backdate_history(post, demo_moment(days))
