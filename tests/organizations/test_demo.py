from organizations import demo
from organizations.models import Department, Network, NetworkInvitation


def test_demo_shows_a_network_being_formed_and_is_idempotent(db):
    demo.seed()
    demo.seed()
    network = Network.objects.get(name=demo.FORMING_NETWORK)
    assert list(network.members.values_list("slug", flat=True)) == ["vaxjo"]
    assert sorted(
        NetworkInvitation.objects.filter(network=network).values_list("organization__slug", "state")
    ) == [("tomelilla", "declined"), ("ystad", "pending")]
    assert Department.objects.filter(organization__slug="ystad").count() == 3
