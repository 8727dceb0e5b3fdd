from django.urls import reverse

from organizations.models import User
from procurements.enums import Stage
from procurements.models import Contract, ProcurementCase

SHARING = "Digital tjänst för delning av resurser mellan kommuner"
SERVICE = "Smart digital service på medborgarnas villkor"


def test_demo_seed_covers_every_stage_and_pages_render(db, client):
    from organizations import demo as org_demo
    from procurements import demo

    org_demo.seed()
    demo.seed()
    demo.seed()  # idempotent
    cases = ProcurementCase.objects.all()
    assert {c.stage for c in cases} == set(Stage.values)
    assert Contract.objects.filter(case__title=SERVICE).count() == 1
    sharing = ProcurementCase.objects.get(title=SHARING)
    contract = sharing.contracts.get()
    assert [s.slug for s in contract.suppliers.all()] == ["myloc"]
    assert {o.slug for o in contract.signing_organizations.all()} == {
        "ystad",
        "trelleborg",
        "skurup",
        "tomelilla",
    }
    floors = ProcurementCase.objects.get(title__startswith="Rena och torra golv")
    assert floors.stage == Stage.CANCELLED and floors.lessons_learned
    framework = Contract.objects.get(case__title=SERVICE)
    assert {s.slug for s in framework.suppliers.all()} == {"pwc", "hiq", "aventyret"}

    partnership = Contract.objects.get(case__title__startswith="Sensorstöd")
    phases = list(partnership.phases.all())
    assert [p.decision for p in phases] == ["go", "pending", "pending"]
    assert phases[0].decided_by.email == "coordinator@ystad.example"
    signed = partnership.signed_on
    award = partnership.case.award
    assert award.sent_on <= signed <= partnership.start_date < phases[0].milestone_on
    assert phases[0].decided_on == phases[0].milestone_on
    decider = User.objects.get(email="coordinator@ystad.example")
    client.force_login(decider)
    assert "Sensorstöd" in client.get(reverse("core:dashboard")).content.decode()

    client.force_login(User.objects.get(email="officer@ystad.example"))
    assert client.get(reverse("procurements:case-list")).status_code == 200
    for case in cases:
        assert client.get(case.get_absolute_url()).status_code == 200, case.reference
    assert client.get(contract.get_absolute_url()).status_code == 200
    bid = framework.case.tender.bids.filter(supplier__isnull=False).first()
    assert client.get(reverse("procurements:bid-detail", args=[bid.public_id])).status_code == 200

    client.force_login(User.objects.get(email="supplier@kodkraft.example"))
    assert client.get(reverse("core:dashboard")).status_code == 200
    tenders = client.get(reverse("procurements:tender-list"))
    assert tenders.status_code == 200
    for tender in tenders.context["tenders"]:
        assert client.get(tender.get_absolute_url()).status_code == 200
    assert len(client.get(reverse("procurements:bid-list")).context["rows"]) >= 1
