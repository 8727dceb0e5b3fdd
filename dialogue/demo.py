"""Demo data for the market dialogue (idempotent; runs after procurements' demo).

The sharing-service RFI of Innovationsupphandling Syd answered by eight suppliers,
supplier meetings, a workshop, the whole-day visit to another municipality and a
consultation round, attached to case UPH 2024/0012 (or its challenge before the case
exists).
"""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from needs.models import Challenge
from organizations.models import Organization, User
from procurements.models import ProcurementCase

from . import services
from .models import Clarification, DialogueActivity, Rfi, RfiResponse, SupplierProfile

CASE_REFERENCE = "UPH 2024/0012"
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
    case = ProcurementCase.objects.filter(lead_organization=ystad, reference=CASE_REFERENCE).first()
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
        reference=CASE_REFERENCE,
        responsible_officer=officer,
    )


def _at(days_ago: int, hour: int = 9, minute: int = 0) -> datetime:
    day = timezone.localdate() - timedelta(days=days_ago)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _existing_activity(anchor_where: dict, title: str):
    return DialogueActivity.objects.filter(title=title, **anchor_where).first()


@transaction.atomic
def seed(stdout=None) -> list[str]:
    officer = User.objects.get(email="officer@ystad.example")
    ystad = Organization.objects.get(slug="ystad")
    suppliers = {o.slug: o for o in Organization.objects.filter(slug__in=SUPPLIER_AREAS)}
    for slug, codes in SUPPLIER_AREAS.items():
        profile, _ = SupplierProfile.objects.get_or_create(organization=suppliers[slug])
        if not profile.cpv_codes.exists():
            profile.cpv_codes.set(codes)

    anchor = _anchor(officer, ystad)
    where = {"case": anchor} if isinstance(anchor, ProcurementCase) else {"challenge": anchor}
    _seed_rfi(officer, anchor, where, suppliers)
    _seed_activities(officer, anchor, where, suppliers)
    if stdout:
        stdout.write(f"  dialogue attached to: {anchor}")
    return []


def _seed_rfi(officer, anchor, where, suppliers) -> None:
    if Rfi.objects.filter(title=RFI_TITLE, **where).exists():
        return
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
        deadline=timezone.now() + timedelta(days=1),
        invitation_mode="chosen",
        chosen_suppliers=list(suppliers.values()),
    )
    questions = [
        services.rfi_question_add(
            rfi=rfi, by=officer, text=text, kind=kind, choices=choices, required=required
        )
        for text, kind, choices, required in QUESTIONS
    ]
    rfi = services.rfi_publish(rfi=rfi, by=officer)
    users = {s: User.objects.filter(email=f"supplier@{s}.example").first() for s in ANSWERING}
    asked = services.clarification_ask(
        rfi=rfi,
        user=users["hiq"],
        question="Ska tjänsten kunna hantera försäljning mellan kommuner, eller bara lån?",
    )
    services.clarification_answer(
        clarification=asked,
        by=officer,
        answer="Båda. Beskriv gärna hur ni hanterar internfakturering.",
    )
    asked = services.clarification_ask(
        rfi=rfi,
        user=users["kodkraft"],
        question="Finns det krav på inloggning med e-legitimation?",
    )
    services.clarification_answer(
        clarification=asked, by=officer, answer="Inte i detta skede; beskriv vad ni föreslår."
    )
    for slug in ANSWERING:
        user = users[slug]
        if user is None or RfiResponse.objects.filter(rfi=rfi, supplier=user.organization).exists():
            continue
        text, single, multiple, number, risks = ANSWERS[slug]
        services.rfi_response_save(
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
    # The RFI ran in the spring: move its dates into the past.
    published = _at(120)
    Rfi.objects.filter(pk=rfi.pk).update(published_at=published, deadline=_at(90, 12))
    RfiResponse.objects.filter(rfi=rfi).update(submitted_at=_at(95, 15))
    Clarification.objects.filter(rfi=rfi).update(created_at=_at(110), published_at=_at(108))


def _seed_activities(officer, anchor, where, suppliers) -> None:
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
            "starts_at": _at(140, 10),
            "ends_at": _at(140, 11, 30),
            "location": "Ystad stadshus och Teams",
            "purpose": "Förstå vad som redan finns på marknaden för delning av möbler.",
            "notes": "Plattformen hanterar lager och annonser; internfakturering saknas.",
            "orgs": ["myloc"],
        },
        {
            "kind": "supplier_meeting",
            "title": "Leverantörsmöte: HiQ och Kodkraft om öppen källkod",
            "starts_at": _at(135, 13),
            "ends_at": _at(135, 15),
            "location": "Teams",
            "purpose": "Diskutera egenutveckling jämfört med färdig tjänst.",
            "notes": "Båda lyfte vikten av att kunna exportera data.",
            "orgs": ["hiq", "kodkraft"],
        },
        {
            "kind": "visit",
            "title": "Heldag hos Växjö kommun: så delar de möbler och utrustning",
            "starts_at": _at(130, 8, 30),
            "ends_at": _at(130, 16, 30),
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
            "starts_at": _at(100, 9),
            "ends_at": _at(100, 15),
            "location": "Skurups kommunhus",
            "purpose": "Låta leverantörerna pröva behovet och föreslå lösningar tillsammans.",
            "notes": "Tre spår: plattform, logistik, affärsmodell. Se bilagd sammanfattning.",
            "orgs": ["myloc", "hiq", "digitjanst", "logilink", "cirkulera"],
        },
    ]
    for plan in plans:
        if _existing_activity(where, plan["title"]):
            continue
        services.activity_create(
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
    title = "Remiss: utkast till kravspecifikation för delningstjänsten"
    if not _existing_activity(where, title):
        consultation = services.activity_create(
            created_by=officer,
            anchor=anchor,
            kind="consultation",
            title=title,
            starts_at=timezone.now() - timedelta(days=2),
            comments_until=timezone.now() + timedelta(days=12),
            purpose="Synpunkter på kravutkastet innan annonsering.",
            internal_participants=colleagues,
            supplier_organizations=[suppliers[s] for s in ["myloc", "hiq", "digitjanst"]],
        )
        sections = [
            services.consultation_section_add(activity=consultation, by=officer, heading=heading)
            for heading in ("1. Funktionella krav", "2. Informationssäkerhet", "3. Avtalsvillkor")
        ]
        hiq = User.objects.filter(email="supplier@hiq.example").first()
        if hiq:
            services.consultation_comment_add(
                section=sections[1],
                author=hiq,
                text="Ange vilken nivå av loggning ni kräver; det påverkar priset.",
            )
