"""Number each challenge's role holders per kind ("Member 1", "Member 2", …): add the
column empty, number existing roles in order of appointment, then require it."""

from django.db import migrations, models


def number_roles(apps, schema_editor):
    Role = apps.get_model("ideas", "Role")
    counters: dict[tuple[int, str], int] = {}
    for role in Role.objects.order_by("created_at", "id"):
        key = (role.challenge_id, role.kind)
        counters[key] = counters.get(key, 0) + 1
        role.number = counters[key]
        role.save(update_fields=["number"])


class Migration(migrations.Migration):
    dependencies = [("ideas", "0002_moderation_rules_and_roles")]

    operations = [
        migrations.AddField(
            model_name="role",
            name="number",
            field=models.PositiveIntegerField(editable=False, null=True),
        ),
        migrations.RunPython(number_roles, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="role",
            name="number",
            field=models.PositiveIntegerField(editable=False),
        ),
        migrations.AddConstraint(
            model_name="role",
            constraint=models.UniqueConstraint(
                fields=("challenge", "kind", "number"), name="role_number_unique"
            ),
        ),
    ]
