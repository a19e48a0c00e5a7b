"""Analysis runs, their themes and memberships.

A ``ThemeIdentity`` is a theme as people know it across re-runs: each run's ``Theme`` points
at one, matched by member overlap, so names given by people (and, later, panel work) survive
a re-run. The machine's output (``Theme.label``) and people's choices (``ThemeIdentity.name``)
are kept apart.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from ideas.models import Challenge, Contribution, Question


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Finished"
    FAILED = "failed", "Failed"


class AnalysisRun(models.Model):
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="runs")
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, null=True, blank=True, related_name="runs"
    )
    requested_k = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Number of themes asked for; empty: chosen."
    )
    status = models.CharField(max_length=20, choices=RunStatus.choices, default=RunStatus.QUEUED)
    progress = models.FloatField(default=0.0)
    step = models.CharField(max_length=100, blank=True)
    error = models.TextField(blank=True)
    contribution_count = models.PositiveIntegerField(default=0)
    parameters = models.JSONField(default=dict, blank=True)
    metrics = models.JSONField(default=dict, blank=True)
    timings = models.JSONField(default=dict, blank=True)
    # The fitted vectoriser and cluster centres (pickled), for placing new contributions and
    # suggesting similar ones while someone writes.
    model = models.BinaryField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Written with every progress report: a running run whose heartbeat stops has lost its
    # worker.
    heartbeat_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__gte=0) & Q(progress__lte=1), name="run_progress_fraction"
            ),
        ]

    def __str__(self) -> str:
        return f"Run {self.pk} of {self.challenge} ({self.get_status_display()})"


class ThemeIdentity(models.Model):
    """A theme as people know it, stable across runs of one challenge (or question)."""

    challenge = models.ForeignKey(
        Challenge, on_delete=models.CASCADE, related_name="theme_identities"
    )
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    name = models.CharField(
        max_length=200,
        blank=True,
        help_text="A name given by a person; empty: the machine's label.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "theme identities"

    def __str__(self) -> str:
        return self.name or f"Theme {self.pk}"


class Theme(models.Model):
    run = models.ForeignKey(AnalysisRun, on_delete=models.CASCADE, related_name="themes")
    identity = models.ForeignKey(ThemeIdentity, on_delete=models.RESTRICT, related_name="themes")
    index = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=200)
    key_phrases = models.JSONField(default=list)
    size = models.PositiveIntegerField(default=0)
    # Figures joining text and votes (see analysis.services.theme_statistics).
    statistics = models.JSONField(default=dict)
    representative_ids = models.JSONField(default=list)
    most_supported_ids = models.JSONField(default=list)
    near_duplicate_groups = models.JSONField(default=list)

    class Meta:
        ordering = ["-size", "index"]
        constraints = [
            models.UniqueConstraint(fields=["run", "index"], name="theme_unique_index"),
            models.UniqueConstraint(fields=["run", "identity"], name="theme_unique_identity"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.identity.name or self.label


class Membership(models.Model):
    """Where one contribution sits in one run: a theme, or "other" (no theme)."""

    run = models.ForeignKey(AnalysisRun, on_delete=models.CASCADE, related_name="memberships")
    theme = models.ForeignKey(
        Theme, on_delete=models.CASCADE, null=True, blank=True, related_name="memberships"
    )
    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, related_name="memberships"
    )
    x = models.FloatField(default=0.0)
    y = models.FloatField(default=0.0)
    placed_later = models.BooleanField(
        default=False, help_text="Posted after the run, placed in its nearest theme."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["run", "contribution"], name="membership_one_per_run"),
        ]

    def __str__(self) -> str:
        return f"{self.contribution_id} in {self.theme_id or 'other'}"
