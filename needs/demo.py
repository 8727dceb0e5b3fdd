"""Demo data: the Syd network's needs, its ten challenges, six workshops and the finished
prioritisation round whose three winners became procurements. Idempotent (fixed titles).

Runs right after organizations; procurements' demo links its cases to the challenges by title.
Every date lies on the one Syd year of `core.demo_clock` (days from the seeding day): the
needs behind the procurements are submitted in its first days, the challenges formed and
the workshops held in its first month, the round decided before the first case opens
(at -330 at the earliest); the other needs come in over the year, a furniture challenge
forms before the furniture case opens (about -120), and the next workshop lies ahead. The
history the seeding writes is dated with `backdate_history` after each step.
"""

import random
from datetime import timedelta

import pghistory
from django.conf import settings
from django.db import transaction
from django.utils import formats, timezone, translation

from core.demo_clock import YEAR_START, backdate_history, demo_moment
from core.history import acting_as
from organizations.models import Network, Organization, User

from .enums import DEFAULT_CRITERIA, NeedStatus, RoundStatus
from .models import (
    GUEST_INVITED,
    AnswerOption,
    AssessmentNote,
    Challenge,
    ChallengeParticipation,
    Need,
    NeedAssessor,
    NeedComment,
    PriorityCriterion,
    PriorityRound,
    PriorityScore,
    RoundChallenge,
    Workshop,
    WorkshopGuest,
    WorkshopParticipant,
)

SYD = ["ystad", "trelleborg", "skurup", "tomelilla"]

# Extra members of staff (besides staff@SLUG.example): slug -> [(local part, name, department)]
EXTRA_STAFF = {
    "ystad": [
        ("forskola", "Eva Lindqvist", "Förskola"),
        ("aldreomsorg", "Hanna Berg", "Äldreomsorg"),
    ],
    "trelleborg": [
        ("skola", "Omar Khalil", "Grundskola"),
        ("bygglov", "Petra Sjöberg", "Plan och bygglov"),
    ],
    "skurup": [
        ("it", "Jesper Holm", "IT och digitalisering"),
        ("vard", "Fatima Ali", "Vård och omsorg"),
    ],
    "tomelilla": [
        ("fastighet", "Mikael Ek", "Fastighet"),
        ("va", "Sara Nyberg", "VA och miljö"),
    ],
}

# title -> (owner, description, expected effect, municipalities that have it too)
CHALLENGES = {
    "Rena och torra golv i förskolan": (
        "ystad",
        "Barnen leker på golvet, men sand, vatten och snö följer med in från gården. Golven "
        "blir hala och smutsiga, personalen torkar många gånger om dagen och städningen räcker "
        "inte till. Vi söker sätt att hålla golven rena och torra i förskolans hallar och "
        "lekrum, utan att barnen ska behöva vänta vid dörren.",
        "Färre halkolyckor, mindre tid för personalen på att torka golv, bättre inomhusmiljö.",
        ["trelleborg", "skurup", "tomelilla"],
    ),
    "Smart digital service på medborgarnas villkor": (
        "trelleborg",
        "Medborgare möter kommunen i många kanaler som inte hänger ihop: telefon, e-post, "
        "e-tjänster och besök. Samma fråga ställs flera gånger och ärenden tappas bort. Vi vill "
        "ge service dygnet runt på medborgarens villkor, också för den som inte är van vid "
        "digitala verktyg.",
        "Kortare väntetider, färre samtal om ärendets status, nöjdare medborgare.",
        ["ystad", "skurup"],
    ),
    "Delning av resurser mellan kommuner": (
        "skurup",
        "Möbler, utrustning och lokaler står oanvända i en kommun medan grannen köper nytt. "
        "Det saknas ett enkelt sätt att se vad som finns, låna, flytta och fakturera mellan "
        "förvaltningar och kommuner.",
        "Mindre nyköp, lägre kostnader och minskade koldioxidutsläpp.",
        ["ystad", "trelleborg", "tomelilla"],
    ),
    "Ensamhet bland äldre": (
        "tomelilla",
        "Många äldre som bor hemma är ofrivilligt ensamma. Hemtjänsten hinner inte prata och "
        "anhöriga bor långt bort. Ensamheten leder till sämre hälsa och fler vårdbehov.",
        "Fler meningsfulla kontakter i vardagen, minskad ofrivillig ensamhet.",
        ["ystad"],
    ),
    "Matsvinn i skolan": (
        "trelleborg",
        "Skolrestaurangerna slänger mycket mat, både på tallrikarna och i köket. Vi vet inte "
        "i förväg hur många som äter eller vad som blir över.",
        "Halverat matsvinn, lägre kostnader, bättre prognoser.",
        ["skurup"],
    ),
    "Digitala bygglov": (
        "ystad",
        "Bygglovsansökningar kommer ofta ofullständiga, på papper eller som lösa PDF:er. "
        "Handläggarna lägger mycket tid på kompletteringar och handläggningstiderna blir långa.",
        "Kompletta ansökningar från början, kortare handläggningstid.",
        ["trelleborg", "tomelilla"],
    ),
    "Trygg skolväg": (
        "skurup",
        "Föräldrar skjutsar barnen eftersom vägen till skolan upplevs som otrygg: mörkt, "
        "tung trafik och saknade cykelbanor. Bilköerna vid skolorna gör det ännu farligare.",
        "Fler barn som går och cyklar, färre bilar vid skolorna.",
        ["tomelilla"],
    ),
    "Energi i offentliga lokaler": (
        "tomelilla",
        "Skolor, förskolor och idrottshallar värms och ventileras även när de står tomma. Vi "
        "saknar överblick över var energin går och hur den kan styras efter användningen.",
        "Lägre energiförbrukning och kostnad utan sämre inomhusklimat.",
        ["ystad", "skurup"],
    ),
    "Rekrytering till vården": (
        "ystad",
        "Det är svårt att rekrytera och behålla undersköterskor och sjuksköterskor, särskilt "
        "till helger och sommar. Många lämnar yrket inom några år.",
        "Fler sökande, längre anställningar, mindre beroende av bemanningsföretag.",
        ["trelleborg", "skurup", "tomelilla"],
    ),
    "Vattenläckor i ledningsnätet": (
        "trelleborg",
        "Ledningsnätet är gammalt och en stor del av det renade vattnet försvinner i läckor "
        "som upptäcks sent. Akuta grävningar kostar mycket och stör trafiken.",
        "Läckor hittas tidigt, mindre förlust av dricksvatten, planerat underhåll.",
        ["tomelilla"],
    ),
}

# (challenge, author key, title, problem, department)
# author key: "staff@slug" or "local@slug" (an extra member of staff)
CHALLENGE_NEEDS = [
    (
        "Rena och torra golv i förskolan",
        "forskola@ystad",
        "Blöta och hala golv i hallen",
        "När barnen kommer in från gården blir hallen blöt och hal. Vi torkar golvet tio gånger "
        "om dagen.",
        "preschool",
    ),
    (
        "Rena och torra golv i förskolan",
        "staff@trelleborg",
        "Sand överallt i lekrummen",
        "Sanden från sandlådan följer med in och hamnar i lekrummen där de minsta barnen kryper.",
        "preschool",
    ),
    (
        "Rena och torra golv i förskolan",
        "staff@skurup",
        "Städningen räcker inte till på förskolan",
        "Lokalvården kommer en gång om dagen men golven är smutsiga igen efter en timme.",
        "preschool",
    ),
    (
        "Smart digital service på medborgarnas villkor",
        "staff@trelleborg",
        "Samma fråga ställs i flera kanaler",
        "Medborgare ringer, mejlar och skriver i e-tjänsten om samma ärende och får olika svar.",
        "administration",
    ),
    (
        "Smart digital service på medborgarnas villkor",
        "it@skurup",
        "E-tjänsterna är svåra för äldre",
        "Många äldre ger upp i e-tjänsterna och kommer till receptionen i stället.",
        "it",
    ),
    (
        "Smart digital service på medborgarnas villkor",
        "staff@ystad",
        "Ingen service utanför kontorstid",
        "Frågor som kommer på kvällen blir liggande till nästa dag, och kön växer.",
        "administration",
    ),
    (
        "Delning av resurser mellan kommuner",
        "staff@skurup",
        "Möbler står i förråd",
        "Vi har ett förråd fullt av fungerande möbler men ingen vet om dem, och skolorna "
        "köper nytt.",
        "technical",
    ),
    (
        "Delning av resurser mellan kommuner",
        "fastighet@tomelilla",
        "Utrustning köps in flera gånger",
        "Samma dyra utrustning köps in av flera förvaltningar som bara använder den några dagar "
        "per år.",
        "technical",
    ),
    (
        "Delning av resurser mellan kommuner",
        "staff@ystad",
        "Svårt att låna lokaler av grannkommunen",
        "Vi saknar ett enkelt sätt att boka och fakturera lokaler mellan kommunerna.",
        "administration",
    ),
    (
        "Ensamhet bland äldre",
        "staff@tomelilla",
        "Äldre i hemtjänsten är ensamma",
        "Brukarna säger att hemtjänstens besök är dagens enda samtal.",
        "elderly_care",
    ),
    (
        "Ensamhet bland äldre",
        "aldreomsorg@ystad",
        "Få aktiviteter för äldre på landsbygden",
        "Äldre utanför tätorten kan inte ta sig till träffpunkterna.",
        "elderly_care",
    ),
    (
        "Ensamhet bland äldre",
        "vard@skurup",
        "Anhöriga bor långt bort",
        "Anhöriga vill hålla kontakten men har svårt med tekniken på boendet.",
        "health_care",
    ),
    (
        "Matsvinn i skolan",
        "skola@trelleborg",
        "Mycket mat slängs i skolrestaurangen",
        "Varje dag slängs flera kilo mat, och vi vet inte hur många elever som kommer att äta.",
        "school",
    ),
    (
        "Matsvinn i skolan",
        "staff@skurup",
        "Tallrikssvinnet är stort",
        "Eleverna tar för mycket och slänger resten.",
        "school",
    ),
    (
        "Matsvinn i skolan",
        "staff@trelleborg",
        "Svårt att planera portioner",
        "Köket vet inte i förväg om klasser är på utflykt eller sjuka.",
        "school",
    ),
    (
        "Digitala bygglov",
        "staff@ystad",
        "Ofullständiga bygglovsansökningar",
        "Hälften av ansökningarna måste kompletteras, vilket förlänger handläggningen med veckor.",
        "planning",
    ),
    (
        "Digitala bygglov",
        "bygglov@trelleborg",
        "Ritningar kommer på papper",
        "Ritningar lämnas på papper och måste skannas innan de kan handläggas.",
        "planning",
    ),
    (
        "Digitala bygglov",
        "staff@tomelilla",
        "Sökande vet inte vad som krävs",
        "Många ringer för att fråga vilka handlingar som behövs för en altan eller ett "
        "attefallshus.",
        "planning",
    ),
    (
        "Trygg skolväg",
        "staff@skurup",
        "Bilköer vid skolan på morgonen",
        "Föräldrar kör ända fram till entrén och barn som cyklar måste passera bilkön.",
        "school",
    ),
    (
        "Trygg skolväg",
        "staff@tomelilla",
        "Mörka gång- och cykelvägar",
        "Belysningen längs skolvägen är dålig och barnen känner sig otrygga på vintern.",
        "technical",
    ),
    (
        "Trygg skolväg",
        "skola@trelleborg",
        "Saknad cykelbana till skolan",
        "En del av vägen till skolan saknar cykelbana, så föräldrarna skjutsar.",
        "school",
    ),
    (
        "Energi i offentliga lokaler",
        "fastighet@tomelilla",
        "Idrottshallen värms på natten",
        "Ventilation och värme går för fullt även när hallen är tom.",
        "technical",
    ),
    (
        "Energi i offentliga lokaler",
        "staff@ystad",
        "Ingen överblick över energiförbrukningen",
        "Vi ser bara fakturan, inte var i byggnaden energin används.",
        "environment",
    ),
    (
        "Energi i offentliga lokaler",
        "it@skurup",
        "Belysning tänds i tomma klassrum",
        "Lampor lyser hela dagen i rum som inte används.",
        "technical",
    ),
    (
        "Rekrytering till vården",
        "aldreomsorg@ystad",
        "Svårt att bemanna helger",
        "Vi får inte ihop schemat för helgerna utan dyra bemanningsföretag.",
        "elderly_care",
    ),
    (
        "Rekrytering till vården",
        "vard@skurup",
        "Nyanställda slutar snabbt",
        "Många undersköterskor slutar inom två år.",
        "health_care",
    ),
    (
        "Rekrytering till vården",
        "staff@trelleborg",
        "Få sökande till sommarvikariat",
        "Sommarvikariaten i hemtjänsten får knappt några sökande.",
        "hr",
    ),
    (
        "Vattenläckor i ledningsnätet",
        "staff@trelleborg",
        "Läckor upptäcks för sent",
        "Vi märker läckor först när vattnet kommer upp i gatan.",
        "water",
    ),
    (
        "Vattenläckor i ledningsnätet",
        "va@tomelilla",
        "Stort vattensvinn i ledningsnätet",
        "En femtedel av det renade vattnet når aldrig kranarna.",
        "water",
    ),
    (
        "Vattenläckor i ledningsnätet",
        "staff@ystad",
        "Akuta grävningar stör trafiken",
        "Akuta reparationer stänger gator med kort varsel.",
        "water",
    ),
]

# Needs outside the challenges, in every other status: (author, title, problem, dept, status, why)
OTHER_NEEDS = [
    (
        "staff@ystad",
        "Parkering vid vårdcentralen",
        "Besökare hittar ingen parkering och kommer för sent.",
        "health_care",
        "draft",
        "",
    ),
    (
        "forskola@ystad",
        "Barnvagnar blockerar hallen",
        "Barnvagnarna står i vägen för utrymningen på förskolan.",
        "preschool",
        "draft",
        "",
    ),
    (
        "it@skurup",
        "Lösenord som glöms bort",
        "Personalen i vården glömmer lösenord och ringer supporten varje dag.",
        "it",
        "submitted",
        "",
    ),
    (
        "bygglov@trelleborg",
        "Långa köer till bygglovsrådgivningen",
        "Det tar tre veckor att få en tid för rådgivning om bygglov.",
        "planning",
        "submitted",
        "",
    ),
    (
        "va@tomelilla",
        "Översvämmade källare vid skyfall",
        "Vid skyfall svämmar källarna över i de lägre delarna av tätorten.",
        "water",
        "submitted",
        "",
    ),
    (
        "staff@tomelilla",
        "Papperskorgar som blir överfulla",
        "Papperskorgarna i parken är överfulla på helgerna.",
        "technical",
        "deferred",
        "Ett bra behov, men inte nu: vi tar upp det när avfallsplanen är klar nästa år.",
    ),
    (
        "skola@trelleborg",
        "Ny projektor i aulan",
        "Projektorn i aulan är trasig och behöver bytas.",
        "school",
        "rejected",
        "Det här är ett vanligt inköp, inte en innovationsupphandling. Beställ via avtalet för "
        "AV-utrustning.",
    ),
    (
        "staff@skurup",
        "Sandiga golv på förskolan Solrosen",
        "Sanden från gården kommer in i lekrummen.",
        "preschool",
        "merged",
        "Samma problem som ”Sand överallt i lekrummen”; vi samlar det där.",
    ),
    (
        "aldreomsorg@ystad",
        "Schemaläggning i hemtjänsten tar tid",
        "Planeringen av hemtjänstens rutter görs för hand varje morgon.",
        "elderly_care",
        "solved_otherwise",
        "Löst på annat sätt: kommunens nya planeringssystem har en ruttfunktion, vi utbildar.",
    ),
]

# The calendar, in days from the seeding day (core.demo_clock). Needs behind challenges are
# submitted from the year's first day, four a day; the challenges form after them, two a
# day; the needs join them; the workshops (days, hour) follow and the round is decided
# before the first procurement case opens (-330).
NEEDS_SUBMITTED = YEAR_START + 1  # created the day before
CHALLENGES_FORMED = -357
NEEDS_JOIN_CHALLENGES = -351
OTHER_NEEDS_FROM, OTHER_NEEDS_EVERY = -300, 30  # the other needs come in over the year
ROUND_OPENED, ROUND_DECIDED = -335, -332
COMING_WORKSHOP_IN = 14  # days ahead
GUEST_INVITED_ON = -2

# A later challenge, not in the round: the furniture case (opened about -120) comes from it.
FURNITURE_CHALLENGE = "Återbruk av möbler mellan förvaltningar"
FURNITURE = {
    FURNITURE_CHALLENGE: (
        "tomelilla",
        "Skolor och förvaltningar i samma kommun köper nya möbler medan fungerande möbler "
        "står i källare och förråd. Ingen vet vad som finns, och ingen flyttar det.",
        "Färre nyköpta möbler, tomma förråd och lägre klimatpåverkan.",
        ["ystad"],
    ),
}
FURNITURE_FORMED = -150
FURNITURE_NEED = (
    FURNITURE_CHALLENGE,
    "fastighet@tomelilla",
    "Möbler flyttas inte mellan förvaltningarna",
    "När en förvaltning flyttar blir möblerna kvar, och nästa förvaltning köper nytt.",
    "technical",
)
FURNITURE_NEED_SUBMITTED = -170

WORKSHOPS = [
    (
        "Workshop 1: Behov i förskola och skola",
        "ystad",
        (-349, 9),
        "Ystads stadshus, Stora salen",
        ["Rena och torra golv i förskolan", "Matsvinn i skolan", "Trygg skolväg"],
    ),
    (
        "Workshop 2: Vård och omsorg",
        "trelleborg",
        (-346, 13),
        "Trelleborgs rådhus, sal Kadetten",
        ["Ensamhet bland äldre", "Rekrytering till vården"],
    ),
    (
        "Workshop 3: Medborgarservice och digitalisering",
        "skurup",
        (-343, 9),
        "Skurups kommunhus",
        ["Smart digital service på medborgarnas villkor", "Digitala bygglov"],
    ),
    (
        "Workshop 4: Fastigheter, energi och VA",
        "tomelilla",
        (-340, 9),
        "Tomelilla kommunhus, Sal Tryde",
        ["Energi i offentliga lokaler", "Vattenläckor i ledningsnätet"],
    ),
    (
        "Workshop 5: Att dela resurser",
        "skurup",
        (-338, 13),
        "Digitalt möte",
        ["Delning av resurser mellan kommuner"],
    ),
    (
        "Workshop 6: Från tio utmaningar till prioritering",
        "ystad",
        (-335, 9),
        "Ystads stadshus, Stora salen",
        list(CHALLENGES),
    ),
]

ROUND_TITLE = "Prioritering av Syds utmaningar"
WINNERS = [
    "Rena och torra golv i förskolan",
    "Smart digital service på medborgarnas villkor",
    "Delning av resurser mellan kommuner",
]


def _staff_user(key: str, orgs: dict, departments: dict) -> User:
    local, slug = key.split("@")
    email = f"{local}@{slug}.example"
    user = User.objects.filter(email=email).first()
    if user is None:
        name, department = departments.get(key, ("", ""))
        user = User.objects.create_user(
            email=email,
            password="samverka-demo",  # noqa: S106 - the published demo password
            organization=orgs[slug],
            roles=["staff"],
            full_name=name,
            department=department,
        )
    return user


@transaction.atomic
def seed(stdout=None) -> list[str]:
    network = Network.objects.get(slug="innovationsupphandling-syd")
    orgs = {slug: Organization.objects.get(slug=slug) for slug in SYD}
    coordinator = User.objects.get(email="coordinator@ystad.example")
    departments = {
        f"{local}@{slug}": (name, dept)
        for slug, rows in EXTRA_STAFF.items()
        for local, name, dept in rows
    }
    users = {key: _staff_user(key, orgs, departments) for key in departments}
    for slug in SYD:
        users[f"staff@{slug}"] = User.objects.get(email=f"staff@{slug}.example")
    officers = {slug: User.objects.get(email=f"officer@{slug}.example") for slug in SYD}
    coordinators = {slug: User.objects.get(email=f"coordinator@{slug}.example") for slug in SYD}
    from .services import answer_options_ensure

    answer_options_ensure()
    options = {o.code: o for o in AnswerOption.objects.all()}
    people = {"coordinator": coordinator, "officers": officers, "options": options}

    with acting_as(coordinator, reason="demo data"):
        challenges = {}
        for index, (title, spec) in enumerate(CHALLENGES.items()):
            formed = demo_moment(CHALLENGES_FORMED + index // 2, hour=10 + index % 2 * 3)
            challenges[title] = _challenge(title, spec, formed, network, orgs, people)
        furniture = {
            title: _challenge(title, spec, demo_moment(FURNITURE_FORMED), network, orgs, people)
            for title, spec in FURNITURE.items()
        }

        needs = {}
        for i, (challenge_title, author, title, problem, dept) in enumerate(CHALLENGE_NEEDS):
            when = demo_moment(NEEDS_SUBMITTED + i // 4, hour=9 + i % 4)
            joined = demo_moment(NEEDS_JOIN_CHALLENGES, hour=14)
            needs[title] = _need_in_challenge(
                users[author], (title, problem, dept), when, challenges[challenge_title],
                joined, people,
            )  # fmt: skip
        challenge_title, author, title, problem, dept = FURNITURE_NEED
        needs[title] = _need_in_challenge(
            users[author], (title, problem, dept), demo_moment(FURNITURE_NEED_SUBMITTED),
            furniture[challenge_title], demo_moment(FURNITURE_FORMED, hour=14), people,
        )  # fmt: skip

        for i, (author, title, problem, dept, status, why) in enumerate(OTHER_NEEDS):
            when = demo_moment(OTHER_NEEDS_FROM + i * OTHER_NEEDS_EVERY, hour=10)
            need = _need(users[author], title, problem, dept, when, status)
            needs[title] = need
            if status in (NeedStatus.DRAFT, NeedStatus.SUBMITTED) or need.status_reason:
                continue
            slug = author.split("@")[1]
            _assess(need, [officers[slug]], coordinator, when)
            answered = when + timedelta(days=14)
            update = {"status": status, "status_reason": why, "answered_at": answered}
            if status != NeedStatus.REJECTED:
                code = {"merged": "merged", "deferred": "not-now"}.get(status, "solved-otherwise")
                update.update(answer=options[code], answered_by=officers[slug])
            if status == NeedStatus.MERGED:
                update["merged_into"] = needs["Sand överallt i lekrummen"]
            Need.objects.filter(pk=need.pk).update(**update)
            backdate_history(need, answered)

        commented = needs["Blöta och hala golv i hallen"]
        comment, created = NeedComment.objects.get_or_create(
            need=commented,
            author=users["staff@tomelilla"],
            defaults={"body": "Samma sak hos oss i Tomelilla, särskilt i november."},
        )
        if created:
            _date_row(comment, commented.submitted_at + timedelta(days=5))

        for title, host, (days, hour), place, raised in WORKSHOPS:
            _workshop(
                title, host, demo_moment(days, hour=hour), place, raised,
                network, coordinators, users, challenges,
            )  # fmt: skip

        _round(network, coordinator, challenges, officers, coordinators)
        _attendance(coordinators["ystad"])
        _coming_workshop_with_guest(network, coordinators, users, challenges)
    if stdout:
        stdout.write(
            f"  needs: {Need.objects.filter(organization__in=orgs.values()).count()} needs, "
            f"{len(challenges) + len(furniture)} challenges, {len(WORKSHOPS) + 1} workshops"
        )
        stdout.write(f"  needs: a workshop guest's link: {settings.SITE_URL}{GUEST_PATH}")
    return []


def _date_row(obj, moment) -> None:
    """Demo-only: the row's auto_now_add/auto_now stamps to the day it happened."""
    type(obj).objects.filter(pk=obj.pk).update(created_at=moment, updated_at=moment)


def _challenge(title, spec, formed, network, orgs, people) -> Challenge:
    """A challenge formed at `formed`; the others join it the day after."""
    owner, description, effect, others = spec
    officers, coordinator = people["officers"], people["coordinator"]
    challenge, created = Challenge.objects.get_or_create(
        title=title,
        defaults={
            "description": description,
            "expected_effect": effect,
            "owner_organization": orgs[owner],
            "network": network,
            "owner": officers[owner],
            "created_by": coordinator,
        },
    )
    if created:
        _date_row(challenge, formed)
        backdate_history(challenge, formed)
    for other in others:
        participation, joined = ChallengeParticipation.objects.get_or_create(
            challenge=challenge,
            organization=orgs[other],
            defaults={
                "declared_by": officers[other],
                "note": "Vi känner igen problemet och vill vara med.",
            },
        )
        if joined:
            _date_row(participation, formed + timedelta(days=1))
    return challenge


def _need_in_challenge(author, text, when, challenge, joined, people) -> Need:
    """A need submitted at `when`, assessed in the days after and made part of
    `challenge` at `joined` (a moment after the challenge was formed)."""
    title, problem, dept = text
    need = _need(author, title, problem, dept, when, NeedStatus.SUBMITTED)
    if need.status != NeedStatus.SUBMITTED:
        return need
    coordinator = people["coordinator"]
    officer = people["officers"][author.organization.slug]
    _assess(need, [officer, coordinator], coordinator, when)
    Need.objects.filter(pk=need.pk).update(
        status=NeedStatus.IN_CHALLENGE,
        challenge=challenge,
        answer=people["options"]["challenge"],
        answered_by=coordinator,
        answered_at=joined,
        status_reason=f"Behovet ingår nu i utmaningen ”{challenge.title}”.",
    )
    backdate_history(need, joined)
    return need


def _need(author, title, problem, department, when, status) -> Need:
    """A need created the day before `when` and (unless a draft) submitted at `when`."""
    need, created = Need.objects.get_or_create(
        organization=author.organization,
        title=title,
        defaults={
            "author": author,
            "problem": problem,
            "department": department,
            "affected": "Barn, elever, brukare eller medborgare och personalen som möter dem.",
            "current_cost": (
                "Tid för personalen varje vecka och irritation hos dem vi finns till för."
            ),
            "desired_effect": "Att problemet försvinner eller blir mycket mindre.",
            "status": NeedStatus.DRAFT if status == NeedStatus.DRAFT else NeedStatus.SUBMITTED,
            "submitted_at": None if status == NeedStatus.DRAFT else when,
        },
    )
    if created:
        _date_row(need, when - timedelta(days=1))
        backdate_history(need, when - timedelta(days=1) if status == NeedStatus.DRAFT else when)
    return need


def _assess(need, assessors, coordinator, when) -> None:
    """Assessors assigned the day after submission, their notes the two days after."""
    for assessor in assessors:
        NeedAssessor.objects.get_or_create(
            need=need, assessor=assessor, defaults={"assigned_by": coordinator}
        )
    NeedAssessor.objects.filter(need=need).update(assigned_at=when + timedelta(days=1))
    if not AssessmentNote.objects.filter(need=need).exists():
        note = AssessmentNote.objects.create(
            need=need,
            author=assessors[0],
            body="Jag har pratat med verksamheten; behovet är tydligt och delas av fler.",
        )
        reply = AssessmentNote.objects.create(
            need=need, author=coordinator, parent=note, body="Bra, vi tar upp det i workshoppen."
        )
        _date_row(note, when + timedelta(days=2))
        _date_row(reply, when + timedelta(days=3))


GUEST_TOKEN = "demo-guest-vinnova"  # noqa: S105 - the demo's published guest link
GUEST_PATH = f"/needs/workshops/guest/{GUEST_TOKEN}/"
COMING_WORKSHOP = "Workshop 7: Finansiering och nästa steg"


def _attendance(organizer) -> None:
    """The last past workshop has its attendance recorded (the day after): most came, a
    few did not."""
    workshop = Workshop.objects.get(title=WORKSHOPS[-1][0])
    if workshop.attendance_recorded_at is not None:
        return
    from .services import attendance_record

    came = list(workshop.participations.order_by("pk").values_list("user_id", flat=True))[:9]
    attendance_record(workshop=workshop, by=organizer, participant_ids=came, guest_ids=[])
    recorded = workshop.ends_at + timedelta(days=1)
    Workshop.objects.filter(pk=workshop.pk).update(
        attendance_recorded_at=recorded, updated_at=recorded
    )
    backdate_history(workshop, recorded)


def _coming_workshop_with_guest(network, coordinators, users, challenges) -> None:
    """A coming workshop (two weeks from the day the demo is loaded) with Karin Lund from
    Vinnova as a guest, invited two days ago, reachable through the fixed link GUEST_PATH.
    It has no minutes and no attendance yet."""
    # the challenges the round left for its next time (those behind cases were raised in
    # workshops before their cases opened)
    raised = ["Ensamhet bland äldre", "Energi i offentliga lokaler"]
    _workshop(
        COMING_WORKSHOP, "ystad", demo_moment(COMING_WORKSHOP_IN), "Ystads stadshus, Stora salen",
        raised, network, coordinators, users, challenges,
    )  # fmt: skip
    workshop = Workshop.objects.get(title=COMING_WORKSHOP)
    if WorkshopGuest.objects.filter(token_hash=WorkshopGuest.hash_token(GUEST_TOKEN)).exists():
        return
    invited = min(demo_moment(GUEST_INVITED_ON, hour=11), timezone.now())
    guest = WorkshopGuest.objects.create(
        workshop=workshop,
        name="Karin Lund",
        email="karin.lund@vinnova.example",
        organization_name="Vinnova",
        token_hash=WorkshopGuest.hash_token(GUEST_TOKEN),
        invited_by=workshop.organizer,
    )
    pghistory.create_event(workshop, label=GUEST_INVITED)
    _date_row(guest, invited)
    backdate_history(guest, invited)
    backdate_history(workshop, invited)


def _workshop(title, host, start, place, raised, network, coordinators, users, challenges):
    """A workshop planned ten days ahead of `start` (a week ago for one still to come),
    its invitations sent the day after; one in the past has its reminder and minutes, one
    to come has neither."""
    now = timezone.now()
    past = start < now
    planned = min(start - timedelta(days=10), now - timedelta(days=7))
    workshop, created = Workshop.objects.get_or_create(
        title=title,
        defaults={
            "network": network,
            "starts_at": start,
            "ends_at": start + timedelta(hours=3),
            "place": place,
            "online_link": "https://meet.example/syd" if place == "Digitalt möte" else "",
            "agenda": "1. Välkommen och syfte\n2. Behoven i korthet\n3. Gruppövning: vems "
            "problem är det?\n4. Formulera utmaningar\n5. Nästa steg",
            "outcome_notes": (
                "Deltagarna från alla fyra kommunerna kände igen behoven. Vi formulerade "
                + ", ".join(f"”{t}”" for t in raised[:3])
                + (" med flera" if len(raised) > 3 else "")
                + " som gemensamma utmaningar och utsåg behovsägare."
            )
            if past
            else "",
            "organizer": coordinators[host],
        },
    )
    if not created:
        return
    _date_row(workshop, planned)
    backdate_history(workshop, planned)
    invited = planned + timedelta(days=1)
    people = [*coordinators.values(), *(u for u in users.values())][:12]
    WorkshopParticipant.objects.bulk_create(
        WorkshopParticipant(
            workshop=workshop,
            user=u,
            invitation_sent_at=invited,
            reminder_sent_at=start - timedelta(days=1) if past else None,
        )
        for u in people
    )
    workshop.participations.update(invited_at=invited)
    workshop.challenges.set(challenges[t] for t in raised)
    workshop.needs.set(Need.objects.filter(challenge__title__in=raised))


def _round(network, coordinator, challenges, officers, coordinators) -> None:
    priority_round, created = PriorityRound.objects.get_or_create(
        title=ROUND_TITLE,
        defaults={
            "network": network,
            "description": "Deltagarna poängsätter de tio utmaningarna från workshopparna.",
            "created_by": coordinator,
            "scale_min": 1,
            "scale_max": 5,
        },
    )
    if not created:
        return
    opened = demo_moment(ROUND_OPENED, hour=15)
    decided = demo_moment(ROUND_DECIDED, hour=15)
    _date_row(priority_round, opened)
    backdate_history(priority_round, opened)
    RoundChallenge.objects.bulk_create(
        RoundChallenge(round=priority_round, challenge=c) for c in challenges.values()
    )
    criteria = [
        PriorityCriterion.objects.create(
            round=priority_round, name=str(name), description=str(desc), order=i
        )
        for i, (name, desc) in enumerate(DEFAULT_CRITERIA)
    ]
    participants = [*officers.values(), *coordinators.values()]
    priority_round.participants.set(participants)
    rng = random.Random(2026)
    scores = []
    for title, challenge in challenges.items():
        base_value = 5 if title in WINNERS else 3
        for person in participants:
            for criterion in criteria:
                noise = rng.choice([-1, 0]) if title in WINNERS else rng.choice([-1, 0, 1])
                scores.append(
                    PriorityScore(
                        round=priority_round,
                        challenge=challenge,
                        criterion=criterion,
                        participant=person,
                        value=max(1, min(5, base_value + noise)),
                        scale_min=1,
                        scale_max=5,
                    )
                )
    PriorityScore.objects.bulk_create(scores)
    priority_round.round_challenges.filter(challenge__title__in=WINNERS).update(selected=True)
    with translation.override("sv"):
        decided_on = formats.date_format(timezone.localdate(decided), "j F Y")
    PriorityRound.objects.filter(pk=priority_round.pk).update(
        status=RoundStatus.DECIDED,
        decision=(
            f"Samverkansgruppen beslutade den {decided_on} att gå vidare med de tre högst "
            "rankade utmaningarna som innovationsupphandlingar: "
            + ", ".join(f"”{t}”" for t in WINNERS)
            + ". Övriga utmaningar tas upp igen i nästa omgång."
        ),
        decided_at=decided,
        decided_by=coordinator,
        updated_at=decided,
    )
    backdate_history(priority_round, decided)
