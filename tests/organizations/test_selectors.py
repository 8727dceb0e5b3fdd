from django.db.models import Case, CharField, Value, When

from organizations.models import Organization
from organizations.selectors import scope_by_visibility, scope_to_network, scope_to_own_organization


def _orgs_with_visibility(rows):
    """Municipalities annotated with a visibility, standing in for any owned object."""
    return Organization.objects.filter(pk__in=[org.pk for org, _v in rows]).annotate(
        visibility=Case(
            *[When(pk=org.pk, then=Value(v)) for org, v in rows], output_field=CharField()
        )
    )


def test_scope_by_visibility_rules(
    staff, neighbour, outsider, supplier_user, platform_admin, ystad, trelleborg, vaxjo
):
    qs = _orgs_with_visibility([(ystad, "own"), (trelleborg, "network"), (vaxjo, "all")])

    def seen(user):
        return set(scope_by_visibility(qs, user, owner_field="pk").values_list("name", flat=True))

    assert seen(staff) == {"Ystad", "Trelleborg", "Växjö"}
    assert seen(neighbour) == {"Trelleborg", "Växjö"}  # Ystad's own-only row is hidden
    assert seen(outsider) == {"Växjö"}  # network rows are invisible outside the network
    assert seen(supplier_user) == set()
    assert seen(platform_admin) == {"Ystad", "Trelleborg", "Växjö"}


def test_scope_to_own_and_network(staff, outsider, supplier_user, ystad, trelleborg, vaxjo):
    qs = Organization.objects.filter(pk__in=[ystad.pk, trelleborg.pk, vaxjo.pk])
    assert list(scope_to_own_organization(qs, staff, owner_field="pk")) == [ystad]
    assert set(scope_to_network(qs, staff, owner_field="pk")) == {ystad, trelleborg}
    assert list(scope_to_network(qs, outsider, owner_field="pk")) == [vaxjo]
    assert list(scope_to_network(qs, supplier_user, owner_field="pk")) == []


def _fresh(user):
    """The user as a new request loads it (network ids are kept per user object)."""
    return type(user).objects.get(pk=user.pk)


def test_network_membership_change_shows_at_once(
    staff, outsider, network, vaxjo, trelleborg, django_capture_on_commit_callbacks
):
    qs = _orgs_with_visibility([(trelleborg, "network")])
    seen = lambda user: list(scope_by_visibility(qs, _fresh(user), owner_field="pk"))  # noqa: E731
    assert seen(outsider) == []  # cached: Växjö is in no network with Trelleborg
    with django_capture_on_commit_callbacks(execute=True):
        network.members.add(vaxjo)
    assert seen(outsider) == [trelleborg]
    with django_capture_on_commit_callbacks(execute=True):
        network.members.remove(trelleborg)
    assert seen(outsider) == [] and seen(staff) == []
    with django_capture_on_commit_callbacks(execute=True):
        network.delete()
    assert _fresh(staff).network_organization_ids == [staff.organization_id]
