"""Reads, always scoped to what the user may see. Other apps scope through these too."""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from core.cache import cached

from .enums import OrganizationKind, Visibility
from .models import Department, Invitation, Network, NetworkInvitation, Organization, User


def scope_by_visibility(
    queryset: QuerySet,
    user,
    *,
    owner_field: str = "organization",
    visibility_field: str = "visibility",
) -> QuerySet:
    """The one visibility rule: own organisation, the network, or all municipalities.

    - platform admins see everything;
    - municipal users see their own organisation's rows, rows shared with a network their
      municipality belongs to (owner in the same network), and rows shared with all;
    - suppliers and anonymous users see nothing through this rule (apps grant suppliers
      their own material explicitly).
    """
    if not user or not user.is_authenticated:
        return queryset.none()
    if user.is_platform_admin:
        return queryset
    if not user.is_municipal:
        return queryset.none()
    own = Q(**{owner_field: user.organization_id})
    network = Q(
        **{
            visibility_field: Visibility.NETWORK,
            f"{owner_field}__in": user.network_organization_ids,
        }
    )
    everyone = Q(**{visibility_field: Visibility.ALL})
    return queryset.filter(own | network | everyone)


def scope_to_own_organization(
    queryset: QuerySet, user, *, owner_field: str = "organization"
) -> QuerySet:
    """Rows of the user's own organisation only (platform admins see all)."""
    if not user or not user.is_authenticated:
        return queryset.none()
    if user.is_platform_admin:
        return queryset
    if not user.organization_id:
        return queryset.none()
    return queryset.filter(**{owner_field: user.organization_id})


def scope_to_network(queryset: QuerySet, user, *, owner_field: str = "organization") -> QuerySet:
    """Rows owned by a municipality in a network with the user's (own included)."""
    if not user or not user.is_authenticated:
        return queryset.none()
    if user.is_platform_admin:
        return queryset
    if not user.is_municipal:
        return queryset.none()
    return queryset.filter(**{f"{owner_field}__in": user.network_organization_ids})


def organizations_for_user(user) -> QuerySet[Organization]:
    """Municipalities are public facts; a supplier is seen by municipalities and itself."""
    qs = Organization.objects.all()
    if not user or not user.is_authenticated:
        return qs.none()
    if user.is_platform_admin:
        return qs
    if user.is_municipal:
        return qs.filter(kind__in=[OrganizationKind.MUNICIPALITY, OrganizationKind.SUPPLIER])
    return qs.filter(Q(kind=OrganizationKind.MUNICIPALITY) | Q(pk=user.organization_id))


def users_for_user(user) -> QuerySet[User]:
    """Platform admins see all users; organisation admins their colleagues; others themselves."""
    qs = User.objects.select_related("organization")
    if not user or not user.is_authenticated:
        return qs.none()
    if user.is_platform_admin:
        return qs
    if user.has_role("admin") and user.organization_id:
        return qs.filter(organization_id=user.organization_id)
    return qs.filter(pk=user.pk)


def networks_for_user(user) -> QuerySet[Network]:
    qs = Network.objects.prefetch_related("members")
    if not user or not user.is_authenticated:
        return qs.none()
    if user.is_platform_admin:
        return qs
    if not user.is_municipal:
        return qs.none()
    return qs.filter(members=user.organization_id)


def invitations_for_user(user) -> QuerySet[Invitation]:
    qs = Invitation.objects.select_related("organization", "invited_by", "accepted_user")
    if not user or not user.is_authenticated:
        return qs.none()
    if user.is_platform_admin:
        return qs
    if user.has_role("admin") and user.organization_id:
        return qs.filter(organization_id=user.organization_id)
    return qs.none()


def invitable_organizations(user) -> QuerySet[Organization]:
    if user.is_platform_admin:
        return Organization.objects.filter(is_active=True)
    if user.has_role("admin") and user.organization_id:
        return Organization.objects.filter(pk=user.organization_id)
    return Organization.objects.none()


def municipalities_in_user_networks(user) -> QuerySet[Organization]:
    return Organization.objects.filter(
        kind=OrganizationKind.MUNICIPALITY, pk__in=user.network_organization_ids
    )


NETWORKS = "organizations:networks"  # cache namespace; apps.py bumps it on any membership change


def network_organization_ids(organization_id: int) -> list[int]:
    """Ids of the municipalities that share a network with `organization_id` (itself
    included), sorted. Every network-scoped page asks; cached, and forgotten when a
    network or its members change (apps.py)."""

    def compute() -> list[int]:
        through = Network.members.through
        ids = set(
            through.objects.filter(
                network__in=through.objects.filter(organization_id=organization_id).values(
                    "network_id"
                )
            ).values_list("organization_id", flat=True)
        )
        ids.add(organization_id)
        return sorted(ids)

    return cached(*network_ids_entry(organization_id), compute)


def network_ids_entry(organization_id: int) -> tuple:
    """The (namespace, scope) under which `network_organization_ids` is cached (for
    core.cache.preload)."""
    return NETWORKS, ("members-of", organization_id)


PEOPLE = "organizations:people"  # cache namespace; any user or organisation change bumps it


def _network_scope(user) -> tuple:
    return ("all",) if user.is_platform_admin else tuple(sorted(user.network_organization_ids))


def person_choices(people: QuerySet[User]) -> list[tuple[int, str]]:
    """(id, name as User.__str__ shows it) for a select, in name order, in one query."""
    rows = people.order_by("full_name", "email").values_list("pk", "full_name", "email")
    return [(pk, name or email) for pk, name, email in rows]


def network_municipality_choices(user) -> list[tuple[int, str]]:
    """(id, name) of the municipalities in the user's networks (all, for platform admins);
    cached: the key carries the networks' municipalities."""

    def compute():
        orgs = Organization.objects.filter(kind=OrganizationKind.MUNICIPALITY)
        if not user.is_platform_admin:
            orgs = orgs.filter(pk__in=user.network_organization_ids)
        return list(orgs.order_by("name").values_list("pk", "name"))

    return cached(PEOPLE, ("municipalities", *_network_scope(user)), compute)


def network_officer_choices(user) -> list[tuple[int, str]]:
    """(id, name) of the officers and coordinators of those municipalities; cached."""

    def compute():
        people = User.objects.filter(roles__overlap=["officer", "coordinator"])
        if not user.is_platform_admin:
            people = people.filter(organization_id__in=user.network_organization_ids)
        return person_choices(people)

    return cached(PEOPLE, ("officers", *_network_scope(user)), compute)


def departments_for_user(user) -> QuerySet[Department]:
    """The departments of the user's own organisation (all, for the platform operator)."""
    return scope_to_own_organization(Department.objects.select_related("organization"), user)


def department_choices(organization_id: int) -> list[tuple[str, str]]:
    """(name, label) of an organisation's departments in use, for the department fields."""
    rows = Department.objects.filter(organization_id=organization_id, is_active=True).order_by(
        "name"
    )
    return [(d.name, str(d)) for d in rows]


def network_invitations_for_user(user) -> QuerySet[NetworkInvitation]:
    """Invitations to the user's municipality, and those of the networks it belongs to."""
    qs = NetworkInvitation.objects.select_related(
        "network", "organization", "invited_by", "decided_by"
    )
    if not user or not user.is_authenticated:
        return qs.none()
    if user.is_platform_admin:
        return qs
    if not user.is_municipal:
        return qs.none()
    return qs.filter(
        Q(organization_id=user.organization_id) | Q(network__members=user.organization_id)
    ).distinct()


def network_coordinators(network: Network) -> QuerySet[User]:
    return User.objects.filter(
        organization__in=network.members.all(), roles__contains=["coordinator"], is_active=True
    ).select_related("organization")


def network_invitable_municipalities(network: Network) -> QuerySet[Organization]:
    """Active municipalities that are neither members nor invited and waiting."""
    return (
        Organization.objects.filter(kind=OrganizationKind.MUNICIPALITY, is_active=True)
        .exclude(networks=network)
        .exclude(network_invitations__network=network, network_invitations__state="pending")
        .order_by("name")
    )


def organizations_with_admins(user) -> QuerySet[Organization]:
    """For the platform operator: organisations that have people, with their administrators
    and user counts (two queries whatever the number of rows)."""
    if not user or not user.is_authenticated or not user.is_platform_admin:
        return Organization.objects.none()
    admins = User.objects.filter(roles__contains=["admin"]).order_by("full_name", "email")
    has_invitation = Exists(Invitation.objects.filter(organization=OuterRef("pk")))
    return (
        Organization.objects.annotate(user_count=Count("users"))
        .filter(Q(user_count__gt=0) | has_invitation | ~Q(kind="municipality"))
        .prefetch_related(Prefetch("users", queryset=admins, to_attr="admins"))
        .order_by("kind", "name")
    )


def pending_registrations(user) -> QuerySet[Organization]:
    """Suppliers that registered themselves and wait for the platform operator."""
    if not user or not user.is_authenticated or not user.is_platform_admin:
        return Organization.objects.none()
    return (
        Organization.objects.filter(registration_state="pending")
        .prefetch_related("users")
        .order_by("created_at")
    )
