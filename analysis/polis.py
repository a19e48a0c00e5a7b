"""Import a Pol.is export: ``comments.csv`` plus ``votes.csv`` or ``participants-votes.csv``.

Pol.is participants become imported pseudonymous participants (no account); comments become
contributions under one question; agree/disagree become up/down votes (passes are dropped).
Every comment passes the same pre-screen as any other way in; comments moderated out in Pol.is
(``moderated = -1``) come in as removed. Counts are computed from the rows written.
"""

import csv
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from ideas import signals
from ideas.models import Challenge, Contribution, Participant, Phase, Question, Status, Vote
from ideas.pseudonyms import random_pseudonym
from ideas.services import challenge_rules, hot_score, wilson_lower_bound
from ideas.text import normalise_text
from moderation import prescreen

csv.field_size_limit(10_000_000)


class PolisFormatError(ValueError):
    """The folder is not a Pol.is export we can read; the message says what is missing."""


@dataclass
class ImportSummary:
    contributions: int = 0
    removed: int = 0
    held: int = 0
    skipped_empty: int = 0
    votes: int = 0
    participants: int = 0
    notes: list[str] = field(default_factory=list)


def _rows(path: Path) -> list[dict]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def read_votes(folder: Path) -> dict[tuple[str, str], int]:
    """(comment id, voter id) -> the voter's last vote: 1 agree, -1 disagree, 0 pass."""
    votes: dict[tuple[str, str], int] = {}
    if (folder / "votes.csv").exists():
        rows = _rows(folder / "votes.csv")
        rows.sort(key=lambda r: int(r.get("timestamp") or 0))
        for row in rows:
            votes[(row["comment-id"], row["voter-id"])] = int(row["vote"])
        return votes
    if (folder / "participants-votes.csv").exists():
        for row in _rows(folder / "participants-votes.csv"):
            voter = row["participant"]
            for column, value in row.items():
                if column is not None and column.isdigit() and value not in ("", None):
                    votes[(column, voter)] = int(float(value))
        return votes
    return {}  # an export of comments only: nothing to count per person


def polis_import(*, folder: Path, challenge: Challenge, question: Question) -> ImportSummary:
    """Import one Pol.is conversation into ``question`` of ``challenge`` (in one transaction)."""
    folder = Path(folder)
    if not (folder / "comments.csv").exists():
        raise PolisFormatError(f"No comments.csv in {folder}.")
    comments = _rows(folder / "comments.csv")
    needed = {"comment-id", "author-id", "comment-body"}
    if comments and not needed <= set(comments[0]):
        raise PolisFormatError(f"comments.csv lacks columns: {', '.join(sorted(needed))}.")
    votes = read_votes(folder)
    summary = ImportSummary()
    if not votes:
        summary.notes.append(
            "This export has no votes.csv or participants-votes.csv, so no votes were "
            "imported (Pol.is's per-comment totals cannot become one-person-one-vote rows)."
        )
    rules = challenge_rules(challenge)
    with transaction.atomic():
        people: dict[str, Participant] = {}
        taken = set(
            Participant.objects.filter(challenge=challenge).values_list("pseudonym", flat=True)
        )

        def person(polis_id: str) -> Participant:
            if polis_id not in people:
                pseudonym = random_pseudonym()
                while pseudonym in taken:
                    pseudonym = random_pseudonym()
                taken.add(pseudonym)
                people[polis_id] = Participant(challenge=challenge, pseudonym=pseudonym)
            return people[polis_id]

        for row in comments:
            person(row["author-id"])
        for _, voter in votes:
            person(voter)
        Participant.objects.bulk_create(people.values(), batch_size=2000)
        summary.participants = len(people)

        items: dict[str, Contribution] = {}
        results: dict[str, prescreen.Result] = {}
        for row in comments:
            body = normalise_text(row["comment-body"] or "")
            if not body:
                summary.skipped_empty += 1
                continue
            result = results[row["comment-id"]] = prescreen.prescreen(body, rules)
            if row.get("moderated") == "-1" or result.outcome == "refuse":
                status = Status.REMOVED
                summary.removed += 1
            elif result.outcome == "hold":
                status = Status.HELD
                summary.held += 1
            else:
                status = Status.PUBLISHED
            created = _when(row.get("timestamp"))
            items[row["comment-id"]] = Contribution(
                challenge=challenge,
                question=question,
                author=people[row["author-id"]],
                body=body[:2000],
                status=status,
                created_at=created,
                screening=result.as_dict(),
                hot_score=hot_score(0, 0, created),
            )
        Contribution.objects.bulk_create(items.values(), batch_size=2000)
        summary.contributions = len(items)
        for comment_id, item in items.items():
            if item.status == Status.HELD:  # moderation opens its case, as for any way in
                signals.item_held.send(sender=Contribution, item=item, result=results[comment_id])

        rows = []
        for (comment_id, voter_id), value in votes.items():
            item = items.get(comment_id)
            if item is None or value == 0:
                continue
            voter = people[voter_id]
            if voter.pk == item.author_id:
                continue  # no votes on one's own post
            rows.append(Vote(voter=voter, contribution=item, value=1 if value > 0 else -1))
            if value > 0:
                item.up_count += 1
            else:
                item.down_count += 1
        Vote.objects.bulk_create(rows, batch_size=5000)
        summary.votes = len(rows)
        for item in items.values():
            item.wilson_score = wilson_lower_bound(item.up_count, item.down_count)
            item.hot_score = hot_score(item.up_count, item.down_count, item.created_at)
        Contribution.objects.bulk_update(
            items.values(),
            ["up_count", "down_count", "wilson_score", "hot_score"],
            batch_size=2000,
        )
    return summary


def _when(timestamp: str | None) -> datetime:
    try:
        return datetime.fromtimestamp(int(timestamp) / 1000, tz=UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return timezone.now()


def challenge_for_import(*, slug: str, title: str) -> tuple[Challenge, Question]:
    """The challenge to import into (created, closed for posting, if it does not exist)."""
    challenge, _ = Challenge.objects.get_or_create(
        slug=slug,
        defaults={
            "title": title,
            "phase": Phase.CLOSED,
            "summary": "Imported from a Pol.is conversation.",
        },
    )
    question = challenge.questions.first()
    if question is None:
        question = Question.objects.create(challenge=challenge, title=title)
    return challenge, question
