"""Shared fixtures. Tests run against the real PostgreSQL (pytest-django creates
`test_<db>`, one per xdist worker)."""

import pytest

from tests.factories.organizations import (
    MunicipalityFactory,
    NetworkFactory,
    SupplierFactory,
    UserFactory,
)

pytest_plugins = ("celery.contrib.pytest",)


def pytest_configure(config):
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    from config.celery import app

    # Unit tests run tasks in-process; the integration tests start a real worker.
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional test has emptied the tables, load the reference data again
    (municipalities, CPV codes, ...) so later tests and --reuse-db runs still have it."""
    yield
    if _is_transactional(item):
        from django.db import connections
        from pytest_django.plugin import blocking_manager_key

        from tests import reference

        with item.config.stash[blocking_manager_key].unblock():
            reference.reload()
            for connection in connections.all():
                connection.close()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _reset_broker_backoff():
    from core.tasks import reset_broker_backoff

    reset_broker_backoff()
    yield
    reset_broker_backoff()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with nothing cached (keys carry the database name, so the
    parallel workers' test databases never share an entry anyway)."""
    from core.cache import forget_cached, reset_backoff

    reset_backoff()
    forget_cached()
    yield
    reset_backoff()


@pytest.fixture
def network(db):
    """Innovationsupphandling Syd-like network of two municipalities, and a third outside."""
    ystad = MunicipalityFactory(name="Ystad", municipality_code="1286")
    trelleborg = MunicipalityFactory(name="Trelleborg", municipality_code="1287")
    return NetworkFactory(name="Syd", members=[ystad, trelleborg])


@pytest.fixture
def ystad(network):
    return network.members.get(municipality_code="1286")


@pytest.fixture
def trelleborg(network):
    return network.members.get(municipality_code="1287")


@pytest.fixture
def vaxjo(db):
    return MunicipalityFactory(name="Växjö", municipality_code="0780")


@pytest.fixture
def supplier_org(db):
    return SupplierFactory(name="Myloc AB")


@pytest.fixture
def staff(ystad):
    return UserFactory(organization=ystad, roles=["staff"], email="staff@ystad.test")


@pytest.fixture
def officer(ystad):
    return UserFactory(organization=ystad, roles=["officer"], email="officer@ystad.test")


@pytest.fixture
def coordinator(ystad):
    return UserFactory(organization=ystad, roles=["coordinator"], email="coord@ystad.test")


@pytest.fixture
def org_admin(ystad):
    return UserFactory(organization=ystad, roles=["admin"], email="admin@ystad.test")


@pytest.fixture
def neighbour(trelleborg):
    return UserFactory(organization=trelleborg, roles=["staff"], email="staff@trelleborg.test")


@pytest.fixture
def outsider(vaxjo):
    return UserFactory(organization=vaxjo, roles=["staff", "officer"], email="staff@vaxjo.test")


@pytest.fixture
def supplier_user(supplier_org):
    return UserFactory(organization=supplier_org, roles=["supplier"], email="s@myloc.test")


@pytest.fixture
def platform_admin(db):
    from tests.factories.organizations import PlatformFactory

    return UserFactory(organization=PlatformFactory(), roles=["admin"], email="admin@samverka.test")
