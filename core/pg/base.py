"""Django's PostgreSQL backend with server-side parameters and prepared statements.

With `OPTIONS["server_side_binding"]`, psycopg sends the parameters apart from the SQL
and prepares a statement once it has run `prepare_threshold` times on a connection, so
PostgreSQL plans each of a page's queries once per connection instead of on every
request. A statement with parameters must then be a single command; django-pghistory
prefixes every write inside a history context with a `SELECT set_config(...);` that
carries the acting user. Such a statement is bound on the client (as Django does by
default) and sent in the simple protocol, which allows several commands.
"""

from django.db.backends.postgresql import base

_MULTI_COMMAND_PREFIX = "SELECT set_config('pghistory.context_id'"
_TEXT_SEARCH = "to_tsquery("


class Cursor(base.ServerBindingCursor):
    def execute(self, query, params=None, **kwargs):
        if params and _multi_command(query):
            return super().execute(self.mogrify(query, params))
        if params and _TEXT_SEARCH in _text(query):
            # Planned every time: a generic plan cannot fold the search words into a
            # constant, so it parses them again for every row it ranks or rechecks
            # (the marketplace search took 4.3 ms instead of 2.8 ms).
            kwargs["prepare"] = False
        return super().execute(query, params, **kwargs)

    def executemany(self, query, params_seq, **kwargs):
        if _multi_command(query):
            for params in params_seq:
                super().execute(self.mogrify(query, params))
            return None
        return super().executemany(query, params_seq, **kwargs)

    def mogrify(self, query, params=None) -> str:
        """The statement with its parameters bound on the client (django-pghistory builds
        its event queries with it)."""
        return base.Database.ClientCursor(self.connection).mogrify(query, params)


def _text(query) -> str:
    return query.decode() if isinstance(query, bytes) else str(query)


def _multi_command(query) -> bool:
    return _text(query).startswith(_MULTI_COMMAND_PREFIX)


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self):
        params = super().get_connection_params()
        if self.settings_dict["OPTIONS"].get("server_side_binding") is True:
            params["cursor_factory"] = Cursor
        return params
