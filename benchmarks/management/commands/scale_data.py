"""Fill an empty (migrated) database with a national-scale dataset, deterministically.

DJANGO_SETTINGS_MODULE=benchmarks.settings manage.py scale_data --seed 1
(--scale 0.01 for a quick version; see benchmarks/scale/__init__.py)
"""

from django.core.management.base import BaseCommand, CommandError

from benchmarks.scale import NotEmpty, load


class Command(BaseCommand):
    help = "Fill an empty database with deterministic national-scale data."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--scale", type=float, default=1.0)

    def handle(self, *args, seed: int, scale: float, **options):
        try:
            seconds = load(seed=seed, scale=scale, stdout=self.stdout)
        except (NotEmpty, ValueError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(f"Scale data (seed {seed}, scale {scale}) in {seconds:.1f} s")
        )
