"""Panels, their rubric and scores, shortlist decisions, curation, and the guide.

Curation lives beside the machine's output, never inside it. ``analysis`` writes runs,
themes and memberships; a person's merge, move, split, exemplar or tip is a record here,
pointing at a ``ThemeIdentity`` (a theme as people know it across re-runs) and at
contributions and comments. ``guide.selectors.curated_themes`` lays those records over the
latest run, so they survive a re-run. Every step is also written to ``CurationStep``: who,
what, when.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from analysis.models import Theme, ThemeIdentity
from ideas.models import Challenge, Comment, Contribution

SCALE_LOW = 1
SCALE_HIGH = 5


class Criterion(models.Model):
    """One line of a challenge's panel rubric, scored 1 to 5."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="criteria")
    key = models.SlugField(max_length=40)
    label = models.CharField(max_length=100)
    description = models.CharField(max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name_plural = "criteria"
        constraints = [
            models.UniqueConstraint(fields=["challenge", "key"], name="criterion_unique_key")
        ]

    def __str__(self) -> str:
        return self.label


class ScoreSheet(models.Model):
    """One panel member's scores for one theme. Others' sheets stay hidden from a member
    until their own is submitted; a submitted sheet is final."""

    identity = models.ForeignKey(
        ThemeIdentity, on_delete=models.CASCADE, related_name="score_sheets"
    )
    # The run's theme the member was looking at, for the record.
    theme = models.ForeignKey(
        Theme, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Empty once the member's account is erased: the submitted scores stay (the shortlist
    # and the guide rest on them), under the label the member had.
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="score_sheets",
    )
    member_label = models.CharField(max_length=60, help_text="'Member N'.")
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["identity", "member"], name="sheet_one_per_member")
        ]

    def __str__(self) -> str:
        return f"Scores for theme {self.identity_id}"

    @property
    def submitted(self) -> bool:
        return self.submitted_at is not None


class Score(models.Model):
    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="scores")
    # A criterion that has been scored cannot be deleted from the rubric (the challenge can).
    criterion = models.ForeignKey(Criterion, on_delete=models.RESTRICT, related_name="scores")
    value = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sheet", "criterion"], name="score_one_per_criterion"),
            models.CheckConstraint(
                condition=Q(value__gte=SCALE_LOW) & Q(value__lte=SCALE_HIGH),
                name="score_on_scale",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.value}"


class Decision(models.TextChoices):
    SHORTLISTED = "shortlisted", "Shortlisted"
    NOT_SHORTLISTED = "not_shortlisted", "Not shortlisted"


class ShortlistDecision(models.Model):
    """A panel's decision on a theme, with its rationale. The newest one stands; earlier
    ones are kept as the theme's history."""

    identity = models.ForeignKey(
        ThemeIdentity, on_delete=models.CASCADE, related_name="shortlist_decisions"
    )
    decision = models.CharField(max_length=20, choices=Decision.choices)
    rationale = models.TextField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_by_label = models.CharField(max_length=60, help_text="'Member N' or 'Organiser'.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_decision_display()}: theme {self.identity_id}"


class ThemeMerge(models.Model):
    """``identity`` was merged into ``into``: its contributions, in this run and every later
    one, count as ``into``'s."""

    identity = models.OneToOneField(
        ThemeIdentity, on_delete=models.CASCADE, primary_key=True, related_name="merge"
    )
    into = models.ForeignKey(ThemeIdentity, on_delete=models.CASCADE, related_name="merged_in")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~Q(identity=models.F("into")), name="merge_not_into_itself"
            )
        ]

    def __str__(self) -> str:
        return f"{self.identity_id} into {self.into_id}"


class Placement(models.Model):
    """A person put this contribution in this theme (a move, or one side of a split); it
    outranks the machine's choice in every later run."""

    contribution = models.OneToOneField(
        Contribution, on_delete=models.CASCADE, related_name="placement"
    )
    identity = models.ForeignKey(ThemeIdentity, on_delete=models.CASCADE, related_name="placements")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.contribution_id} in {self.identity_id}"


class Exemplar(models.Model):
    """A contribution picked to stand for a theme: quoted in the guide."""

    identity = models.ForeignKey(ThemeIdentity, on_delete=models.CASCADE, related_name="exemplars")
    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["identity", "contribution"], name="exemplar_unique")
        ]

    def __str__(self) -> str:
        return f"Exemplar {self.contribution_id} of {self.identity_id}"


class Tip(models.Model):
    """A comment picked as an implementation tip for a theme."""

    identity = models.ForeignKey(ThemeIdentity, on_delete=models.CASCADE, related_name="tips")
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["identity", "comment"], name="tip_unique")]

    def __str__(self) -> str:
        return f"Tip {self.comment_id} for {self.identity_id}"


class CurationKind(models.TextChoices):
    RENAME = "rename", "Renamed"
    MERGE = "merge", "Merged"
    SPLIT = "split", "Split"
    MOVE = "move", "Moved contributions"
    EXEMPLAR_ADD = "exemplar_add", "Picked an exemplar"
    EXEMPLAR_REMOVE = "exemplar_remove", "Dropped an exemplar"
    TIP_ADD = "tip_add", "Picked a tip"
    TIP_REMOVE = "tip_remove", "Dropped a tip"
    RUBRIC = "rubric", "Changed the rubric"


class CurationStepQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The curation log is append-only.")

    def delete(self):
        raise PermissionError("The curation log is append-only.")


class CurationStep(models.Model):
    """The curation log: who did what to which theme, and when. The app only ever adds to
    it; a challenge's log goes with the challenge. People appear by their label in the
    challenge ("Member 2", "Editor 1", "Organiser"), kept as it was; the account link is for
    the admin alone and goes when the account is erased."""

    challenge = models.ForeignKey(
        Challenge, on_delete=models.CASCADE, related_name="curation_steps"
    )
    kind = models.CharField(max_length=20, choices=CurationKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    actor_label = models.CharField(
        max_length=60, help_text="'Member N', 'Editor N' or 'Organiser'."
    )
    identity = models.ForeignKey(
        ThemeIdentity, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The other theme a step touched: a merge's source, a move's source.
    other = models.ForeignKey(
        ThemeIdentity, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    summary = models.CharField(max_length=500)
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = CurationStepQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.summary

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("The curation log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The curation log is append-only.")


class Guide(models.Model):
    """The editors' working copy of a challenge's guide."""

    challenge = models.OneToOneField(Challenge, on_delete=models.CASCADE, related_name="guide")
    title = models.CharField(max_length=200)
    introduction = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.title


class GuideSection(models.Model):
    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="sections")
    identity = models.ForeignKey(ThemeIdentity, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    what_helps = models.TextField(blank=True)
    what_gets_in_the_way = models.TextField(blank=True)
    what_to_do = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["guide", "identity"], name="section_one_per_theme")
        ]

    def __str__(self) -> str:
        return self.title


class GuideVersion(models.Model):
    """A published version: the editors' text, the picked quotes and tips (by id) and the
    figures as they were. Quotes and tips are looked up again whenever the version is shown,
    so anything withdrawn or removed since drops out."""

    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    content = models.JSONField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    published_by_label = models.CharField(max_length=60, help_text="'Editor N' or 'Organiser'.")
    published_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["guide", "number"], name="version_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.guide} v{self.number}"
