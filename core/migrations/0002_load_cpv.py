"""Load the CPV 2008 main vocabulary (Swedish and English labels)."""

import csv
from pathlib import Path

from django.db import migrations

CSV = Path(__file__).resolve().parent.parent / "data" / "cpv_2008_main_en_sv.csv"


def load(apps, schema_editor):
    CpvCode = apps.get_model("core", "CpvCode")
    existing = set(CpvCode.objects.values_list("code", flat=True))
    with CSV.open(encoding="utf-8") as handle:
        rows = [
            CpvCode(code=row["code"], label_sv=row["label_sv"], label_en=row["label_en"])
            for row in csv.DictReader(handle)
            if row["code"] not in existing
        ]
    CpvCode.objects.bulk_create(rows, batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
