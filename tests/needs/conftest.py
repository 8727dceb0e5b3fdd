import pytest

from tests.factories.needs import ChallengeFactory, NeedFactory
from tests.factories.organizations import UserFactory


@pytest.fixture(autouse=True)
def _answer_options(db):
    """Migration 0003 loads them; a flushing (transactional) test elsewhere may remove them."""
    from needs.services import answer_options_ensure

    answer_options_ensure()


@pytest.fixture
def need(staff):
    return NeedFactory(author=staff, title="Blöta golv i förskolan")


@pytest.fixture
def draft(staff):
    return NeedFactory(author=staff, status="draft", submitted_at=None, title="Utkast")


@pytest.fixture
def challenge(network, ystad):
    return ChallengeFactory(network=network, owner_organization=ystad, title="Rena och torra golv")


@pytest.fixture
def neighbour_coordinator(trelleborg):
    return UserFactory(organization=trelleborg, roles=["coordinator"], email="coord@t.test")


@pytest.fixture
def neighbour_officer(trelleborg):
    return UserFactory(organization=trelleborg, roles=["officer"], email="officer@t.test")
