import pytest

from tests.factories.organizations import UserFactory


@pytest.fixture
def witness(ystad):
    return UserFactory(organization=ystad, roles=["officer"], email="witness@ystad.test")


@pytest.fixture
def evaluator(ystad):
    return UserFactory(organization=ystad, roles=["evaluator"], email="eval@ystad.test")


@pytest.fixture
def case(officer, trelleborg):
    from tests.factories.procurements import make_case

    return make_case(officer, participating=[trelleborg])
