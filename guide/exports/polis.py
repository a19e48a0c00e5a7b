"""Export a challenge's published contributions and their votes in Pol.is's export format.

``comments.csv`` (timestamp, datetime, comment-id, author-id, agrees, disagrees, moderated,
comment-body) and ``votes.csv`` (timestamp, datetime, comment-id, voter-id, vote), as Pol.is
writes them and as ``analysis.polis`` reads them back. Timestamps are milliseconds since the
epoch; a vote is 1 (agree, our up) or -1 (disagree, our down).

Only published contributions and the votes on them are included. People are numbered afresh
in each export (0, 1, 2 … in order of first appearance: authors in comments.csv, then voters
in votes.csv), the same number in both files, so no database key or account leaves. A
comment's id is the contribution's public id (as in its address). Pol.is comments have no
title, so the title is not exported; the text is exported as typed (no spreadsheet escaping:
this file is for tools, and escaping would change the text a tool reads back).
"""

import csv
import io
import zipfile
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from guide.exports.files import write_atomic, write_folder_atomic
from ideas.models import Challenge, Contribution, Status, Vote

COMMENT_COLUMNS = (
    "timestamp",
    "datetime",
    "comment-id",
    "author-id",
    "agrees",
    "disagrees",
    "moderated",
    "comment-body",
)
VOTE_COLUMNS = ("timestamp", "datetime", "comment-id", "voter-id", "vote")
ACCEPTED = 1  # Pol.is's "moderated" value for a comment a moderator let through


DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _timestamp(moment: datetime) -> tuple[int, str]:
    """Milliseconds since the epoch, and Pol.is's human-readable date (here in UTC), e.g.
    "Fri Sep 20 19:29:43 UTC 2024" (spelled out by hand: strftime is locale-dependent, and
    slow enough to dominate an export of 100,000 votes).
    """
    m = moment.astimezone(UTC)
    readable = (
        f"{DAYS[m.weekday()]} {MONTHS[m.month - 1]} {m.day:02d} "
        f"{m.hour:02d}:{m.minute:02d}:{m.second:02d} UTC {m.year}"
    )
    return int(m.timestamp() * 1000), readable


def _csv(columns: tuple[str, ...], rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def polis_files(challenge: Challenge) -> dict[str, bytes]:
    """``{"comments.csv": ..., "votes.csv": ...}`` for ``challenge``'s published content."""
    published = Contribution.objects.filter(challenge=challenge, status=Status.PUBLISHED)
    votes = list(
        Vote.objects.filter(contribution__in=published)
        .order_by("updated_at", "id")
        .values_list("contribution_id", "voter_id", "value", "updated_at")
    )
    agrees = Counter(item for item, _, value, _ in votes if value > 0)
    disagrees = Counter(item for item, _, value, _ in votes if value < 0)

    numbers: dict[int, int] = {}

    def number(participant_id: int) -> int:
        return numbers.setdefault(participant_id, len(numbers))

    comment_rows = []
    for pk, author_id, body, created_at in (
        published.order_by("created_at", "id")
        .values_list("id", "author_id", "body", "created_at")
        .iterator(chunk_size=2000)
    ):
        stamp, readable = _timestamp(created_at)
        comment_rows.append(
            (stamp, readable, pk, number(author_id), agrees[pk], disagrees[pk], ACCEPTED, body)
        )
    vote_rows = []
    for item, voter_id, value, updated_at in votes:
        stamp, readable = _timestamp(updated_at)
        vote_rows.append((stamp, readable, item, number(voter_id), 1 if value > 0 else -1))
    return {
        "comments.csv": _csv(COMMENT_COLUMNS, comment_rows),
        "votes.csv": _csv(VOTE_COLUMNS, vote_rows),
    }


def polis_zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def write_polis(challenge: Challenge, out: Path) -> None:
    """Write the export to ``out``: a .zip holding both files, or else a folder of them."""
    out = Path(out)
    files = polis_files(challenge)
    if out.suffix.lower() == ".zip":
        write_atomic(out, polis_zip(files))
    else:
        write_folder_atomic(out, files)
