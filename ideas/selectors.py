"""Every non-trivial read in the core. Querysets come back with what lists need already
joined, so a page of twenty contributions is a fixed number of queries.
"""

import functools

from django.db import connection
from django.db.models import BigIntegerField, ExpressionWrapper, F, Prefetch, QuerySet
from django.db.models.functions import Mod

from ideas.errors import InvalidInput
from ideas.models import (
    Challenge,
    Comment,
    Contribution,
    Participant,
    Role,
    RoleKind,
    Status,
    Vote,
)
from ideas.sql import column, table

SORTS = {
    "top": "Top rated",
    "new": "Newest",
    "trending": "Trending",
    "needs_votes": "Needs votes",
    "random": "Random",
}
DEFAULT_SORT = "top"
# A cheap, stable per-visitor shuffle that paginates: Knuth's multiplier and a prime modulus.
_SHUFFLE_MULTIPLIER = 2_654_435_761
_SHUFFLE_MODULUS = 4_294_967_291


def staff_label(*, user, challenge: Challenge, kinds: tuple[str, ...] = tuple(RoleKind)) -> str:
    """How a member of staff appears to others in a challenge: the label of their first role
    among ``kinds`` ("Member 2"), else "Organiser". Never a name, email or account id: the
    pages, API, exports and logs of every role show this instead.

    Records of an action keep the label as it was then, so it outlives the role and an erased
    account.
    """
    if user is None:
        return "Organiser"
    roles = {
        role.kind: role
        for role in Role.objects.filter(challenge=challenge, user=user, kind__in=kinds)
    }
    for kind in kinds:
        if kind in roles:
            return roles[kind].label
    return "Organiser" if user.is_staff else "Former staff"


def challenge_list_visible() -> QuerySet[Challenge]:
    return Challenge.objects.visible().prefetch_related("questions")


def challenge_get_visible(*, slug: str) -> Challenge:
    """A challenge anyone may see (draft challenges are the organisers' only)."""
    return Challenge.objects.visible().prefetch_related("questions", "categories").get(slug=slug)


def contribution_list(
    *,
    challenge: Challenge,
    sort: str = DEFAULT_SORT,
    question_id: int | None = None,
    category_id: int | None = None,
    seed: int = 0,
) -> QuerySet[Contribution]:
    """Published contributions of a challenge in the chosen order.

    ``top`` is the Wilson lower bound, ``trending`` the time-decayed hot score,
    ``needs_votes`` fewest votes first (so late ideas get seen), ``random`` a stable shuffle
    for one visitor's ``seed``.
    """
    if sort not in SORTS:
        raise InvalidInput(f"Sort by one of: {', '.join(SORTS)}.", field="sort")
    queryset = (
        Contribution.objects.published()
        .filter(challenge=challenge)
        .select_related("challenge", "question", "category", "author")
    )
    if question_id is not None:
        queryset = queryset.filter(question_id=question_id)
    if category_id is not None:
        queryset = queryset.filter(category_id=category_id)
    if sort == "top":
        return queryset.order_by("-wilson_score", "-up_count", "-created_at", "-id")
    if sort == "new":
        return queryset.order_by("-created_at", "-id")
    if sort == "trending":
        return queryset.order_by("-hot_score", "-id")
    if sort == "needs_votes":
        return queryset.annotate(votes_cast=F("up_count") + F("down_count")).order_by(
            "votes_cast", "-created_at", "-id"
        )
    # Multiplying ids by a seed-chosen factor modulo a prime gives a different permutation per
    # seed (adding the seed would only rotate one order). Fits in 64 bits for ids below 2**31.
    multiplier = (seed * _SHUFFLE_MULTIPLIER) % (_SHUFFLE_MODULUS - 1) + 1
    shuffle = ExpressionWrapper(
        Mod(F("id") * multiplier, _SHUFFLE_MODULUS), output_field=BigIntegerField()
    )
    return queryset.annotate(shuffle=shuffle).order_by("shuffle", "id")


def _public_contributions() -> QuerySet[Contribution]:
    return Contribution.objects.published().exclude(challenge__phase="draft")


def contribution_get_public(*, pk: int) -> Contribution:
    """A published contribution in a visible challenge, or DoesNotExist."""
    return (
        _public_contributions()
        .select_related("challenge", "question", "category", "author")
        .get(pk=pk)
    )


def contribution_get_votable(*, pk: int) -> Contribution:
    """``contribution_get_public`` with only what a vote needs (challenge and author): the
    vote API's lookup, made on every vote."""
    return _public_contributions().select_related("challenge", "author").get(pk=pk)


def contribution_get_for_author(*, pk: int, user) -> Contribution:
    """Any state of a contribution, for its own author only (else DoesNotExist)."""
    return Contribution.objects.select_related("challenge", "question", "category", "author").get(
        pk=pk, author__user=user
    )


def comment_thread(*, contribution: Contribution) -> list[Comment]:
    """Published top-level comments, each with its published replies prefetched."""
    replies = Comment.objects.filter(status=Status.PUBLISHED).select_related("author")
    return list(
        Comment.objects.filter(
            contribution=contribution, parent__isnull=True, status=Status.PUBLISHED
        )
        .select_related("author")
        .prefetch_related(Prefetch("replies", queryset=replies, to_attr="published_replies"))
        .order_by("created_at", "id")
    )


def comment_get_public(*, pk: int) -> Comment:
    return Comment.objects.select_related("author", "contribution", "contribution__challenge").get(
        pk=pk,
        status=Status.PUBLISHED,
        contribution__status=Status.PUBLISHED,
    )


def participant_for(*, user, challenge: Challenge) -> Participant | None:
    if user is None or not user.is_authenticated:
        return None
    return Participant.objects.filter(challenge=challenge, user=user).first()


def my_votes(*, user, contribution_ids=(), comment_ids=()) -> dict[tuple[str, int], int]:
    """The user's votes on the given items, keyed ``("contribution", id)`` or
    ``("comment", id)``; one query for a whole page.
    """
    if user is None or not user.is_authenticated:
        return {}
    contribution_ids, comment_ids = list(contribution_ids), list(comment_ids)
    if not contribution_ids and not comment_ids:
        return {}
    votes = {}
    rows = Vote.objects.filter(voter__user=user)
    if contribution_ids:
        for cid, value in rows.filter(contribution_id__in=contribution_ids).values_list(
            "contribution_id", "value"
        ):
            votes[("contribution", cid)] = value
    if comment_ids:
        for cid, value in rows.filter(comment_id__in=comment_ids).values_list(
            "comment_id", "value"
        ):
            votes[("comment", cid)] = value
    return votes


def my_contributions(*, user) -> QuerySet[Contribution]:
    """Everything the user has posted, in every state, newest first."""
    return (
        Contribution.objects.filter(author__user=user)
        .select_related("challenge", "question", "category", "author")
        .order_by("-created_at", "-id")
    )


LIVE_MAX_ITEMS = 200  # one page's worth, with room to spare
PUBLISHED = Status.PUBLISHED.value  # as a plain string for the raw reads below


@functools.cache
def _live_statements() -> tuple[str, str]:
    """``live_states``' two reads, in the models' own names (``{ids}`` takes placeholders).

    Every live update after a vote reads one item's figures here, hundreds a second under
    load; building the same ORM query each time cost more than running it (0.6 ms against
    0.25 ms, bench/README.md). Contributions: published, in the challenge. Comments:
    published, under a published contribution in the challenge.
    """

    def columns(alias: str, model, *names: str) -> str:
        return ", ".join(column(model, name, alias) for name in names)

    contribution, comment = Contribution, Comment  # short names for the lines below
    contributions = (
        f"SELECT {columns('p', contribution, 'id', 'up_count', 'down_count', 'comment_count')} "  # noqa: S608
        f"FROM {table(contribution)} p "
        f"WHERE {column(contribution, 'id', 'p')} IN ({{ids}}) "
        f"AND {column(contribution, 'challenge', 'p')} = %s "
        f"AND {column(contribution, 'status', 'p')} = %s"
    )
    comments = (
        f"SELECT {columns('c', comment, 'id', 'contribution', 'up_count', 'down_count')} "  # noqa: S608
        f"FROM {table(comment)} c "
        f"JOIN {table(contribution)} p "
        f"ON {column(contribution, 'id', 'p')} = {column(comment, 'contribution', 'c')} "
        f"WHERE {column(comment, 'id', 'c')} IN ({{ids}}) "
        f"AND {column(contribution, 'challenge', 'p')} = %s "
        f"AND {column(contribution, 'status', 'p')} = %s "
        f"AND {column(comment, 'status', 'c')} = %s"
    )
    return contributions, comments


def live_states(*, challenge_id: int, contribution_ids=(), comment_ids=()) -> list[dict]:
    """The public figures of items as live updates carry them (the same shape as the
    websocket messages), for a page catching up after a lost connection.

    Items not published (held, hidden, removed, withdrawn) or not in the challenge come back
    as ``contribution.removed`` / ``comment.removed``, so a page can drop them.
    """
    contribution_ids = list(dict.fromkeys(int(i) for i in contribution_ids))[:LIVE_MAX_ITEMS]
    comment_ids = list(dict.fromkeys(int(i) for i in comment_ids))[:LIVE_MAX_ITEMS]
    if not (contribution_ids or comment_ids):
        return []
    contributions, comments = {}, {}
    contribution_sql, comment_sql = _live_statements()
    with connection.cursor() as cursor:
        if contribution_ids:
            cursor.execute(
                contribution_sql.format(ids=", ".join(["%s"] * len(contribution_ids))),
                [*contribution_ids, challenge_id, PUBLISHED],
            )
            contributions = {row[0]: row for row in cursor.fetchall()}
        if comment_ids:
            cursor.execute(
                comment_sql.format(ids=", ".join(["%s"] * len(comment_ids))),
                [*comment_ids, challenge_id, PUBLISHED, PUBLISHED],
            )
            comments = {row[0]: row for row in cursor.fetchall()}
    states = []
    for pk in contribution_ids:
        row = contributions.get(pk)
        states.append(
            {"type": "contribution.removed", "id": pk}
            if row is None
            else {
                "type": "contribution.counts",
                "id": pk,
                "up": row[1],
                "down": row[2],
                "comments": row[3],
            }
        )
    for pk in comment_ids:
        row = comments.get(pk)
        states.append(
            {"type": "comment.removed", "id": pk}
            if row is None
            else {
                "type": "comment.counts",
                "id": pk,
                "contribution": row[1],
                "up": row[2],
                "down": row[3],
            }
        )
    return states
