"""Demo procurement cases, one or more in every stage, modelled on Innovationsupphandling
Syd, on the demo's one calendar (core/demo_clock.py): every case opens, is published,
awarded, signed, followed up and closed within the Syd year (days -365 .. 0; a deadline
or a standstill may run into the weeks after it). Each step runs at its own moment, so
the dates are the ones the services write, and the reference number is allocated by the
service in the year the case opened (cases are opened in date order, so the numbers of a
year follow it). Idempotent: a case whose title exists for its lead municipality is left
alone.
"""

import math
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

import time_machine
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from core.calendar import next_working_day
from core.demo_clock import backdate_history, demo_date, demo_moment, demo_today, pinned
from core.models import CpvCode
from organizations.models import Organization, User

from . import demo_hooks, services
from .enums import ContractKind, DecisionKind, DecisionStatus, OpeningKind, Procedure, Stage
from .models import (
    Bid,
    DelegationEntry,
    ParticipationRequest,
    ProcurementCase,
)

DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
TENDER_DAYS = 40  # publication → deadline for every demo tender (more than any minimum)
DIALOGUE_AFTER = 14  # opening → the dialogue stage; the tender is prepared a week before
PREPARED_BEFORE = 7  # publication (so a case is published at least 22 days after it opened)
REQUEST_DAYS = 5  # publication → deadline for requests to participate (selection stage)
ORDER = [
    Stage.NEED,
    Stage.DIALOGUE,
    Stage.TENDER,
    Stage.EVALUATION,
    Stage.AWARD,
    Stage.CONTRACT,
    Stage.FOLLOW_UP,
    Stage.CLOSED,
]


@dataclass
class Spec:
    title: str
    stage: str
    lead: str = "ystad"
    participants: tuple = ("trelleborg", "skurup", "tomelilla")
    procedure: str = Procedure.OPEN
    effects: str = ""
    value: int = 1_000_000
    challenge: str = ""
    bids: list = field(default_factory=list)  # (supplier slug, text, price)
    winners: tuple = ()
    contract: dict | None = None
    indicators: list = field(default_factory=list)  # (name, unit, baseline, target, [values])
    cancel_at: str = ""
    cancellation: tuple = ("", "")
    lessons: str = ""
    questions: list = field(default_factory=list)  # (supplier slug, question, answer or "")
    # Procedures with a selection stage: who asks to participate, who is invited (and
    # tenders), and whether the requests are still sealed (the case waits for them).
    requests: tuple = ()
    invited: tuple = ()
    requests_sealed: bool = False
    negotiate: bool = False  # one round of revised tenders, then final tenders
    cpv: tuple = ()  # CPV codes with check digit, the first is the main one
    # The case's calendar, in days from the day the demo is seeded (negative: in the past,
    # see core/demo_clock.py): opened, tender published, award decided. Every other date
    # follows from these (see `_build`); effects are measured these days after the
    # contract started.
    market_dialogue: bool = False  # the dialogue app's demo (RFI, meetings) runs in it
    opened: int = -30
    published: int = 0
    awarded: int = 0
    measured: tuple = (60, 140)


SPECS = [
    Spec(
        "Digital tjänst för delning av resurser mellan kommuner",
        Stage.FOLLOW_UP,
        procedure=Procedure.NEGOTIATED,
        effects="Fler möbler och mer utrustning återbrukas mellan kommunerna; färre nyinköp "
        "och lägre klimatpåverkan.",
        value=2_400_000,
        challenge="delning",
        bids=[
            ("myloc", "Myloc återbruksportal anpassad för kommunsamverkan.", 1_850_000),
            ("cirkulera", "Cirkulär möbelplattform med logistikstöd.", 2_200_000),
            ("digitjanst", "Egenutvecklad delningstjänst.", 2_600_000),
        ],
        winners=("myloc",),
        requests=("myloc", "cirkulera", "digitjanst"),
        invited=("myloc", "cirkulera"),
        negotiate=True,
        contract={
            "title": "Avtal om digital delningstjänst",
            "signing": ("ystad", "trelleborg", "skurup", "tomelilla"),
            "years": 3,
            "extension": "1 + 1 år",
        },
        indicators=[
            ("Återbrukade möbler per år", "st", 0, 500, [180, 410]),
            ("Undvikna nyinköp", "kSEK", 0, 1500, [620, 1240]),
        ],
        cpv=("48000000-8", "72212000-4", "39150000-8"),
        market_dialogue=True,
        opened=-330,
        published=-250,
        awarded=-185,
    ),
    Spec(
        "Rena och torra golv i förskolan",
        Stage.CANCELLED,
        effects="Torrare och renare golv där barnen leker; färre halkolyckor.",
        cpv=("90919200-4", "39713400-7"),
        opened=-322,
        value=600_000,
        challenge="golv",
        cancel_at=Stage.DIALOGUE,
        cancellation=(
            "Den tidiga dialogen visade att inga lösningar fanns som klarade både "
            "hygienkrav och barnens lek på golvet inom budget.",
            "Involvera förskolepersonal och städorganisation redan i behovsanalysen; "
            "pröva en förkommersiell upphandling när marknaden är omogen. Ett avbrutet "
            "ärende är också ett resultat.",
        ),
    ),
    Spec(
        "Smart digital service på medborgarnas villkor",
        Stage.CONTRACT,
        effects="Medborgare får service digitalt när de vill; kommunerna tar fram tjänster "
        "tillsammans i designsprintar.",
        value=3_000_000,
        challenge="digital service",
        bids=[
            ("pwc", "Designsprintar med tjänstedesign och juridik.", 1_200_000),
            ("hiq", "Sprintar med utvecklare och UX.", 1_100_000),
            ("aventyret", "Kommunikation och användartester.", 900_000),
            ("kodkraft", "Utvecklingsteam.", 1_500_000),
        ],
        winners=("pwc", "hiq", "aventyret"),
        contract={
            "title": "Ramavtal designsprintar",
            "kind": ContractKind.FRAMEWORK,
            "signing": ("ystad", "trelleborg", "skurup"),
            "options": ("tomelilla",),
            "years": 2,
            "extension": "1 + 1 år",
        },
        cpv=("79415200-8", "72000000-5"),
        opened=-328,
        published=-305,
        awarded=-258,
    ),
    Spec(
        "Sensorstöd för fallprevention i särskilt boende",
        Stage.CONTRACT,
        procedure=Procedure.INNOVATION_PARTNERSHIP,
        effects="Färre fallolyckor bland de boende; personalen larmas innan ett fall sker.",
        value=4_000_000,
        bids=[
            ("kodkraft", "Radarsensorer med AI-analys av rörelsemönster.", 3_200_000),
            ("digitjanst", "Golvsensorer kopplade till larmsystemet.", 3_600_000),
        ],
        winners=("kodkraft",),
        requests=("kodkraft", "digitjanst", "stadkraft"),
        invited=("kodkraft", "digitjanst"),
        contract={
            "title": "Innovationspartnerskap sensorstöd",
            "signing": ("ystad", "trelleborg"),
            "years": 4,
            "extension": "4 + 1 år",
            "extended_until_years": 5,
            # Each phase's go/no-go milestone: days after the contract's start (an int), or
            # on the demo calendar (a str: "+3" is three days after the seeding day; the
            # second waits for the decision-maker), and how many have been decided.
            "milestones": (120, "+3", "+45"),
            "decided": 1,
        },
        cpv=("33196200-2", "48000000-8"),
        opened=-300,
        published=-230,
        awarded=-170,
    ),
    Spec(
        "Välfärdsteknik för nattillsyn",
        Stage.NEED,
        effects="Tryggare nätter för brukare, färre störande besök.",
        cpv=("33196200-2", "35120000-1"),
        opened=-30,
    ),
    Spec(
        "Cirkulära möbelflöden mellan förvaltningar",
        Stage.DIALOGUE,
        effects="Möbler flyttas i stället för att köpas nya.",
        cpv=("39130000-2", "39150000-8", "50800000-3"),
        opened=-120,
        challenge="möbler",
    ),
    Spec(
        "Digital bokning av lokaler och utrustning",
        Stage.TENDER,
        effects="Lokaler och utrustning används oftare; enklare för föreningar.",
        cpv=("48332000-4", "72212000-4"),
        opened=-90,
        published=-15,
        bids=[("kodkraft", "Bokningssystem som tjänst.", 450_000)],
        questions=[
            (
                "kodkraft",
                "Ska tjänsten kunna ta betalt med Swish?",
                "Ja, det är ett önskemål men inget krav.",
            ),
            ("digitjanst", "Finns det en befintlig integration mot lokalregistret?", ""),
        ],
    ),
    Spec(
        "Digitalt stöd för hemtjänstens planering",
        Stage.TENDER,
        procedure=Procedure.COMPETITIVE_DIALOGUE,
        effects="Mer tid hos brukarna och färre körda mil i hemtjänsten.",
        value=3_000_000,
        requests=("myloc", "kodkraft"),
        requests_sealed=True,
        cpv=("48000000-8", "72212000-4"),
        opened=-60,
        published=-3,
    ),
    Spec(
        "Energismart belysning i idrottshallar",
        Stage.EVALUATION,
        effects="Lägre energiförbrukning och bättre ljus.",
        cpv=("31520000-7", "71314200-4"),
        opened=-200,
        published=-75,
        bids=[
            ("stadkraft", "Närvarostyrd LED med uppföljning.", 800_000),
            ("digitjanst", "Smart belysningsstyrning.", 950_000),
        ],
    ),
    Spec(
        "Fuktlarm i förskolornas våtrum",
        Stage.AWARD,
        effects="Fuktskador upptäcks tidigt.",
        bids=[
            ("golvteknik", "Trådlösa fuktsensorer med larm.", 300_000),
            ("stadkraft", "Fuktmätning vid städning.", 280_000),
        ],
        winners=("golvteknik",),
        cpv=("31625200-5", "32441000-6"),
        opened=-190,
        published=-70,
        awarded=-2,
    ),
    Spec(
        "Mobil app för felanmälan i offentlig miljö",
        Stage.CLOSED,
        effects="Snabbare åtgärder av fel i gatumiljön.",
        bids=[("kodkraft", "Felanmälansapp.", 400_000), ("digitjanst", "Plattform.", 500_000)],
        winners=("kodkraft",),
        # A six-month pilot that ended and was closed within the year.
        contract={"title": "Avtal felanmälansapp", "signing": ("ystad", "skurup"), "months": 6},
        indicators=[("Dagar från anmälan till åtgärd", "dagar", 14, 5, [9, 6])],
        lessons="Ta med driftorganisationen från start; mät effekter redan under piloten.",
        cpv=("72212000-4", "50800000-3"),
        opened=-360,
        published=-335,
        awarded=-285,
    ),
]


def _user(email):
    return User.objects.get(email=email)


def _org(slug):
    return Organization.objects.get(slug=slug)


def _challenges(word):
    if not word:
        return []
    try:
        from needs.models import Challenge
    except ImportError:  # pragma: no cover - the needs app is always installed
        return []
    return list(Challenge.objects.filter(title__icontains=word)[:2])


def _past(stage, target) -> bool:
    return ORDER.index(target) >= ORDER.index(stage) if target in ORDER else False


class _Clock:
    """The demo's calendar: each step of a case runs at its own moment (time-machine moves
    the clock), so every stored date — created, published, decided, signed, the frozen
    OCDS releases — is the one the service itself wrote, and they never contradict. Day
    numbers count from the seeding day (core.demo_clock, pinned while the clock moves),
    and the case's history is dated to the step that wrote it."""

    def __init__(self, spec: Spec):
        self.spec = spec
        self.case = None

    def day(self, days: float) -> datetime:
        """A working-hours moment of demo day `days` (10:00 Swedish time; a fraction of
        a day adds up to eight hours)."""
        return demo_moment(math.floor(days), hour=10) + timedelta(hours=(days % 1) * 8)

    @contextmanager
    def at(self, moment: datetime):
        moment = min(moment, timezone.now() - timedelta(minutes=5))
        with time_machine.travel(moment, tick=True):
            yield
        if self.case is not None:
            backdate_history(self.case, moment)

    def on(self, day: date) -> datetime:
        return demo_moment((day - demo_today()).days)


def _build(spec: Spec) -> ProcurementCase:
    lead = _org(spec.lead)
    officer = _user(f"officer@{spec.lead}.example")
    witness = _user(f"coordinator@{spec.lead}.example")
    evaluators = [_user(f"evaluator@{spec.lead}.example"), _user("evaluator@trelleborg.example")]
    target = spec.cancel_at or spec.stage
    clock = _Clock(spec)
    with clock.at(clock.day(spec.opened)):
        case = services.procurement_create(
            created_by=officer,
            title=spec.title,
            lead_organization=lead,
            participating_organizations=[_org(s) for s in spec.participants],
            challenges=_challenges(spec.challenge),
            procedure=spec.procedure,
            expected_effects=spec.effects,
            estimated_value_sek=Decimal(spec.value),
            responsible_officer=officer,
            need_owner=_user(f"staff@{spec.lead}.example"),
            team=[witness],
            cpv_codes=list(CpvCode.objects.filter(code__in=spec.cpv)),
            description="Demoärende i Innovationsupphandling Syd.",
        )
    clock.case = case
    move = lambda stage, reason="": services.procurement_transition(  # noqa: E731
        case=case, to_stage=stage, by=officer, reason=reason
    )
    dialogue_from = spec.opened + DIALOGUE_AFTER
    if _past(Stage.DIALOGUE, target):
        with clock.at(clock.day(dialogue_from)):
            case = move(Stage.DIALOGUE, "RFI och leverantörsträffar innan annonsering.")
    published = spec.published
    if spec.market_dialogue:
        # The market dialogue's demo (dialogue registers it), in this case's dialogue
        # stage: it dates its own steps between these days and ends (the consultation
        # round closes) before the tender is prepared, so the planning release frozen at
        # publication lists the RFI and the meetings.
        demo_hooks.run(
            demo_hooks.MARKET_DIALOGUE,
            case=case,
            first_day=dialogue_from + 1,
            last_day=published - PREPARED_BEFORE - 1,
        )
    if _past(Stage.TENDER, target):
        with clock.at(clock.day(published - PREPARED_BEFORE)):
            tender = services.tender_save(
                case=case,
                by=officer,
                deadline=clock.day(published) + timedelta(days=TENDER_DAYS, hours=4),
                summary=spec.effects,
            )
            if case.procedure_rules.selection:
                services.tender_save(
                    case=case,
                    by=officer,
                    requests_deadline=clock.day(published) + timedelta(days=REQUEST_DAYS, hours=4),
                    max_candidates=max(len(spec.invited), 2),
                )
            services.criteria_apply_vaxjo_template(tender=tender, by=officer)
            services.requirement_add(tender=tender, by=officer, text="Registrerad för F-skatt")
            services.requirement_add(
                tender=tender, by=officer, text="Uppfyller dataskyddsförordningen"
            )
            services.document_upload(
                tender=tender,
                by=officer,
                title="Förfrågningsunderlag",
                file=ContentFile(DEMO_PDF, name="forfragningsunderlag.pdf"),
            )
        with clock.at(clock.day(published)):
            case = move(Stage.TENDER, "Underlaget är klart och granskat.")
            tender.refresh_from_db()
        for slug, question, answer in spec.questions:
            supplier = _user(f"supplier@{slug}.example")
            with clock.at(clock.day(published + 3)):
                services.tender_interest_register(tender=tender, supplier=supplier.organization)
                asked = services.question_ask(tender=tender, by=supplier, question=question)
            if answer:
                with clock.at(clock.day(published + 5)):
                    services.question_answer(question=asked, by=officer, answer=answer)
        if spec.requests:
            _select(spec, tender, officer, witness, clock, published)
        bidders = [b for b in spec.bids if not spec.invited or b[0] in spec.invited]
        for position, (slug, text, price) in enumerate(bidders):
            with clock.at(clock.day(published + 8 + position * 0.25)):
                services.bid_submit(
                    tender=tender, by=_user(f"supplier@{slug}.example"), text=text, price_sek=price
                )
    opened_on = published + TENDER_DAYS + 1  # the day after the deadline
    if _past(Stage.EVALUATION, target):
        with clock.at(clock.day(opened_on)):
            tender.refresh_from_db()
            opening = services.opening_start(kind=OpeningKind.BIDS, target=tender, by=officer)
            services.opening_confirm(session=opening, by=witness)
            case = move(Stage.EVALUATION)
        if spec.negotiate:
            _negotiate(spec, tender, officer, witness, clock, opened_on)
        scored_on = opened_on + 4 + (18 if spec.negotiate else 0)
        with clock.at(clock.day(scored_on)):
            bids = list(Bid.objects.filter(tender=tender, supplier__isnull=False))
            for evaluator in evaluators:
                services.evaluator_assign(case=case, user=evaluator, by=officer)
                services.evaluator_declare(case=case, user=evaluator)
            services.evaluator_declare(case=case, user=officer)  # officers declare too
        criteria = list(tender.criteria.all())
        with clock.at(clock.day(scored_on)):
            _score(spec, tender, bids, criteria, evaluators, officer)
    if _past(Stage.AWARD, target):
        with clock.at(clock.day(spec.awarded - 1)):
            services.evaluation_complete(case=case, by=officer)
            case = move(Stage.AWARD)
        winners = [b for b in bids if b.supplier.slug in spec.winners]
        with clock.at(clock.day(spec.awarded)):
            decider = _decider(case, lead)
            proposal = services.decision_propose(
                case=case,
                kind=DecisionKind.AWARD,
                by=officer,
                winning_bids=winners,
                reasons="Högst viktad poäng på genomförbarhet, effekt och affärsmässig bärkraft.",
            )
            services.decision_transition(
                proposal=proposal, to_status=DecisionStatus.APPROVED, by=decider
            )
            award = services.award_decide(case=case, by=officer)
    if _past(Stage.CONTRACT, target):
        info = spec.contract
        signed = next_working_day(award.standstill_ends_on + timedelta(days=1))
        start = signed + timedelta(days=14)
        # The contract's term may run for years after the Syd year (that is its plan); a
        # pilot's is given in months.
        term = info.get("months", 0) * 61 // 2 or 365 * info["years"]
        end = start + timedelta(days=term)
        with clock.at(clock.on(signed)):
            services.contract_create(
                case=case,
                by=officer,
                title=info["title"],
                kind=info.get("kind", ContractKind.CONTRACT),
                suppliers=[b.supplier for b in winners],
                signing_organizations=[_org(s) for s in info["signing"]],
                option_organizations=[_org(s) for s in info.get("options", ())],
                option_deadline=start + timedelta(days=365) if info.get("options") else None,
                value_sek=Decimal(sum(p for s, _t, p in spec.bids if s in spec.winners)),
                start_date=start,
                end_date=end,
                extension_options=info.get("extension", ""),
                extended_until=start + timedelta(days=365 * info["extended_until_years"])
                if info.get("extended_until_years")
                else None,
                signed_on=signed,
            )
            case = move(Stage.CONTRACT)
        if info.get("milestones"):
            _partnership_phases(case, info, start, clock)
    if _past(Stage.FOLLOW_UP, target):
        # Measured `spec.measured` days into the contract; the follow-up meeting two
        # weeks after the last measurement.
        last = start
        for name, unit, baseline, goal, values in spec.indicators:
            with clock.at(clock.on(start)):
                indicator = services.effect_indicator_create(
                    case=case, by=officer, name=name, unit=unit, baseline=baseline, target=goal
                )
            for after, value in zip(spec.measured, values, strict=True):
                measured = start + timedelta(days=after)
                last = max(last, measured)
                with clock.at(clock.on(measured)):
                    services.effect_measurement_record(
                        indicator=indicator, by=officer, measured_on=measured, value=value
                    )
        held = last + timedelta(days=14)
        with clock.at(clock.on(held)):
            services.follow_up_meeting_record(
                case=case,
                by=officer,
                held_on=held,
                attendees="Upphandlare, behovsägare, leverantören",
                notes="Genomgång av effektmått och leverantörens rapport.",
                lessons=spec.lessons,
            )
            case.refresh_from_db()
            case = move(Stage.FOLLOW_UP)
    if _past(Stage.CLOSED, target):
        # Closed a month after the follow-up and two weeks after the contract ended.
        closed = max(held + timedelta(days=30), end + timedelta(days=14))
        with clock.at(clock.on(closed)):
            case = move(Stage.CLOSED, "Avtalet har löpt ut och effekterna är följda.")
    if spec.stage == Stage.CANCELLED:
        reason, lessons = spec.cancellation
        with clock.at(clock.day(spec.opened + 100)):
            case = services.procurement_transition(
                case=case,
                to_stage=Stage.CANCELLED,
                by=officer,
                reason="Avbrutet efter dialogen.",
                cancellation_reason=reason,
                lessons_learned=lessons,
            )
    return case


def _select(spec, tender, officer, witness, clock, published) -> None:
    """Requests to participate, and (unless still sealed) their two-person opening the day
    after their deadline, the assessment and the invitation of `spec.invited`."""
    for position, slug in enumerate(spec.requests):
        with clock.at(clock.day(published + 2 + position * 0.25)):
            services.request_submit(
                tender=tender,
                by=_user(f"supplier@{slug}.example"),
                text="Referensuppdrag från tre kommuner, ekonomisk stabilitet och ISO 27001.",
            )
    if spec.requests_sealed:
        return
    with clock.at(clock.day(published + REQUEST_DAYS + 1)):
        tender.refresh_from_db()
        opening = services.opening_start(kind=OpeningKind.REQUESTS, target=tender, by=officer)
        services.opening_confirm(session=opening, by=witness)
        _assess(spec, tender, officer)


def _assess(spec, tender, officer) -> None:
    requests = list(
        ParticipationRequest.objects.filter(tender=tender, supplier__isnull=False).select_related(
            "supplier"
        )
    )
    for rank, request in enumerate(
        sorted(requests, key=lambda r: r.supplier.slug not in spec.invited), start=1
    ):
        invited = request.supplier.slug in spec.invited
        services.request_assess(
            request=request,
            by=officer,
            passed=invited,
            reasons="Uppfyller kraven på referenser och kapacitet."
            if invited
            else "Referensuppdragen motsvarar inte kravet på kommunal verksamhet.",
            rank=rank,
        )
    services.selection_decide(
        tender=tender,
        by=officer,
        invited=[r for r in requests if r.supplier.slug in spec.invited],
    )


def _negotiate(spec, tender, officer, witness, clock, opened_on) -> None:
    """A round with a question per candidate and revised tenders, then final tenders, each
    opened by two officials a week later (the three-hour meeting of Innovationsupphandling
    Syd)."""
    candidates = list(Bid.objects.filter(tender=tender, supplier__isnull=False))
    prices = {slug: price for slug, _text, price in spec.bids}
    for number, final in ((1, False), (2, True)):
        start = opened_on + 1 + (number - 1) * 9
        with clock.at(clock.day(start)):
            tender_round = services.round_open(
                tender=tender,
                by=officer,
                deadline=clock.day(start) + timedelta(days=7),
                is_final=final,
                notes="Förhandlingsmöte om pris, införande och support."
                if not final
                else "Slutliga anbud efter förhandlingen; ingen förhandling därefter.",
                decisions={
                    bid.supplier: (True, "Uppfyller kraven och har en konkurrenskraftig lösning.")
                    for bid in candidates
                },
            )
        for bid in candidates:
            with clock.at(clock.day(start + 3)):
                user = _user(f"supplier@{bid.supplier.slug}.example")
                if not final:
                    question = services.round_question_ask(
                        tender_round=tender_round,
                        supplier=bid.supplier,
                        by=officer,
                        question="Kan ni korta införandetiden till tre månader?",
                    )
                    services.round_question_answer(
                        question=question, by=user, answer="Ja, med en extra utbildningsdag."
                    )
                price = prices[bid.supplier.slug] * (95 - 5 * number) // 100
                services.round_tender_submit(
                    tender_round=tender_round,
                    by=user,
                    text=("Slutligt" if final else "Reviderat")
                    + " anbud efter förhandlingsmötet: införande på tre månader.",
                    price_sek=price,
                )
        with clock.at(clock.day(start + 8)):
            tender_round.refresh_from_db()
            opening = services.opening_start(
                kind=OpeningKind.ROUND, target=tender_round, by=officer
            )
            services.opening_confirm(session=opening, by=witness)


def _partnership_phases(case, info, start, clock) -> None:
    """The partnership's go/no-go milestones; the first `info["decided"]` phases got a
    go from the decision-maker on their milestone day, the next one waits for them."""
    from .models import ContractPhase

    contract = case.contracts.get()
    phases = list(contract.phases.order_by("order"))
    for phase, days in zip(phases, info["milestones"], strict=False):
        # Demo data: the milestones are the contract's plan, set as signed.
        ContractPhase.objects.filter(pk=phase.pk).update(
            milestone_on=demo_date(int(days)) if isinstance(days, str) else start + timedelta(days)
        )
    decider = case.decision_delegation.holder
    for phase in phases[: info.get("decided", 0)]:
        phase.refresh_from_db()
        with clock.at(clock.on(phase.milestone_on)):
            services.contract_phase_decide(
                phase=phase,
                by=decider,
                decision="go",
                note="Prototypen uppfyller målen för fas 1; partnerskapet går vidare.",
            )


def _decider(case, lead):
    """The lead municipality's head of procurement (its coordinator in the demo), from its
    delegation list, named for the case."""
    holder = _user(f"coordinator@{lead.slug}.example")
    delegation = DelegationEntry.objects.filter(
        organization=lead, role_title="Upphandlingschef"
    ).first() or services.delegation_add(
        organization=lead, role_title="Upphandlingschef", holder=holder, by=holder
    )
    services.case_delegation_set(
        case=case, delegation=delegation, by=_user(f"officer@{lead.slug}.example")
    )
    case.refresh_from_db()
    return delegation.holder


def _score(spec, tender, bids, criteria, evaluators, officer) -> None:
    for position, bid in enumerate(bids):
        winner = bid.supplier.slug in spec.winners
        for requirement in tender.requirements.all():
            services.requirement_check_record(
                bid=bid, requirement=requirement, by=officer, passed=True
            )
        for i, criterion in enumerate(criteria):
            base = 4 if winner else max(1, 3 - position % 3)
            for j, evaluator in enumerate(evaluators):
                services.score_record(
                    bid=bid,
                    criterion=criterion,
                    evaluator=evaluator,
                    score=min(5, base + (j if i == 0 else 0)),
                    justification="Motiverat utifrån anbudet och presentationen.",
                )
            if spec.stage != Stage.EVALUATION:
                services.agreed_score_record(
                    bid=bid,
                    criterion=criterion,
                    by=officer,
                    score=base,
                    justification="Enighet vid konsensusmötet.",
                )


def seed(stdout=None) -> list[str]:
    """Open the cases in the order of their opening days, so the service numbers each
    year's cases in that order."""
    with pinned():
        for spec in sorted(SPECS, key=lambda spec: spec.opened):
            lead = _org(spec.lead)
            if ProcurementCase.objects.filter(lead_organization=lead, title=spec.title).exists():
                continue
            with transaction.atomic():
                case = _build(spec)
            if stdout:
                stdout.write(f"  {case.reference} {case.title}: {case.get_stage_display()}")
    return []
