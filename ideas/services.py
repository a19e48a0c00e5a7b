"""Every write in the core: contributions, comments, votes, participants.

Each service takes keyword arguments, checks ``ideas.rules``, normalises text, writes in one
transaction, keeps counters with ``F()`` and sends its event only after commit. Pages, the
API and imports all come through here, so they cannot disagree.
"""

import functools
import math
from collections.abc import Generator
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from ideas import rules, signals
from ideas.errors import InvalidInput, NotAllowed, NotOpen
from ideas.models import (
    Category,
    Challenge,
    Comment,
    Contribution,
    Participant,
    Question,
    Status,
    Vote,
    VoteValue,
)
from ideas.pseudonyms import random_pseudonym
from ideas.ratelimit import rate_limit_check
from ideas.sql import column, table
from ideas.text import normalise_line, normalise_text
from moderation import prescreen

BODY_MIN, BODY_MAX = 10, 2000
TITLE_MAX = 150
COMMENT_MIN, COMMENT_MAX = 2, 2000
# Raw input above this is refused before any work is done on it.
RAW_INPUT_LIMIT = 20_000
WILSON_Z = 1.96  # 95% confidence
VOTE_WINDOW_SECONDS = 60  # a challenge's votes_per_minute counts in this window
HOT_EPOCH = 1_700_000_000  # a fixed start (November 2023) keeps the scores small
HOT_DECAY_SECONDS = 45_000


# --- scores -------------------------------------------------------------------------------


def wilson_lower_bound(up: int, down: int, z: float = WILSON_Z) -> float:
    """Lower bound of the Wilson score interval for the share of up votes.

    Ranks an item with 40 up and 5 down above one with 2 up and 0 down, which net votes and
    plain ratios get wrong.
    """
    n = up + down
    if n == 0:
        return 0.0
    share = up / n
    z2 = z * z
    centre = share + z2 / (2 * n)
    spread = z * math.sqrt((share * (1 - share) + z2 / (4 * n)) / n)
    return (centre - spread) / (1 + z2 / n)


def hot_score(up: int, down: int, created_at: datetime) -> float:
    """Time-decayed 'trending' score: the order of magnitude of net votes plus a bonus for
    recency, so an item needs ten times the net votes to keep level with one 12.5 hours newer.
    """
    net = up - down
    magnitude = math.log10(max(abs(net), 1))
    sign = (net > 0) - (net < 0)
    return round(sign * magnitude + (created_at.timestamp() - HOT_EPOCH) / HOT_DECAY_SECONDS, 7)


# --- participants -------------------------------------------------------------------------


def participant_get_or_create(*, user, challenge: Challenge) -> Participant:
    """The person's pseudonymous participant in this challenge, created on first use."""
    existing = Participant.objects.filter(challenge=challenge, user=user).first()
    if existing:
        return existing
    for _ in range(20):
        try:
            with transaction.atomic():
                return Participant.objects.create(
                    challenge=challenge,
                    user=user,
                    pseudonym=random_pseudonym(),
                    role_group=user.role_group,
                    country=user.country,
                    organisation_type=user.organisation_type,
                )
        except IntegrityError:
            # Either the pseudonym clashed (try another) or a parallel request created the
            # participant first (use it).
            existing = Participant.objects.filter(challenge=challenge, user=user).first()
            if existing:
                return existing
    raise RuntimeError("Could not allocate a pseudonym after 20 tries.")


# --- input checks -------------------------------------------------------------------------


def _clean_body(raw: str, *, field: str, minimum: int, maximum: int, noun: str) -> str:
    if not isinstance(raw, str):
        raise InvalidInput(f"Enter your {noun} as text.", field=field)
    if len(raw) > RAW_INPUT_LIMIT:
        raise InvalidInput(f"Your {noun} must be {maximum:,} characters or fewer.", field=field)
    text = normalise_text(raw)
    if not text:
        raise InvalidInput(f"Enter your {noun}.", field=field, code="required")
    if len(text) < minimum:
        raise InvalidInput(f"Your {noun} must be at least {minimum} characters.", field=field)
    if len(text) > maximum:
        raise InvalidInput(f"Your {noun} must be {maximum:,} characters or fewer.", field=field)
    return text


def _clean_title(raw: str | None) -> str:
    if raw is None:
        return ""
    if not isinstance(raw, str):
        raise InvalidInput("Enter the title as text.", field="title")
    if len(raw) > RAW_INPUT_LIMIT:
        raise InvalidInput(f"The title must be {TITLE_MAX} characters or fewer.", field="title")
    title = normalise_line(raw)
    if len(title) > TITLE_MAX:
        raise InvalidInput(f"The title must be {TITLE_MAX} characters or fewer.", field="title")
    return title


def _check_category(category: Category | None, challenge: Challenge) -> None:
    if category is not None and category.challenge_id != challenge.pk:
        raise InvalidInput("Choose a category from this challenge.", field="category")


def _require_verified(user) -> None:
    if not rules.is_verified_person(user):
        raise NotAllowed("Sign in with a verified email address first.", code="not_verified")


def _require_open(challenge: Challenge) -> None:
    if not challenge.is_open:
        raise NotOpen("This challenge is not open for contributions or votes.")


# --- screening, sanctions and rate limits --------------------------------------------------

RECENT_TEXTS_FOR_REPEATS = 20


class Refused(Exception):
    """Internal: the pre-screen refused a submission; the transaction rolls back."""

    def __init__(self, result: prescreen.Result):
        super().__init__(result.outcome)
        self.result = result


def challenge_rules(challenge: Challenge) -> prescreen.Rules:
    """The organisers' moderation settings for a challenge, as the pre-screen takes them."""

    def lines(text: str) -> tuple[str, ...]:
        return tuple(line.strip() for line in text.splitlines() if line.strip())

    return prescreen.Rules(
        offensive_hold=challenge.offensive_hold,
        offensive_refuse=challenge.offensive_refuse,
        blocked_words=lines(challenge.blocked_words),
        watched_words=lines(challenge.watched_words),
        max_links=challenge.max_links,
        premoderate_first=challenge.premoderate_first,
    )


def _screen(
    *,
    participant: Participant,
    challenge: Challenge,
    text: str,
    exclude: Contribution | None = None,
) -> prescreen.Result:
    contributions = Contribution.objects.filter(author=participant)
    if exclude is not None:
        contributions = contributions.exclude(pk=exclude.pk)
    recent = [
        *contributions.order_by("-created_at").values_list("body", flat=True)[
            :RECENT_TEXTS_FOR_REPEATS
        ],
        *Comment.objects.filter(author=participant)
        .order_by("-created_at")
        .values_list("body", flat=True)[:RECENT_TEXTS_FOR_REPEATS],
    ]
    published = (
        contributions.filter(status=Status.PUBLISHED).count()
        + Comment.objects.filter(author=participant, status=Status.PUBLISHED).count()
    )
    return prescreen.prescreen(
        text,
        challenge_rules(challenge),
        prescreen.Context(recent_texts=tuple(recent), published_count=published),
    )


def _refusal(result: prescreen.Result, *, sender, challenge: Challenge) -> InvalidInput:
    """Record the refusal (moderation audits it) and build the error the person sees."""
    signals.submission_refused.send(sender=sender, challenge_id=challenge.pk, result=result)
    message = " ".join(f.message for f in result.findings if f.action == "refuse")
    return InvalidInput(message or "This cannot be posted.", field="body", code="refused")


def require_not_sanctioned(participant: Participant, *, posting: bool) -> None:
    """Suspended people may only read; muted people may read and vote but not post."""
    now = timezone.now()
    if participant.suspended_until and participant.suspended_until > now:
        raise NotAllowed(
            f"Your account is suspended until {participant.suspended_until:%-d %B %Y}.",
            code="suspended",
        )
    if posting and participant.muted_until and participant.muted_until > now:
        raise NotAllowed(
            f"You cannot post until {participant.muted_until:%-d %B %Y}: a moderator has "
            "paused your posting.",
            code="muted",
        )


# --- contributions ------------------------------------------------------------------------


def contribution_create(
    *,
    user,
    question: Question,
    body: str,
    title: str | None = "",
    category: Category | None = None,
) -> Contribution:
    """Post a contribution to an open question as the user's pseudonymous participant."""
    challenge = question.challenge
    _require_verified(user)
    _require_open(challenge)
    clean_body = _clean_body(
        body, field="body", minimum=BODY_MIN, maximum=BODY_MAX, noun="contribution"
    )
    clean_title = _clean_title(title)
    _check_category(category, challenge)
    try:
        with transaction.atomic():
            author = participant_get_or_create(user=user, challenge=challenge)
            require_not_sanctioned(author, posting=True)
            rate_limit_check(
                action="post",
                participant_id=author.pk,
                limit=challenge.posts_per_hour,
                window_seconds=3600,
            )
            text = f"{clean_title}\n{clean_body}" if clean_title else clean_body
            result = _screen(participant=author, challenge=challenge, text=text)
            if result.outcome == "refuse":
                raise Refused(result)
            created_at = timezone.now()
            contribution = Contribution.objects.create(
                challenge=challenge,
                question=question,
                category=category,
                author=author,
                title=clean_title,
                body=clean_body,
                status=Status.HELD if result.outcome == "hold" else Status.PUBLISHED,
                screening=result.as_dict(),
                created_at=created_at,
                hot_score=hot_score(0, 0, created_at),
            )
            if result.outcome == "hold":
                # Synchronous, inside the transaction: moderation opens its case with the item.
                signals.item_held.send(sender=Contribution, item=contribution, result=result)
            _on_commit_contribution(contribution, created=True)
    except Refused as refused:
        raise _refusal(refused.result, sender=Contribution, challenge=challenge) from None
    return contribution


def contribution_edit(
    *,
    user,
    contribution: Contribution,
    body: str,
    title: str | None = "",
    category: Category | None = None,
) -> Contribution:
    """Let the author correct a contribution within 15 minutes of posting it."""
    if not rules.is_author(user, contribution):
        raise NotAllowed("You can only edit your own contributions.")
    if not rules.can_edit(user, contribution):
        raise NotAllowed(
            "Contributions can be edited for 15 minutes after posting, while the challenge "
            "is open.",
            code="edit_window_closed",
        )
    clean_body = _clean_body(
        body, field="body", minimum=BODY_MIN, maximum=BODY_MAX, noun="contribution"
    )
    clean_title = _clean_title(title)
    challenge = contribution.challenge
    _check_category(category, challenge)
    require_not_sanctioned(contribution.author, posting=True)
    text = f"{clean_title}\n{clean_body}" if clean_title else clean_body
    result = _screen(
        participant=contribution.author, challenge=challenge, text=text, exclude=contribution
    )
    if result.outcome == "refuse":
        raise _refusal(result, sender=Contribution, challenge=challenge)
    # An edit a moderator asked for goes back to them; otherwise the pre-screen decides.
    requested = contribution.edit_requested_at is not None
    held = requested or result.outcome == "hold" or contribution.status == Status.HELD
    contribution.body = clean_body
    contribution.title = clean_title
    contribution.category = category
    contribution.edited_at = timezone.now()
    contribution.screening = result.as_dict()
    contribution.status = Status.HELD if held else Status.PUBLISHED
    contribution.edit_requested_at = None
    with transaction.atomic():
        contribution.save(
            update_fields=[
                "body",
                "title",
                "category",
                "edited_at",
                "screening",
                "status",
                "edit_requested_at",
            ]
        )
        if held:
            signals.item_held.send(
                sender=Contribution, item=contribution, result=result, edited_on_request=requested
            )
        _on_commit_contribution(contribution)
    return contribution


def contribution_withdraw(*, user, contribution: Contribution) -> Contribution:
    """The author takes their contribution down. It disappears from every public view."""
    if not rules.can_withdraw(user, contribution):
        raise NotAllowed("You can only withdraw your own posts.")
    with transaction.atomic():
        updated = Contribution.objects.filter(
            pk=contribution.pk, status__in=[Status.PUBLISHED, Status.HELD]
        ).update(status=Status.WITHDRAWN, withdrawn_at=timezone.now())
        if updated:
            _on_commit_contribution(contribution)
    contribution.refresh_from_db(fields=["status", "withdrawn_at"])
    return contribution


def _on_commit_contribution(contribution: Contribution, *, created: bool = False) -> None:
    challenge_id, contribution_id = contribution.challenge_id, contribution.pk
    transaction.on_commit(
        lambda: signals.contribution_changed.send(
            sender=Contribution,
            challenge_id=challenge_id,
            contribution_id=contribution_id,
            created=created,
        )
    )


# --- comments -----------------------------------------------------------------------------


def comment_create(
    *,
    user,
    contribution: Contribution,
    body: str,
    parent: Comment | None = None,
    is_implementation: bool = False,
) -> Comment:
    """Comment on a published contribution, or reply to one of its top-level comments."""
    _require_verified(user)
    _require_open(contribution.challenge)
    if contribution.status != Status.PUBLISHED:
        raise NotAllowed("You can only comment on published contributions.")
    if parent is not None:
        if parent.contribution_id != contribution.pk:
            raise InvalidInput("That comment belongs to another contribution.", field="parent")
        if parent.parent_id is not None:
            raise InvalidInput(
                "Replies go one level down only: reply to the top comment.", field="parent"
            )
        if parent.status != Status.PUBLISHED:
            raise NotAllowed("You can only reply to published comments.")
    clean_body = _clean_body(
        body, field="body", minimum=COMMENT_MIN, maximum=COMMENT_MAX, noun="comment"
    )
    challenge = contribution.challenge
    try:
        with transaction.atomic():
            author = participant_get_or_create(user=user, challenge=challenge)
            require_not_sanctioned(author, posting=True)
            rate_limit_check(
                action="comment",
                participant_id=author.pk,
                limit=challenge.comments_per_hour,
                window_seconds=3600,
            )
            result = _screen(participant=author, challenge=challenge, text=clean_body)
            if result.outcome == "refuse":
                raise Refused(result)
            comment = Comment.objects.create(
                contribution=contribution,
                parent=parent,
                author=author,
                body=clean_body,
                is_implementation=bool(is_implementation),
                status=Status.HELD if result.outcome == "hold" else Status.PUBLISHED,
                screening=result.as_dict(),
            )
            if result.outcome == "hold":
                signals.item_held.send(sender=Comment, item=comment, result=result)
            else:
                Contribution.objects.filter(pk=contribution.pk).update(
                    comment_count=F("comment_count") + 1
                )
            _on_commit_comment(contribution, comment)
    except Refused as refused:
        raise _refusal(refused.result, sender=Comment, challenge=challenge) from None
    return comment


def comment_withdraw(*, user, comment: Comment) -> Comment:
    """The author takes their comment down; the contribution's comment count follows."""
    if not rules.can_withdraw(user, comment):
        raise NotAllowed("You can only withdraw your own posts.")
    with transaction.atomic():
        was_published = Comment.objects.filter(pk=comment.pk, status=Status.PUBLISHED).exists()
        updated = Comment.objects.filter(
            pk=comment.pk, status__in=[Status.PUBLISHED, Status.HELD]
        ).update(status=Status.WITHDRAWN, withdrawn_at=timezone.now())
        if updated and was_published:
            Contribution.objects.filter(pk=comment.contribution_id).update(
                comment_count=F("comment_count") - 1
            )
        if updated:
            _on_commit_comment(comment.contribution, comment)
    comment.refresh_from_db(fields=["status", "withdrawn_at"])
    return comment


def _on_commit_comment(contribution: Contribution, comment: Comment) -> None:
    challenge_id, contribution_id, comment_id = (
        contribution.challenge_id,
        contribution.pk,
        comment.pk,
    )
    transaction.on_commit(
        lambda: signals.comment_changed.send(
            sender=Comment,
            challenge_id=challenge_id,
            contribution_id=contribution_id,
            comment_id=comment_id,
        )
    )


# --- votes --------------------------------------------------------------------------------


@dataclass(frozen=True)
class VoteResult:
    """Absolute counts after the vote, and the voter's own vote (0 when withdrawn)."""

    up_count: int
    down_count: int
    my_vote: int


def vote_check(*, user, item: Contribution | Comment) -> Challenge:
    """Refuse (``NotAllowed``, ``NotOpen``) unless the user may vote on the item; its
    challenge. ``ideas.fast_votes`` asks the same question."""
    if isinstance(item, Contribution):
        challenge = item.challenge
    elif isinstance(item, Comment):
        challenge = item.contribution.challenge
    else:  # pragma: no cover - programming error
        raise TypeError("Votes go on contributions or comments.")
    _require_verified(user)
    _require_open(challenge)
    if item.status != Status.PUBLISHED:
        raise NotAllowed("You can only vote on published posts.")
    if rules.is_author(user, item):
        raise NotAllowed("You cannot vote on your own post.", code="own_post")
    return challenge


def vote_value_check(value) -> int:
    if value not in (VoteValue.UP, VoteValue.DOWN):
        raise InvalidInput("A vote is 1 (up) or -1 (down).", field="value")
    return int(value)


def vote_cast(*, user, item: Contribution | Comment, value: int) -> VoteResult:
    """Cast or change the user's vote on an item. One vote per person per item."""
    value = vote_value_check(value)
    challenge = vote_check(user=user, item=item)
    with transaction.atomic():
        voter = participant_get_or_create(user=user, challenge=challenge)
        require_not_sanctioned(voter, posting=False)
        rate_limit_check(
            action="vote",
            participant_id=voter.pk,
            limit=challenge.votes_per_minute,
            window_seconds=VOTE_WINDOW_SECONDS,
        )
        return _vote_store(voter=voter, item=item, value=value)


def vote_withdraw(*, user, item: Contribution | Comment) -> VoteResult:
    """Withdraw the user's vote on an item (doing nothing if there was none)."""
    challenge = vote_check(user=user, item=item)
    with transaction.atomic():
        voter = participant_get_or_create(user=user, challenge=challenge)
        return _vote_store(voter=voter, item=item, value=0)


def _vote_store(*, voter: Participant, item: Contribution | Comment, value: int) -> VoteResult:
    """Make the voter's vote on the item ``value`` (0: none), keep the item's counts and
    scores in step, and announce the change after commit. Call inside a transaction."""
    if connection.vendor == "postgresql":
        steps = vote_store_steps(voter_id=voter.pk, item=item, value=value, now=timezone.now())
        with connection.cursor() as cursor:
            previous, up, down = run_steps(steps, cursor)
    else:
        field = "contribution" if isinstance(item, Contribution) else "comment"
        previous = _vote_write(voter=voter, field=field, item=item, value=value)
        up, down = _counts_add(type(item), item.pk, previous=previous, current=value)
        if previous != value and isinstance(item, Contribution):
            # created_at never changes, so the loaded item's value is the stored one.
            Contribution.objects.filter(pk=item.pk).update(**vote_scores(up, down, item.created_at))
    if previous != value:
        ids = vote_changed_ids(item)
        transaction.on_commit(lambda: signals.vote_changed.send(sender=Vote, **ids))
    return VoteResult(up_count=up, down_count=down, my_vote=value)


def vote_scores(up: int, down: int, created_at: datetime) -> dict[str, float]:
    """A contribution's ranking scores for these counts."""
    return {
        "wilson_score": wilson_lower_bound(up, down),
        "hot_score": hot_score(up, down, created_at),
    }


def vote_changed_ids(item: Contribution | Comment) -> dict[str, int | None]:
    """What ``signals.vote_changed`` carries for a vote on the item."""
    if isinstance(item, Contribution):
        return {"challenge_id": item.challenge_id, "contribution_id": item.pk, "comment_id": None}
    return {
        "challenge_id": item.contribution.challenge_id,
        "contribution_id": item.contribution_id,
        "comment_id": item.pk,
    }


def _vote_write(*, voter: Participant, field: str, item, value: int) -> int:
    """Store the vote (0: delete it), returning the previous value (0 if none). Safe under
    concurrency: the row is locked, and a parallel first vote by the same person is retried
    as a change. (On PostgreSQL, ``vote_store_steps`` does this, the counts and the scores.)"""
    for _ in range(3):
        existing = Vote.objects.select_for_update().filter(voter=voter, **{field: item}).first()
        if existing is not None:
            previous = existing.value
            if value == 0:
                existing.delete()
            elif previous != value:
                existing.value = value
                existing.save(update_fields=["value", "updated_at"])
            return previous
        if value == 0:
            return 0
        try:
            with transaction.atomic():
                Vote.objects.create(voter=voter, value=value, **{field: item})
            return 0
        except IntegrityError:
            continue
    raise RuntimeError("Vote could not be stored after 3 tries.")


def _counts_add(model, pk: int, *, previous: int, current: int) -> tuple[int, int]:
    """Move an item's vote counts from ``previous`` to ``current`` in the database (``F()``,
    never read-modify-write) and return the new counts. Our UPDATE holds the row lock until
    commit, so they are exact."""
    rows = model.objects.filter(pk=pk)
    up_delta = (current == 1) - (previous == 1)
    down_delta = (current == -1) - (previous == -1)
    if up_delta or down_delta:
        rows.update(up_count=F("up_count") + up_delta, down_count=F("down_count") + down_delta)
    return rows.values_list("up_count", "down_count").get()


class Step(NamedTuple):
    """One statement of a conversation like ``vote_store_steps``."""

    statement: str
    params: list
    returns_row: bool = True  # False: nothing to read, so a pipelined driver need not wait


def vote_store_steps(
    *, voter_id: int, item: Contribution | Comment, value: int, now: datetime
) -> Generator[Step, tuple | None, tuple[int, int, int]]:
    """A vote's writes on PostgreSQL, as a conversation with a cursor: yields each ``Step``
    and is sent the statement's first row (None if it has none or returns none);
    returns (previous vote, up, down). ``run_steps`` drives it on Django's connection and
    ``ideas.fast_votes`` on an async psycopg one, so both paths write a vote the same way.
    Call inside a transaction.

    The first statement locks the voter's vote row (FOR UPDATE) and reads its latest value;
    the second, whose snapshot is taken after that lock, writes the vote (UPDATE, DELETE or
    ``INSERT … ON CONFLICT DO NOTHING``, no savepoint) and moves the counts by the difference
    (``col = col + delta`` under the item's row lock, as ``F()`` does). A first vote racing the
    same person's parallel first vote inserts nothing and moves nothing, and is retried as a
    change once the other commits. A contribution's scores follow when the vote changed.
    """
    model = type(item)
    field = "contribution" if model is Contribution else "comment"
    select, update, delete, insert, read, scores = _vote_statements(field, model)
    for _ in range(3):
        row = yield Step(select, [voter_id, item.pk])
        previous = row[1] if row else 0
        deltas = [(value == 1) - (previous == 1), (value == -1) - (previous == -1), item.pk]
        if previous == value:  # nothing to change (or nothing to withdraw)
            counts = yield Step(read, [item.pk])
        elif row is None:
            counts = yield Step(insert, [voter_id, item.pk, value, now, now, *deltas])
        elif value == 0:
            counts = yield Step(delete, [row[0], *deltas])
        else:
            counts = yield Step(update, [value, now, row[0], *deltas])
        if counts is not None:
            up, down = counts
            if previous != value and model is Contribution:
                figures = vote_scores(up, down, item.created_at)
                params = [figures["wilson_score"], figures["hot_score"], item.pk]
                yield Step(scores, params, returns_row=False)
            return previous, up, down
    raise RuntimeError("Vote could not be stored after 3 tries.")


def run_steps(steps: Generator[Step, tuple | None, tuple], cursor) -> tuple:
    """Drive ``vote_store_steps`` (or the like) on a DB-API cursor; its return value."""
    try:
        step = next(steps)
        while True:
            cursor.execute(step.statement, step.params)
            step = steps.send(cursor.fetchone() if step.returns_row else None)
    except StopIteration as done:
        return done.value


@functools.cache
def _vote_statements(field: str, model) -> tuple[str, str, str, str, str, str]:
    """The statements ``vote_store_steps`` runs for votes on ``model`` (by ``field``)."""

    def columns(owner, *names: str) -> list[str]:
        return [column(owner, name) for name in names]

    votes, items = table(Vote), table(model)
    vote_id, voter, target, value, created, updated = columns(
        Vote, "id", "voter", field, "value", "created_at", "updated_at"
    )
    item_id, up, down = columns(model, "id", "up_count", "down_count")
    counts = (
        f"UPDATE {items} SET {up} = {up} + %s, {down} = {down} + %s "  # noqa: S608
        f"WHERE {item_id} = %s"
    )
    select = (
        f"SELECT {vote_id}, {value} FROM {votes} "  # noqa: S608 - the models' own names
        f"WHERE {voter} = %s AND {target} = %s FOR UPDATE"
    )
    update = (
        f"WITH changed AS (UPDATE {votes} SET {value} = %s, {updated} = %s "  # noqa: S608
        f"WHERE {vote_id} = %s) {counts} RETURNING {up}, {down}"
    )
    delete = (
        f"WITH removed AS (DELETE FROM {votes} WHERE {vote_id} = %s) "  # noqa: S608
        f"{counts} RETURNING {up}, {down}"
    )
    insert = (
        f"WITH added AS (INSERT INTO {votes} ({voter}, {target}, {value}, {created}, "  # noqa: S608
        f"{updated}) VALUES (%s, %s, %s, %s, %s) ON CONFLICT DO NOTHING RETURNING 1) "
        f"{counts} AND EXISTS (SELECT 1 FROM added) RETURNING {up}, {down}"
    )
    read = f"SELECT {up}, {down} FROM {items} WHERE {item_id} = %s"  # noqa: S608
    scores = ""
    if model is Contribution:
        wilson, hot = columns(model, "wilson_score", "hot_score")
        scores = f"UPDATE {items} SET {wilson} = %s, {hot} = %s WHERE {item_id} = %s"  # noqa: S608
    return select, update, delete, insert, read, scores


# --- moderation's door --------------------------------------------------------------------


def item_status_set(
    *, item: Contribution | Comment, status: str, edit_requested: bool = False
) -> None:
    """Move an item between states on a moderator's (or the reports') say-so.

    Keeps the contribution's comment count in step when a comment enters or leaves the
    published state, and sends the usual event after commit.
    """
    model = type(item)
    with transaction.atomic():
        current = model.objects.select_for_update().values_list("status", flat=True).get(pk=item.pk)
        changes = {
            "status": status,
            "edit_requested_at": timezone.now() if edit_requested else None,
        }
        model.objects.filter(pk=item.pk).update(**changes)
        if model is Comment and (current == Status.PUBLISHED) != (status == Status.PUBLISHED):
            delta = 1 if status == Status.PUBLISHED else -1
            Contribution.objects.filter(pk=item.contribution_id).update(
                comment_count=F("comment_count") + delta
            )
        if model is Comment:
            _on_commit_comment(item.contribution, item)
        else:
            _on_commit_contribution(item)
    item.status = status
    item.edit_requested_at = changes["edit_requested_at"]
