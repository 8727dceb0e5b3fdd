"""Factories and builders for procurement tests: a case brought to any stage."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from procurements import services
from procurements.enums import OpeningKind, Procedure, Stage
from procurements.models import ProcurementCase
from tests.factories.organizations import MunicipalityFactory, SupplierFactory, UserFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class CaseFactory(factory.django.DjangoModelFactory):
    """A bare procurement case at the need stage, its lead municipality participating
    (`participants=[...]` adds more). For a case taken through the services, with an
    officer: `make_case`."""

    class Meta:
        model = ProcurementCase
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Upphandling {n}")
    reference = factory.Sequence(lambda n: f"UPH 2024/{n:04d}")
    lead_organization = factory.SubFactory(MunicipalityFactory)
    stage = Stage.NEED

    @factory.post_generation
    def participants(self, create, extracted, **kwargs):
        if create:
            self.participating_organizations.set({self.lead_organization, *(extracted or [])})


def pdf_file(name="bilaga.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def make_case(officer, *, participating=(), **fields) -> ProcurementCase:
    defaults = {
        "expected_effects": "Färre inköp av nya möbler",
        "responsible_officer": officer,
        "need_owner": officer,
        "procedure": Procedure.OPEN,
    }
    defaults.update(fields)
    return services.procurement_create(
        created_by=officer,
        title=fields.pop("title", "Delningstjänst"),
        lead_organization=officer.organization,
        participating_organizations=participating,
        **{k: v for k, v in defaults.items() if k != "title"},
    )


def prepare_tender(case, officer, *, days=40, criteria=(("Effekt", 60), ("Pris", 40))):
    tender = services.tender_save(
        case=case, by=officer, deadline=timezone.now() + timedelta(days=days), summary="Tjänst"
    )
    if case.procedure_rules.selection:  # requests to participate come first
        services.tender_save(
            case=case,
            by=officer,
            requests_deadline=timezone.now() + timedelta(days=days - 5),
        )
    for name, weight in criteria:
        services.criterion_add(tender=tender, by=officer, name=name, weight=weight)
    services.requirement_add(tender=tender, by=officer, text="F-skatt")
    return tender


def publish(case, officer, **kwargs):
    tender = prepare_tender(case, officer, **kwargs)
    services.procurement_transition(case=case, to_stage=Stage.TENDER, by=officer, reason="klar")
    tender.refresh_from_db()
    return tender


def supplier_with_user(name="Leverantör AB"):
    org = SupplierFactory(name=name)
    user = UserFactory(organization=org, roles=["supplier"])
    return org, user


def pass_deadline(tender):
    """Move the deadline into the past (as if time had passed): a published tender's
    publication moves back with it, so the tender period never ends before it starts."""
    now = timezone.now()
    tenders = type(tender).objects.filter(pk=tender.pk)
    tenders.filter(published_at__isnull=False).update(published_at=now - timedelta(days=40))
    tenders.update(deadline=now - timedelta(minutes=1))
    tender.refresh_from_db()


def open_tender_bids(tender, officer, witness):
    """The two-person opening: `officer` starts it, `witness` confirms it."""
    session = services.opening_start(kind=OpeningKind.BIDS, target=tender, by=officer)
    return services.opening_confirm(session=session, by=witness)


def open_bids(case, officer, witness):
    tender = case.tender
    pass_deadline(tender)
    open_tender_bids(tender, officer, witness)
    services.procurement_transition(case=case, to_stage=Stage.EVALUATION, by=officer)
    case.refresh_from_db()
    return tender


def evaluate(case, officer, evaluator, bids, scores):
    """scores: {bid: [score per criterion]}; records checks, scores and agreed scores."""
    tender = case.tender
    services.evaluator_assign(case=case, user=evaluator, by=officer)
    services.evaluator_declare(case=case, user=evaluator)
    services.evaluator_declare(case=case, user=officer)  # officers declare too (#19)
    criteria = list(tender.criteria.all())
    for bid in bids:
        for requirement in tender.requirements.all():
            services.requirement_check_record(
                bid=bid, requirement=requirement, by=officer, passed=True
            )
        for criterion, value in zip(criteria, scores[bid], strict=True):
            services.score_record(
                bid=bid, criterion=criterion, evaluator=evaluator, score=value, justification="ok"
            )
            services.agreed_score_record(
                bid=bid, criterion=criterion, by=officer, score=value, justification="enig"
            )
    services.evaluation_complete(case=case, by=officer)


def to_award(case, officer, witness, evaluator, *, suppliers=2):
    tender = publish(case, officer)
    bids = []
    for i in range(suppliers):
        _org, user = supplier_with_user(f"Anbudsgivare {i} AB")
        bids.append(
            services.bid_submit(tender=tender, by=user, text=f"Anbud {i}", price_sek=1000 + i)
        )
    open_bids(case, officer, witness)
    bids = [type(b).objects.get(pk=b.pk) for b in bids]
    evaluate(case, officer, evaluator, bids, {b: [5 - i, 3] for i, b in enumerate(bids)})
    services.procurement_transition(case=case, to_stage=Stage.AWARD, by=officer)
    case.refresh_from_db()
    return bids


def decider_for(case):
    """The case's decision-maker: a head of procurement in the lead municipality's
    delegation list, named for the case (created once)."""
    from organizations.enums import Role

    if case.decision_delegation_id:
        return case.decision_delegation.holder
    lead = case.lead_organization
    holder = UserFactory(organization=lead, roles=[Role.COORDINATOR])
    admin = UserFactory(organization=lead, roles=[Role.ADMIN])
    delegation = services.delegation_add(
        organization=lead, role_title="Upphandlingschef", holder=holder, by=admin
    )
    officer = case.responsible_officer
    services.case_delegation_set(case=case, delegation=delegation, by=officer)
    case.refresh_from_db()
    return holder


def approve(case, officer, kind, *, reasons="Skäl", winning_bids=()):
    """Propose as `officer`, approve as the case's decision-maker."""
    holder = decider_for(case)
    proposal = services.decision_propose(
        case=case, kind=kind, by=officer, reasons=reasons, winning_bids=winning_bids
    )
    return services.decision_transition(proposal=proposal, to_status="approved", by=holder)


def award(case, officer, *, winning_bids, reasons="Bäst", **kwargs):
    """The award through its approved decision, then the notice."""
    approve(case, officer, "award", reasons=reasons, winning_bids=winning_bids)
    return services.award_decide(case=case, by=officer, **kwargs)


VALUE = Decimal("1000000")


def negotiated_in_evaluation(officer, witness, *, candidates=3, participating=()):
    """A negotiated procedure brought to evaluation: requests opened by two officials,
    every candidate invited, their initial tenders opened. Returns (case, [(org, user, bid)])."""
    from procurements.enums import OpeningKind
    from procurements.models import Bid, ParticipationRequest, Tender

    case = make_case(officer, participating=participating, procedure=Procedure.NEGOTIATED)
    tender = publish(case, officer)
    people = [supplier_with_user(f"Kandidat {i} AB") for i in range(candidates)]
    for org, user in people:
        services.request_submit(tender=tender, by=user, text=f"Referenser {org.name}")
    Tender.objects.filter(pk=tender.pk).update(
        requests_deadline=timezone.now() - timedelta(minutes=1)
    )
    tender.refresh_from_db()
    session = services.opening_start(kind=OpeningKind.REQUESTS, target=tender, by=officer)
    services.opening_confirm(session=session, by=witness)
    requests = list(ParticipationRequest.objects.filter(tender=tender))
    for request in requests:
        services.request_assess(request=request, by=officer, passed=True, reasons="Godkänd")
    Tender.objects.filter(pk=tender.pk).update(max_candidates=None)
    tender.refresh_from_db()
    services.selection_decide(tender=tender, by=officer, invited=requests)
    tender.refresh_from_db()
    for org, user in people:
        services.bid_submit(tender=tender, by=user, text=f"Anbud {org.name}", price_sek=1000)
    open_bids(case, officer, witness)
    rows = [(org, user, Bid.objects.get(tender=tender, supplier=org)) for org, user in people]
    return case, rows


def make_contract(case, *, supplier=None, phases=(), stage=Stage.CONTRACT, **fields):
    """A signed contract on `case` (moved to `stage`), without the award's path: for
    tests of what happens to a contract after signing. `phases` are names."""
    from datetime import date

    from procurements.models import Contract, ContractPhase

    ProcurementCase.objects.filter(pk=case.pk).update(stage=stage)
    case.refresh_from_db()
    defaults = {
        "title": "Avtal",
        "start_date": date(2026, 1, 1),
        "end_date": date(2027, 12, 31),
        "signed_on": date(2025, 12, 15),
        "signed_by": case.responsible_officer,
    }
    contract = Contract.objects.create(case=case, **(defaults | fields))
    contract.signing_organizations.set([case.lead_organization])
    if supplier is not None:
        contract.suppliers.set([supplier])
    for order, name in enumerate(phases, start=1):
        ContractPhase.objects.create(contract=contract, order=order, name=name)
    return contract
