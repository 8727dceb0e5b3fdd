"""Reference data that migrations load (municipalities, CPV codes, sharing categories and
impact factors, need answer options).

A transactional test empties every table when it ends; `reload()` puts the reference
data back (the tests' conftest calls it after such a test), far faster than Django's
serialized rollback. Each listed migration module has an idempotent `load(apps, editor)`.
"""

import importlib

from django.apps import apps

REFERENCE_MIGRATIONS = [
    "organizations.migrations.0002_load_municipalities",
    "core.migrations.0002_load_cpv",
    "sharing.migrations.0002_search_trigger_and_factors",
    "needs.migrations.0003_answer_options",
]


def reload() -> None:
    for name in REFERENCE_MIGRATIONS:
        importlib.import_module(name).load(apps, None)
