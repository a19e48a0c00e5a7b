"""Display of stored plain text: escaped, links made clickable, never markup from users."""

import bleach
from bleach.linkifier import Linker
from django.utils.html import escape

LINK_REL = "nofollow ugc noopener"


def _link_attributes(attrs, new=False):
    href_key = (None, "href")
    href = attrs.get(href_key, "")
    if not href.startswith(("http://", "https://", "mailto:")):
        return None  # leave anything that is not a web link as text
    attrs[(None, "rel")] = LINK_REL
    return attrs


_linker = Linker(callbacks=[_link_attributes], skip_tags={"pre", "code"}, parse_email=False)


def plain_text_html(text: str) -> str:
    """HTML for ``text``: every character escaped, then bare URLs turned into links."""
    linked = _linker.linkify(escape(text or ""))
    # Defence in depth: only <a href rel> can survive, whatever linkify produced.
    return bleach.clean(
        linked,
        tags={"a"},
        attributes={"a": ["href", "rel"]},
        protocols={"http", "https", "mailto"},
        strip=True,
    )


def highlighted_html(text: str, needles: list[str]) -> str:
    """Escaped ``text`` with each occurrence of the pre-screen's matched spans in <mark>."""
    text = text or ""
    marks: list[tuple[int, int]] = []
    for needle in sorted({n for n in needles if n}, key=len, reverse=True):
        start = text.find(needle)
        while start != -1:
            end = start + len(needle)
            if not any(s < end and start < e for s, e in marks):
                marks.append((start, end))
            start = text.find(needle, end)
    pieces, cursor = [], 0
    for start, end in sorted(marks):
        pieces += [escape(text[cursor:start]), "<mark>", escape(text[start:end]), "</mark>"]
        cursor = end
    pieces.append(escape(text[cursor:]))
    return "".join(str(piece) for piece in pieces)
