"""Moderation: reports, cases (the queue), decisions, sanctions, appeals, notices, audit.

Everything here points at ideas' participants and items, never at accounts, except the
moderator who acted (a staff account, shown to others only as "Moderator N").
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from ideas.models import Challenge, Comment, Contribution, Participant


def _one_target(prefix: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(contribution__isnull=False, comment__isnull=True)
        | Q(contribution__isnull=True, comment__isnull=False),
        name=f"{prefix}_exactly_one_target",
    )


class ReportReason(models.TextChoices):
    OFFENSIVE = "offensive", "Offensive or abusive"
    IDENTIFIES = "identifies", "Identifies a person"
    SPAM = "spam", "Spam or advertising"
    OFF_TOPIC = "off_topic", "Off-topic"
    SAFETY = "safety", "A patient-safety or whistleblowing concern"
    OTHER = "other", "Other"


class Queue(models.TextChoices):
    GENERAL = "general", "General"
    SAFETY = "safety", "Patient safety and whistleblowing"


class CaseState(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class Case(models.Model):
    """One item awaiting a moderator: held by the pre-screen, reported, or appealed."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="cases")
    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, null=True, blank=True, related_name="cases"
    )
    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, null=True, blank=True, related_name="cases"
    )
    queue = models.CharField(max_length=20, choices=Queue.choices, default=Queue.GENERAL)
    state = models.CharField(max_length=20, choices=CaseState.choices, default=CaseState.OPEN)
    held = models.BooleanField(default=False, help_text="Opened by the pre-screen.")
    appealed = models.BooleanField(default=False)
    opened_at = models.DateTimeField(auto_now_add=True, db_index=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["opened_at", "id"]
        constraints = [
            _one_target("case"),
            models.UniqueConstraint(
                fields=["contribution", "queue"],
                condition=Q(state="open", contribution__isnull=False),
                name="case_one_open_per_contribution_queue",
            ),
            models.UniqueConstraint(
                fields=["comment", "queue"],
                condition=Q(state="open", comment__isnull=False),
                name="case_one_open_per_comment_queue",
            ),
        ]
        indexes = [models.Index(fields=["challenge", "state", "queue"], name="case_queue")]

    def __str__(self) -> str:
        return f"Case {self.pk} ({self.get_state_display()})"

    @property
    def item(self) -> Contribution | Comment:
        return self.contribution if self.contribution_id else self.comment


class Report(models.Model):
    """ "Unsuitable or offensive? Report this." One per person per item."""

    reporter = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="reports")
    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    case = models.ForeignKey(Case, on_delete=models.SET_NULL, null=True, related_name="reports")
    reason = models.CharField(max_length=20, choices=ReportReason.choices)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            _one_target("report"),
            models.UniqueConstraint(
                fields=["reporter", "contribution"],
                condition=Q(contribution__isnull=False),
                name="report_one_per_person_contribution",
            ),
            models.UniqueConstraint(
                fields=["reporter", "comment"],
                condition=Q(comment__isnull=False),
                name="report_one_per_person_comment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} report"


class Action(models.TextChoices):
    KEEP = "keep", "Keep it"
    HIDE = "hide", "Hide it"
    REMOVE = "remove", "Remove it"
    ASK_EDIT = "ask_edit", "Ask the author to edit it"


class Decision(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="decisions")
    # Empty once the moderator's account is erased; the decision stays, under their label.
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    moderator_label = models.CharField(max_length=60, help_text="'Moderator N' or 'Organiser'.")
    action = models.CharField(max_length=20, choices=Action.choices)
    reason = models.TextField(help_text="Told to the author.")
    on_appeal = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} (case {self.case_id})"


class SanctionKind(models.TextChoices):
    MUTE = "mute", "Mute (may read and vote, not post)"
    SUSPEND = "suspend", "Suspend (may only read)"


class Sanction(models.Model):
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="sanctions")
    kind = models.CharField(max_length=20, choices=SanctionKind.choices)
    until = models.DateTimeField()
    reason = models.TextField()
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    moderator_label = models.CharField(max_length=60, help_text="'Moderator N' or 'Organiser'.")
    decision = models.ForeignKey(Decision, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.get_kind_display()} until {self.until:%Y-%m-%d}"


class AppealState(models.TextChoices):
    OPEN = "open", "Waiting for a moderator"
    UPHELD = "upheld", "Decision upheld"
    OVERTURNED = "overturned", "Decision overturned"


class Appeal(models.Model):
    """The author's one appeal against a decision, decided by a different moderator."""

    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, related_name="appeal")
    text = models.TextField()
    state = models.CharField(max_length=20, choices=AppealState.choices, default=AppealState.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_by_label = models.CharField(max_length=60, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Appeal against {self.decision}"


class Notice(models.Model):
    """A message to a participant about their post: shown on their account page and emailed."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="notices")
    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    decision = models.ForeignKey(Decision, on_delete=models.SET_NULL, null=True, blank=True)
    message = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.message[:60]


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The moderation audit log is append-only.")

    def delete(self):
        raise PermissionError("The moderation audit log is append-only.")


class AuditEntry(models.Model):
    """One moderation event, automatic or human. Append-only: the app cannot edit or delete
    rows (and on PostgreSQL a trigger refuses UPDATE and DELETE too).

    Plain ids rather than foreign keys, so nothing can cascade into this table.
    """

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    challenge_id = models.BigIntegerField(db_index=True)
    actor_id = models.BigIntegerField(null=True, blank=True, help_text="Empty: automatic.")
    actor_label = models.CharField(max_length=60, help_text="'Automatic' or 'Moderator N'.")
    action = models.CharField(max_length=40)
    contribution_id = models.BigIntegerField(null=True, blank=True)
    comment_id = models.BigIntegerField(null=True, blank=True)
    participant_pseudonym = models.CharField(max_length=60, blank=True)
    reason = models.TextField(blank=True)
    details = models.JSONField(default=dict, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label}: {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("The moderation audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The moderation audit log is append-only.")
