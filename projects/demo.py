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

from core.demo_clock import backdate_history, demo_date, demo_moment
from core.history import acting_as
from organizations.demo import DEMO_PASSWORD, SYD_NETWORK
from organizations.enums import OrganizationKind, Role
from organizations.models import Network, Organization, User

from . import services
from .enums import GoalAchievement, GroupKind, GroupRole, LogKind, SubprojectState
from .models import Goal, Project

PROJECT_TITLE = "Innovationsupphandling Syd"
# The cases of procurements/demo.py the subprojects cover (looked up by title).
SHARING_CASE = "Digital tjänst för delning av resurser mellan kommuner"
FLOOR_CASE = "Rena och torra golv i förskolan"
SERVICE_CASE = "Smart digital service på medborgarnas villkor"

# The project on the demo calendar (days from the seeding day, see core/demo_clock.py),
# around the cases of procurements/demo.py: it starts before the sharing case opens (330
# days ago), the steering group cancels the floor procurement the day its case is
# cancelled (222 days ago: opened at -322, cancelled 100 days later), the sharing service
# is in operation after its contract started (about -160) and the project closes a month
# before the seeding day.
PROJECT_START = -930
PLANNING_GRANT = PROJECT_START - 10
MODEL_DECIDED = -800
DEVELOPMENT_GRANT = -780
FLOOR_CANCELLED = -222
SHARING_IN_OPERATION = -120
PROJECT_END = -30

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
    consultant = people["innovera"]
    with acting_as(coordinator, reason="demo"):
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
        )
        _goals(project)
        backdate_history(project, demo_moment(PROJECT_START - 7))
        subprojects = _subprojects(project, coordinator)
        _milestones_and_log(project, coordinator, subprojects)
        _funding(project, coordinator, people)
        _groups(project, coordinator, people)
        for sub in subprojects[:2] + subprojects[3:]:
            services.subproject_transition(
                user=coordinator, subproject=sub, to=SubprojectState.COMPLETED, outcome=sub.outcome
            )
            _ended(sub, PROJECT_END - 5)
        services.project_transition(
            user=coordinator,
            project=project,
            to="closed",
            handed_on=(
                "Arbetsmodellen för innovationsupphandling i nätverk, mallarna i arenans "
                "bibliotek och ramavtalet för designsprintar lämnas över till Region Skånes "
                "nätverk för offentliga inköpare och till Innovation Kronoberg."
            ),
        )
        Project.objects.filter(pk=project.pk).update(closed_at=demo_moment(PROJECT_END, hour=15))
        backdate_history(project, demo_moment(PROJECT_END, hour=15))
    if stdout is not None:
        stdout.write(f"  project: {project.title} ({project.subprojects.count()} subprojects)")
    return logins


def _goals(project) -> None:
    for order, (text, achievement, note) in enumerate(
        [
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
    ):
        Goal.objects.create(
            project=project, text=text, achievement=achievement, achievement_note=note, order=order
        )


def _subprojects(project, coordinator) -> list:
    sharing_case = _first("procurements.ProcurementCase", title=SHARING_CASE)
    floor_case = _first("procurements.ProcurementCase", title=FLOOR_CASE)
    service_case = _first("procurements.ProcurementCase", title=SERVICE_CASE)
    sharing_challenge = _first("needs.Challenge", title="Delning av resurser mellan kommuner")
    floor_challenge = _first("needs.Challenge", title="Rena och torra golv i förskolan")
    service_challenge = _first(
        "needs.Challenge", title="Smart digital service på medborgarnas villkor"
    )
    call_off = _first("sprints.CallOff", state="completed")
    listings = []
    from django.apps import apps

    if apps.is_installed("sharing"):
        from sharing.models import Listing

        listings = list(
            Listing.objects.filter(reuse__isnull=False, organization__networks=project.network)
            .distinct()
            .order_by("pk")[:6]
        )

    def pick(*objs):
        return [o for o in objs if o is not None]

    specs = [
        (
            "Metodutveckling",
            "En arbetsmodell för innovationsupphandling i nätverk: behovsanalys, tidig "
            "dialog, upphandling och uppföljning, med roller och mallar.",
            "Arbetsmodellen, mallar för behovsanalys och dialog, utbildning för 40 personer.",
            {},
        ),
        (
            "Utlåning och delning mellan kommuner",
            "En digital tjänst där kommunerna lånar, hyr och ger bort möbler och utrustning.",
            "Delningstjänsten upphandlad och i drift i alla fyra kommunerna.",
            {
                "challenges": pick(sharing_challenge),
                "cases": pick(sharing_case),
                "listings": listings,
            },
        ),
        (
            "Rena och torra golv",
            "Lösningar som håller förskolans golv rena och torra efter utevistelsen.",
            "",
            {"challenges": pick(floor_challenge), "cases": pick(floor_case)},
        ),
        (
            "Smart digital service",
            "Digitala tjänster på medborgarnas villkor, framtagna i designsprintar.",
            "Ramavtal för designsprintar; två prototyper, en av dem i drift.",
            {
                "challenges": pick(service_challenge),
                "cases": pick(service_case),
                "call_offs": pick(call_off),
            },
        ),
    ]
    subprojects = []
    for title, description, outcome, links in specs:
        sub = services.subproject_create(
            user=coordinator, project=project, title=title, description=description, **links
        )
        backdate_history(sub, demo_moment(PROJECT_START + 14))
        sub.outcome = outcome
        subprojects.append(sub)
    services.subproject_transition(
        user=coordinator,
        subproject=subprojects[2],
        to=SubprojectState.CANCELLED,
        reason="Den tidiga dialogen visade att inga lösningar klarade både hygien- och "
        "arbetsmiljökraven; upphandlingen avbröts.",
        lessons="Ett misslyckande är också ett resultat: involvera förskolepersonal och "
        "städorganisation redan i behovsanalysen, och pröva marknaden tidigt.",
    )
    _ended(subprojects[2], FLOOR_CANCELLED)
    return subprojects


def _ended(sub, days: int) -> None:
    """Date a subproject's end (and its history) on the demo calendar."""
    sub.__class__.objects.filter(pk=sub.pk).update(ended_at=demo_moment(days, hour=15))
    backdate_history(sub, demo_moment(days, hour=15))


def _milestones_and_log(project, coordinator, subprojects) -> None:
    for title, due, done in [
        ("Planeringsbidrag beviljat", PROJECT_START, PLANNING_GRANT),
        ("Arbetsmodellen beslutad i styrgruppen", MODEL_DECIDED + 3, MODEL_DECIDED),
        ("Delningstjänsten i drift", SHARING_IN_OPERATION, SHARING_IN_OPERATION - 5),
        ("Slutrapport till Vinnova", PROJECT_END, PROJECT_END - 10),
    ]:
        milestone = services.milestone_add(
            user=coordinator, project=project, title=title, due_date=demo_date(due)
        )
        services.milestone_reach(user=coordinator, milestone=milestone, on=demo_date(done))
        backdate_history(milestone, demo_moment(done))
    services.log_entry_add(
        user=coordinator,
        project=project,
        kind=LogKind.RISK,
        title="För få anbud i golvupphandlingen",
        probability=4,
        impact=3,
        mitigation="Tidig dialog med fler leverantörer; avbryt hellre än köp fel.",
    )
    services.log_entry_add(
        user=coordinator,
        project=project,
        kind=LogKind.DECISION,
        title="Golvupphandlingen avbryts",
        description="Styrgruppen beslutar att avbryta och dokumentera lärdomarna.",
        decided_on=demo_date(FLOOR_CANCELLED),
        decided_by="Styrgruppen",
    )


def _funding(project, coordinator, people) -> None:
    vinnova = people["vinnova"].organization
    municipalities = {
        o.slug: o
        for o in Organization.objects.filter(
            slug__in=["ystad", "trelleborg", "skurup", "tomelilla"]
        )
    }
    planning = services.grant_add(
        user=coordinator,
        project=project,
        funder=vinnova,
        programme="Innovationsupphandling – planeringsbidrag",
        reference="2024-00312",
        amount_granted_sek=Decimal("380000"),
        decided_on=demo_date(PLANNING_GRANT),
    )
    development = services.grant_add(
        user=coordinator,
        project=project,
        funder=vinnova,
        programme="Innovationsupphandling – utvecklingsprojekt",
        reference="2024-04177",
        amount_granted_sek=Decimal("1900000"),
        decided_on=demo_date(DEVELOPMENT_GRANT),
    )
    shares = {"ystad": 160000, "trelleborg": 140000, "skurup": 100000, "tomelilla": 80000}
    for slug, amount in shares.items():
        if slug in municipalities:
            services.cofinancing_set(
                user=coordinator,
                grant=development,
                organization=municipalities[slug],
                amount_sek=Decimal(amount),
                in_kind=True,
            )
    services.budget_period_set(
        user=coordinator,
        grant=planning,
        start_date=demo_date(PROJECT_START),
        end_date=demo_date(DEVELOPMENT_GRANT - 1),
        budget_sek=Decimal("380000"),
        cost_sek=Decimal("372500"),
    )
    for start, end, budget, cost in [
        (DEVELOPMENT_GRANT, -541, 800000, 760000),
        (-540, -271, 800000, 845000),
        (-270, PROJECT_END, 780000, 702000),
    ]:
        services.budget_period_set(
            user=coordinator,
            grant=development,
            start_date=demo_date(start),
            end_date=demo_date(end),
            budget_sek=Decimal(budget),
            cost_sek=Decimal(cost),
        )
    for grant, title, due, submitted in [
        (planning, "Slutrapport planeringsbidrag", DEVELOPMENT_GRANT + 30, DEVELOPMENT_GRANT + 15),
        (development, "Lägesrapport", -400, -406),
        (development, "Slutrapport", PROJECT_END + 30, PROJECT_END - 10),
    ]:
        report = services.funder_report_add(
            user=coordinator, grant=grant, title=title, due_date=demo_date(due)
        )
        services.funder_report_submit(user=coordinator, report=report, on=demo_date(submitted))
        backdate_history(report, demo_moment(submitted))


def _groups(project, coordinator, people) -> None:
    steering = services.group_create(user=coordinator, project=project, kind=GroupKind.STEERING)
    reference = services.group_create(user=coordinator, project=project, kind=GroupKind.REFERENCE)
    for email, role in [
        ("coordinator@ystad.example", GroupRole.CHAIR),
        ("coordinator@trelleborg.example", GroupRole.MEMBER),
        ("coordinator@skurup.example", GroupRole.MEMBER),
        ("coordinator@tomelilla.example", GroupRole.MEMBER),
        ("projektledare@innovera.example", GroupRole.SECRETARY),
    ]:
        person = User.objects.filter(email=email).first()
        if person is not None:
            services.group_member_add(user=coordinator, group=steering, person=person, role=role)
    for email, role in [
        ("external@upphandlingsmyndigheten.example", GroupRole.MEMBER),
        ("external@regionskane.example", GroupRole.MEMBER),
        ("supplier@cirkulera.example", GroupRole.MEMBER),
        ("officer@ystad.example", GroupRole.CHAIR),
    ]:
        person = User.objects.filter(email=email).first()
        if person is not None:
            services.group_member_add(user=coordinator, group=reference, person=person, role=role)
    for group, title, when, minutes, decisions in [
        (
            steering,
            "Styrgruppsmöte: arbetsmodellen",
            demo_moment(MODEL_DECIDED, hour=9),
            "Projektledaren presenterade arbetsmodellen. Kommunerna har remitterat den internt.",
            "Arbetsmodellen fastställs.",
        ),
        (
            steering,
            "Styrgruppsmöte: golvupphandlingen",
            demo_moment(FLOOR_CANCELLED, hour=13),
            "Den tidiga dialogen gav inga lösningar som uppfyller kraven.",
            "Golvupphandlingen avbryts; lärdomarna delas i arenan.",
        ),
        (
            reference,
            "Referensgruppsmöte: delningstjänsten",
            demo_moment(FLOOR_CANCELLED - 36, hour=10),
            "Upphandlingsmyndigheten och Region Skåne gav synpunkter på kravspecifikationen.",
            "",
        ),
    ]:
        meeting = services.meeting_create(
            user=coordinator,
            group=group,
            title=title,
            starts_at=when,
            ends_at=when + datetime.timedelta(hours=2),
            location="Ystads stadshus",
            agenda="1. Läget i delprojekten\n2. Ekonomi\n3. Beslut",
        )
        backdate_history(meeting, when - datetime.timedelta(days=21))  # called ahead
        members = list(group.members.values_list("pk", flat=True))
        services.meeting_record(
            user=coordinator,
            meeting=meeting,
            minutes=minutes,
            decisions=decisions,
            present_ids=members[:-1] if len(members) > 2 else members,
        )
        backdate_history(meeting, when + datetime.timedelta(days=1))  # minutes the day after
