"""Wording and small helpers shared by every document format, so the HTML, PDF and Markdown
guides say the same things in the same words.

Everything here takes parts of the guide document (``docs/guide.schema.json``) and returns
plain Python values; each renderer escapes them for its own format.
"""

import re
from datetime import datetime

PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n+")

STANCES = {
    "consensus": "Consensus",
    "divided": "Divided",
    "opposed": "Opposed",
    "no votes yet": "No votes yet",
}

# Headings of a section's parts, in the order every format shows them.
SECTION_PARTS = (
    ("summary", "Summary"),
    ("what_helps", "What helps"),
    ("what_gets_in_the_way", "What gets in the way"),
    ("what_to_do", "What to do"),
)
QUOTES_HEADING = "In their words"
TIPS_HEADING = "How to make it happen"
FIGURES_HEADING = "Figures"
INTRODUCTION_ANCHOR = "introduction"
OVERVIEW_ANCHOR = "the-challenge-in-figures"
OVERVIEW_HEADING = "The challenge in figures"


def paragraphs(text: str | None) -> list[str]:
    """Text fields separate paragraphs with a blank line; single newlines stay in a paragraph."""
    return [part.strip() for part in PARAGRAPH_BREAK.split(text or "") if part.strip()]


def one_line(text: str | None) -> str:
    """For headings and table cells: all whitespace runs become one space."""
    return " ".join((text or "").split())


def stance_label(stance: str) -> str:
    return STANCES.get(stance, stance)


def percent(share: float | None) -> str:
    return "no votes" if share is None else f"{round(share * 100)}%"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{count:,} {word}"


def nice_date(value: str | None) -> str:
    """An ISO 8601 timestamp from the document as '3 March 2026' (the day it was made)."""
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value
    return f"{moment.day} {moment:%B %Y}"


def status_line(guide: dict) -> str:
    if guide["status"] == "draft":
        return "Draft: the editors' working copy, not yet published"
    when = nice_date(guide.get("published_at"))
    version = f"version {guide['version']}" if guide.get("version") else "published"
    return f"Published guide, {version}" + (f", {when}" if when else "")


def overview_rows(figures: dict) -> list[tuple[str, str]]:
    """The whole challenge's figures as (label, value) rows."""
    return [
        ("Published contributions", f"{figures['contributions']:,}"),
        ("Published comments", f"{figures['comments']:,}"),
        ("Votes", f"{figures['votes']:,}"),
        ("Contributors", f"{figures['contributors']:,}"),
        ("Themes found", f"{figures['themes']:,}"),
    ]


def section_figure_rows(figures: dict) -> list[tuple[str, str]]:
    """A theme's figures as (label, value) rows."""
    return [
        ("Contributions", f"{figures['size']:,}"),
        ("Up votes", f"{figures['up_votes']:,}"),
        ("Down votes", f"{figures['down_votes']:,}"),
        ("Support (up minus down)", f"{figures['support']:,}"),
        ("Approval (share of votes that are up)", percent(figures["approval"])),
        ("Spread of approval between contributions", f"{figures['spread']:.2f}"),
        ("Stance", stance_label(figures["stance"])),
        ("Contributors", f"{figures['contributors']:,}"),
    ]


# The figures' demographic breakdowns: (key in the figures, column heading, plural noun).
BREAKDOWNS = (("countries", "Country", "countries"), ("roles", "Role", "roles"))


def cell_rows(cells: dict, noun: str = "values") -> list[tuple[str, str]]:
    """People per country or role, with the small cells folded in as the schema says: values
    held by fewer than 5 people are one row, and that row's total is hidden below 5 too.
    ``noun`` is the plural of what the values are ("countries").
    """
    rows = [(one_line(cell["label"]), f"{cell['people']:,}") for cell in cells["shown"]]
    hidden_values = cells["suppressed_values"]
    if hidden_values:
        singular = {"countries": "country", "values": "value"}.get(noun, noun.removesuffix("s"))
        others = plural(hidden_values, f"other {singular}", f"other {noun}")
        label = f"{others}, fewer than 5 people each"
        people = cells["suppressed_people"]
        rows.append((label, f"{people:,}" if people is not None else "fewer than 5"))
    return rows


def attribution(item: dict) -> str:
    """'Amber Otter 42 · 12 up, 3 down' — who said it (by pseudonym) and how it was received."""
    return f"{one_line(item['pseudonym'])} · {item['up_votes']:,} up, {item['down_votes']:,} down"
