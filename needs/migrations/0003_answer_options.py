from django.db import migrations

DEFAULTS = [
    ("challenge", "Tas in i en utmaning", "Taken into a challenge", "in_challenge", 10),
    ("merged", "Sammanslaget med ett liknande behov", "Merged with a similar need", "merged", 20),
    ("solved-otherwise", "Löst på annat sätt", "Solved another way", "solved_otherwise", 30),
    ("not-now", "Inte nu", "Not now", "deferred", 40),
]


def load(apps, schema_editor):
    AnswerOption = apps.get_model("needs", "AnswerOption")
    for code, sv, en, status, order in DEFAULTS:
        AnswerOption.objects.get_or_create(
            code=code,
            defaults={"label_sv": sv, "label_en": en, "resulting_status": status, "order": order},
        )


class Migration(migrations.Migration):
    dependencies = [("needs", "0002_extend")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
