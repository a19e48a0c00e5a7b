"""Moderators' decisions, sanctions and appeal rulings outlive an erased account: the link to
the account may go (SET_NULL, where it used to refuse the erasure), and each record keeps the
label the moderator had ("Moderator 2"), filled in here for records made before."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def label_moderators(apps, schema_editor):
    Role = apps.get_model("ideas", "Role")
    numbers = {
        (role.challenge_id, role.user_id): role.number
        for role in Role.objects.filter(kind="moderator")
    }

    def label(challenge_id, user_id):
        number = numbers.get((challenge_id, user_id))
        return f"Moderator {number}" if number else "Organiser"

    Decision = apps.get_model("moderation", "Decision")
    for decision in Decision.objects.select_related("case"):
        decision.moderator_label = label(decision.case.challenge_id, decision.moderator_id)
        decision.save(update_fields=["moderator_label"])
    Sanction = apps.get_model("moderation", "Sanction")
    for sanction in Sanction.objects.select_related("participant"):
        sanction.moderator_label = label(sanction.participant.challenge_id, sanction.moderator_id)
        sanction.save(update_fields=["moderator_label"])
    Appeal = apps.get_model("moderation", "Appeal")
    for appeal in Appeal.objects.filter(decided_by__isnull=False).select_related(
        "decision__case"
    ):
        appeal.decided_by_label = label(appeal.decision.case.challenge_id, appeal.decided_by_id)
        appeal.save(update_fields=["decided_by_label"])


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0002_audit_append_only"),
        ("ideas", "0003_role_number"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="appeal",
            name="decided_by_label",
            field=models.CharField(blank=True, max_length=60),
        ),
        migrations.AddField(
            model_name="decision",
            name="moderator_label",
            field=models.CharField(
                default="", help_text="'Moderator N' or 'Organiser'.", max_length=60
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="sanction",
            name="moderator_label",
            field=models.CharField(
                default="", help_text="'Moderator N' or 'Organiser'.", max_length=60
            ),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="appeal",
            name="decided_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="decision",
            name="moderator",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="sanction",
            name="moderator",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(label_moderators, migrations.RunPython.noop),
    ]
