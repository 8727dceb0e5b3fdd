import datetime

import factory
from django.utils import timezone

from arena.enums import Audience, EventKind
from arena.models import Event, Lesson
from tests.factories.organizations import MunicipalityFactory, UserFactory


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Seminarium {n}")
    kind = EventKind.SEMINAR
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=10))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=3))
    location = "Ystad Saltsjöbad"
    audience = Audience.PUBLIC
    organization = factory.SubFactory(MunicipalityFactory)
    created_by = factory.SubFactory(
        UserFactory, organization=factory.SelfAttribute("..organization"), roles=["coordinator"]
    )
    published_at = factory.LazyFunction(timezone.now)


class LessonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lesson

    title = factory.Sequence(lambda n: f"Lärdom {n}")
    body = "Upphandlingar kräver tid"
    organization = factory.SubFactory(MunicipalityFactory)
    author = factory.SubFactory(UserFactory, organization=factory.SelfAttribute("..organization"))
