"""Demo procurement cases, one or more in every stage, modelled on Innovationsupphandling
Syd. Idempotent: a case whose reference exists for its lead municipality is left alone.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from organizations.models import Organization, User

from . import services
from .enums import ContractKind, DecisionKind, DecisionStatus, OpeningKind, Procedure, Stage
from .models import (
    Bid,
    DelegationEntry,
    ParticipationRequest,
    ProcurementCase,
    ReferenceCounter,
    Tender,
)

DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
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
    reference: str
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
    award_days_ago: int = 120
    lessons: str = ""
    questions: list = field(default_factory=list)  # (supplier slug, question, answer or "")
    # Procedures with a selection stage: who asks to participate, who is invited (and
    # tenders), and whether the requests are still sealed (the case waits for them).
    requests: tuple = ()
    invited: tuple = ()
    requests_sealed: bool = False
    negotiate: bool = False  # one round of revised tenders, then final tenders


SPECS = [
    Spec(
        "UPH 2024/0012",
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
        award_days_ago=500,
    ),
    Spec(
        "UPH 2024/0015",
        "Rena och torra golv i förskolan",
        Stage.CANCELLED,
        effects="Torrare och renare golv där barnen leker; färre halkolyckor.",
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
        "UPH 2025/0003",
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
        award_days_ago=90,
    ),
    Spec(
        "UPH 2026/0001",
        "Välfärdsteknik för nattillsyn",
        Stage.NEED,
        effects="Tryggare nätter för brukare, färre störande besök.",
    ),
    Spec(
        "UPH 2026/0002",
        "Cirkulära möbelflöden mellan förvaltningar",
        Stage.DIALOGUE,
        effects="Möbler flyttas i stället för att köpas nya.",
        challenge="möbler",
    ),
    Spec(
        "UPH 2026/0003",
        "Digital bokning av lokaler och utrustning",
        Stage.TENDER,
        effects="Lokaler och utrustning används oftare; enklare för föreningar.",
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
        "UPH 2026/0004",
        "Digitalt stöd för hemtjänstens planering",
        Stage.TENDER,
        procedure=Procedure.COMPETITIVE_DIALOGUE,
        effects="Mer tid hos brukarna och färre körda mil i hemtjänsten.",
        value=3_000_000,
        requests=("myloc", "kodkraft"),
        requests_sealed=True,
    ),
    Spec(
        "UPH 2025/0020",
        "Energismart belysning i idrottshallar",
        Stage.EVALUATION,
        effects="Lägre energiförbrukning och bättre ljus.",
        bids=[
            ("stadkraft", "Närvarostyrd LED med uppföljning.", 800_000),
            ("digitjanst", "Smart belysningsstyrning.", 950_000),
        ],
    ),
    Spec(
        "UPH 2025/0021",
        "Fuktlarm i förskolornas våtrum",
        Stage.AWARD,
        effects="Fuktskador upptäcks tidigt.",
        bids=[
            ("golvteknik", "Trådlösa fuktsensorer med larm.", 300_000),
            ("stadkraft", "Fuktmätning vid städning.", 280_000),
        ],
        winners=("golvteknik",),
        award_days_ago=2,
    ),
    Spec(
        "UPH 2023/0007",
        "Mobil app för felanmälan i offentlig miljö",
        Stage.CLOSED,
        effects="Snabbare åtgärder av fel i gatumiljön.",
        bids=[("kodkraft", "Felanmälansapp.", 400_000), ("digitjanst", "Plattform.", 500_000)],
        winners=("kodkraft",),
        contract={"title": "Avtal felanmälansapp", "signing": ("ystad", "skurup"), "years": 2},
        indicators=[("Dagar från anmälan till åtgärd", "dagar", 14, 5, [9, 6])],
        lessons="Ta med driftorganisationen från start; mät effekter redan under piloten.",
        award_days_ago=900,
    ),
]


def _user(email):
    return User.objects.get(email=email)


def _org(slug):
    return Organization.objects.get(slug=slug)


def _reserve_counter(lead, reference):
    year, number = reference.split(" ")[1].split("/")
    counter, _created = ReferenceCounter.objects.get_or_create(organization=lead, year=int(year))
    if counter.last_number < int(number):
        counter.last_number = int(number)
        counter.save(update_fields=["last_number"])


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


def _build(spec: Spec) -> ProcurementCase:
    lead = _org(spec.lead)
    officer = _user(f"officer@{spec.lead}.example")
    witness = _user(f"coordinator@{spec.lead}.example")
    evaluators = [_user(f"evaluator@{spec.lead}.example"), _user("evaluator@trelleborg.example")]
    target = spec.cancel_at or spec.stage
    case = services.procurement_create(
        created_by=officer,
        title=spec.title,
        lead_organization=lead,
        participating_organizations=[_org(s) for s in spec.participants],
        challenges=_challenges(spec.challenge),
        reference=spec.reference,
        procedure=spec.procedure,
        expected_effects=spec.effects,
        estimated_value_sek=Decimal(spec.value),
        responsible_officer=officer,
        need_owner=_user(f"staff@{spec.lead}.example"),
        team=[witness],
        description="Demoärende i Innovationsupphandling Syd.",
    )
    _reserve_counter(lead, spec.reference)
    move = lambda stage, reason="": services.procurement_transition(  # noqa: E731
        case=case, to_stage=stage, by=officer, reason=reason
    )
    if _past(Stage.DIALOGUE, target):
        case = move(Stage.DIALOGUE, "RFI och leverantörsträffar innan annonsering.")
    if _past(Stage.TENDER, target):
        tender = services.tender_save(
            case=case,
            by=officer,
            deadline=timezone.now() + timedelta(days=35),
            summary=spec.effects,
        )
        if case.procedure_rules.selection:
            services.tender_save(
                case=case,
                by=officer,
                requests_deadline=timezone.now() + timedelta(days=30),
                max_candidates=max(len(spec.invited), 2),
            )
        services.criteria_apply_vaxjo_template(tender=tender, by=officer)
        services.requirement_add(tender=tender, by=officer, text="Registrerad för F-skatt")
        services.requirement_add(tender=tender, by=officer, text="Uppfyller dataskyddsförordningen")
        services.document_upload(
            tender=tender,
            by=officer,
            title="Förfrågningsunderlag",
            file=ContentFile(DEMO_PDF, name="forfragningsunderlag.pdf"),
        )
        case = move(Stage.TENDER, "Underlaget är klart och granskat.")
        tender.refresh_from_db()
        for slug, question, answer in spec.questions:
            supplier = _user(f"supplier@{slug}.example")
            services.tender_interest_register(tender=tender, supplier=supplier.organization)
            asked = services.question_ask(tender=tender, by=supplier, question=question)
            if answer:
                services.question_answer(question=asked, by=officer, answer=answer)
        if spec.requests:
            _select(spec, tender, officer, witness)
        for slug, text, price in spec.bids:
            if spec.invited and slug not in spec.invited:
                continue
            services.bid_submit(
                tender=tender, by=_user(f"supplier@{slug}.example"), text=text, price_sek=price
            )
    if _past(Stage.EVALUATION, target):
        Tender.objects.filter(pk=tender.pk).update(deadline=timezone.now() - timedelta(days=1))
        tender.refresh_from_db()
        opening = services.opening_start(kind=OpeningKind.BIDS, target=tender, by=officer)
        services.opening_confirm(session=opening, by=witness)
        case = move(Stage.EVALUATION)
        if spec.negotiate:
            _negotiate(spec, tender, officer, witness)
        bids = list(Bid.objects.filter(tender=tender, supplier__isnull=False))
        for evaluator in evaluators:
            services.evaluator_assign(case=case, user=evaluator, by=officer)
            services.evaluator_declare(case=case, user=evaluator)
        services.evaluator_declare(case=case, user=officer)  # officers declare too
        criteria = list(tender.criteria.all())
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
    if _past(Stage.AWARD, target):
        services.evaluation_complete(case=case, by=officer)
        case = move(Stage.AWARD)
        winners = [b for b in bids if b.supplier.slug in spec.winners]
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
        services.award_decide(
            case=case,
            by=officer,
            sent_on=timezone.localdate() - timedelta(days=spec.award_days_ago),
        )
    if _past(Stage.CONTRACT, target):
        info = spec.contract
        start = timezone.localdate() - timedelta(days=spec.award_days_ago - 20)
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
            end_date=start + timedelta(days=365 * info["years"]),
            extension_options=info.get("extension", ""),
            signed_on=start - timedelta(days=5),
        )
        case = move(Stage.CONTRACT)
    if _past(Stage.FOLLOW_UP, target):
        for name, unit, baseline, goal, values in spec.indicators:
            indicator = services.effect_indicator_create(
                case=case, by=officer, name=name, unit=unit, baseline=baseline, target=goal
            )
            for years_ago, value in zip(range(len(values), 0, -1), values, strict=True):
                services.effect_measurement_record(
                    indicator=indicator,
                    by=officer,
                    measured_on=timezone.localdate() - timedelta(days=365 * (years_ago - 1) + 30),
                    value=value,
                )
        services.follow_up_meeting_record(
            case=case,
            by=officer,
            held_on=timezone.localdate() - timedelta(days=20),
            attendees="Upphandlare, behovsägare, leverantören",
            notes="Genomgång av effektmått och leverantörens rapport.",
            lessons=spec.lessons,
        )
        case.refresh_from_db()
        case = move(Stage.FOLLOW_UP)
    if _past(Stage.CLOSED, target):
        case = move(Stage.CLOSED, "Avtalet har löpt ut och effekterna är följda.")
    if spec.stage == Stage.CANCELLED:
        reason, lessons = spec.cancellation
        case = services.procurement_transition(
            case=case,
            to_stage=Stage.CANCELLED,
            by=officer,
            reason="Avbrutet efter dialogen.",
            cancellation_reason=reason,
            lessons_learned=lessons,
        )
    return case


def _select(spec, tender, officer, witness) -> None:
    """Requests to participate, and (unless still sealed) their two-person opening, the
    assessment and the invitation of `spec.invited`."""
    for slug in spec.requests:
        services.request_submit(
            tender=tender,
            by=_user(f"supplier@{slug}.example"),
            text="Referensuppdrag från tre kommuner, ekonomisk stabilitet och ISO 27001.",
        )
    if spec.requests_sealed:
        return
    Tender.objects.filter(pk=tender.pk).update(requests_deadline=timezone.now() - timedelta(days=1))
    tender.refresh_from_db()
    opening = services.opening_start(kind=OpeningKind.REQUESTS, target=tender, by=officer)
    services.opening_confirm(session=opening, by=witness)
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


def _negotiate(spec, tender, officer, witness) -> None:
    """A round with a question per candidate and revised tenders, then final tenders, each
    opened by two officials (the three-hour meeting of Innovationsupphandling Syd)."""
    candidates = list(Bid.objects.filter(tender=tender, supplier__isnull=False))
    prices = {slug: price for slug, _text, price in spec.bids}
    for number, final in ((1, False), (2, True)):
        tender_round = services.round_open(
            tender=tender,
            by=officer,
            deadline=timezone.now() + timedelta(days=7),
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
        type(tender_round).objects.filter(pk=tender_round.pk).update(
            deadline=timezone.now() - timedelta(hours=1)
        )
        tender_round.refresh_from_db()
        opening = services.opening_start(kind=OpeningKind.ROUND, target=tender_round, by=officer)
        services.opening_confirm(session=opening, by=witness)


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


def seed(stdout=None) -> list[str]:
    for spec in SPECS:
        lead = _org(spec.lead)
        if ProcurementCase.objects.filter(
            lead_organization=lead, reference=spec.reference
        ).exists():
            continue
        with transaction.atomic():
            case = _build(spec)
        if stdout:
            stdout.write(f"  {case.reference} {case.title}: {case.get_stage_display()}")
    return []
