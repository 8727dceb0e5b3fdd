"""Posts and replies in the arena (#23): seen exactly like lessons (the network's
municipalities; every network's only when opted in), found in Swedish full text with
their replies, written by municipal users only, edited by the author."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from arena import services
from arena.selectors import posts_for_user, search
from organizations.enums import OrganizationKind
from tests.factories.organizations import (
    MunicipalityFactory,
    NetworkFactory,
    PlatformFactory,
    SupplierFactory,
    UserFactory,
)
from tests.factories.projects import external_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def arena():
    ystad, skurup, lund = MunicipalityFactory(), MunicipalityFactory(), MunicipalityFactory()
    syd = NetworkFactory(members=[ystad, skurup])
    other = NetworkFactory(members=[lund])
    author = UserFactory(organization=ystad, roles=["coordinator"])
    post = services.post_create(
        user=author,
        kind="question",
        title="Transporter i delningstjänsten",
        body="Hur löser ni transporterna mellan kommunerna?",
        network=syd,
    )
    return {
        "author": author,
        "neighbour": UserFactory(organization=skurup),
        "elsewhere": UserFactory(organization=lund),
        "syd": syd,
        "other": other,
        "post": post,
    }


def test_visibility_follows_the_network_and_the_opt_in(arena):
    post = arena["post"]
    assert post in posts_for_user(arena["neighbour"])
    assert post not in posts_for_user(arena["elsewhere"])
    for outsider in (
        external_user(OrganizationKind.REGION),
        UserFactory(organization=SupplierFactory(), roles=["supplier"]),
    ):
        assert not posts_for_user(outsider).exists()
    assert post in posts_for_user(UserFactory(organization=PlatformFactory(), roles=["admin"]))
    services.post_update(
        user=arena["author"],
        post=post,
        kind=post.kind,
        title=post.title,
        body=post.body,
        across_networks=True,
    )
    assert post in posts_for_user(arena["elsewhere"])


def test_replies_and_swedish_search(arena):
    post = arena["post"]
    services.reply_add(user=arena["neighbour"], post=post, body="Vi samordnar leveranserna.")
    assert post.replies.count() == 1
    viewer = arena["neighbour"]
    assert list(search(posts_for_user(viewer), "transport")) == [post]  # stemmed
    assert list(search(posts_for_user(viewer), "samordnar")) == [post]  # a reply's word
    assert not search(posts_for_user(viewer), "skolmåltider").exists()


def test_unhappy_paths(arena):
    post = arena["post"]
    with pytest.raises(PermissionDenied):
        services.reply_add(user=arena["elsewhere"], post=post, body="Hej")
    with pytest.raises(PermissionDenied):
        services.reply_add(user=external_user(OrganizationKind.FUNDER), post=post, body="Hej")
    with pytest.raises(ValidationError):
        services.reply_add(user=arena["neighbour"], post=post, body="  ")
    with pytest.raises(PermissionDenied):
        services.post_update(
            user=arena["neighbour"],
            post=post,
            kind="question",
            title="x",
            body="y",
            across_networks=False,
        )
    with pytest.raises(ValidationError):
        services.post_create(
            user=arena["elsewhere"], kind="question", title="x", body="y", network=arena["syd"]
        )
    with pytest.raises(ValidationError):
        services.post_create(user=arena["author"], kind="rumour", title="x", body="y")


def test_pages(client, arena, django_assert_max_num_queries):
    post = arena["post"]
    client.force_login(arena["neighbour"])
    with django_assert_max_num_queries(20):
        assert post.title in client.get(reverse("arena:post-list")).text
    response = client.post(post.get_absolute_url(), {"body": "Vi kör själva."})
    assert response.status_code == 302 and post.replies.count() == 1
    assert "Vi kör själva." in client.get(post.get_absolute_url()).text
    assert client.get(reverse("arena:post-edit", args=[post.pk])).status_code == 403
    created = client.post(
        reverse("arena:post-create"),
        {"kind": "experience", "title": "Tidig dialog", "body": "Det lönade sig."},
    )
    assert created.status_code == 302
    client.force_login(arena["elsewhere"])
    assert client.get(post.get_absolute_url()).status_code == 404
    assert client.post(post.get_absolute_url(), {"body": "x"}).status_code == 404
    client.force_login(external_user(OrganizationKind.AUTHORITY))
    assert client.get(post.get_absolute_url()).status_code == 404
    assert client.get(reverse("arena:post-create")).status_code == 403
    client.force_login(arena["author"])
    edit = client.post(
        reverse("arena:post-edit", args=[post.pk]),
        {"kind": "question", "title": "Transporter mellan kommuner", "body": post.body},
    )
    assert edit.status_code == 302
    post.refresh_from_db()
    assert post.title == "Transporter mellan kommuner"
