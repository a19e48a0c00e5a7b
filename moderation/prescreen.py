"""The pre-screen every contribution and comment passes before it is stored.

Pure: text and the challenge's rules in, findings and an outcome out. It imports nothing from
Django and touches no database, so the ``ideas`` services, imports and the benchmarks run the
very same code. The caller looks up the facts that need the database (``Context``) and decides
what to do with the ``Result``.

Each component is a small function of its own (``check_offensive``, ``check_word_lists``,
``find_personal_information``, ``check_links``, ``check_repeat``, ``check_premoderation``);
``prescreen`` runs them all and works out the outcome: refuse if any finding refuses, else
hold if any finding holds, else publish.

Messages are written for the person who typed the text (and read again by moderators): they
say what the problem is without explaining how the screen works, except that a blocked word is
named so the author can take it out.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass
from functools import cache, lru_cache

from moderation import pii
from moderation.wordlists import compile_word_list, text_for_model

PUBLISH, HOLD, REFUSE = "publish", "hold", "refuse"

# What the model reads at most: its score does not change past a few thousand characters, and
# a cap keeps a hostile 1 MB post from costing more than an ordinary one.
MODEL_TEXT_LIMIT = 20_000


@dataclass(frozen=True)
class Rules:
    """A challenge's moderation settings, as its organisers set them."""

    offensive_hold: float = 0.60  # hold when the offensive-language probability >= this
    offensive_refuse: float = 0.95  # refuse when >= this
    blocked_words: tuple[str, ...] = ()  # refused with a message naming the problem word
    watched_words: tuple[str, ...] = ()  # held for review
    max_links: int = 3  # more links than this -> hold as possible link spam
    premoderate_first: int = 0  # hold an account's first N posts in the challenge
    detect_personal_information: bool = True


@dataclass(frozen=True)
class Context:
    """Facts about the author that the caller looks up in the database."""

    recent_texts: tuple[str, ...] = ()  # this account's recent posts in the challenge
    published_count: int = 0  # this account's posts already published in the challenge


@dataclass(frozen=True)
class Span:
    """Offsets into the screened text, and the text between them."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Finding:
    component: str  # offensive | blocked_word | watched_word | personal_information |
    #                 link_spam | repeat | premoderation
    action: str  # hold | refuse
    message: str  # plain English, shown to the author and the moderator
    kind: str = ""  # detail, e.g. "email", "phone", "postcode", "nhs_number", "named_person"
    spans: tuple[Span, ...] = ()
    score: float | None = None


@dataclass(frozen=True)
class Result:
    outcome: str  # publish | hold | refuse
    findings: tuple[Finding, ...]

    def as_dict(self) -> dict:
        """JSON-ready, for storing on the item and showing to moderators."""
        return {
            "outcome": self.outcome,
            "findings": [
                {**asdict(finding), "spans": [asdict(span) for span in finding.spans]}
                for finding in self.findings
            ],
        }

    @property
    def messages(self) -> tuple[str, ...]:
        """The messages to show the author, refusals first, without repeats."""
        ordered = sorted(self.findings, key=lambda finding: finding.action != REFUSE)
        return tuple(dict.fromkeys(finding.message for finding in ordered))


def _span(text: str, start: int, end: int) -> Span:
    return Span(start, end, text[start:end])


def _quote(texts: list[str], limit: int = 3) -> str:
    unique = list(dict.fromkeys(" ".join(text.split()) for text in texts))
    quoted = ", ".join(f'"{text}"' for text in unique[:limit])
    return quoted + (" and others" if len(unique) > limit else "")


# --- Offensive language ------------------------------------------------------------------------


@cache
def _predict_prob():
    """Load the model on first use, not at import: loading scikit-learn takes seconds."""
    import sklearn
    from profanity_check import predict_prob

    def predict(texts: list[str]):
        # The texts are ours and the model is fixed, so scikit-learn's per-call input and
        # parameter checks are skipped: about a millisecond of every screen. The setting is
        # thread-local and restored afterwards, so the rest of the process is untouched.
        with sklearn.config_context(assume_finite=True, skip_parameter_validation=True):
            return predict_prob(texts)

    return predict


def warm_up() -> None:
    """Load the offensive-language model now (say, when a worker starts) rather than on the
    first post."""
    _predict_prob()([""])


# A sentence runs to a full stop, question or exclamation mark followed by a space, or to the
# end of its line; "s.h.i.t" and "e.g.the" stay in one piece.
_SENTENCE = re.compile(r"[^\s.!?](?:[^.!?\n]|[.!?]+(?=[^\s.!?]))*[.!?]*")
_HAS_WORD = re.compile(r"[^\W\d_]{2}")


def _sentences(text: str) -> list[tuple[int, int]]:
    """Every sentence of ``text`` as (start, end); together they hold all its words."""
    return [(match.start(), match.end()) for match in _SENTENCE.finditer(text)]


def offensive_score(text: str) -> tuple[float, Span | None]:
    """The offensive-language probability of ``text``, and the sentence that scored highest.

    The whole text and each sentence are scored and the highest wins: the model weighs words
    against the length of the text, so one abusive sentence at the end of a long friendly post
    barely moves the whole-text score (measured: 0.02 for a 1,300-character post ending "Dr X
    is a useless f---ing idiot.", 1.00 for that sentence). Words that are neutral in NHS
    discussion are dropped first (see ``wordlists.NEUTRAL_VOCABULARY``); that is what keeps
    the sentence scores from holding ordinary posts.
    """
    text = text[:MODEL_TEXT_LIMIT]
    if not _HAS_WORD.search(text):
        return 0.0, None
    # Each sentence is prepared once; the whole text is their sum (the model reads a bag of
    # words, so joining prepared sentences is the same as preparing the whole).
    sentences, prepared = [], []
    for start, end in _sentences(text):
        piece = text_for_model(text[start:end])
        prepared.append(piece)
        if _HAS_WORD.search(text, start, end):
            sentences.append((start, end, piece))
    pieces = [" ".join(prepared)] + [piece for _, _, piece in sentences]
    scores = [float(score) for score in _predict_prob()(pieces)]
    best = max(range(len(scores)), key=scores.__getitem__)
    if best == 0:
        return scores[0], _span(text, 0, len(text))
    start, end, _ = sentences[best - 1]
    return scores[best], _span(text, start, end)


def check_offensive(text: str, rules: Rules = Rules()) -> tuple[Finding, ...]:
    score, span = offensive_score(text)
    spans = (span,) if span else ()
    if score >= rules.offensive_refuse:
        message = (
            "This looks like it includes offensive or abusive language. "
            "Please reword it and try again."
        )
        return (Finding("offensive", REFUSE, message, spans=spans, score=round(score, 4)),)
    if score >= rules.offensive_hold:
        message = (
            "This may include offensive or abusive language, "
            "so a moderator will check it before it appears."
        )
        return (Finding("offensive", HOLD, message, spans=spans, score=round(score, 4)),)
    return ()


# --- Organisers' word lists --------------------------------------------------------------------


def check_word_lists(text: str, rules: Rules = Rules()) -> tuple[Finding, ...]:
    """Blocked words refuse, naming the word as it was typed; watched words hold, quietly."""
    findings = []
    blocked = compile_word_list(tuple(rules.blocked_words)).find(text)
    if blocked:
        typed = [text[start:end] for _, start, end in blocked]
        several = len({" ".join(word.lower().split()) for word in typed}) > 1
        message = (
            f"This includes {'words' if several else 'a word'} that cannot be used in this "
            f"challenge: {_quote(typed)}. Please remove {'them' if several else 'it'} "
            "and try again."
        )
        spans = tuple(_span(text, start, end) for _, start, end in blocked)
        findings.append(Finding("blocked_word", REFUSE, message, spans=spans))
    watched = compile_word_list(tuple(rules.watched_words)).find(text)
    if watched:
        message = "A moderator will check this before it appears, because of some of its wording."
        spans = tuple(_span(text, start, end) for _, start, end in watched)
        findings.append(Finding("watched_word", HOLD, message, spans=spans))
    return tuple(findings)


# --- Personal information ----------------------------------------------------------------------

_PERSONAL = {
    "email": ("an email address", "email addresses"),
    "phone": ("a phone number", "phone numbers"),
    "nhs_number": ("an NHS number", "NHS numbers"),
    "postcode": ("a postcode", "postcodes"),
    "address": ("a street address", "street addresses"),
    "named_person": ("a person's name", "people's names"),
}


def find_personal_information(text: str) -> tuple[Finding, ...]:
    """One held finding per kind of personal detail, with every place it was found."""
    by_kind: dict[str, list[Span]] = {}
    for kind, start, end in pii.find_personal_details(text):
        by_kind.setdefault(kind, []).append(_span(text, start, end))
    findings = []
    for kind in pii.KINDS:
        spans = by_kind.get(kind)
        if not spans:
            continue
        one, many = _PERSONAL[kind]
        what = many if len({span.text for span in spans}) > 1 else one
        message = (
            f"It looks like this includes {what} ({_quote([s.text for s in spans])}). "
            "Remove personal details so that no one can be identified."
        )
        findings.append(
            Finding("personal_information", HOLD, message, kind=kind, spans=tuple(spans))
        )
    return tuple(findings)


# --- Links -------------------------------------------------------------------------------------

# Top-level domains seen on their own ("example.com/offer"). Ones that are also English words
# ("in", "it", "me", "live") are left out: "on the ward.In the morning" is a missing space.
_TLDS = (
    "com|org|net|info|biz|io|uk|eu|de|fr|ru|cn|au|ca|nl|pl|tv|ly|gl|xyz|top|online|site|shop|click"
)
_LINK = re.compile(
    r"(?i)(?:\bhttps?://[^\s<>\"']+|\bwww\.[^\s<>\"']+"
    rf"|(?<![@\w.-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:{_TLDS})\b(?![@-])(?:/[^\s<>\"']*)?)"
)


def find_links(text: str) -> list[Span]:
    return [_span(text, match.start(), match.end()) for match in _LINK.finditer(text)]


def check_links(text: str, rules: Rules = Rules()) -> tuple[Finding, ...]:
    links = find_links(text)
    if len(links) <= rules.max_links:
        return ()
    message = "This includes a lot of links, so a moderator will check it before it appears."
    return (Finding("link_spam", HOLD, message, spans=tuple(links)),)


# --- Repeats and new accounts ------------------------------------------------------------------

_NOT_WORD = re.compile(r"[\W_]+")


@lru_cache(maxsize=4096)
def repeat_key(text: str) -> str:
    """``text`` with case, accents, punctuation and spacing folded away: two posts with the
    same key say the same thing."""
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(_NOT_WORD.sub(" ", text.casefold()).split())


def check_repeat(text: str, context: Context = Context()) -> tuple[Finding, ...]:
    key = repeat_key(text)
    if not key or not any(repeat_key(recent) == key for recent in context.recent_texts):
        return ()
    message = (
        "It looks like you have already posted this. A moderator will check it before it appears."
    )
    return (Finding("repeat", HOLD, message),)


def check_premoderation(
    rules: Rules = Rules(), context: Context = Context()
) -> tuple[Finding, ...]:
    if context.published_count >= rules.premoderate_first:
        return ()
    message = "New accounts' first posts are checked by a moderator before they appear."
    return (Finding("premoderation", HOLD, message),)


# --- All together ------------------------------------------------------------------------------


def outcome_of(findings: tuple[Finding, ...]) -> str:
    actions = {finding.action for finding in findings}
    if REFUSE in actions:
        return REFUSE
    if HOLD in actions:
        return HOLD
    return PUBLISH


def prescreen(text: str, rules: Rules = Rules(), context: Context = Context()) -> Result:
    """Screen ``text`` (as it will be stored) under ``rules``; see the module docstring."""
    findings = (
        *check_word_lists(text, rules),
        *check_offensive(text, rules),
        *(find_personal_information(text) if rules.detect_personal_information else ()),
        *check_links(text, rules),
        *check_repeat(text, context),
        *check_premoderation(rules, context),
    )
    return Result(outcome_of(findings), findings)
