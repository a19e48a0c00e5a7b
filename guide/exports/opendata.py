"""Anonymised open data: one CSV row per published contribution of a challenge.

Only published contributions, named by their per-challenge pseudonym: no account, email,
name, user id, country or role of anyone (those appear only as suppressed aggregates in the
guide). Dates are days, not times. Cells a spreadsheet would run as a formula are escaped
(OWASP "CSV injection": a leading ``'`` before ``= + - @``, tab or carriage return), and the
file starts with a UTF-8 byte-order mark so Excel reads it as UTF-8.

The rows come from one query read with ``.iterator()``, so a 13,000-row challenge streams
through in chunks; ``iter_open_data_csv`` can feed a ``StreamingHttpResponse`` directly.
"""

import csv
import io
from collections.abc import Iterator

from django.conf import settings
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from ideas.models import Challenge, Comment, Contribution, Status

COLUMNS = (
    "contribution_id",
    "url",
    "question",
    "category",
    "title",
    "text",
    "pseudonym",
    "date",
    "up_votes",
    "down_votes",
    "comments",
    "theme",
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
ROWS_PER_CHUNK = 500


def spreadsheet_safe(value):
    """A text cell a spreadsheet would treat as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def contribution_url_template() -> str:
    """The absolute address of a contribution's public page, with ``{}`` for its id.

    Reversed once per export, not per row (``reverse`` costs more than the rest of a row).
    """
    sentinel = 9_876_543_210
    path = reverse("frontend:contribution", args=[sentinel])
    return settings.SITE_URL.rstrip("/") + path.replace(str(sentinel), "{}")


def _published_contributions(challenge: Challenge):
    published_comments = (
        Comment.objects.filter(contribution=OuterRef("pk"), status=Status.PUBLISHED)
        .order_by()
        .values("contribution")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Contribution.objects.filter(challenge=challenge, status=Status.PUBLISHED)
        .annotate(
            published_comments=Coalesce(
                Subquery(published_comments, output_field=IntegerField()), Value(0)
            )
        )
        .order_by("created_at", "id")
        .values_list(
            "id",
            "question__title",
            "category__name",
            "title",
            "body",
            "author__pseudonym",
            "created_at",
            "up_count",
            "down_count",
            "published_comments",
        )
    )


def open_data_rows(challenge: Challenge, theme_names: dict[int, str]) -> Iterator[list]:
    """The data rows (no header), cells already made spreadsheet-safe."""
    url = contribution_url_template()
    zone = timezone.get_current_timezone()  # once: looking it up per row costs more than the row
    for (
        pk,
        question,
        category,
        title,
        body,
        pseudonym,
        created_at,
        up,
        down,
        comments,
    ) in _published_contributions(challenge).iterator(chunk_size=2000):
        row = [
            pk,
            url.format(pk),
            question,
            category or "",
            title,
            body,
            pseudonym,
            created_at.astimezone(zone).date().isoformat(),
            up,
            down,
            comments,
            theme_names.get(pk, ""),
        ]
        yield [spreadsheet_safe(cell) for cell in row]


def iter_open_data_csv(challenge: Challenge, theme_names: dict[int, str]) -> Iterator[bytes]:
    """The CSV file in chunks of encoded bytes, starting with the byte-order mark."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write(BOM)
    writer.writerow(COLUMNS)
    for count, row in enumerate(open_data_rows(challenge, theme_names), start=1):
        writer.writerow(row)
        if count % ROWS_PER_CHUNK == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def open_data_csv(challenge: Challenge, theme_names: dict[int, str]) -> bytes:
    """The whole open-data CSV of ``challenge``'s published contributions.

    ``theme_names`` maps a contribution id to the name of its theme in the guide's analysis
    (``guide.selectors.contribution_theme_names``); contributions without one get "".
    """
    return b"".join(iter_open_data_csv(challenge, theme_names))
