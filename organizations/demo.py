"""Demo organisations and users. Idempotent: run it as often as you like.

Every user is `ROLE@ORGANISATION.example` with the password `samverka-demo`.
"""

from contextlib import contextmanager

from django.db import transaction
from django.db.models import Max

from core.demo_clock import (
    YEAR_START,
    backdate_history_all,
    demo_moment,
    event_models,
    happening,
    seeding_started,
)

from .enums import MUNICIPAL_ROLES, OrganizationKind, Role
from .models import Network, Organization, User
from .services import municipalities_load
from .validators import org_number_with_check_digit

DEMO_PASSWORD = "samverka-demo"  # noqa: S105 - the published demo password

SYD_NETWORK = "Innovationsupphandling Syd"
# slug -> municipality code
DEMO_MUNICIPALITIES = {
    "ystad": "1286",
    "trelleborg": "1287",
    "skurup": "1264",
    "tomelilla": "1270",
    "vaxjo": "0780",
}
SYD_MEMBERS = ["ystad", "trelleborg", "skurup", "tomelilla"]

# The demo calendar (days from the seeding day, see core/demo_clock.py): everyone was
# registered two weeks before the Syd year in which they act; Växjö started the forming
# network four weeks ago and invited Ystad and Tomelilla a week later, Tomelilla declined
# a week after that; the former colleague left two months ago.
REGISTERED = YEAR_START - 14
FORMING_STARTED, INVITED, DECLINED = -28, -21, -14
FORMER_LEFT = -60

# slug -> (name, first nine digits of an invented organisation number, contact)
DEMO_SUPPLIERS = {
    "myloc": ("Myloc AB", "559012345", "Sara Lind"),
    "pwc": ("Öhrlings PricewaterhouseCoopers AB", "556029674", "Johan Berg"),
    "hiq": ("HiQ Skåne AB", "556529988", "Emma Holm"),
    "aventyret": ("Äventyret Kommunikation AB", "556654321", "Anders Ek"),
    "stadkraft": ("Städkraft Innovation AB", "559123456", "Lina Svensson"),
    "golvteknik": ("Torra Golv Teknik AB", "559234567", "Omar Haddad"),
    "digitjanst": ("Digitjänst Norden AB", "559345678", "Karin Nyström"),
    "cirkulera": ("Cirkulera Möbel AB", "559456789", "Peter Åkesson"),
    "kodkraft": ("Kodkraft Syd AB", "559567890", "Maja Eriksson"),
    "logilink": ("Logilink Transport AB", "559678901", "Nils Persson"),
}

FIRST_NAMES = {
    "staff": "Anna",
    "officer": "Erik",
    "coordinator": "Maria",
    "logistics": "Jonas",
    "evaluator": "Lena",
    "admin": "Karl",
    "supplier": "Sofia",
}
SURNAMES = {
    "ystad": "Nilsson",
    "trelleborg": "Larsson",
    "skurup": "Olsson",
    "tomelilla": "Persson",
    "vaxjo": "Johansson",
}


def _user(email: str, *, organization: Organization, roles: list[str], full_name: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email,
            password=DEMO_PASSWORD,
            organization=organization,
            roles=roles,
            full_name=full_name,
        )
    else:
        changed = False
        for field, value in (("organization", organization), ("roles", roles)):
            if getattr(user, field) != value:
                setattr(user, field, value)
                changed = True
        if not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            changed = True
        if changed:
            user.save()
    return user


@transaction.atomic
def seed(stdout=None) -> list[str]:
    """Create the demo organisations and users; return the demo logins."""
    municipalities_load()
    municipalities = {}
    for slug, code in DEMO_MUNICIPALITIES.items():
        org = Organization.objects.get(municipality_code=code)
        if org.slug != slug:
            org.slug = slug
            org.save(update_fields=["slug", "updated_at"])
        municipalities[slug] = org

    network, _ = Network.objects.get_or_create(
        slug="innovationsupphandling-syd",
        defaults={
            "name": SYD_NETWORK,
            "description": (
                "Ystad, Skurup, Trelleborg och Tomelilla upphandlar innovation tillsammans."
            ),
        },
    )
    network.members.add(*[municipalities[s] for s in SYD_MEMBERS])
    kronoberg, _ = Network.objects.get_or_create(
        slug="innovation-kronoberg",
        defaults={"name": "Innovation Kronoberg", "description": "Växjö med grannkommuner."},
    )
    kronoberg.members.add(
        municipalities["vaxjo"],
        *Organization.objects.filter(municipality_code__in=["0760", "0764"]),
    )

    platform, _ = Organization.objects.get_or_create(
        slug="samverka",
        defaults={"kind": OrganizationKind.PLATFORM, "name": "Samverka"},
    )

    suppliers = {}
    for slug, (name, nine, contact) in DEMO_SUPPLIERS.items():
        number = org_number_with_check_digit(nine)
        org = Organization.objects.filter(slug=slug).first()
        if org is None:
            org = Organization.objects.create(
                kind=OrganizationKind.SUPPLIER,
                slug=slug,
                name=name,
                org_number=number,
                email=f"info@{slug}.example",
                contact_name=contact,
            )
        suppliers[slug] = org

    logins = []
    for slug, org in municipalities.items():
        for role in MUNICIPAL_ROLES:
            email = f"{role}@{slug}.example"
            _user(
                email,
                organization=org,
                roles=[role],
                full_name=f"{FIRST_NAMES[role]} {SURNAMES[slug]}",
            )
            logins.append(email)
    for slug, org in suppliers.items():
        email = f"supplier@{slug}.example"
        _user(
            email,
            organization=org,
            roles=[Role.SUPPLIER],
            full_name=f"{FIRST_NAMES['supplier']} {org.contact_name.split()[-1]}",
        )
        logins.append(email)
    admin = _user(
        "admin@samverka.example",
        organization=platform,
        roles=[Role.ADMIN],
        full_name="Alva Admin",
    )
    if not admin.is_staff or not admin.is_superuser:
        admin.is_staff = admin.is_superuser = True
        admin.save(update_fields=["is_staff", "is_superuser"])
    logins.append("admin@samverka.example")
    _network_being_formed(municipalities)
    _departments(municipalities["ystad"])
    _former_colleague(municipalities["ystad"])
    return logins


def _former_colleague(ystad: Organization) -> None:
    """A person who has left Ystad: deactivated, kept with their history, listed on the
    users page (not a demo login: they cannot sign in)."""
    former = _user(
        "tidigare@ystad.example",
        organization=ystad,
        roles=[Role.STAFF],
        full_name="Tove Tidigare",
    )
    if former.is_active:
        former.is_active = False
        former.session_epoch += 1
        former.save(update_fields=["is_active", "session_epoch"])


FORMING_NETWORK = "Återbruk Sydost"
FORMING_SLUG = "aterbruk-sydost"


def _network_being_formed(municipalities) -> None:
    """Växjö's coordinator has started a network and invited Ystad and Tomelilla: Ystad's
    administrator (admin@ystad.example) has the invitation waiting; Tomelilla declined.
    Each step through its service, on its own day."""
    from .services.networks import network_found, network_invitation_answer, network_invite

    if Network.objects.filter(slug=FORMING_SLUG).exists():
        return
    coordinator = User.objects.get(email="coordinator@vaxjo.example")
    with happening(demo_moment(FORMING_STARTED, hour=10)) as written:
        network = network_found(
            by=coordinator,
            name=FORMING_NETWORK,
            description="Kommuner i sydost som delar möbler och utrustning.",
        )
        written.append(network)
    invitations = {}
    with happening(demo_moment(INVITED, hour=10)) as written:
        for slug in ("ystad", "tomelilla"):
            invitations[slug] = network_invite(
                network=network,
                organization=municipalities[slug],
                by=coordinator,
                message="Vill ni vara med och dela återbruk i sydost?",
            )
            written.append(invitations[slug])
    with happening(demo_moment(DECLINED, hour=11), invitations["tomelilla"]):
        network_invitation_answer(
            invitation=invitations["tomelilla"],
            accept=False,
            by=User.objects.get(email="admin@tomelilla.example"),
        )


def _departments(ystad: Organization) -> None:
    from .models import Department

    for name, cost_centre in (
        ("Barn och utbildning", "4410"),
        ("Samhällsbyggnad", "5200"),
        ("Kultur och fritid", "6100"),
    ):
        Department.objects.get_or_create(
            organization=ystad, name=name, defaults={"cost_centre": cost_centre}
        )


def registered_moment():
    """When the demo's organisations, people and supplier profiles were registered."""
    return demo_moment(REGISTERED, hour=8)


def finish() -> None:
    """Date what this seeding registered, once every app has seeded (the projects demo
    adds its outside organisations): the organisations, networks, departments and people
    (and their history) two weeks before the year in which they act, and the former colleague's
    leaving on its day. Rows registered by an earlier seeding, and the forming network
    (founded through its service on its own day), keep their dates. Moving a date is not
    an event of its own: the events the date updates wrote are taken out again."""
    since = seeding_started()
    registered = registered_moment()
    former = User.objects.filter(email="tidigare@ystad.example", date_joined__gte=since).first()
    # the municipalities (loaded from the register at install) whose people the seeding
    # registered count as registered with them
    joined = list(
        Organization.objects.filter(users__date_joined__gte=since).values_list("pk", flat=True)
    )
    from .models import Department

    with _not_an_event(Organization, Network, User, Department):
        Organization.objects.filter(pk__in=joined, created_at__gt=registered).update(
            created_at=registered
        )
        for model in (Organization, Network):
            model.objects.filter(created_at__gte=since).update(
                created_at=registered, updated_at=registered
            )
        User.objects.filter(date_joined__gte=since).update(date_joined=registered)
        Department.objects.filter(created_at__gte=since).update(
            created_at=registered, updated_at=registered
        )
    if former is not None:  # deactivated when they left
        backdate_history_all(
            User, demo_moment(FORMER_LEFT, hour=16), pgh_obj_id=former.pk, pgh_label="update"
        )
    for model in (Organization, Network, User, Department):
        backdate_history_all(model, registered)


@contextmanager
def _not_an_event(*tracked):
    """Updates inside are not history: the events they write (to the tracked models'
    event tables) are removed afterwards."""
    tables = [m for model in tracked for m in event_models(model)]
    last = {m: m.objects.aggregate(last=Max("pgh_id"))["last"] or 0 for m in tables}
    yield
    for model, pk in last.items():
        model.objects.filter(pgh_id__gt=pk).delete()
