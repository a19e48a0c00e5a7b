"""Challenges made before panels existed get the default rubric."""

from django.db import migrations

DEFAULT_RUBRIC = [
    ("crowd", "Supported by the crowd", "People who took part backed it: votes and comments."),
    ("doable", "Doable", "A team could start on it with what it has."),
    ("innovative", "Innovative", "A new idea, or a known one used in a new way."),
    ("building_block", "A building block for change", "Other changes can grow from it."),
]


def forwards(apps, schema_editor):
    Challenge = apps.get_model("ideas", "Challenge")
    Criterion = apps.get_model("guide", "Criterion")
    for challenge in Challenge.objects.filter(criteria__isnull=True):
        Criterion.objects.bulk_create(
            [
                Criterion(challenge=challenge, key=key, label=label, description=text, position=n)
                for n, (key, label, text) in enumerate(DEFAULT_RUBRIC)
            ]
        )


class Migration(migrations.Migration):
    dependencies = [("guide", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
