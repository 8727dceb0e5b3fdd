"""Load all 290 Swedish municipalities from SCB's list (idempotent)."""

import csv
from pathlib import Path

from django.db import migrations

CSV = Path(__file__).resolve().parent.parent / "data" / "swedish_admin_areas.csv"


def _slug(name: str, code: str, taken: set) -> str:
    from django.utils.text import slugify

    base = slugify(name.replace("ä", "a").replace("å", "a").replace("ö", "o"))[:50]
    slug = base if base not in taken else f"{base}-{code}"
    taken.add(slug)
    return slug


def load(apps, schema_editor):
    Organization = apps.get_model("organizations", "Organization")
    existing = set(Organization.objects.values_list("municipality_code", flat=True))
    taken = set(Organization.objects.values_list("slug", flat=True))
    rows = []
    with CSV.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["municipality_code"] in existing:
                continue
            rows.append(
                Organization(
                    kind="municipality",
                    name=row["municipality_name"],
                    slug=_slug(row["municipality_name"], row["municipality_code"], taken),
                    municipality_code=row["municipality_code"],
                    county_code=row["county_code"],
                    county_name=row["county_name"],
                )
            )
    Organization.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [("organizations", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
