"""Plain-text normalisation for everything people type.

Stored text is what the person typed, tidied: Unicode NFC, control and invisible characters
removed, HTML tags stripped with bleach, whitespace tidied. Display code escapes it again and
makes links clickable; nothing here produces HTML.
"""

import html
import re
import unicodedata

import bleach

ZERO_WIDTH_JOINER = "\u200d"
REPLACEMENT_CHARACTER = "\ufffd"  # stands for bytes that could not be decoded: carries nothing
# Text still changing after this many rounds was escaped over and over to smuggle markup in.
MAX_ROUNDS = 8
_SPACES = re.compile(r"[^\S\n]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def _strip_tags(text: str) -> str:
    # bleach escapes what it keeps; unescape so we store characters, not entities.
    return html.unescape(bleach.clean(text, tags=set(), strip=True, strip_comments=True))


def _is_emoji_like(char: str) -> bool:
    return unicodedata.category(char) in {"So", "Sk"}


def _drop_invisible(text: str) -> str:
    """Remove control (Cc), format (Cf), surrogate (Cs) and private-use (Co) characters, line
    and paragraph separators, and the replacement character.

    Newlines survive. A zero-width joiner survives only between two symbols, where it glues
    an emoji sequence together rather than hiding something.
    """
    kept = []
    for index, char in enumerate(text):
        if char == "\n":
            kept.append(char)
            continue
        category = unicodedata.category(char)
        if category == "Zs" or char == "\t":
            kept.append(" ")
            continue
        if category in {"Cc", "Cs", "Co", "Zl", "Zp"} or char == REPLACEMENT_CHARACTER:
            continue
        if category == "Cf":
            if (
                char == ZERO_WIDTH_JOINER
                and 0 < index < len(text) - 1
                and _is_emoji_like(text[index - 1])
                and _is_emoji_like(text[index + 1])
            ):
                kept.append(char)
            continue
        kept.append(char)
    return "".join(kept)


def _tidy(text: str) -> str:
    text = _drop_invisible(text)
    text = _strip_tags(text)
    text = _drop_invisible(text)  # entities such as &#8238; may have become characters
    # After dropping, so no combining mark is left next to a letter it should compose with.
    text = unicodedata.normalize("NFC", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    text = _BLANK_LINES.sub("\n\n", "\n".join(lines))
    return text.strip()


def normalise_text(raw: str) -> str:
    """Return the tidy plain text to store for ``raw`` (which may be hostile).

    Normalising the result again changes nothing, so what is stored has no tags however
    deeply they were escaped.
    """
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    # Unpaired surrogates cannot be normalised or encoded; they become replacement characters,
    # which are dropped.
    text = text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    # Repeat while a round changes something: unescaping can reveal new tags (text typed as
    # "&lt;b&gt;" is then a tag and goes too) or new characters to drop.
    for _ in range(MAX_ROUNDS):
        tidy = _tidy(text)
        if tidy == text:
            return text
        text = tidy
    return ""


def normalise_line(raw: str) -> str:
    """Like ``normalise_text`` for one-line fields such as titles: newlines become spaces."""
    return " ".join(normalise_text(raw).split())
