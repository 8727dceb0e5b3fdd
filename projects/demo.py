"""Demo: Innovationsupphandling Syd as a project, after the real one – led by an
external innovation consultant, funded by Vinnova (a planning grant of 380 000 kr, then
a development project), with a steering group, a reference group (Upphandlingsmyndigheten,
Region Skåne and a local business) and four subprojects linked to the demo cases,
challenges, sprints and the sharing service. Idempotent: an existing project is left
alone. The outside organisations and their people are created here too.
"""

import datetime
from decimal import Decimal

from django.db import transaction

from core.demo_clock import demo_date, demo_moment, happening, pinned
from core.history import acting_as
from organizations.demo import DEMO_PASSWORD, SYD_NETWORK
from organizations.enums import OrganizationKind, Role
from organizations.models import Network, Organization, User

from . import services
from .enums import GoalAchievement, GroupKind, GroupRole, LogKind, SubprojectState
from .models import Project

PROJECT_TITLE = "Innovationsupphandling Syd"
# The cases of procurements/demo.py the subprojects cover (looked up by title).
SHARING_CASE = "Digital tjänst för delning av resurser mellan kommuner"
FLOOR_CASE = "Rena och torra golv i förskolan"
SERVICE_CASE = "Smart digital service på medborgarnas villkor"

# The project on the demo calendar (days from the seeding day, see core/demo_clock.py),
# the one Syd year of the other demos: Vinnova's planning grant is decided in the year's
# first days and the project starts before the needs demo forms its challenges (-357);
# each subproject of a case is started the day after its case opened (-330 sharing, -328
# service, -322 floor) and takes its sprint call-off and sharing pilots when they exist;
# the development grant follows the planning phase; the steering group cancels the floor
# procurement the day its case is cancelled (opened at -322, cancelled 100 days later);
# the sharing service is in operation after its contract started (about -160) and the
# project closes a month before the seeding day.
PROJECT_CREATED = -364
PLANNING_GRANT = -362
PROJECT_START = -360
SUBPROJECT_AFTER_CASE = 1
DEVELOPMENT_GRANT = -330
RISK_NOTED = -300
MODEL_DECIDED = -290
FLOOR_CANCELLED = -222
INTERIM_REPORT = -186
SHARING_IN_OPERATION = -120
PROJECT_END = -30
WOUND_UP = PROJECT_END - 5  # subprojects ended, goals assessed, final report sent

# slug -> (kind, name, login, person)
EXTERNAL_ORGANIZATIONS = {
    "upphandlingsmyndigheten": (
        OrganizationKind.AUTHORITY,
        "Upphandlingsmyndigheten",
        "external@upphandlingsmyndigheten.example",
        "Helena Strand",
    ),
    "region-skane": (
        OrganizationKind.REGION,
        "Region Skåne",
        "external@regionskane.example",
        "Mats Björk",
    ),
    "vinnova": (OrganizationKind.FUNDER, "Vinnova", "external@vinnova.example", "Eva Lundqvist"),
    "lunds-universitet": (
        OrganizationKind.RESEARCH,
        "Lunds universitet",
        "researcher@lu.example",
        "Ingrid Sjöberg",
    ),
    "innovera": (
        OrganizationKind.CONSULTANCY,
        "Innovera Konsult AB",
        "projektledare@innovera.example",
        "Fredrik Dahl",
    ),
}


def _external_people() -> dict[str, User]:
    people = {}
    for slug, (kind, name, email, person) in EXTERNAL_ORGANIZATIONS.items():
        org, _ = Organization.objects.get_or_create(
            slug=slug, defaults={"kind": kind, "name": name}
        )
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email,
                password=DEMO_PASSWORD,
                organization=org,
                roles=[Role.EXTERNAL],
                full_name=person,
            )
        people[slug] = user
    return people


def _first(model_path: str, **filters):
    from django.apps import apps

    app_label, model = model_path.split(".")
    if not apps.is_installed(app_label):
        return None
    return apps.get_model(app_label, model).objects.filter(**filters).order_by("pk").first()


@transaction.atomic
def seed(stdout=None) -> list[str]:
    people = _external_people()
    logins = [EXTERNAL_ORGANIZATIONS[slug][2] for slug in EXTERNAL_ORGANIZATIONS]
    network = Network.objects.filter(name=SYD_NETWORK).first()
    coordinator = User.objects.filter(email="coordinator@ystad.example").first()
    if (
        network is None
        or coordinator is None
        or Project.objects.filter(title=PROJECT_TITLE).exists()
    ):
        return logins
    with acting_as(coordinator, reason="demo"), pinned():
        project = _project(network, coordinator, people["innovera"])
        _funding(project, coordinator, people)
        groups = _groups(project, coordinator, people)
        subprojects = _subprojects(project, coordinator)
        _year(project, coordinator, groups, subprojects)
        _wind_up(project, coordinator, subprojects)
    if stdout is not None:
        stdout.write(f"  project: {project.title} ({project.subprojects.count()} subprojects)")
    return logins


def _at(days: int, hour: int = 10):
    return happening(demo_moment(days, hour=hour))


GOALS = [
    (
        "Ta fram en gemensam arbetsmodell för innovationsupphandling",
        GoalAchievement.MET,
        "Modellen används av alla fyra kommunerna och är publicerad i arenan.",
    ),
    (
        "Genomföra minst tre gemensamma innovationsupphandlingar",
        GoalAchievement.PARTLY,
        "Två upphandlingar ledde till avtal; golvprojektet avbröts.",
    ),
    (
        "Öka återbruket av möbler och utrustning mellan kommunerna",
        GoalAchievement.MET,
        "Delningstjänsten är i drift och återbruket följs upp i SEK och CO2e.",
    ),
    (
        "Sprida erfarenheterna till andra kommuner",
        GoalAchievement.MET,
        "Seminarier under Innovationsveckan och en konferens i Bryssel.",
    ),
]

# title, due, reached (days on the demo calendar)
MILESTONES = [
    ("Planeringsbidrag beviljat", PROJECT_START, PLANNING_GRANT),
    ("Arbetsmodellen beslutad i styrgruppen", MODEL_DECIDED + 3, MODEL_DECIDED),
    ("Delningstjänsten i drift", SHARING_IN_OPERATION, SHARING_IN_OPERATION - 5),
    ("Slutrapport till Vinnova", PROJECT_END, PROJECT_END - 10),
]


def _project(network, coordinator, consultant) -> Project:
    """The project registered with its goals and planned milestones, two days before the
    planning grant is decided."""
    with _at(PROJECT_CREATED) as written:
        project = services.project_create(
            user=coordinator,
            title=PROJECT_TITLE,
            description=(
                "Ystad, Skurup, Trelleborg och Tomelilla prövar innovationsupphandling "
                "tillsammans: en gemensam arbetsmodell, delning av resurser mellan "
                "kommunerna och upphandlingar som ingen av dem klarat ensam."
            ),
            network=network,
            start_date=demo_date(PROJECT_START),
            end_date=demo_date(PROJECT_END),
            project_manager=consultant,
            goals=[text for text, _achievement, _note in GOALS],
        )
        written.append(project)
        written.extend(project.goals.all())
        for title, due, _reached in MILESTONES:
            written.append(
                services.milestone_add(
                    user=coordinator, project=project, title=title, due_date=demo_date(due)
                )
            )
    return project


def _subprojects(project, coordinator) -> list:
    """The four subprojects: the working model from the start, each of the others the day
    after its procurement case opened, linking the case and its challenge."""
    specs = [
        (
            "Metodutveckling",
            "En arbetsmodell för innovationsupphandling i nätverk: behovsanalys, tidig "
            "dialog, upphandling och uppföljning, med roller och mallar.",
            "Arbetsmodellen, mallar för behovsanalys och dialog, utbildning för 40 personer.",
            None,
            None,
        ),
        (
            "Utlåning och delning mellan kommuner",
            "En digital tjänst där kommunerna lånar, hyr och ger bort möbler och utrustning.",
            "Delningstjänsten upphandlad och i drift i alla fyra kommunerna.",
            SHARING_CASE,
            "Delning av resurser mellan kommuner",
        ),
        (
            "Rena och torra golv",
            "Lösningar som håller förskolans golv rena och torra efter utevistelsen.",
            "",
            FLOOR_CASE,
            "Rena och torra golv i förskolan",
        ),
        (
            "Smart digital service",
            "Digitala tjänster på medborgarnas villkor, framtagna i designsprintar.",
            "Ramavtal för designsprintar; två prototyper, en av dem i drift.",
            SERVICE_CASE,
            "Smart digital service på medborgarnas villkor",
        ),
    ]
    subprojects = []
    for title, description, outcome, case_title, challenge_title in specs:
        case = _first("procurements.ProcurementCase", title=case_title) if case_title else None
        challenge = _first("needs.Challenge", title=challenge_title) if challenge_title else None
        if case is not None:
            moment = case.created_at + datetime.timedelta(days=SUBPROJECT_AFTER_CASE)
        else:
            moment = demo_moment(PROJECT_START, hour=10)
        if challenge is not None:
            moment = max(moment, challenge.created_at + datetime.timedelta(days=1))
        with happening(moment) as written:
            sub = services.subproject_create(
                user=coordinator,
                project=project,
                title=title,
                description=description,
                challenges=[challenge] if challenge else [],
                cases=[case] if case else [],
            )
            written.append(sub)
        sub.outcome = outcome
        subprojects.append(sub)
    return subprojects


def _link_later(coordinator, sub, *, call_offs=(), listings=()) -> None:
    """A subproject takes a sprint call-off or sharing pilots once they exist: the edit
    is dated the day after the newest of them (and never before the subproject)."""
    if not (call_offs or listings):
        return
    newest = max(o.created_at for o in [*call_offs, *listings])
    moment = max(newest, sub.created_at) + datetime.timedelta(days=1)
    with happening(moment, sub):
        services.subproject_update(
            user=coordinator,
            subproject=sub,
            title=sub.title,
            description=sub.description,
            challenges=list(sub.challenges.all()),
            cases=list(sub.cases.all()),
            call_offs=[*sub.call_offs.all(), *call_offs],
            listings=[*sub.listings.all(), *listings],
        )


def _year(project, coordinator, groups, subprojects) -> None:
    """The year in order: the risk noted, the working model decided, the floor
    procurement cancelled, the call-off and the sharing pilots linked, the milestones
    reached on their days."""
    steering, reference = groups
    _method, sharing, floor, service = subprojects
    milestones = {m.title: m for m in project.milestones.all()}
    for title, _due, reached in MILESTONES[:3]:
        with _at(reached, hour=16) as written:
            written.append(
                services.milestone_reach(
                    user=coordinator, milestone=milestones[title], on=demo_date(reached)
                )
            )
    with _at(RISK_NOTED) as written:
        written.append(
            services.log_entry_add(
                user=coordinator,
                project=project,
                kind=LogKind.RISK,
                title="För få anbud i golvupphandlingen",
                probability=4,
                impact=3,
                mitigation="Tidig dialog med fler leverantörer; avbryt hellre än köp fel.",
            )
        )
    for group, title, days, hour, minutes, decisions in MEETINGS:
        _meeting(
            coordinator,
            steering if group == "steering" else reference,
            title,
            days,
            hour,
            minutes,
            decisions,
        )
    with _at(FLOOR_CANCELLED, hour=15) as written:
        written.append(
            services.log_entry_add(
                user=coordinator,
                project=project,
                kind=LogKind.DECISION,
                title="Golvupphandlingen avbryts",
                description="Styrgruppen beslutar att avbryta och dokumentera lärdomarna.",
                decided_on=demo_date(FLOOR_CANCELLED),
                decided_by="Styrgruppen",
            )
        )
        services.subproject_transition(
            user=coordinator,
            subproject=floor,
            to=SubprojectState.CANCELLED,
            reason="Den tidiga dialogen visade att inga lösningar klarade både hygien- och "
            "arbetsmiljökraven; upphandlingen avbröts.",
            lessons="Ett misslyckande är också ett resultat: involvera förskolepersonal och "
            "städorganisation redan i behovsanalysen, och pröva marknaden tidigt.",
        )
        written.append(floor)
    call_off = _first("sprints.CallOff", state="completed")
    _link_later(coordinator, service, call_offs=[call_off] if call_off else [])
    _link_later(coordinator, sharing, listings=_pilots(project, SHARING_IN_OPERATION))


def _pilots(project, days: int) -> list:
    """The sharing pilots: six listings of the network's municipalities that have been
    reused, listed before the service went into operation."""
    from django.apps import apps

    if not apps.is_installed("sharing"):
        return []
    from sharing.models import Listing

    return list(
        Listing.objects.filter(
            reuse__isnull=False,
            organization__networks=project.network,
            created_at__lt=demo_moment(days),
        )
        .distinct()
        .order_by("pk")[:6]
    )


def _wind_up(project, coordinator, subprojects) -> None:
    """The last month: the goals assessed, the subprojects still running completed, the
    final report sent and the last milestone reached; the project is closed and handed on
    on its last day."""
    with _at(WOUND_UP) as written:
        for goal, (_text, achievement, note) in zip(
            project.goals.order_by("order"), GOALS, strict=True
        ):
            written.append(
                services.goal_assess(
                    user=coordinator, goal=goal, achievement=achievement, note=note
                )
            )
        for sub in subprojects:
            if type(sub).objects.filter(pk=sub.pk, state=SubprojectState.ACTIVE).exists():
                services.subproject_transition(
                    user=coordinator,
                    subproject=sub,
                    to=SubprojectState.COMPLETED,
                    outcome=sub.outcome,
                )
                written.append(sub)
    title, _due, reached = MILESTONES[3]
    with _at(reached, hour=16) as written:
        written.append(
            services.milestone_reach(
                user=coordinator,
                milestone=project.milestones.get(title=title),
                on=demo_date(reached),
            )
        )
    with _at(PROJECT_END, hour=15) as written:
        written.append(
            services.project_transition(
                user=coordinator,
                project=project,
                to="closed",
                handed_on=(
                    "Arbetsmodellen för innovationsupphandling i nätverk, mallarna i arenans "
                    "bibliotek och ramavtalet för designsprintar lämnas över till Region "
                    "Skånes nätverk för offentliga inköpare och till Innovation Kronoberg."
                ),
            )
        )


def _funding(project, coordinator, people) -> tuple:
    """Vinnova's planning grant and development grant, each recorded the day it was
    decided; the municipalities' co-financing with the development grant; each budget
    period's costs recorded when the period ended and each report sent on its day."""
    vinnova = people["vinnova"].organization
    municipalities = {
        o.slug: o
        for o in Organization.objects.filter(
            slug__in=["ystad", "trelleborg", "skurup", "tomelilla"]
        )
    }
    with _at(PLANNING_GRANT, hour=14) as written:
        planning = services.grant_add(
            user=coordinator,
            project=project,
            funder=vinnova,
            programme="Innovationsupphandling – planeringsbidrag",
            reference="2024-00312",
            amount_granted_sek=Decimal("380000"),
            decided_on=demo_date(PLANNING_GRANT),
        )
        written.append(planning)
        written.append(
            services.funder_report_add(
                user=coordinator,
                grant=planning,
                title="Slutrapport planeringsbidrag",
                due_date=demo_date(DEVELOPMENT_GRANT + 30),
            )
        )
    with _at(DEVELOPMENT_GRANT, hour=14) as written:
        development = services.grant_add(
            user=coordinator,
            project=project,
            funder=vinnova,
            programme="Innovationsupphandling – utvecklingsprojekt",
            reference="2024-04177",
            amount_granted_sek=Decimal("1900000"),
            decided_on=demo_date(DEVELOPMENT_GRANT),
        )
        written.append(development)
        shares = {"ystad": 160000, "trelleborg": 140000, "skurup": 100000, "tomelilla": 80000}
        for slug, amount in shares.items():
            if slug in municipalities:
                written.append(
                    services.cofinancing_set(
                        user=coordinator,
                        grant=development,
                        organization=municipalities[slug],
                        amount_sek=Decimal(amount),
                        in_kind=True,
                    )
                )
        for title, due in [
            ("Lägesrapport", INTERIM_REPORT + 6),
            ("Slutrapport", PROJECT_END + 30),
        ]:
            written.append(
                services.funder_report_add(
                    user=coordinator, grant=development, title=title, due_date=demo_date(due)
                )
            )
    periods = [
        (planning, PROJECT_START, DEVELOPMENT_GRANT - 1, 380000, 372500),
        (development, DEVELOPMENT_GRANT, -241, 800000, 760000),
        (development, -240, -131, 800000, 845000),
        (development, -130, PROJECT_END, 780000, 702000),
    ]
    for grant, start, end, budget, cost in periods:
        # the last period's costs go with the final report, before the project ends
        with _at(min(end, PROJECT_END - 10), hour=15) as written:
            written.append(
                services.budget_period_set(
                    user=coordinator,
                    grant=grant,
                    start_date=demo_date(start),
                    end_date=demo_date(end),
                    budget_sek=Decimal(budget),
                    cost_sek=Decimal(cost),
                )
            )
    for report, submitted in [
        (planning.reports.get(), DEVELOPMENT_GRANT + 15),
        (development.reports.get(title="Lägesrapport"), INTERIM_REPORT),
        (development.reports.get(title="Slutrapport"), PROJECT_END - 10),
    ]:
        with _at(submitted, hour=16) as written:
            written.append(
                services.funder_report_submit(
                    user=coordinator, report=report, on=demo_date(submitted)
                )
            )
    return planning, development


def _groups(project, coordinator, people) -> tuple:
    """The steering group and the reference group, formed when the project started."""
    with _at(PROJECT_START) as written:
        steering = services.group_create(user=coordinator, project=project, kind=GroupKind.STEERING)
        reference = services.group_create(
            user=coordinator, project=project, kind=GroupKind.REFERENCE
        )
        written += [steering, reference]
        for group, members in [
            (
                steering,
                [
                    ("coordinator@ystad.example", GroupRole.CHAIR),
                    ("coordinator@trelleborg.example", GroupRole.MEMBER),
                    ("coordinator@skurup.example", GroupRole.MEMBER),
                    ("coordinator@tomelilla.example", GroupRole.MEMBER),
                    ("projektledare@innovera.example", GroupRole.SECRETARY),
                ],
            ),
            (
                reference,
                [
                    ("external@upphandlingsmyndigheten.example", GroupRole.MEMBER),
                    ("external@regionskane.example", GroupRole.MEMBER),
                    ("supplier@cirkulera.example", GroupRole.MEMBER),
                    ("officer@ystad.example", GroupRole.CHAIR),
                ],
            ),
        ]:
            for email, role in members:
                person = User.objects.filter(email=email).first()
                if person is not None:
                    written.append(
                        services.group_member_add(
                            user=coordinator, group=group, person=person, role=role
                        )
                    )
    return steering, reference


# group, title, day, hour, minutes, decisions: each meeting is called three weeks ahead and
# its minutes are recorded the day after
MEETINGS = [
    (
        "steering",
        "Styrgruppsmöte: arbetsmodellen",
        MODEL_DECIDED,
        9,
        "Projektledaren presenterade arbetsmodellen. Kommunerna har remitterat den internt.",
        "Arbetsmodellen fastställs.",
    ),
    (
        "reference",
        "Referensgruppsmöte: delningstjänsten",
        FLOOR_CANCELLED - 36,
        10,
        "Upphandlingsmyndigheten och Region Skåne gav synpunkter på kravspecifikationen.",
        "",
    ),
    (
        "steering",
        "Styrgruppsmöte: golvupphandlingen",
        FLOOR_CANCELLED,
        13,
        "Den tidiga dialogen gav inga lösningar som uppfyller kraven.",
        "Golvupphandlingen avbryts; lärdomarna delas i arenan.",
    ),
]


def _meeting(coordinator, group, title, days, hour, minutes, decisions) -> None:
    when = demo_moment(days, hour=hour)
    with happening(when - datetime.timedelta(days=21)) as written:
        meeting = services.meeting_create(
            user=coordinator,
            group=group,
            title=title,
            starts_at=when,
            ends_at=when + datetime.timedelta(hours=2),
            location="Ystads stadshus",
            agenda="1. Läget i delprojekten\n2. Ekonomi\n3. Beslut",
        )
        written.append(meeting)
    members = list(group.members.values_list("pk", flat=True))
    with happening(when + datetime.timedelta(days=1), meeting):
        services.meeting_record(
            user=coordinator,
            meeting=meeting,
            minutes=minutes,
            decisions=decisions,
            present_ids=members[:-1] if len(members) > 2 else members,
        )
