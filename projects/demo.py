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
from django.utils import timezone

from core.history import acting_as
from organizations.demo import DEMO_PASSWORD, SYD_NETWORK
from organizations.enums import OrganizationKind, Role
from organizations.models import Network, Organization, User

from . import services
from .enums import GoalAchievement, GroupKind, GroupRole, LogKind, SubprojectState
from .models import Goal, Project

PROJECT_TITLE = "Innovationsupphandling Syd"

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
            start_date=datetime.date(2024, 3, 1),
            end_date=datetime.date(2026, 10, 31),
            project_manager=consultant,
        )
        _goals(project)
        subprojects = _subprojects(project, coordinator)
        _milestones_and_log(project, coordinator, subprojects)
        _funding(project, coordinator, people)
        _groups(project, coordinator, people)
        for sub in subprojects[:2] + subprojects[3:]:
            services.subproject_transition(
                user=coordinator, subproject=sub, to=SubprojectState.COMPLETED, outcome=sub.outcome
            )
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
    sharing_case = _first("procurements.ProcurementCase", reference="UPH 2024/0012")
    floor_case = _first("procurements.ProcurementCase", reference="UPH 2024/0015")
    service_case = _first("procurements.ProcurementCase", reference="UPH 2025/0003")
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
    return subprojects


def _milestones_and_log(project, coordinator, subprojects) -> None:
    for title, due, done in [
        ("Planeringsbidrag beviljat", datetime.date(2024, 3, 1), datetime.date(2024, 2, 20)),
        (
            "Arbetsmodellen beslutad i styrgruppen",
            datetime.date(2024, 10, 31),
            datetime.date(2024, 10, 28),
        ),
        ("Delningstjänsten i drift", datetime.date(2025, 6, 30), datetime.date(2025, 6, 2)),
        ("Slutrapport till Vinnova", datetime.date(2026, 10, 31), datetime.date(2026, 10, 20)),
    ]:
        milestone = services.milestone_add(
            user=coordinator, project=project, title=title, due_date=due
        )
        services.milestone_reach(user=coordinator, milestone=milestone, on=done)
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
        decided_on=datetime.date(2025, 3, 12),
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
        decided_on=datetime.date(2024, 2, 20),
    )
    development = services.grant_add(
        user=coordinator,
        project=project,
        funder=vinnova,
        programme="Innovationsupphandling – utvecklingsprojekt",
        reference="2024-04177",
        amount_granted_sek=Decimal("1900000"),
        decided_on=datetime.date(2024, 11, 15),
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
        start_date=datetime.date(2024, 3, 1),
        end_date=datetime.date(2024, 11, 30),
        budget_sek=Decimal("380000"),
        cost_sek=Decimal("372500"),
    )
    for start, end, budget, cost in [
        (datetime.date(2024, 12, 1), datetime.date(2025, 6, 30), 800000, 760000),
        (datetime.date(2025, 7, 1), datetime.date(2025, 12, 31), 800000, 845000),
        (datetime.date(2026, 1, 1), datetime.date(2026, 10, 31), 780000, 702000),
    ]:
        services.budget_period_set(
            user=coordinator,
            grant=development,
            start_date=start,
            end_date=end,
            budget_sek=Decimal(budget),
            cost_sek=Decimal(cost),
        )
    for grant, title, due, submitted in [
        (
            planning,
            "Slutrapport planeringsbidrag",
            datetime.date(2024, 12, 31),
            datetime.date(2024, 12, 16),
        ),
        (development, "Lägesrapport", datetime.date(2025, 9, 30), datetime.date(2025, 9, 24)),
        (development, "Slutrapport", datetime.date(2026, 12, 31), datetime.date(2026, 10, 20)),
    ]:
        report = services.funder_report_add(
            user=coordinator, grant=grant, title=title, due_date=due
        )
        services.funder_report_submit(user=coordinator, report=report, on=submitted)


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
    tz = timezone.get_current_timezone()
    for group, title, when, minutes, decisions in [
        (
            steering,
            "Styrgruppsmöte: arbetsmodellen",
            datetime.datetime(2024, 10, 28, 9, 0, tzinfo=tz),
            "Projektledaren presenterade arbetsmodellen. Kommunerna har remitterat den internt.",
            "Arbetsmodellen fastställs.",
        ),
        (
            steering,
            "Styrgruppsmöte: golvupphandlingen",
            datetime.datetime(2025, 3, 12, 13, 0, tzinfo=tz),
            "Den tidiga dialogen gav inga lösningar som uppfyller kraven.",
            "Golvupphandlingen avbryts; lärdomarna delas i arenan.",
        ),
        (
            reference,
            "Referensgruppsmöte: delningstjänsten",
            datetime.datetime(2025, 2, 4, 10, 0, tzinfo=tz),
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
        members = list(group.members.values_list("pk", flat=True))
        services.meeting_record(
            user=coordinator,
            meeting=meeting,
            minutes=minutes,
            decisions=decisions,
            present_ids=members[:-1] if len(members) > 2 else members,
        )
