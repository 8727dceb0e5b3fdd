from datetime import timedelta

import factory
from django.utils import timezone

from dialogue.enums import ActivityKind, QuestionKind
from dialogue.models import DialogueActivity, Rfi, RfiQuestion, SupplierProfile
from tests.factories.needs import ChallengeFactory
from tests.factories.organizations import UserFactory
from tests.factories.procurements import CaseFactory

__all__ = ["CaseFactory", "ChallengeFactory"]  # re-exported: each is owned by its app's module


class RfiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rfi

    case = factory.SubFactory(CaseFactory)
    title = factory.Sequence(lambda n: f"RFI {n}")
    background = "Bakgrund"
    need = "Behovet"
    deadline = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))
    created_by = factory.SubFactory(UserFactory, roles=["officer"])


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RfiQuestion

    rfi = factory.SubFactory(RfiFactory)
    position = factory.Sequence(lambda n: n)
    text = factory.Sequence(lambda n: f"Fråga {n}?")
    kind = QuestionKind.TEXT
    required = True


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DialogueActivity

    case = factory.SubFactory(CaseFactory)
    kind = ActivityKind.SUPPLIER_MEETING
    title = factory.Sequence(lambda n: f"Leverantörsmöte {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=3))
    created_by = factory.SubFactory(UserFactory, roles=["officer"])


class SupplierProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupplierProfile
        skip_postgeneration_save = True

    @factory.post_generation
    def cpv_codes(self, create, extracted, **kwargs):
        if create and extracted:
            self.cpv_codes.set(extracted)
