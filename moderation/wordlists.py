"""Matching organisers' word lists against text that tries to slip past them.

Text is folded character by character (case, accents and compatibility forms, look-alike
Cyrillic and Greek letters, invisible characters) while remembering where each folded
character came from, so a match can be reported as a span of the text the person typed.
Leetspeak, stretched letters ("shiiiit") and spaced-out letters ("s.h.i.t") are handled by the
pattern built for each listed word rather than by rewriting the text, so "1" can stand for
both "i" and "l" without making "fail" and "fall" the same word.

Whole words only: a listed word matches when no letter or digit touches either end, so "ass"
finds "a$$" and "@ss" but not "assessment", "class" or "passion".

This module imports nothing from Django.
"""

# Look-alike letters are what this module is about.
# ruff: noqa: RUF001, RUF002

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache


def _words(block: str) -> frozenset[str]:
    """A set of words written as a block of text, easier to read and review than a list."""
    return frozenset(block.split())


# Lower-case Cyrillic and Greek letters that are drawn like Latin ones. NFKD leaves them
# alone because they are different letters, not variants; spammers rely on that.
CONFUSABLES = {
    # Cyrillic
    "а": "a",
    "в": "b",
    "е": "e",
    "ё": "e",
    "к": "k",
    "м": "m",
    "н": "h",
    "о": "o",
    "п": "n",
    "р": "p",
    "с": "c",
    "т": "t",
    "у": "y",
    "х": "x",
    "ь": "b",
    "ѕ": "s",
    "і": "i",
    "ї": "i",
    "ј": "j",
    "ԁ": "d",
    "ԛ": "q",
    "ԝ": "w",
    "ү": "y",
    "һ": "h",
    "ӏ": "l",
    # Greek
    "α": "a",
    "β": "b",
    "γ": "y",
    "ε": "e",
    "η": "n",
    "ι": "i",
    "κ": "k",
    "μ": "u",
    "ν": "v",
    "ο": "o",
    "ρ": "p",
    "σ": "o",
    "ς": "c",
    "τ": "t",
    "υ": "u",
    "χ": "x",
    "ω": "w",
    # Latin letters NFKD does not decompose
    "ı": "i",
    "ł": "l",
    "ø": "o",
    "đ": "d",
    "ħ": "h",
    "ŧ": "t",
    "ƅ": "b",
    "ɑ": "a",
    "ɡ": "g",
    "ꞵ": "b",
}

# What each letter may be written as. Symbols only: a letter never stands for another
# letter, so no two innocent words fold together. "*" stands in for a vowel ("f*ck").
LEET = {
    "a": "a4@*",
    "b": "b8",
    "e": "e3*",
    "g": "g9",
    "i": "i1!|*",
    "l": "l1|",
    "o": "o0*",
    "s": "s5$",
    "t": "t7+",
    "u": "uv*",
    "z": "z2",
}
# Characters people put between letters to break a word up: "s h i t", "s.h.i.t", "s-h-i-t".
SEPARATORS = r"[\s.\-_*,~/\\|+'\"`]"
# A match must not touch a letter or digit (or a symbol that stands for a letter) on the left,
# nor a letter or digit on the right.
_BEFORE = r"(?<![^\W_])(?<![@$])"
_AFTER = r"(?![^\W_])"


@dataclass(frozen=True)
class Folded:
    """Folded text plus, for each of its characters, the index it came from in the original."""

    text: str
    origin: tuple[int, ...]

    def span(self, start: int, end: int, original: str) -> tuple[int, int]:
        """Map ``[start, end)`` in the folded text back to the original text.

        The end is pushed past combining marks and invisible characters that belong to the
        last matched letter, so the span covers what the person sees.
        """
        first = self.origin[start]
        last = self.origin[end - 1] + 1
        while last < len(original) and _is_ignorable(original[last]):
            last += 1
        return first, last


def _is_ignorable(char: str) -> bool:
    category = unicodedata.category(char)
    return category in {"Mn", "Me", "Cf"}


@lru_cache(maxsize=8192)
def fold_char(char: str) -> str:
    """Fold one character: compatibility decomposition, no accents, lower case, Latin."""
    if char.isascii():
        return char.lower()
    if _is_ignorable(char):
        return ""
    out = []
    for part in unicodedata.normalize("NFKD", char):
        if unicodedata.combining(part) or _is_ignorable(part):
            continue
        for lower in part.casefold():
            out.append(CONFUSABLES.get(lower, lower))
    return "".join(out)


def fold(text: str) -> Folded:
    """Fold ``text`` for matching, keeping a map back to the original offsets."""
    if text.isascii():
        return Folded(text.lower(), tuple(range(len(text))))
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        folded = fold_char(char)
        chars.append(folded)
        origin.extend([index] * len(folded))
    return Folded("".join(chars), tuple(origin))


def fold_entry(entry: str) -> tuple[str, ...]:
    """The words of a list entry, folded: "Kill  Yourself!" -> ("kill", "yourself")."""
    folded = "".join(fold_char(char) for char in entry)
    return tuple(re.findall(r"[^\W_]+", folded))


def _letter_class(letter: str) -> str:
    return "[" + re.escape(LEET.get(letter, letter)) + "]"


def _word_pattern(word: str) -> str:
    """A pattern for one word: leetspeak, stretched letters, or spaced-out letters."""
    runs = [(match.group(0)[0], len(match.group(0))) for match in re.finditer(r"(.)\1*", word)]
    # "shiiit": each run of a letter may be stretched, but not shortened ("as" is not "ass").
    compact = "".join(
        _letter_class(letter) + ("+" if count == 1 else f"{{{count},}}") for letter, count in runs
    )
    if len(word) < 2:
        return compact
    # "s h i t", "s.h.i.t": every letter separated, the same number of letters as the word.
    spaced = f"{SEPARATORS}{{1,3}}".join(_letter_class(letter) for letter in word)
    return f"(?:{compact}|{spaced})"


def _entry_pattern(words: tuple[str, ...]) -> str:
    body = r"[\W_]+".join(_word_pattern(word) for word in words)
    # A plural still counts: listing "idiot" finds "idiots".
    return f"{body}(?:e?[s5$]+)?{_AFTER}"


@dataclass(frozen=True)
class WordList:
    """A compiled list: one regular expression, one group per entry."""

    entries: tuple[str, ...]
    pattern: re.Pattern[str] | None

    def find(self, text: str) -> list[tuple[str, int, int]]:
        """Each match as ``(entry, start, end)``, offsets into ``text`` as typed."""
        if self.pattern is None or not text:
            return []
        folded = fold(text)
        found = []
        for match in self.pattern.finditer(folded.text):
            matched = match.group(0)
            # "A55" and "M25" are roads: one letter among digits is not a word in disguise.
            if sum(char.isdigit() for char in matched) and sum(map(str.isalpha, matched)) < 2:
                continue
            start, end = folded.span(match.start(), match.end(), text)
            found.append((self.entries[match.lastindex - 1], start, end))
        return found


@lru_cache(maxsize=256)
def compile_word_list(entries: tuple[str, ...]) -> WordList:
    """Compile an organiser's list once; rules are frozen, so the tuple is the cache key."""
    usable = []
    for entry in entries:
        words = fold_entry(entry)
        if words and entry.strip() not in {kept for kept, _ in usable}:
            usable.append((entry.strip(), words))
    if not usable:
        return WordList((), None)
    # Longest first, so a phrase wins over a word inside it.
    usable.sort(key=lambda item: -len(" ".join(item[1])))
    # The left-hand boundary is checked once, before the alternatives: most positions are
    # inside a word and fail there, which keeps a long list cheap on a long post.
    alternatives = "|".join(f"({_entry_pattern(words)})" for _, words in usable)
    pattern = f"{_BEFORE}(?:{alternatives})"
    return WordList(tuple(entry for entry, _ in usable), re.compile(pattern))


# --- Preparing text for the offensive-language model -----------------------------------------

# Words the model learned as signs of abuse from online comments, but which NHS staff use
# every day in their plain meaning: anatomy, illness, identity, safeguarding, and the ordinary
# British words for something that is not good enough. They are removed before scoring, so
# "Sick leave is up", "Anal cancer screening is patchy" or "The e-rostering system is
# ridiculous" are not held. Swear words and insults are not on this list.
NEUTRAL_VOCABULARY = _words(
    """
    anal anus rectal rectum bowel penis penises penile vagina vaginal vulva breast breasts
    nipple nipples testicle testicles testicular scrotum genital genitals sex sexual sexually
    sexuality condom condoms naked intimate urine pee poo faeces feces faecal stool stools
    vomit vomiting vomited puke blood bloody bleed bleeding throat mouth nose brain brains
    skull knees guts swallow swallowing breath aids deaf toilet toilets wet incontinence
    sick sickness cancer tumour mental mentally psychiatry psychiatric suicide suicidal
    dementia obese obesity overweight aged elderly child children babies baby mum mums
    mother mothers husband pregnant drunk drunken alcohol drugs overdose burn burns stab
    stabbed knife poison poisoning
    gay gays lesbian lesbians bisexual homosexual homosexuals homosexuality transgender
    trans black white minorities ethnic racist racists racism bully bullies bullying
    harassment harassing abuse abused rape raped rapes assault violence violent homophobic
    homophobia xenophobia antisemitic sexist misogyny
    ridiculous rubbish disgrace disgraceful disgusting shame shameful awful terrible
    horrible horrific worst failure frankly utter absolute nonsense dirty smelly mask masks
    """
)

_LEET_DECODE = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t"})
_SYMBOL_DECODE = str.maketrans({"@": "a", "$": "s", "!": "i", "|": "i"})
# Starts only where a run starts, so a long run that fails at its end is tried once, not once
# per letter.
_SPACED_LETTERS = re.compile(
    r"(?<![^\W_])(?<!(?<![^\W_])[^\W_][ .\-_*])(?:[^\W\d_][ .\-_*]){2,}[^\W\d_](?![^\W_])"
)
_STRETCHED = re.compile(r"([^\W\d_])\1{2,}")
# A token with a digit or symbol that may stand for a letter.
# Starts only at a token's start, and the part before the first such character cannot also
# match it, so a long token costs one pass.
_DISGUISED_TOKEN = re.compile(r"(?<!\S)[^\s0-9@$!|]*[0-9@$!|]\S*")
_NEUTRAL = re.compile(
    r"\b(?:" + "|".join(sorted(NEUTRAL_VOCABULARY, key=len, reverse=True)) + r")\b"
)
# A number with its unit or ordinal: "7am", "2nd", "10mg", "24hrs".
_QUANTITY = re.compile(r"\d+(?:am|pm|st|nd|rd|th|mg|mcg|ml|kg|g|h|hrs?|mins?|k|m|x|yrs?|s)")


def _decode_token(match: re.Match[str]) -> str:
    token = match.group(0)
    core = token.strip(".,;:?!'\"()[]")
    if _QUANTITY.fullmatch(core):
        return token
    letters = sum(char.isalpha() for char in core)
    digits = sum(char.isdigit() for char in core)
    symbols = sum(char in "@$!|" for char in core)
    # "sh1t", "b!tch", "a$$" are words in disguise; "A55", "7am", "2nd" and "24/7" are not.
    if letters == 0 or (digits == 0 and symbols == 0) or digits >= letters:
        return token
    return token.replace(core, core.translate(_LEET_DECODE).translate(_SYMBOL_DECODE))


def _join_spaced(match: re.Match[str]) -> str:
    return re.sub(r"[ .\-_*]", "", match.group(0))


def text_for_model(text: str) -> str:
    """Undo the usual disguises and drop neutral vocabulary, for the offensive-language model.

    The model only knows plain words, so "f u c k", "sh1t", "ѕhit" and "fuuuck" are turned back
    into them; words in ``NEUTRAL_VOCABULARY`` are removed.
    """
    folded = fold(text).text
    folded = _SPACED_LETTERS.sub(_join_spaced, folded)
    folded = _DISGUISED_TOKEN.sub(_decode_token, folded)
    folded = _STRETCHED.sub(r"\1", folded)
    return _NEUTRAL.sub("", folded)
