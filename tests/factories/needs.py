import factory
from django.utils import timezone

from needs.enums import NeedStatus
from needs.models import Challenge, Need
from tests.factories.organizations import MunicipalityFactory, UserFactory


class NeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Need

    author = factory.SubFactory(UserFactory)
    organization = factory.LazyAttribute(lambda o: o.author.organization)
    title = factory.Sequence(lambda n: f"Behov {n}")
    problem = "Golven i förskolan är blöta och hala efter utevistelsen."
    status = NeedStatus.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)


def _challenge_owner(challenge):
    """The network's first member for a network's challenge, else a new municipality."""
    if challenge.network is not None:
        return challenge.network.members.order_by("pk").first()
    return MunicipalityFactory()


class ChallengeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Challenge

    title = factory.Sequence(lambda n: f"Utmaning {n}")
    description = "En gemensam utmaning."
    owner_organization = factory.LazyAttribute(_challenge_owner)
    network = None
