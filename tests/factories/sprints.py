from datetime import date, timedelta
from decimal import Decimal

import factory

from core.calendar import is_working_day
from sprints.dates import local_today
from sprints.enums import FORMAT_LENGTH, SprintFormat
from sprints.models import (
    AgreementFormat,
    AgreementPrice,
    AgreementSupplier,
    FacilitatorTeam,
    FrameworkAgreement,
    Room,
)
from tests.factories.organizations import SupplierFactory, UserFactory


def working_week(weeks_ahead: int = 6) -> list[date]:
    """Monday–Friday of a future week with no holiday in it."""
    today = local_today()
    monday = today + timedelta(days=7 * weeks_ahead - today.weekday())
    while not all(is_working_day(monday + timedelta(days=i)) for i in range(5)):
        monday += timedelta(days=7)
    return [monday + timedelta(days=i) for i in range(5)]


class FrameworkAgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FrameworkAgreement
        skip_postgeneration_save = True

    title = "Ramavtal designsprintar"
    reference = factory.Sequence(lambda n: f"RA-{n:04d}")
    start_date = factory.LazyFunction(lambda: local_today() - timedelta(days=30))
    end_date = factory.LazyFunction(lambda: local_today() + timedelta(days=730))
    max_value_sek = Decimal("2000000")
    notice_working_days = 10
    late_cancellation_percent = 50
    response_working_days = 2


class FacilitatorTeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FacilitatorTeam

    supplier = factory.SubFactory(SupplierFactory)
    name = factory.Sequence(lambda n: f"Team {n}")


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    name = factory.Sequence(lambda n: f"Rum {n}")
    address = "Stortorget 1"


PRICES = {
    SprintFormat.FIVE_DAY: Decimal("250000"),
    SprintFormat.THREE_DAY: Decimal("160000"),
    SprintFormat.ONE_DAY: Decimal("60000"),
    SprintFormat.HALF_DAY: Decimal("30000"),
}


def build_agreement(*, municipalities, suppliers, lead=None, formats=None, **fields):
    """An agreement holding `formats` (all by default) with `suppliers` ranked in order;
    each later supplier is 5 % cheaper."""
    agreement = FrameworkAgreementFactory(lead_organization=lead or municipalities[0], **fields)
    agreement.municipalities.set(municipalities)
    formats = formats or list(SprintFormat)
    for sprint_format in formats:
        days, sessions = FORMAT_LENGTH[sprint_format]
        AgreementFormat.objects.create(
            agreement=agreement, format=sprint_format, days=days, sessions=sessions
        )
    for rank, supplier in enumerate(suppliers, 1):
        AgreementSupplier.objects.create(agreement=agreement, supplier=supplier, rank=rank)
        for sprint_format in formats:
            AgreementPrice.objects.create(
                agreement=agreement,
                supplier=supplier,
                format=sprint_format,
                price_sek=PRICES[sprint_format] * (Decimal("1") - Decimal("0.05") * (rank - 1)),
            )
    return agreement


def supplier_with_team(name: str, email: str):
    supplier = SupplierFactory(name=name)
    team = FacilitatorTeamFactory(supplier=supplier, name=f"{name} team A")
    user = UserFactory(organization=supplier, roles=["supplier"], email=email)
    return supplier, team, user
