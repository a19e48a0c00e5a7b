"""People on panel pages, logs and guide versions by their label in the challenge ("Member 2",
"Editor 1", "Organiser"), never by name: the curation log's names are replaced by labels, and
decisions, versions and score sheets keep the label of whoever made them. A score sheet
outlives its member's account (the shortlist rests on it)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

LABELS = {"moderator": "Moderator", "panel": "Member", "editor": "Editor"}
GUIDE_KINDS = ("panel", "editor", "moderator")


def label_staff(apps, schema_editor):
    Role = apps.get_model("ideas", "Role")
    User = apps.get_model(settings.AUTH_USER_MODEL)
    roles: dict[tuple[int, int], dict[str, int]] = {}
    for role in Role.objects.all():
        roles.setdefault((role.challenge_id, role.user_id), {})[role.kind] = role.number
    staff = set(User.objects.filter(is_staff=True).values_list("pk", flat=True))

    def label(challenge_id, user_id, kinds=GUIDE_KINDS):
        held = roles.get((challenge_id, user_id), {})
        for kind in kinds:
            if kind in held:
                return f"{LABELS[kind]} {held[kind]}"
        return "Organiser" if user_id in staff or user_id is None else "Former staff"

    CurationStep = apps.get_model("guide", "CurationStep")
    for step in CurationStep.objects.all():
        CurationStep.objects.filter(pk=step.pk).update(
            actor_label=label(step.challenge_id, step.actor_id)
        )
    ShortlistDecision = apps.get_model("guide", "ShortlistDecision")
    for decision in ShortlistDecision.objects.select_related("identity"):
        decision.decided_by_label = label(decision.identity.challenge_id, decision.decided_by_id)
        decision.save(update_fields=["decided_by_label"])
    GuideVersion = apps.get_model("guide", "GuideVersion")
    for version in GuideVersion.objects.select_related("guide"):
        version.published_by_label = label(
            version.guide.challenge_id, version.published_by_id, ("editor", "panel")
        )
        version.save(update_fields=["published_by_label"])
    ScoreSheet = apps.get_model("guide", "ScoreSheet")
    for sheet in ScoreSheet.objects.select_related("identity"):
        sheet.member_label = label(sheet.identity.challenge_id, sheet.member_id, ("panel",))
        sheet.save(update_fields=["member_label"])


class Migration(migrations.Migration):
    dependencies = [
        ("guide", "0002_default_rubric"),
        ("ideas", "0003_role_number"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField("curationstep", "actor_name", "actor_label"),
        migrations.AlterField(
            model_name="curationstep",
            name="actor_label",
            field=models.CharField(
                help_text="'Member N', 'Editor N' or 'Organiser'.", max_length=150
            ),
        ),
        migrations.AddField(
            model_name="shortlistdecision",
            name="decided_by_label",
            field=models.CharField(
                default="", help_text="'Member N' or 'Organiser'.", max_length=60
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="guideversion",
            name="published_by_label",
            field=models.CharField(
                default="", help_text="'Editor N' or 'Organiser'.", max_length=60
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="scoresheet",
            name="member_label",
            field=models.CharField(default="", help_text="'Member N'.", max_length=60),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="scoresheet",
            name="member",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="score_sheets",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(label_staff, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="curationstep",
            name="actor_label",
            field=models.CharField(
                help_text="'Member N', 'Editor N' or 'Organiser'.", max_length=60
            ),
        ),
    ]
