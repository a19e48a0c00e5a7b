"""The guide as Markdown (CommonMark, readable as plain text too).

Contribution text is someone else's words, not Markdown: every character that could start a
heading, list, quote, code block, table, emphasis, link, image or HTML is backslash-escaped, so
``# heading`` or ``[link](http://x)`` in a contribution shows as typed. (Renderers that turn
bare web addresses into links, like GitHub's, still do so, as the site's own pages do.)
"""

import re

from guide.exports import common

# Anywhere: emphasis, code, links and images, raw HTML and entities, GFM tables and
# strikethrough, and "#" (a heading's closing sequence, or one at the start of a line).
_INLINE = re.compile(r"([\\`*_\[\]<>&|~#])")
# Only at the start of a line: list markers and setext underlines.
_LINE_START = re.compile(r"^([+\-=]|\d+(?=[.)]))")


def escape_inline(text: str) -> str:
    return _INLINE.sub(r"\\\1", text)


def escape_line(line: str) -> str:
    """One line of user text, safe anywhere a line of a paragraph can be."""
    # Leading spaces would make an indented code block; they carry no meaning in our text.
    line = escape_inline(line.strip())
    match = _LINE_START.match(line)
    if match:
        if match.group(1).isdigit():  # "1. item" / "1) item": escape the punctuation
            end = match.end()
            line = f"{line[:end]}\\{line[end:]}"
        else:
            line = "\\" + line
    return line


def escape_block(text: str | None, *, prefix: str = "") -> str:
    """Paragraphs of user text; single newlines become hard line breaks (a trailing '\\')."""
    blocks = []
    for paragraph in common.paragraphs(text):
        lines = [escape_line(line) for line in paragraph.split("\n") if line.strip()]
        blocks.append("\\\n".join(f"{prefix}{line}" if i else line for i, line in enumerate(lines)))
    return f"\n{prefix.rstrip()}\n{prefix}".join(blocks)


def cell(text: str) -> str:
    """One line of user text for a heading, a table cell or a link's words."""
    return escape_inline(common.one_line(text))


def link_target(url: str) -> str:
    """A link destination that cannot end the link early or smuggle in markup."""
    return (
        url.replace(" ", "%20")
        .replace("(", "%28")
        .replace(")", "%29")
        .replace("<", "%3C")
        .replace(">", "%3E")
    )


def _table(header: tuple[str, str], rows: list[tuple[str, str]]) -> list[str]:
    lines = [f"| {cell(header[0])} | {cell(header[1])} |", "| --- | ---: |"]
    lines += [f"| {cell(label)} | {cell(value)} |" for label, value in rows]
    return lines


def render_markdown(document: dict) -> bytes:
    guide, challenge, figures = document["guide"], document["challenge"], document["figures"]
    out: list[str] = [f"# {cell(guide['title'])}", ""]
    if guide["status"] == "draft":
        out += ["> **Draft.** This is the editors' working copy: it has not been published.", ""]
    out += [
        f"{escape_inline(common.status_line(guide))}. Made from "
        f"{common.plural(figures['contributions'], 'published contribution')} by "
        f"{common.plural(figures['contributors'], 'person', 'people')} in the challenge "
        f"[{cell(challenge['title'])}]({link_target(challenge['url'])}). "
        f"[The guide online]({link_target(guide['url'])}).",
        "",
        "## Contents",
        "",
        f"- [Introduction](#{common.INTRODUCTION_ANCHOR})",
        f"- [{common.OVERVIEW_HEADING}](#{common.OVERVIEW_ANCHOR})",
    ]
    out += [
        f"- [{section['position']}\\. {cell(section['title'])}](#{section['anchor']})"
        for section in document["sections"]
    ]
    out += [
        "",
        f'<a id="{common.INTRODUCTION_ANCHOR}"></a>',
        "",
        "## Introduction",
        "",
    ]
    out += [escape_block(guide["introduction"]), ""] if guide["introduction"] else []
    if challenge["summary"]:
        out += ["### About the challenge", "", escape_block(challenge["summary"]), ""]
    out += [f'<a id="{common.OVERVIEW_ANCHOR}"></a>', "", f"## {common.OVERVIEW_HEADING}", ""]
    out += [*_table(("Published contributions only", "Number"), common.overview_rows(figures)), ""]
    out += _cells(figures, "Contributors")

    for section in document["sections"]:
        out += _section(section)
    out += [
        "---",
        "",
        f"Generated {common.nice_date(document['generated_at'])} by Groundswell. Contributors "
        "appear only under their pseudonyms for this challenge; groups of fewer than 5 people "
        "are not shown.",
        "",
    ]
    return "\n".join(out).encode("utf-8")


def _cells(figures: dict, who: str) -> list[str]:
    out = []
    for key, noun, plural in common.BREAKDOWNS:
        rows = common.cell_rows(figures[key], plural)
        if rows:
            out += [
                f"{who} by {noun.lower()} (groups of fewer than 5 people are not shown):",
                "",
                *_table((noun, "People"), rows),
                "",
            ]
    return out


def _section(section: dict) -> list[str]:
    title = cell(section["title"])
    out = [f'<a id="{section["anchor"]}"></a>', "", f"## {section['position']}\\. {title}", ""]
    tags = f"**{common.stance_label(section['figures']['stance'])}**"
    if section["key_phrases"]:
        tags += " · Key phrases: " + ", ".join(cell(p) for p in section["key_phrases"])
    out += [tags, ""]
    for field, heading in common.SECTION_PARTS:
        if section[field]:
            if field != "summary":
                out += [f"### {heading}", ""]
            out += [escape_block(section[field]), ""]
    out += [f"### {common.FIGURES_HEADING}", ""]
    out += [*_table(("Figure", "Value"), common.section_figure_rows(section["figures"])), ""]
    out += _cells(section["figures"], "Contributors to this theme")
    if section["quotes"]:
        out += [f"### {common.QUOTES_HEADING}", ""]
        for quote in section["quotes"]:
            if quote["title"]:
                out += [f"> **{cell(quote['title'])}**", ">"]
            out += [f"> {escape_block(quote['text'], prefix='> ')}", ">"]
            out += [
                f"> — {cell(quote['pseudonym'])}, answering “{cell(quote['question'])}” · "
                f"{quote['up_votes']:,} up, {quote['down_votes']:,} down · "
                f"[contribution {quote['contribution_id']}]({link_target(quote['url'])})",
                "",
            ]
    if section["tips"]:
        out += [f"### {common.TIPS_HEADING}", ""]
        for tip in section["tips"]:
            out += [
                f"- {escape_block(tip['text'], prefix='  ')}\\",
                f"  — {cell(tip['pseudonym'])} · {tip['up_votes']:,} up, "
                f"{tip['down_votes']:,} down · "
                f"[comment on contribution {tip['contribution_id']}]({link_target(tip['url'])})",
            ]
        out.append("")
    return out
