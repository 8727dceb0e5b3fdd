"""Two web nodes behind PgBouncer in transaction mode (DATABASE_POOLER=transaction), with
the files in the bucket: writes with their history context, a streamed CSV export (no
server-side cursor may outlive its transaction) and downloads work on either node."""

import pytest
from django.db import connection

from needs.models import Need
from scripts import pgbouncer
from scripts.seaweedfs import free_ports
from tests.factories.organizations import MunicipalityFactory, UserFactory
from tests.storage import servers


@pytest.fixture
def bouncer():
    try:
        server = pgbouncer.start(servers.database_url(connection.settings_dict), pool_size=3)
    except pgbouncer.PgBouncerError as exc:
        pytest.fail(str(exc))
    yield server
    server.stop()


@pytest.mark.django_db(transaction=True)
def test_two_nodes_work_behind_pgbouncer_in_transaction_mode(
    s3, s3_prefix, tmp_path, client, bouncer
):
    ystad = MunicipalityFactory(name="Ystad", municipality_code="1286")
    staff = UserFactory(organization=ystad, roles=["staff"], email="staff@ystad.test")
    database = bouncer.url(connection.settings_dict["NAME"])
    envs = [
        servers.node_env(
            s3=s3,
            prefix=s3_prefix,
            database=database,
            media_root=tmp_path / f"media-{i}",
            DATABASE_POOLER="transaction",
            DATABASE_CONN_MAX_AGE="0" if i else "60",
        )
        for i in range(2)
    ]
    logs = [tmp_path / f"node-{i}.log" for i in range(2)]
    with servers.gunicorn_nodes(free_ports(2), envs, logs) as (one, two):
        browser = servers.browser_as(client, staff)
        for index in range(3):
            base = (one, two)[index % 2]
            servers.create_need_with_attachment(
                browser, base, f"underlag-{index}.txt", f"bilaga {index}\n".encode()
            )
        needs = list(Need.objects.order_by("pk"))
        assert len(needs) == 3
        # The history context (the acting user) travelled with each write.
        for need in needs:
            event = need.events.order_by("pgh_id").first()
            assert event.pgh_context.metadata.get("user") == staff.pk
        for index, need in enumerate(needs):
            url = need.attachments.get().get_absolute_url()
            for base in (one, two):
                download = browser.get(f"{base}{url}", timeout=30)
                assert download.status_code == 200
                assert download.content == f"bilaga {index}\n".encode()
        from django.urls import reverse

        for base in (one, two):
            export = browser.get(f"{base}{reverse('needs:need-list-csv')}", timeout=30)
            assert export.status_code == 200
            assert export.text.count("Golv") == 3
    assert "cursor" not in "".join(log.read_text(errors="replace") for log in logs).lower()
