"""Demo data for design sprints (runs after procurements). Idempotent: fixed references
and titles, get_or_create everywhere.

The framework agreement with PwC, HiQ and Äventyret (ranked in that order), signed by
Ystad, Trelleborg and Skurup, and call-offs in every state: the first full-scale sprint
(completed, with its two prototypes: schools and building permits), a completed sprint on
booking premises whose outcome led to the booking procurement case, booked, offered,
passed on after silence and a decline, cancelled, no supplier, renewed competition.

On the one Syd year (core.demo_clock): the agreement starts with the framework contract
(its `signed_on` and start read from the database, the case found by its title), the
completed sprints lie after it and in the past (their sessions confirmed, their outcomes
written two days after the last session, the booking sprint's before its case opened),
the open call-offs are made today through the services for the weeks ahead.
"""

from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from core.calendar import is_working_day
from core.demo_clock import backdate_history, demo_date, demo_moment, happening
from core.history import acting_as
from organizations.models import Organization, User
from procurements.enums import ContractKind

from . import dates, services
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
FRAMEWORK_CASE = "Smart digital service på medborgarnas villkor"  # its framework contract
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


def _framework_contract():
    """The framework contract of the design-sprint case, found by the case's title."""
    from procurements.models import Contract

    return (
        Contract.objects.filter(case__title=FRAMEWORK_CASE, kind=ContractKind.FRAMEWORK)
        .order_by("pk")
        .first()
    )


def _agreement(orgs, suppliers) -> FrameworkAgreement:
    # The agreement runs with the framework contract of the design-sprint case (the demo's
    # dates follow from it, read from the database), so no sprint is called off before
    # the contract was signed.
    contract = _framework_contract()
    signed = contract.signed_on if contract and contract.signed_on else None
    starts = contract.start_date if contract and contract.start_date else None
    starts = starts or signed or demo_date(-240)
    ends = contract.end_date if contract and contract.end_date else starts + timedelta(days=730)
    agreement, created = FrameworkAgreement.objects.get_or_create(
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
    if created:  # registered in Samverka the day after the signing
        registered = _moment((signed or starts) + timedelta(days=1), 10)
        FrameworkAgreement.objects.filter(pk=agreement.pk).update(
            created_at=registered, updated_at=registered
        )
        backdate_history(agreement, registered)
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


# The completed sprints: the first full-scale one about ten weeks into the agreement, and
# one whose outcome led to the booking case (held six weeks before that case opened, read
# from the database; the booking case opens well after the framework is signed).
FIRST_SPRINT_WEEKS_IN = 10
BOOKING_SPRINT = "Boka lokaler och utrustning utan krångel"
BOOKING_CASE = "Digital bokning av lokaler och utrustning"
BOOKING_SPRINT_DAYS_BEFORE_CASE = 42
COMPLETED = [
    {
        "title": FIRST_SPRINT,
        "organization": "ystad",
        "format": SprintFormat.FIVE_DAY,
        "challenge": (
            "Elever och vårdnadshavare hittar inte elevhälsans stöd i tid, och privatpersoner "
            "som söker bygglov skickar in ofullständiga ansökningar. Hur kan kommunen göra "
            "vägen in enkel?"
        ),
        "need_challenge": "Digitala bygglov",
        "people": [
            (ParticipantRole.DECIDER, "Helena Ystad, skoldirektör"),
            (ParticipantRole.FACILITATOR, "Karin Lund (PwC)"),
            (ParticipantRole.CORE_TEAM, "Anna Nilsson, elevhälsan"),
            (ParticipantRole.CORE_TEAM, "Mats Ek, bygglovshandläggare"),
            (ParticipantRole.CORE_TEAM, "Sara Holm, kommunikatör"),
            (ParticipantRole.EXPERT, "Jonas Berg, IT-arkitekt"),
        ],
        "test_users": 5,
        "outcome": (
            "Hittar eleven rätt stöd inom två klick? Förstår den som söker bygglov vilka "
            "handlingar som behövs innan ansökan skickas?",
            "Fyra av fem elever hittade elevhälsans chatt utan hjälp. Alla fem testpersoner "
            "för bygglov förstod checklistan; två ville se ett exempel på en situationsplan.",
            "Pilot av skolprototypen på två skolor under våren; bygglovsguiden tas vidare "
            "till en innovationsupphandling tillsammans med Trelleborg och Skurup.",
        ),
        "prototypes": [
            (
                "Skolprototyp: elevhälsans digitala ingång",
                "Klickbar prototyp där elever och vårdnadshavare hittar rätt stöd och "
                "bokar samtal med skolsköterska eller kurator.",
                "Elever och vårdnadshavare i Ystads skolor",
                "https://prototyper.samverka.example/skola-elevhalsa",
            ),
            (
                "Bygglovsprototyp: guidad ansökan om bygglov",
                "En guide som frågar sig fram till vilka handlingar ansökan behöver och "
                "visar exempel på ritningar innan den skickas in.",
                "Privatpersoner som söker bygglov",
                "https://prototyper.samverka.example/bygglov-guide",
            ),
        ],
    },
    {
        "title": BOOKING_SPRINT,
        "organization": "trelleborg",
        "format": SprintFormat.THREE_DAY,
        "challenge": (
            "Föreningar och förvaltningar vet inte vilka lokaler och vilken utrustning som "
            "är lediga, och bokningar görs på telefon och i listor. Hur kan det bli lika "
            "enkelt att boka som att låna en bok?"
        ),
        "case": BOOKING_CASE,
        "people": [
            (ParticipantRole.DECIDER, "Lars Larsson, förvaltningschef"),
            (ParticipantRole.FACILITATOR, "Karin Lund (PwC)"),
            (ParticipantRole.CORE_TEAM, "Nora Lind, fritidsenheten"),
            (ParticipantRole.CORE_TEAM, "Erik Sjö, fastighetsförvaltare"),
        ],
        "test_users": 3,
        "outcome": (
            "Kan en förening se lediga tider och boka en lokal utan att ringa?",
            "Alla tre testpersoner hittade en ledig sal; två saknade att kunna boka "
            "projektor och högtalare i samma steg.",
            "Kraven från sprinten blir underlag för en gemensam upphandling av ett digitalt "
            "bokningssystem för lokaler och utrustning.",
        ),
        "prototypes": [
            (
                "Bokningsprototyp: lediga lokaler och utrustning",
                "Klickbar prototyp där föreningar ser lediga tider och bokar lokal och "
                "utrustning i ett steg.",
                "Föreningar och förvaltningar i Trelleborg",
                "https://prototyper.samverka.example/bokning",
            ),
        ],
    },
]


def _moment(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), STOCKHOLM)


def _working_week(monday: date, days: int) -> list[date]:
    """`days` working days from the Monday of `monday`'s week on (a week with a holiday
    moves on a week)."""
    monday -= timedelta(days=monday.weekday())
    while not all(is_working_day(monday + timedelta(days=i)) for i in range(days)):
        monday += timedelta(days=7)
    return [monday + timedelta(days=i) for i in range(days)]


def _case_opened(title: str) -> date | None:
    from procurements.models import ProcurementCase

    case = ProcurementCase.objects.filter(title=title).order_by("pk").first()
    return timezone.localdate(case.created_at) if case else None


def _completed_sprints(agreement, orgs, suppliers, teams, rooms, staff) -> None:
    """The completed sprints (in the past, so written directly), each on the calendar:
    the first ten weeks into the agreement, the booking sprint six weeks before the booking
    case opened (when that is after the first; otherwise a month after the first, unlinked)."""
    first = _working_week(
        min(
            agreement.start_date + timedelta(weeks=FIRST_SPRINT_WEEKS_IN),
            local_today() - timedelta(days=60),
        ),
        FORMAT_LENGTH[COMPLETED[0]["format"]][0],
    )
    _completed_sprint(agreement, COMPLETED[0], first, orgs, suppliers, teams, rooms, staff)
    spec = COMPLETED[1]
    opened = _case_opened(spec["case"])
    week = opened and _working_week(
        opened - timedelta(days=BOOKING_SPRINT_DAYS_BEFORE_CASE), FORMAT_LENGTH[spec["format"]][0]
    )
    if (
        not week
        or week[0] < first[-1] + timedelta(days=14)
        or week[-1] + timedelta(days=3) >= opened
    ):
        spec = {**spec, "case": None}
        week = _working_week(first[-1] + timedelta(days=35), FORMAT_LENGTH[spec["format"]][0])
    _completed_sprint(agreement, spec, week, orgs, suppliers, teams, rooms, staff)


def _completed_sprint(agreement, spec, days, orgs, suppliers, teams, rooms, staff) -> None:
    """A completed sprint on `days`: offered to PwC four weeks ahead and accepted the same
    day, its sessions held on those days, its outcome written two days after the last."""
    from needs.models import Challenge
    from procurements.models import ProcurementCase

    if CallOff.objects.filter(agreement=agreement, title=spec["title"]).exists():
        return
    pwc, organization = suppliers["pwc"], orgs[spec["organization"]]
    by = staff[spec["organization"]]
    sprint_format = spec["format"]
    offered = _moment(days[0] - timedelta(days=26), 10)
    answered = offered + timedelta(hours=5)
    completed = _moment(days[-1], 16)
    written = _moment(days[-1] + timedelta(days=2), 10)
    price = Decimal(PRICES["pwc"][sprint_format])
    call_off = CallOff.objects.create(
        agreement=agreement,
        organization=organization,
        created_by=by,
        reference=f"{REFERENCE}-A{agreement.call_offs.count() + 1:03d}",
        title=spec["title"],
        challenge=spec["challenge"],
        format=sprint_format,
        start_date=days[0],
        end_date=days[-1],
        room=rooms[spec["organization"]],
        state=CallOffState.COMPLETED,
        ranking=[[suppliers[s].pk, r] for r, s in enumerate(["pwc", "hiq", "aventyret"], 1)],
        prices={str(suppliers[s].pk): str(PRICES[s][sprint_format]) for s in PRICES},
        value_sek=price,
        supplier=pwc,
        team=teams["pwc"],
        price_sek=price,
    )
    call_off.addressed_to.set([pwc])
    _dated(call_off, offered, completed)
    offer = Offer.objects.create(
        call_off=call_off,
        supplier=pwc,
        rank=1,
        price_sek=price,
        offered_at=offered,
        response_deadline=offered + timedelta(days=2, hours=6),
        state=OfferState.ACCEPTED,
        answered_at=answered,
        answered_by=User.objects.filter(email="supplier@pwc.example").first(),
    )
    _dated(offer, offered, answered)
    for number, day in enumerate(days, 1):
        session = Session.objects.create(
            call_off=call_off,
            day_number=number,
            period=(_moment(day, 9), _moment(day, 16)),
            team=teams["pwc"],
            room=rooms[spec["organization"]],
            state=SessionState.CONFIRMED,
        )
        _dated(session, answered, answered)
    prepared = answered + timedelta(days=1)
    for role, name in spec["people"]:
        _dated(Participant.objects.create(call_off=call_off, role=role, name=name), prepared)
    for slot in range(spec["test_users"]):
        participant = Participant.objects.create(
            call_off=call_off,
            role=ParticipantRole.TEST_USER,
            name=f"Testperson {slot + 1}",
            is_citizen=True,
            consent_at=_moment(days[0] - timedelta(days=5), 12),
            test_slot_start=_moment(days[-1], 9 + slot),
        )
        _dated(participant, prepared)
    questions, findings, next_steps = spec["outcome"]
    outcome = Outcome.objects.create(
        call_off=call_off,
        recorded_by=by,
        sprint_questions=questions,
        test_findings=findings,
        next_steps=next_steps,
        challenge=Challenge.objects.filter(title=spec.get("need_challenge", "")).first(),
        procurement_case=ProcurementCase.objects.filter(title=spec.get("case") or "")
        .order_by("pk")
        .first(),
    )
    _dated(outcome, written)
    for title, description, audience, link in spec["prototypes"]:
        prototype = Prototype.objects.create(
            outcome=outcome, title=title, description=description, audience=audience, link=link
        )
        _dated(prototype, written)


def _dated(obj, created, last=None) -> None:
    """Demo-only: the row created at `created` (its auto stamps), its history at `last`
    (the moment of the state the row was written in), default `created`."""
    type(obj).objects.filter(pk=obj.pk).update(created_at=created, updated_at=last or created)
    backdate_history(obj, last or created)


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
        _completed_sprints(agreement, orgs, suppliers, teams, rooms, staff)

    _coming(agreement, staff, supplier_users, teams, rooms)
    if stdout:
        stdout.write(f"  sprints: {CallOff.objects.filter(agreement=agreement).count()} call-offs")
    return []


@contextmanager
def _step(moment: datetime, call_off: CallOff | None = None):
    """One step of a coming sprint at `moment` (the clock moved, see core.demo_clock): the
    history the step wrote for the call-off, its offers, sessions and participants is
    dated to it. Yields a list for the call-off a step creates."""
    written = [call_off] if call_off is not None else []
    with happening(moment):
        yield written
    for call_off in written:
        for obj in [
            call_off,
            *call_off.offers.all(),
            *call_off.sessions.all(),
            *call_off.participants.all(),
            *call_off.competition_answers.all(),
        ]:
            backdate_history(obj, moment)


def _offered_long_enough_ago(organization, agreement) -> datetime:
    """A morning late enough that the second supplier, offered when the first one's answer
    time ran out, still has time to answer today, and early enough that the first one's
    time has run out (the answer times count working days, so the day depends on the
    weekday the demo is seeded)."""
    now = timezone.now()
    today = local_today()
    closed = dates.closure_dates(organization, today - timedelta(30), today + timedelta(60))
    for days in range(2, 30):
        offered = demo_moment(-days, hour=9)
        first_deadline = dates.response_deadline(
            offered, agreement.response_working_days, closed=closed
        )
        passed_on = first_deadline + timedelta(hours=1)
        second_deadline = dates.response_deadline(
            passed_on, agreement.response_working_days, closed=closed
        )
        if passed_on < now - timedelta(hours=1) < second_deadline - timedelta(hours=4):
            return offered
    raise RuntimeError("no working days around the seeding day")  # pragma: no cover


def _coming(agreement, staff, supplier_users, teams, rooms) -> None:
    """The call-offs of the coming weeks, each made and answered over the last weeks
    through the services at their own moments: booked, offered (waiting for PwC),
    passed on twice (Äventyret now has the offer), cancelled before the cut-off, no
    supplier (everyone declined) and a renewed competition with sealed answers."""
    weeks = {n: _week(n) for n in (7, 9, 11, 13, 15, 17)}

    def create(moment, by, title, **fields):
        with _step(moment) as written:
            call_off, created = _create(by, agreement, title, **fields)
            written.append(call_off)
        return call_off, created

    # Booked: made three weeks ago, accepted by PwC the day after, the decider added.
    booked, created = create(
        demo_moment(-21, hour=10),
        staff["trelleborg"],
        "Trygg väg till fritidsgården",
        challenge="Hur kan unga i Trelleborg hitta och våga ta sig till fritidsgårdarna?",
        sprint_format=SprintFormat.THREE_DAY,
        start_date=weeks[7][0],
        end_date=weeks[7][2],
        room=rooms["trelleborg"],
    )
    if created:
        with _step(demo_moment(-20, hour=11), booked):
            services.offer_respond(
                offer=booked.offers.get(), by=supplier_users["pwc"], accept=True, team=teams["pwc"]
            )
        with _step(demo_moment(-19, hour=14), booked):
            services.participant_add(
                call_off=booked,
                by=staff["trelleborg"],
                role=ParticipantRole.DECIDER,
                name="Lars Larsson, förvaltningschef",
                email="decider@trelleborg.example",
            )

    # Offered an hour ago, waiting for PwC's answer.
    create(
        timezone.now() - timedelta(hours=1),
        staff["ystad"],
        "Snabbare svar i kontaktcenter",
        challenge="Hur kan kontaktcenter svara på vanliga frågor om avfall utan väntetid?",
        sprint_format=SprintFormat.HALF_DAY,
        start_date=weeks[9][1],
        end_date=weeks[9][1],
        day_part=DayPart.MORNING,
        room=rooms["ystad"],
    )

    # Passed on: PwC silent past its answer time, HiQ declined within the hour;
    # Äventyret now has the offer.
    passed, created = create(
        _offered_long_enough_ago(staff["skurup"].organization, agreement),
        staff["skurup"],
        "Digital tillsyn av enskilda avlopp",
        challenge="Hur kan fastighetsägare själva rapportera avloppets skick?",
        sprint_format=SprintFormat.ONE_DAY,
        start_date=weeks[11][2],
        end_date=weeks[11][2],
        room=rooms["skurup"],
    )
    if created:
        ran_out = passed.offers.get().response_deadline + timedelta(minutes=5)
        with _step(ran_out, passed):
            services.call_off_pass_on(call_off_id=passed.pk)
        with _step(ran_out + timedelta(minutes=55), passed):
            services.offer_respond(
                offer=passed.offers.get(state=OfferState.PENDING),
                by=supplier_users["hiq"],
                accept=False,
                decline_reason=DeclineReason.NO_CAPACITY,
                note="Båda våra facilitatorer är bokade den veckan.",
            )
            services.call_off_pass_on(call_off_id=passed.pk)

    # Cancelled before the cut-off (no cost): booked two weeks ago, cancelled last week.
    cancelled, created = create(
        demo_moment(-16, hour=10),
        staff["ystad"],
        "Äldreomsorgens nattbemanning",
        challenge="Hur kan nattpersonalen få stöd av digital tillsyn?",
        sprint_format=SprintFormat.ONE_DAY,
        start_date=weeks[13][3],
        end_date=weeks[13][3],
        room=rooms["ystad"],
    )
    if created:
        with _step(demo_moment(-15, hour=13), cancelled):
            services.offer_respond(
                offer=cancelled.offers.get(), by=supplier_users["pwc"], accept=True
            )
        with _step(demo_moment(-6, hour=9), cancelled):
            services.call_off_cancel(
                call_off=cancelled,
                by=staff["ystad"],
                reason="Frågan tas i stället i regional samverkan.",
            )

    # No supplier: each declined on the day it was offered.
    nobody, created = create(
        demo_moment(-12, hour=9),
        staff["skurup"],
        "Vinterväghållning med sensorer",
        challenge="Hur vet vi var det är halt innan medborgarna ringer?",
        sprint_format=SprintFormat.ONE_DAY,
        start_date=weeks[15][0],
        end_date=weeks[15][0],
    )
    if created:
        for hour, (slug, reason) in enumerate(
            (
                ("pwc", DeclineReason.CONFLICT_OF_INTEREST),
                ("hiq", DeclineReason.NO_CAPACITY),
                ("aventyret", DeclineReason.FORCE_MAJEURE),
            ),
            start=10,
        ):
            with _step(demo_moment(-12, hour=hour), nobody):
                services.offer_respond(
                    offer=nobody.offers.get(state=OfferState.PENDING),
                    by=supplier_users[slug],
                    accept=False,
                    decline_reason=reason,
                )
                services.call_off_pass_on(call_off_id=nobody.pk)

    # Renewed competition, made three days ago; answers sealed until the deadline.
    made = demo_moment(-3, hour=9)
    competition, created = create(
        made,
        staff["trelleborg"],
        "Hamnens framtida mötesplatser",
        challenge="Hur kan hamnområdet bli en mötesplats året runt?",
        sprint_format=SprintFormat.FIVE_DAY,
        start_date=weeks[17][0],
        end_date=weeks[17][4],
        route=Route.COMPETITION,
        competition_deadline=made + timedelta(days=10),
        criteria="Pris 40 %, upplägg och teamets erfarenhet 60 %.",
        price_weight=40,
    )
    if created:
        for days, (slug, price, approach) in zip(
            (2, 1),
            (
                ("pwc", Decimal("239000"), "Två facilitatorer med erfarenhet av stadsutveckling."),
                ("aventyret", Decimal("189000"), "Sprint med medborgartester på plats i hamnen."),
            ),
            strict=True,
        ):
            with _step(demo_moment(-days, hour=15), competition):
                services.competition_answer_submit(
                    call_off=competition,
                    by=supplier_users[slug],
                    price_sek=price,
                    approach=approach,
                    team=teams[slug],
                )
