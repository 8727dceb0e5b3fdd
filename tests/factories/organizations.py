import factory

from organizations.enums import OrganizationKind
from organizations.models import Network, Organization, User
from organizations.validators import org_number_with_check_digit


class MunicipalityFactory(factory.django.DjangoModelFactory):
    """Gets or creates by code: the 290 real municipalities are in the database already."""

    class Meta:
        model = Organization
        django_get_or_create = ("municipality_code",)

    kind = OrganizationKind.MUNICIPALITY
    name = factory.Sequence(lambda n: f"Testkommun {n}")
    slug = factory.Sequence(lambda n: f"testkommun-{n}")
    municipality_code = factory.Sequence(lambda n: f"{(n % 25) + 1:02d}{(n // 25) % 100:02d}")
    county_code = "12"
    county_name = "Skåne län"


class SupplierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    kind = OrganizationKind.SUPPLIER
    name = factory.Sequence(lambda n: f"Leverantör {n} AB")
    slug = factory.Sequence(lambda n: f"leverantor-{n}")
    org_number = factory.Sequence(lambda n: org_number_with_check_digit(f"5590{n:05d}"))
    email = factory.Sequence(lambda n: f"info{n}@leverantor.test")


class PlatformFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        django_get_or_create = ("slug",)

    kind = OrganizationKind.PLATFORM
    name = "Samverka"
    slug = "samverka-platform"


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Nätverk {n}")
    slug = factory.Sequence(lambda n: f"natverk-{n}")

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if create and extracted:
            self.members.set(extracted)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@kommun.test")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    organization = factory.SubFactory(MunicipalityFactory)
    roles = factory.LazyFunction(lambda: ["staff"])
    language = "sv"
    password = factory.django.Password("pw-test-1234")
