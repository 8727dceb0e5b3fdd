"""Demo data for the market dialogue (idempotent).

The sharing-service RFI of Innovationsupphandling Syd answered by eight suppliers,
supplier meetings, a workshop, the whole-day visit to another municipality and a
consultation round, attached to the case "Digital tjänst för delning av resurser mellan
kommuner" (or its challenge before the case exists).

On the demo's one calendar (core/demo_clock.py): procurements' demo runs this (its
`MARKET_DIALOGUE` hook) while that case is in its dialogue stage, with the days from the
stage's start until the tender is prepared; every step happens at its own moment within
them (time-machine moves the clock, so the services write the dates and check their own
rules: answers before the RFI's deadline, comments while the round is open), minutes are
written after their meeting, and the history is dated to the step.
"""

from contextlib import contextmanager
from datetime import timedelta

import time_machine
from django.db import transaction
from django.utils import timezone

from core.demo_clock import backdate_history, demo_moment, pinned
from needs.models import Challenge
from organizations.demo import registered_moment
from organizations.models import Organization, User
from procurements.models import ProcurementCase

from . import services
from .models import DialogueActivity, Rfi, RfiResponse, SupplierProfile

CASE_TITLE = "Digital tjänst för delning av resurser mellan kommuner"
CHALLENGE_TITLE = "Delning av resurser mellan kommuner"
RFI_TITLE = "RFI: Digital tjänst för delning av resurser mellan kommuner"

SUPPLIER_AREAS = {
    "myloc": ["72000000-5", "48000000-8"],
    "pwc": ["79400000-8", "72200000-7"],
    "hiq": ["72000000-5", "72200000-7"],
    "aventyret": ["79340000-9", "72413000-8"],
    "stadkraft": ["90910000-9"],
    "golvteknik": ["45430000-0"],
    "digitjanst": ["72000000-5", "48000000-8"],
    "cirkulera": ["39100000-3", "39130000-2"],
    "kodkraft": ["72200000-7", "72212000-4"],
    "logilink": ["60000000-8", "63100000-0"],
}
# The dialogue's days when no case gives them (seeded alone, on the challenge).
FIRST_DAY, LAST_DAY = -315, -258

ANSWERING = ["myloc", "pwc", "hiq", "aventyret", "digitjanst", "cirkulera", "kodkraft", "logilink"]

QUESTIONS = [
    ("Hur skulle ni lösa behovet? Beskriv kortfattat.", "text", [], True),
    (
        "Kan lösningen levereras som molntjänst inom EU/EES?",
        "single",
        ["Ja", "Nej", "Delvis"],
        True,
    ),
    (
        "Vilka slags resurser kan lösningen hantera?",
        "multiple",
        ["Möbler", "Utrustning", "Lokaler", "Fordon", "Personal"],
        True,
    ),
    ("Uppskattad årskostnad för fyra kommuner (kr)", "number", [], False),
    ("Vilka risker ser ni, och hur lång tid tar ett införande?", "text", [], False),
]

ANSWERS = {
    "myloc": (
        "Vår plattform för återbruk av möbler och inventarier används redan av flera kommuner; "
        "vi kopplar ihop lager, annonser och bokning.",
        "Ja",
        ["Möbler", "Utrustning"],
        "240000",
        "Införande på tre månader. Risk: att verksamheterna inte registrerar sina saker.",
    ),
    "pwc": (
        "Vi föreslår en förstudie om affärsmodell och internfakturering innan teknikval.",
        "Delvis",
        ["Möbler", "Utrustning", "Lokaler", "Personal"],
        "450000",
        "Juridiken kring försäljning mellan kommuner behöver utredas tidigt.",
    ),
    "hiq": (
        "En webbtjänst byggd på öppen källkod med inloggning via e-legitimation.",
        "Ja",
        ["Möbler", "Utrustning", "Lokaler", "Fordon"],
        "380000",
        "Sex månader till första version. Integration mot ekonomisystemen är den största risken.",
    ),
    "aventyret": (
        "Tjänstedesign och kommunikation: vi hjälper er att få verksamheterna att använda "
        "tjänsten.",
        "Delvis",
        ["Möbler", "Utrustning"],
        "180000",
        "Utan förankring i verksamheterna blir tjänsten tom.",
    ),
    "digitjanst": (
        "Färdig SaaS-tjänst för delningsekonomi i offentlig sektor, anpassningsbar per kommun.",
        "Ja",
        ["Möbler", "Utrustning", "Lokaler", "Fordon", "Personal"],
        "300000",
        "Två månader. Risk: låsning till en leverantör om data inte kan exporteras.",
    ),
    "cirkulera": (
        "Vi renoverar och förmedlar möbler; vår katalog kan kopplas till er tjänst.",
        "Nej",
        ["Möbler"],
        "120000",
        "Logistiken mellan kommunerna behöver lösas separat.",
    ),
    "kodkraft": (
        "Vi bygger en skräddarsydd tjänst tillsammans med er i korta sprintar.",
        "Ja",
        ["Möbler", "Utrustning", "Lokaler"],
        "520000",
        "Fyra till sex månader. Förvaltningen efter leverans behöver planeras.",
    ),
    "logilink": (
        "Transporter och lager mellan kommunerna, med bokning av hämtning i tjänsten.",
        "Delvis",
        ["Möbler", "Utrustning", "Fordon"],
        "210000",
        "Transporterna kräver samordnade hämtdagar för att bli lönsamma.",
    ),
}


def _anchor(officer, ystad):
    case = ProcurementCase.objects.filter(lead_organization=ystad, title=CASE_TITLE).first()
    if case:
        return case
    challenge = Challenge.objects.filter(title=CHALLENGE_TITLE).first()
    if challenge:
        return challenge
    from procurements.services import procurement_create

    partners = list(Organization.objects.filter(slug__in=["trelleborg", "skurup", "tomelilla"]))
    return procurement_create(
        created_by=officer,
        title=CASE_TITLE,
        lead_organization=ystad,
        participating_organizations=partners,
        responsible_officer=officer,
    )


class _Calendar:
    """The dialogue's steps on the demo calendar: `at(share)` is the moment `share` of the
    way from its first to its last day (computed on the seeding day, before the clock
    moves); `on(moment, *objs)` runs the block at that moment and dates the history the
    block wrote for `objs` (or for what it yields into the list) to it."""

    def __init__(self, first_day: int, last_day: int):
        self.first_day, self.last_day = first_day, max(last_day, first_day)

    def at(self, share: float, hour: int = 9, minute: int = 0):
        day = self.first_day + round(share * (self.last_day - self.first_day))
        return demo_moment(day, hour=hour, minute=minute)

    @contextmanager
    def on(self, moment, *objs):
        written = list(objs)
        moment = min(moment, timezone.now())
        with time_machine.travel(moment, tick=True):
            yield written
        for obj in written:
            backdate_history(obj, moment)


def _existing_activity(anchor_where: dict, title: str):
    return DialogueActivity.objects.filter(title=title, **anchor_where).first()


@transaction.atomic
def seed(stdout=None, *, case=None, first_day: int = FIRST_DAY, last_day: int = LAST_DAY):
    """Seed the market dialogue (procurements' demo passes its case and the days of its
    dialogue stage; `seed_demo` calls it again later, which finds it done)."""
    with pinned():
        _seed(stdout, case, _Calendar(first_day, last_day))
    return []


def _seed(stdout, case, calendar) -> None:
    officer = User.objects.get(email="officer@ystad.example")
    ystad = Organization.objects.get(slug="ystad")
    suppliers = {o.slug: o for o in Organization.objects.filter(slug__in=SUPPLIER_AREAS)}
    for slug, codes in SUPPLIER_AREAS.items():
        profile, created = SupplierProfile.objects.get_or_create(organization=suppliers[slug])
        if not profile.cpv_codes.exists():
            profile.cpv_codes.set(codes)
        if created:  # presented when the supplier registered, before the Syd year
            registered = registered_moment()
            SupplierProfile.objects.filter(pk=profile.pk).update(
                created_at=registered, updated_at=registered
            )
            backdate_history(profile, registered)

    anchor = case or _anchor(officer, ystad)
    where = {"case": anchor} if isinstance(anchor, ProcurementCase) else {"challenge": anchor}
    _seed_rfi(officer, anchor, where, suppliers, calendar)
    _seed_activities(officer, anchor, where, suppliers, calendar)
    if stdout:
        stdout.write(f"  dialogue attached to: {anchor}")


def _seed_rfi(officer, anchor, where, suppliers, calendar) -> None:
    """Published a quarter into the dialogue, two questions answered in its first week,
    eight answers before its deadline a little past the middle of the dialogue."""
    if Rfi.objects.filter(title=RFI_TITLE, **where).exists():
        return
    with calendar.on(calendar.at(0.25)) as written:
        rfi = _rfi_publish(officer, anchor, suppliers, deadline=calendar.at(0.55, hour=12))
        written.append(rfi)
    users = {s: User.objects.filter(email=f"supplier@{s}.example").first() for s in ANSWERING}
    for share, slug, question, answer in [
        (
            0.3,
            "hiq",
            "Ska tjänsten kunna hantera försäljning mellan kommuner, eller bara lån?",
            "Båda. Beskriv gärna hur ni hanterar internfakturering.",
        ),
        (
            0.32,
            "kodkraft",
            "Finns det krav på inloggning med e-legitimation?",
            "Inte i detta skede; beskriv vad ni föreslår.",
        ),
    ]:
        with calendar.on(calendar.at(share, hour=10)) as written:
            asked = services.clarification_ask(rfi=rfi, user=users[slug], question=question)
            written.append(asked)
        with calendar.on(calendar.at(share + 0.03, hour=14), asked):
            services.clarification_answer(clarification=asked, by=officer, answer=answer)
    for position, slug in enumerate(ANSWERING):
        user = users[slug]
        if user is None or RfiResponse.objects.filter(rfi=rfi, supplier=user.organization).exists():
            continue
        with calendar.on(calendar.at(0.4 + position * 0.015, hour=15)) as written:
            written.append(_rfi_answer(rfi, user, ANSWERS[slug]))


def _rfi_publish(officer, anchor, suppliers, *, deadline) -> Rfi:
    rfi = services.rfi_create(
        created_by=officer,
        anchor=anchor,
        title=RFI_TITLE,
        background=(
            "Ystad, Skurup, Trelleborg och Tomelilla köper nytt fast mycket redan finns i "
            "någon av kommunerna: möbler i förråd, utrustning som står oanvänd, lokaler som "
            "står tomma på kvällarna."
        ),
        need=(
            "Kommunernas verksamheter behöver ett enkelt sätt att se, låna, hyra, köpa och "
            "ge bort resurser mellan varandra, med hämtning, transport och internfakturering."
        ),
        deadline=deadline,
        invitation_mode="chosen",
        chosen_suppliers=list(suppliers.values()),
    )
    for text, kind, choices, required in QUESTIONS:
        services.rfi_question_add(
            rfi=rfi, by=officer, text=text, kind=kind, choices=choices, required=required
        )
    return services.rfi_publish(rfi=rfi, by=officer)


def _rfi_answer(rfi, user, answer) -> RfiResponse:
    questions = list(rfi.questions.order_by("position", "pk"))
    text, single, multiple, number, risks = answer
    return services.rfi_response_save(
        rfi=rfi,
        user=user,
        answers={
            questions[0].pk: text,
            questions[1].pk: single,
            questions[2].pk: multiple,
            questions[3].pk: number,
            questions[4].pk: risks,
        },
        submit=True,
    )


def _seed_activities(officer, anchor, where, suppliers, calendar) -> None:
    """Two supplier meetings and a visit before the RFI, a workshop after its answers,
    each recorded with its minutes the hour after it ended; the consultation round on the
    draft requirements last, closed before the tender is prepared."""
    colleagues = list(
        User.objects.filter(
            email__in=[
                "officer@ystad.example",
                "staff@ystad.example",
                "officer@trelleborg.example",
                "coordinator@skurup.example",
                "staff@tomelilla.example",
            ]
        )
    )
    plans = [
        {
            "kind": "supplier_meeting",
            "title": "Leverantörsmöte: Myloc visar sin återbruksplattform",
            "starts_at": calendar.at(0.05, 10),
            "ends_at": calendar.at(0.05, 11, 30),
            "location": "Ystad stadshus och Teams",
            "purpose": "Förstå vad som redan finns på marknaden för delning av möbler.",
            "notes": "Plattformen hanterar lager och annonser; internfakturering saknas.",
            "orgs": ["myloc"],
        },
        {
            "kind": "supplier_meeting",
            "title": "Leverantörsmöte: HiQ och Kodkraft om öppen källkod",
            "starts_at": calendar.at(0.12, 13),
            "ends_at": calendar.at(0.12, 15),
            "location": "Teams",
            "purpose": "Diskutera egenutveckling jämfört med färdig tjänst.",
            "notes": "Båda lyfte vikten av att kunna exportera data.",
            "orgs": ["hiq", "kodkraft"],
        },
        {
            "kind": "visit",
            "title": "Heldag hos Växjö kommun: så delar de möbler och utrustning",
            "starts_at": calendar.at(0.2, 8, 30),
            "ends_at": calendar.at(0.2, 16, 30),
            "location": "Växjö kommunhus",
            "purpose": "Lära av Växjös återbruksverksamhet och innovationspartnerskap.",
            "notes": (
                "Växjö har ett centralt möbellager och en intern webbshop. Lärdom: logistiken "
                "avgör; börja med möbler, ta utrustning sedan."
            ),
            "orgs": [],
            "other": "Värdar från Växjö kommuns återbruksenhet.",
        },
        {
            "kind": "workshop",
            "title": "Workshop med leverantörer: hur löser vi delning mellan kommuner?",
            "starts_at": calendar.at(0.65, 9),
            "ends_at": calendar.at(0.65, 15),
            "location": "Skurups kommunhus",
            "purpose": "Låta leverantörerna pröva behovet och föreslå lösningar tillsammans.",
            "notes": "Tre spår: plattform, logistik, affärsmodell. Se bilagd sammanfattning.",
            "orgs": ["myloc", "hiq", "digitjanst", "logilink", "cirkulera"],
        },
    ]
    for plan in plans:
        if _existing_activity(where, plan["title"]):
            continue
        with calendar.on(plan["ends_at"] + timedelta(hours=1)) as written:
            written.append(_activity_record(officer, anchor, plan, colleagues, suppliers))
    title = "Remiss: utkast till kravspecifikation för delningstjänsten"
    if not _existing_activity(where, title):
        _consultation(officer, anchor, title, colleagues, suppliers, calendar)


def _activity_record(officer, anchor, plan, colleagues, suppliers):
    return services.activity_create(
        created_by=officer,
        anchor=anchor,
        kind=plan["kind"],
        title=plan["title"],
        starts_at=plan["starts_at"],
        ends_at=plan["ends_at"],
        location=plan["location"],
        purpose=plan["purpose"],
        notes=plan["notes"],
        internal_participants=colleagues,
        supplier_organizations=[suppliers[s] for s in plan["orgs"]],
        other_participants=plan.get("other", ""),
    )


def _consultation(officer, anchor, title, colleagues, suppliers, calendar) -> None:
    starts = calendar.at(0.75)
    with calendar.on(starts) as written:
        consultation = services.activity_create(
            created_by=officer,
            anchor=anchor,
            kind="consultation",
            title=title,
            starts_at=starts,
            comments_until=calendar.at(0.95, hour=16),
            purpose="Synpunkter på kravutkastet innan annonsering.",
            internal_participants=colleagues,
            supplier_organizations=[suppliers[s] for s in ["myloc", "hiq", "digitjanst"]],
        )
        sections = [
            services.consultation_section_add(activity=consultation, by=officer, heading=heading)
            for heading in ("1. Funktionella krav", "2. Informationssäkerhet", "3. Avtalsvillkor")
        ]
        written += [consultation, *sections]
    hiq = User.objects.filter(email="supplier@hiq.example").first()
    if hiq:
        with calendar.on(calendar.at(0.85, hour=11)) as written:
            written.append(
                services.consultation_comment_add(
                    section=sections[1],
                    author=hiq,
                    text="Ange vilken nivå av loggning ni kräver; det påverkar priset.",
                )
            )
