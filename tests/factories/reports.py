import factory

from procurements.models import ProcurementCase
from reports.models import Report
from tests.factories.organizations import MunicipalityFactory, UserFactory


class CaseFactory(factory.django.DjangoModelFactory):
    """A bare procurement case (the procurements app's own factories may grow richer)."""

    class Meta:
        model = ProcurementCase
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Upphandling {n}")
    reference = factory.Sequence(lambda n: f"UH-{n:04d}")
    lead_organization = factory.SubFactory(MunicipalityFactory)
    stage = "need"
    procedure = ""

    @factory.post_generation
    def participants(self, create, extracted, **kwargs):
        if create:
            self.participating_organizations.set({self.lead_organization, *(extracted or [])})


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report

    kind = "reports.network_portfolio"
    title = factory.Sequence(lambda n: f"Rapport {n}")
    requested_by = factory.SubFactory(UserFactory, roles=["coordinator"])
    organization = factory.LazyAttribute(lambda o: o.requested_by.organization)
    params = factory.LazyFunction(dict)
