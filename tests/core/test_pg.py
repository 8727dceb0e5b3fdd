"""The database backend (core/pg): statements prepared once per connection, and writes
that carry django-pghistory's context still work with server-side parameters."""

from django.db import connection

from core.history import acting_as, events_for
from organizations.models import Organization, User


def _prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def test_a_repeated_query_is_prepared_once_and_reused(db, ystad, settings):
    assert connection.settings_dict["OPTIONS"]["server_side_binding"] is True
    threshold = connection.settings_dict["OPTIONS"]["prepare_threshold"]
    for _ in range(threshold + 1):
        assert Organization.objects.filter(slug="ystad").get().pk == ystad.pk
    statements = [s for s in _prepared_statements() if "organizations_organization" in s]
    assert statements, "the repeated query was not prepared"
    assert any("$1" in s for s in statements), "parameters are bound by the server"


def test_a_write_in_a_history_context_records_who_and_why(db, ystad):
    actor = User.objects.create_user(email="actor@ystad.test", organization=ystad)
    with acting_as(actor, reason="renamed in a test"):
        # Several statements with parameters inside one history context: each carries
        # the context (bound on the client, several commands in one statement).
        Organization.objects.filter(pk=ystad.pk).update(name="Ystads kommun")
        ystad.refresh_from_db()
        ystad.phone = "0411-57 70 00"
        ystad.save(update_fields=["phone"])
    events = events_for(ystad)
    assert events[0]["user"] == actor
    assert events[0]["reason"] == "renamed in a test"
    assert ystad.name == "Ystads kommun"


def test_mogrify_binds_parameters_on_the_client(db):
    with connection.cursor() as cursor:
        sql = cursor.cursor.mogrify("SELECT %s, %s", ["Malmö's", 2])
    assert sql == "SELECT 'Malmö''s', 2"


def test_a_full_text_search_is_planned_for_its_words_every_time(db, settings):
    """A generic plan would parse the search words again for every row it ranks."""
    from needs.models import Need

    threshold = connection.settings_dict["OPTIONS"]["prepare_threshold"]
    for _ in range(threshold + 2):
        list(Need.objects.filter(search_vector="fallolyckor"))
    assert not [s for s in _prepared_statements() if "to_tsquery" in s]
