"""Demo data for design sprints (runs after procurements). Idempotent: fixed references
and titles, get_or_create everywhere.

The framework agreement with PwC, HiQ and Äventyret (ranked in that order), signed by
Ystad, Trelleborg and Skurup, and call-offs in every state: the first full-scale sprint
(completed, with its two prototypes: schools and building permits), booked, offered,
passed on after silence and a decline, cancelled, no supplier, renewed competition.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from core.calendar import is_working_day
from core.history import acting_as
from organizations.models import Organization, User

from . import services
from .dates import STOCKHOLM, local_today
from .enums import (
    FORMAT_LENGTH,
    CallOffState,
    DayPart,
    DeclineReason,
    OfferState,
    ParticipantRole,
    Route,
    SessionState,
    SprintFormat,
)
from .models import (
    AgreementFormat,
    AgreementPrice,
    AgreementSupplier,
    CallOff,
    FacilitatorTeam,
    FrameworkAgreement,
    Offer,
    Outcome,
    Participant,
    Prototype,
    Room,
    Session,
)

REFERENCE = "RA-SPRINT-2025"
PRICES = {  # supplier slug -> format -> SEK (ceiling prices)
    "pwc": {"five_day": 245000, "three_day": 158000, "one_day": 62000, "half_day": 34000},
    "hiq": {"five_day": 229000, "three_day": 149000, "one_day": 58000, "half_day": 31000},
    "aventyret": {"five_day": 198000, "three_day": 132000, "one_day": 49000, "half_day": 27000},
}
TEAMS = {
    "pwc": [("Innovation Syd", "Karin Lund, Ali Reza"), ("Offentlig sektor Malmö", "Per Ek")],
    "hiq": [("Tjänstedesign", "Emma Holm, Oskar Berg")],
    "aventyret": [("Designsprint", "Anders Ek, Mira Sand")],
}
ROOMS = {
    "ystad": ("Innovationsrummet", "Stadshuset, Stora Östergatan 31, Ystad"),
    "trelleborg": ("Kulturhusets sal 2", "Algatan 13, Trelleborg"),
    "skurup": ("Sessionssalen", "Kommunhuset, Skurup"),
}
FIRST_SPRINT = "Första fullskaliga sprinten: skolans stöd och bygglov"


def _week(weeks_ahead: int) -> list[date]:
    today = local_today()
    monday = today + timedelta(days=7 * weeks_ahead - today.weekday())
    while not all(is_working_day(monday + timedelta(days=i)) for i in range(5)):
        monday += timedelta(days=7)
    return [monday + timedelta(days=i) for i in range(5)]


def _agreement(orgs, suppliers) -> FrameworkAgreement:
    from procurements.models import Contract

    # The agreement runs with the framework contract of the case "Smart digital service på
    # medborgarnas villkor" (the demo's dates follow from it), so no sprint is called off
    # before the contract was signed.
    contract = Contract.objects.filter(
        case__title="Smart digital service på medborgarnas villkor"
    ).first()
    starts = contract.start_date if contract and contract.start_date else date(2025, 3, 1)
    ends = contract.end_date if contract and contract.end_date else date(2027, 2, 28)
    agreement, _created = FrameworkAgreement.objects.get_or_create(
        reference=REFERENCE,
        defaults={
            "title": "Ramavtal Designsprint – facilitering av innovationssprintar",
            "lead_organization": orgs["ystad"],
            "start_date": starts,
            "end_date": max(ends, local_today() + timedelta(days=400)),
            "max_value_sek": Decimal("3000000"),
            "notice_working_days": 10,
            "late_cancellation_percent": 50,
            "response_working_days": 2,
        },
    )
    if (
        agreement.contract_id is None
        and contract
        and not FrameworkAgreement.objects.filter(contract=contract).exists()
    ):
        agreement.contract = contract
        agreement.save(update_fields=["contract", "updated_at"])
    agreement.municipalities.set([orgs["ystad"], orgs["trelleborg"], orgs["skurup"]])
    for sprint_format in SprintFormat:
        days, sessions = FORMAT_LENGTH[sprint_format]
        AgreementFormat.objects.get_or_create(
            agreement=agreement, format=sprint_format, defaults={"days": days, "sessions": sessions}
        )
    for rank, slug in enumerate(["pwc", "hiq", "aventyret"], 1):
        AgreementSupplier.objects.get_or_create(
            agreement=agreement, supplier=suppliers[slug], defaults={"rank": rank}
        )
        for sprint_format, price in PRICES[slug].items():
            AgreementPrice.objects.get_or_create(
                agreement=agreement,
                supplier=suppliers[slug],
                format=sprint_format,
                defaults={"price_sek": Decimal(price)},
            )
    return agreement


def _first_sprint(agreement, orgs, suppliers, teams, rooms, staff) -> None:
    """The completed first full-scale sprint (in the past, so written directly)."""
    if CallOff.objects.filter(agreement=agreement, title=FIRST_SPRINT).exists():
        return
    # About ten weeks into the agreement (and well in the past): a working week.
    monday = min(agreement.start_date + timedelta(days=70), local_today() - timedelta(days=60))
    monday -= timedelta(days=monday.weekday())
    while not all(is_working_day(monday + timedelta(days=i)) for i in range(5)):
        monday += timedelta(days=7)
    days = [monday + timedelta(days=i) for i in range(5)]
    pwc = suppliers["pwc"]
    call_off = CallOff.objects.create(
        agreement=agreement,
        organization=orgs["ystad"],
        created_by=staff,
        reference=f"{REFERENCE}-A001",
        title=FIRST_SPRINT,
        challenge=(
            "Elever och vårdnadshavare hittar inte elevhälsans stöd i tid, och privatpersoner "
            "som söker bygglov skickar in ofullständiga ansökningar. Hur kan kommunen göra "
            "vägen in enkel?"
        ),
        format=SprintFormat.FIVE_DAY,
        start_date=days[0],
        end_date=days[-1],
        room=rooms["ystad"],
        state=CallOffState.COMPLETED,
        ranking=[[suppliers[s].pk, r] for r, s in enumerate(["pwc", "hiq", "aventyret"], 1)],
        prices={str(suppliers[s].pk): str(PRICES[s]["five_day"]) for s in PRICES},
        value_sek=Decimal(PRICES["pwc"]["five_day"]),
        supplier=pwc,
        team=teams["pwc"],
        price_sek=Decimal(PRICES["pwc"]["five_day"]),
    )
    call_off.addressed_to.set([pwc])
    offered = datetime.combine(days[0] - timedelta(days=26), time(10), STOCKHOLM)
    Offer.objects.create(
        call_off=call_off,
        supplier=pwc,
        rank=1,
        price_sek=call_off.price_sek,
        offered_at=offered,
        response_deadline=offered + timedelta(days=2, hours=6),
        state=OfferState.ACCEPTED,
        answered_at=offered + timedelta(hours=5),
        answered_by=User.objects.filter(email="supplier@pwc.example").first(),
    )
    for number, day in enumerate(days, 1):
        Session.objects.create(
            call_off=call_off,
            day_number=number,
            period=(
                datetime.combine(day, time(9), STOCKHOLM),
                datetime.combine(day, time(16), STOCKHOLM),
            ),
            team=teams["pwc"],
            room=rooms["ystad"],
            state=SessionState.CONFIRMED,
        )
    for role, name in [
        (ParticipantRole.DECIDER, "Helena Ystad, skoldirektör"),
        (ParticipantRole.FACILITATOR, "Karin Lund (PwC)"),
        (ParticipantRole.CORE_TEAM, "Anna Nilsson, elevhälsan"),
        (ParticipantRole.CORE_TEAM, "Mats Ek, bygglovshandläggare"),
        (ParticipantRole.CORE_TEAM, "Sara Holm, kommunikatör"),
        (ParticipantRole.EXPERT, "Jonas Berg, IT-arkitekt"),
    ]:
        Participant.objects.create(call_off=call_off, role=role, name=name)
    for slot in range(5):
        Participant.objects.create(
            call_off=call_off,
            role=ParticipantRole.TEST_USER,
            name=f"Testperson {slot + 1}",
            is_citizen=True,
            consent_at=datetime.combine(days[0] - timedelta(days=5), time(12), STOCKHOLM),
            test_slot_start=datetime.combine(days[4], time(9 + slot), STOCKHOLM),
        )
    outcome = Outcome.objects.create(
        call_off=call_off,
        recorded_by=staff,
        sprint_questions=(
            "Hittar eleven rätt stöd inom två klick? Förstår den som söker bygglov vilka "
            "handlingar som behövs innan ansökan skickas?"
        ),
        test_findings=(
            "Fyra av fem elever hittade elevhälsans chatt utan hjälp. Alla fem testpersoner "
            "för bygglov förstod checklistan; två ville se ett exempel på en situationsplan."
        ),
        next_steps=(
            "Pilot av skolprototypen på två skolor under våren; bygglovsguiden tas vidare "
            "till en innovationsupphandling tillsammans med Trelleborg och Skurup."
        ),
    )
    Prototype.objects.create(
        outcome=outcome,
        title="Skolprototyp: elevhälsans digitala ingång",
        description="Klickbar prototyp där elever och vårdnadshavare hittar rätt stöd och "
        "bokar samtal med skolsköterska eller kurator.",
        audience="Elever och vårdnadshavare i Ystads skolor",
        link="https://prototyper.samverka.example/skola-elevhalsa",
    )
    Prototype.objects.create(
        outcome=outcome,
        title="Bygglovsprototyp: guidad ansökan om bygglov",
        description="En guide som frågar sig fram till vilka handlingar ansökan behöver och "
        "visar exempel på ritningar innan den skickas in.",
        audience="Privatpersoner som söker bygglov",
        link="https://prototyper.samverka.example/bygglov-guide",
    )


def _create(staff, agreement, title, **fields):
    existing = CallOff.objects.filter(agreement=agreement, title=title).first()
    if existing:
        return existing, False
    return (
        services.call_off_create(created_by=staff, agreement=agreement, title=title, **fields),
        True,
    )


def seed(stdout=None) -> list[str]:
    orgs = {slug: Organization.objects.get(slug=slug) for slug in ("ystad", "trelleborg", "skurup")}
    suppliers = {slug: Organization.objects.get(slug=slug) for slug in ("pwc", "hiq", "aventyret")}
    supplier_users = {
        slug: User.objects.get(email=f"supplier@{slug}.example") for slug in suppliers
    }
    staff = {slug: User.objects.get(email=f"staff@{slug}.example") for slug in orgs}
    with transaction.atomic(), acting_as(staff["ystad"], reason="demo data"):
        agreement = _agreement(orgs, suppliers)
        teams = {}
        for slug, entries in TEAMS.items():
            for index, (name, members) in enumerate(entries):
                team, _c = FacilitatorTeam.objects.get_or_create(
                    supplier=suppliers[slug], name=name, defaults={"members": members}
                )
                if index == 0:
                    teams[slug] = team
        rooms = {
            slug: Room.objects.get_or_create(
                organization=orgs[slug], name=name, defaults={"address": address, "capacity": 14}
            )[0]
            for slug, (name, address) in ROOMS.items()
        }
        _first_sprint(agreement, orgs, suppliers, teams, rooms, staff["ystad"])

    # Booked (accepted by PwC).
    week = _week(7)
    booked, created = _create(
        staff["trelleborg"],
        agreement,
        "Trygg väg till fritidsgården",
        challenge="Hur kan unga i Trelleborg hitta och våga ta sig till fritidsgårdarna?",
        sprint_format=SprintFormat.THREE_DAY,
        start_date=week[0],
        end_date=week[2],
        room=rooms["trelleborg"],
    )
    if created:
        services.offer_respond(
            offer=booked.offers.get(), by=supplier_users["pwc"], accept=True, team=teams["pwc"]
        )
        services.participant_add(
            call_off=booked,
            by=staff["trelleborg"],
            role=ParticipantRole.DECIDER,
            name="Lars Larsson, förvaltningschef",
            email="decider@trelleborg.example",
        )

    # Offered, waiting for PwC's answer.
    week = _week(9)
    _create(
        staff["ystad"],
        agreement,
        "Snabbare svar i kontaktcenter",
        challenge="Hur kan kontaktcenter svara på vanliga frågor om avfall utan väntetid?",
        sprint_format=SprintFormat.HALF_DAY,
        start_date=week[1],
        end_date=week[1],
        day_part=DayPart.MORNING,
        room=rooms["ystad"],
    )

    # Passed on: PwC silent past the deadline, HiQ declined; Äventyret now has the offer.
    week = _week(11)
    passed, created = _create(
        staff["skurup"],
        agreement,
        "Digital tillsyn av enskilda avlopp",
        challenge="Hur kan fastighetsägare själva rapportera avloppets skick?",
        sprint_format=SprintFormat.ONE_DAY,
        start_date=week[2],
        end_date=week[2],
        room=rooms["skurup"],
    )
    if created:
        first = passed.offers.get()
        past = timezone.now() - timedelta(minutes=1)
        Offer.objects.filter(pk=first.pk).update(response_deadline=past)
        Session.objects.filter(call_off=passed, state=SessionState.HELD).update(
            hold_expires_at=past
        )
        services.call_off_pass_on(call_off_id=passed.pk)
        services.offer_respond(
            offer=passed.offers.get(state=OfferState.PENDING),
            by=supplier_users["hiq"],
            accept=False,
            decline_reason=DeclineReason.NO_CAPACITY,
            note="Båda våra facilitatorer är bokade den veckan.",
        )
        services.call_off_pass_on(call_off_id=passed.pk)

    # Cancelled before the cut-off (no cost).
    week = _week(13)
    cancelled, created = _create(
        staff["ystad"],
        agreement,
        "Äldreomsorgens nattbemanning",
        challenge="Hur kan nattpersonalen få stöd av digital tillsyn?",
        sprint_format=SprintFormat.ONE_DAY,
        start_date=week[3],
        end_date=week[3],
        room=rooms["ystad"],
    )
    if created:
        services.offer_respond(offer=cancelled.offers.get(), by=supplier_users["pwc"], accept=True)
        services.call_off_cancel(
            call_off=cancelled,
            by=staff["ystad"],
            reason="Frågan tas i stället i regional samverkan.",
        )

    # No supplier: everyone declined.
    week = _week(15)
    nobody, created = _create(
        staff["skurup"],
        agreement,
        "Vinterväghållning med sensorer",
        challenge="Hur vet vi var det är halt innan medborgarna ringer?",
        sprint_format=SprintFormat.ONE_DAY,
        start_date=week[0],
        end_date=week[0],
    )
    if created:
        for slug, reason in (
            ("pwc", DeclineReason.CONFLICT_OF_INTEREST),
            ("hiq", DeclineReason.NO_CAPACITY),
            ("aventyret", DeclineReason.FORCE_MAJEURE),
        ):
            services.offer_respond(
                offer=nobody.offers.get(state=OfferState.PENDING),
                by=supplier_users[slug],
                accept=False,
                decline_reason=reason,
            )
            services.call_off_pass_on(call_off_id=nobody.pk)

    # Renewed competition, answers sealed until the deadline.
    week = _week(17)
    competition, created = _create(
        staff["trelleborg"],
        agreement,
        "Hamnens framtida mötesplatser",
        challenge="Hur kan hamnområdet bli en mötesplats året runt?",
        sprint_format=SprintFormat.FIVE_DAY,
        start_date=week[0],
        end_date=week[4],
        route=Route.COMPETITION,
        competition_deadline=timezone.now() + timedelta(days=7),
        criteria="Pris 40 %, upplägg och teamets erfarenhet 60 %.",
        price_weight=40,
    )
    if created:
        for slug, price, approach in (
            ("pwc", Decimal("239000"), "Två facilitatorer med erfarenhet av stadsutveckling."),
            ("aventyret", Decimal("189000"), "Sprint med medborgartester på plats i hamnen."),
        ):
            services.competition_answer_submit(
                call_off=competition,
                by=supplier_users[slug],
                price_sek=price,
                approach=approach,
                team=teams[slug],
            )
    if stdout:
        stdout.write(f"  sprints: {CallOff.objects.filter(agreement=agreement).count()} call-offs")
    return []
