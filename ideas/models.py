"""The core every other room points at: challenges, questions, categories, participants,
contributions, comments and votes.

Identity stops at ``Participant``: contributions, comments and votes point at a participant
(a per-challenge pseudonym), and only ``Participant.user`` reaches the account. Public
serialisers and templates are handed participants, never users.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from accounts.choices import COUNTRIES, ORGANISATION_TYPES, ROLE_GROUPS


class Phase(models.TextChoices):
    DRAFT = "draft", "Draft"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"
    ANALYSIS = "analysis", "Analysis"
    CURATION = "curation", "Curation"
    PUBLISHED = "published", "Published"


class Status(models.TextChoices):
    """Where a contribution or comment stands. Only ``published`` is ever shown publicly."""

    PUBLISHED = "published", "Published"
    HELD = "held", "Awaiting review"
    HIDDEN = "hidden", "Hidden"
    REMOVED = "removed", "Removed"
    WITHDRAWN = "withdrawn", "Withdrawn"


class VoteValue(models.IntegerChoices):
    UP = 1, "Up"
    DOWN = -1, "Down"


class ChallengeQuerySet(models.QuerySet):
    def visible(self) -> "ChallengeQuerySet":
        """Challenges the public may see: everything past the draft phase."""
        return self.exclude(phase=Phase.DRAFT)


class Challenge(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True, help_text="Plain text shown on the challenge page.")
    phase = models.CharField(max_length=20, choices=Phase.choices, default=Phase.DRAFT)
    opens_at = models.DateTimeField(null=True, blank=True)
    closes_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    # Moderation rules, set by organisers (see moderation.prescreen.Rules).
    report_threshold = models.PositiveSmallIntegerField(
        default=3, help_text="Hide an item automatically when this many people report it."
    )
    offensive_hold = models.FloatField(
        default=0.60, help_text="Hold for review at this offensive-language probability (0 to 1)."
    )
    # The model scores most swearing near 1, mild or severe alike, so by default it only
    # holds for a moderator; organisers may lower this, and blocked words always refuse.
    offensive_refuse = models.FloatField(
        default=1.0,
        help_text="Refuse at this offensive-language probability (0 to 1; 1 means never).",
    )
    blocked_words = models.TextField(
        blank=True, help_text="One word or phrase per line: posts containing them are refused."
    )
    watched_words = models.TextField(
        blank=True, help_text="One word or phrase per line: posts containing them are held."
    )
    max_links = models.PositiveSmallIntegerField(
        default=3, help_text="Hold posts with more links than this as possible spam."
    )
    premoderate_first = models.PositiveSmallIntegerField(
        default=0, help_text="Hold each person's first N posts for a moderator (0: off)."
    )
    posts_per_hour = models.PositiveSmallIntegerField(default=10)
    comments_per_hour = models.PositiveSmallIntegerField(default=30)
    votes_per_minute = models.PositiveSmallIntegerField(default=60)
    reports_per_hour = models.PositiveSmallIntegerField(default=20)

    objects = ChallengeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__isnull=True)
                | Q(opens_at__isnull=True)
                | Q(closes_at__gt=models.F("opens_at")),
                name="challenge_closes_after_opening",
            ),
            models.CheckConstraint(
                condition=Q(offensive_hold__gt=0)
                & Q(offensive_hold__lte=models.F("offensive_refuse"))
                & Q(offensive_refuse__lte=1),
                name="challenge_offensive_thresholds_in_order",
            ),
            models.CheckConstraint(
                condition=Q(report_threshold__gte=1), name="challenge_report_threshold_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        """Contributing and voting happen only in the open phase, between the dates."""
        if self.phase != Phase.OPEN:
            return False
        now = timezone.now()
        if self.opens_at and now < self.opens_at:
            return False
        return not (self.closes_at and now >= self.closes_at)


class Question(models.Model):
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="questions")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


class Category(models.Model):
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(max_length=100)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "categories"
        constraints = [
            models.UniqueConstraint(fields=["challenge", "name"], name="category_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Participant(models.Model):
    """One person in one challenge: the pseudonym everything else points at.

    ``user`` is the only link to an account; it is cleared when the person erases their
    account, and the pseudonym stays on their contributions. Profile facts are a copy of what
    the person volunteered, for aggregate figures only.
    """

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participations",
    )
    pseudonym = models.CharField(max_length=60)
    role_group = models.CharField(max_length=20, choices=ROLE_GROUPS, blank=True)
    country = models.CharField(max_length=2, choices=COUNTRIES, blank=True)
    organisation_type = models.CharField(max_length=20, choices=ORGANISATION_TYPES, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Sanctions set by moderators: muted people may read and vote but not post; suspended
    # people may do nothing but read.
    muted_until = models.DateTimeField(null=True, blank=True)
    suspended_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["challenge", "user"],
                condition=Q(user__isnull=False),
                name="participant_one_per_user_per_challenge",
            ),
            models.UniqueConstraint(
                fields=["challenge", "pseudonym"], name="participant_unique_pseudonym"
            ),
        ]

    def __str__(self) -> str:
        return self.pseudonym


class ContributionQuerySet(models.QuerySet):
    def published(self) -> "ContributionQuerySet":
        return self.filter(status=Status.PUBLISHED)


class Contribution(models.Model):
    """A suggestion posted to a question. ``body`` is the normalised plain text typed."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="contributions")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="contributions")
    category = models.ForeignKey(
        Category, on_delete=models.SET_NULL, null=True, blank=True, related_name="contributions"
    )
    author = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="contributions")
    title = models.CharField(max_length=150, blank=True)
    body = models.TextField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PUBLISHED)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    # The pre-screen's findings (moderation.prescreen.Result.as_dict()), for moderators.
    screening = models.JSONField(default=dict, blank=True)
    # Set when a moderator asks the author to edit: the author may then edit past 15 minutes.
    edit_requested_at = models.DateTimeField(null=True, blank=True)
    # Counters kept in step with Vote and Comment rows inside the same transaction (F()).
    up_count = models.PositiveIntegerField(default=0)
    down_count = models.PositiveIntegerField(default=0)
    comment_count = models.PositiveIntegerField(default=0)
    # Lower bound of the Wilson score interval of the up-vote share; recomputed on every vote.
    wilson_score = models.FloatField(default=0.0)
    # Time-decayed "trending" score (see ideas.services.hot_score); recomputed on every vote.
    hot_score = models.FloatField(default=0.0)

    objects = ContributionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["challenge", "status", "-created_at"], name="contrib_list_new"),
            models.Index(fields=["challenge", "status", "-wilson_score"], name="contrib_list_top"),
            models.Index(fields=["challenge", "status", "-hot_score"], name="contrib_list_hot"),
        ]

    def __str__(self) -> str:
        return self.title or self.body[:60]

    @property
    def vote_total(self) -> int:
        return self.up_count + self.down_count


class Comment(models.Model):
    """A reply to a contribution, or to a top-level comment (one level down only)."""

    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, related_name="comments"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    author = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="comments")
    body = models.TextField()
    is_implementation = models.BooleanField(
        default=False, help_text="Marked by its author as 'how to make it happen'."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PUBLISHED)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    screening = models.JSONField(default=dict, blank=True)
    edit_requested_at = models.DateTimeField(null=True, blank=True)
    up_count = models.PositiveIntegerField(default=0)
    down_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.body[:60]


class Vote(models.Model):
    """One participant's vote on one contribution or one comment; the database keeps it one."""

    voter = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="votes")
    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, null=True, blank=True, related_name="votes"
    )
    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, null=True, blank=True, related_name="votes"
    )
    value = models.SmallIntegerField(choices=VoteValue.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(contribution__isnull=False, comment__isnull=True)
                | Q(contribution__isnull=True, comment__isnull=False),
                name="vote_exactly_one_target",
            ),
            models.CheckConstraint(condition=Q(value__in=[1, -1]), name="vote_value_up_or_down"),
            models.UniqueConstraint(
                fields=["voter", "contribution"],
                condition=Q(contribution__isnull=False),
                name="vote_one_per_contribution",
            ),
            models.UniqueConstraint(
                fields=["voter", "comment"],
                condition=Q(comment__isnull=False),
                name="vote_one_per_comment",
            ),
        ]

    def __str__(self) -> str:
        target = (
            f"contribution {self.contribution_id}"
            if self.contribution_id
            else (f"comment {self.comment_id}")
        )
        return f"{'+' if self.value > 0 else '-'}1 on {target}"


class RoleKind(models.TextChoices):
    MODERATOR = "moderator", "Moderator"
    PANEL = "panel", "Panel member"
    EDITOR = "editor", "Editor"


# How a role holder appears to other staff: "Moderator 2", "Member 3", "Editor 1".
ROLE_LABELS = {
    RoleKind.MODERATOR: "Moderator",
    RoleKind.PANEL: "Member",
    RoleKind.EDITOR: "Editor",
}


class Role(models.Model):
    """A person appointed by an organiser to a role in one challenge.

    ``number`` counts the holders of a kind of role within the challenge (1, 2, … in order
    of appointment), so staff appear to each other as "Member 2", never by name or by an id
    that links them across challenges. Records of what they did keep the label as it was.
    """

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="roles")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="challenge_roles"
    )
    kind = models.CharField(max_length=20, choices=RoleKind.choices)
    number = models.PositiveIntegerField(editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["challenge", "user", "kind"], name="role_unique"),
            models.UniqueConstraint(
                fields=["challenge", "kind", "number"], name="role_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} in {self.challenge}"

    def save(self, *args, **kwargs):
        # Organisers appoint in the admin as well as through code, so the number is given
        # here. Two appointments racing for one number: the constraint refuses the second.
        if self.number is None:
            highest = (
                Role.objects.filter(challenge_id=self.challenge_id, kind=self.kind)
                .order_by("-number")
                .values_list("number", flat=True)
                .first()
            )
            self.number = (highest or 0) + 1
        super().save(*args, **kwargs)

    @property
    def label(self) -> str:
        return f"{ROLE_LABELS[self.kind]} {self.number}"
