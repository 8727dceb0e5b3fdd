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


@pytest.fixture
def cove(client, monkeypatch, tmp_path):
    """libcoveocds (the official data review tool) offline: `cove(package) -> result`."""
    from tests.procurements.ocds_support import offline_cove

    return offline_cove(client, monkeypatch, tmp_path)
