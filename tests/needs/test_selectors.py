from needs.selectors import challenges_for_user, need_duplicates, needs_for_user
from tests.factories.needs import ChallengeFactory, NeedFactory
from tests.factories.organizations import UserFactory


def test_draft_seen_by_author_and_own_officers_only(
    draft, staff, officer, coordinator, neighbour, outsider, supplier_user, platform_admin
):
    for user in (staff, officer, platform_admin):
        assert list(needs_for_user(user)) == [draft], user
    for user in (coordinator, neighbour, outsider, supplier_user):
        assert list(needs_for_user(user)) == [], user


def test_draft_not_seen_by_officer_of_another_municipality(draft, trelleborg):
    other_officer = UserFactory(organization=trelleborg, roles=["officer"])
    assert list(needs_for_user(other_officer)) == []


def test_submitted_need_seen_by_network_not_outsiders(
    need, neighbour, coordinator, outsider, supplier_user
):
    assert list(needs_for_user(neighbour)) == [need]
    assert list(needs_for_user(coordinator)) == [need]
    assert list(needs_for_user(outsider)) == []
    assert list(needs_for_user(supplier_user)) == []


def test_challenges_scoped_to_network(challenge, neighbour, outsider, supplier_user, vaxjo):
    foreign = ChallengeFactory(network=None, owner_organization=vaxjo)
    assert list(challenges_for_user(neighbour)) == [challenge]
    assert list(challenges_for_user(outsider)) == [foreign]
    assert list(challenges_for_user(supplier_user)) == []


def test_search_vector_maintained_by_database_swedish_stemming(need, neighbour):
    from django.contrib.postgres.search import SearchQuery

    query = SearchQuery("blöt golv", config="swedish", search_type="websearch")
    assert list(needs_for_user(neighbour).filter(search_vector=query)) == [need]
    need.title = "Annat"
    need.problem = "Ensamhet bland äldre"
    need.save()
    assert list(needs_for_user(neighbour).filter(search_vector=query)) == []


def test_duplicates_find_similar_submitted_needs_in_network(need, neighbour, outsider, staff):
    NeedFactory(author=staff, title="Parkering", problem="För få parkeringsplatser.")
    found = need_duplicates(neighbour, text="Hala golv på förskolan när barnen kommer in")
    assert found == [need]
    assert need_duplicates(outsider, text="Hala golv på förskolan") == []
    assert need_duplicates(neighbour, text="Blöta golv", exclude_pk=need.pk) == []
