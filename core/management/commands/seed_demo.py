import importlib

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand

from core import demo_clock
from core.cache import forget_cached

# Each app may provide demo.py with `seed(stdout) -> list[str] | None`, and `finish()`
# run after every app has seeded. Order matters: later apps build on earlier ones' demo
# data.
SEED_ORDER = [
    "organizations",
    "needs",
    "procurements",
    "dialogue",
    "sharing",
    "sprints",
    "notifications",
    "projects",
    "arena",
    "reports",  # last: its reports (the close-out report counts the arena's events) read all
]


# Reference data the migrations load (model, migration with its idempotent `load`):
# `manage.py flush` empties these tables without loading them again, so the demo loads
# what is missing (only into an empty table: a loaded table may have been edited since).
REFERENCE_DATA = [
    ("core.CpvCode", "core.migrations.0002_load_cpv"),
    ("needs.AnswerOption", "needs.migrations.0003_answer_options"),
    ("sharing.Category", "sharing.migrations.0002_search_trigger_and_factors"),
]


def reference_data_load() -> list[str]:
    """Load the reference data a flush emptied; returns the models loaded."""
    loaded = []
    for label, module in REFERENCE_DATA:
        app_label = label.split(".")[0]
        if not apps.is_installed(app_label) or apps.get_model(label).objects.exists():
            continue
        importlib.import_module(module).load(apps, None)
        loaded.append(label)
    return loaded


class Command(BaseCommand):
    help = "Fill the database with realistic demo data (idempotent) and print the demo logins."

    def handle(self, *args, **options):
        logins: list[str] = []
        for label in reference_data_load():
            self.stdout.write(f"Loaded the reference data of {label} (emptied by a flush)")
        demo_clock.begin()  # history written from here on is the demo's to date
        seeded = []
        for app in SEED_ORDER:
            if app not in settings.INSTALLED_APPS:
                continue
            try:
                module = importlib.import_module(f"{app}.demo")
            except ModuleNotFoundError as exc:
                if exc.name == f"{app}.demo":
                    continue
                raise
            self.stdout.write(f"Seeding {app} ...")
            logins.extend(module.seed(stdout=self.stdout) or [])
            seeded.append(module)
        for module in seeded:  # once every app has seeded: e.g. date who registered when
            if hasattr(module, "finish"):
                module.finish()
        forget_cached()  # figures cached from an earlier database of the same name
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        self.stdout.write("Demo logins (password: samverka-demo):")
        for email in logins:
            self.stdout.write(f"  {email}")
