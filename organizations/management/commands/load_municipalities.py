from django.core.management.base import BaseCommand

from organizations.services import municipalities_load


class Command(BaseCommand):
    help = "Create or update all 290 Swedish municipalities (idempotent)."

    def handle(self, *args, **options):
        created, updated = municipalities_load()
        self.stdout.write(f"Municipalities: {created} created, {updated} updated.")
