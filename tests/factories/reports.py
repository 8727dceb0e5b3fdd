import factory

from reports.models import Report
from tests.factories.organizations import UserFactory
from tests.factories.procurements import CaseFactory

__all__ = ["CaseFactory"]  # re-exported: owned by tests/factories/procurements.py


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report

    kind = "reports.network_portfolio"
    title = factory.Sequence(lambda n: f"Rapport {n}")
    requested_by = factory.SubFactory(UserFactory, roles=["coordinator"])
    organization = factory.LazyAttribute(lambda o: o.requested_by.organization)
    params = factory.LazyFunction(dict)
