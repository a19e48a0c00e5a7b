"""Text normalisation, tokenising, stemming and phrase finding for the analysis pipeline.

Pure Python over lists of strings: no Django, no downloads. NLTK is used only for its
data-free parts (``RegexpTokenizer``, ``SnowballStemmer``, bigram collocations), and stop
words come from scikit-learn, so the pipeline runs the same on a fresh machine.

Every stem remembers the surface words it came from, so labels and key phrases can be shown
as real words ("managers", "staff training") rather than stems ("manag", "staff train").
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence

from nltk.collocations import BigramCollocationFinder
from nltk.metrics import BigramAssocMeasures
from nltk.probability import FreqDist
from nltk.stem.snowball import SnowballStemmer
from nltk.tokenize import RegexpTokenizer
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

# Words that carry no topic in contributions to a change challenge, on top of scikit-learn's
# list: contractions the tokenizer keeps whole, and filler that every post uses.
EXTRA_STOP_WORDS = frozenset(
    {
        "don't", "doesn't", "didn't", "can't", "won't", "isn't", "aren't", "wasn't", "weren't",
        "shouldn't", "wouldn't", "couldn't", "haven't", "hasn't", "hadn't", "it's", "i'm",
        "i've", "i'd", "i'll", "we're", "we've", "we'd", "we'll", "you're", "you've", "they're",
        "they've", "that's", "there's", "what's", "let's", "he's", "she's", "who's",
        "also", "just", "really", "like", "get", "got", "lot", "lots", "think", "make",
        "way", "thing", "things", "need", "needs", "want", "use", "used", "etc", "eg", "ie",
        "amp", "lt", "gt", "quot", "nbsp", "http", "https", "www", "com",
    }
)  # fmt: skip
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) | EXTRA_STOP_WORDS

_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_EMAIL = re.compile(r"\S+@\S+\.\w+")
# Curly apostrophes become straight ones, and every kind of dash a hyphen.
_PUNCTUATION = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'", "\u2212": "-"}
    | {chr(code): "-" for code in range(0x2010, 0x2016)}
)
# Words: letters and digits, with inner apostrophes or hyphens kept ("e-learning", "don't").
WORD_PATTERN = r"[^\W_]+(?:['\-&][^\W_]+)*"


class _WordTokenizer(RegexpTokenizer):
    """NLTK's RegexpTokenizer, compiled with the standard library's ``re`` (NLTK uses the
    ``regex`` package, three times slower on this pattern; the tokens are the same)."""

    def _check_regexp(self) -> None:
        if self._regexp is None:
            self._regexp = re.compile(self._pattern, self._flags)


_TOKENIZER = _WordTokenizer(WORD_PATTERN)
_STEMMER = SnowballStemmer("english")
_CACHE_LIMIT = 500_000
_STEM_CACHE: dict[str, str] = {}
# Raw token → (word, stem), or () for tokens that are dropped; shared by all runs.
_TOKEN_CACHE: dict[str, tuple[str, str] | tuple[()]] = {}


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    if "http" in text or "www." in text or "WWW." in text:
        text = _URL.sub(" ", text)
    if "@" in text:
        text = _EMAIL.sub(" ", text)
    return text.translate(_PUNCTUATION)


def normalise(text: str) -> str:
    """Lower-case, compatibility-normalised text with links and email addresses removed."""
    if not text:
        return ""
    return _clean(text).lower()


def stem(word: str) -> str:
    """Snowball stem of ``word``, cached: a challenge has far fewer words than tokens."""
    cached = _STEM_CACHE.get(word)
    if cached is None:
        # A hyphenated word is one idea ("e-learning"); stem its last part only.
        head, sep, tail = word.rpartition("-")
        cached = head + sep + _STEMMER.stem(tail) if sep else _STEMMER.stem(word)
        if len(_STEM_CACHE) < _CACHE_LIMIT:
            _STEM_CACHE[word] = cached
    return cached


def _keep(word: str) -> bool:
    if len(word) < 2 or word in STOP_WORDS:
        return False
    # Bare numbers ("2016", "10") say little about a theme; "covid19" or "a&e"-like words stay.
    return not word.replace("-", "").isdigit()


def _word(token: str) -> str:
    """A lower-case token without a possessive "'s" or stray apostrophes and hyphens."""
    if token.endswith("'s"):
        token = token[:-2]
    return token.strip("'-")


def _lookup(token: str) -> tuple[str, str] | tuple[()]:
    entry = _TOKEN_CACHE.get(token)
    if entry is None:
        word = _word(token)
        entry = (word, stem(word)) if _keep(word) else ()
        if len(_TOKEN_CACHE) < _CACHE_LIMIT:
            _TOKEN_CACHE[token] = entry
    return entry


def tokenize(text: str) -> list[str]:
    """Content words of ``text`` in order, normalised, stop words and numbers removed."""
    return [entry[0] for entry in map(_lookup, _TOKENIZER.tokenize(normalise(text))) if entry]


def stems(text: str) -> list[str]:
    """Snowball stems of the content words of ``text``, in order."""
    return [entry[1] for entry in map(_lookup, _TOKENIZER.tokenize(normalise(text))) if entry]


class SurfaceForms:
    """Which surface word each stem came from most often, to show stems as real words."""

    def __init__(self, word_counts: Counter | None = None) -> None:
        self.best: dict[str, str] = {}
        if word_counts:
            ranked = sorted(word_counts.items(), key=lambda item: (-item[1], len(item[0]), item[0]))
            for word, _count in ranked:
                self.best.setdefault(stem(word), word)

    def word(self, word_stem: str) -> str:
        """The most common surface form of ``word_stem`` (ties: the shortest, then A-Z)."""
        return self.best.get(word_stem, word_stem)

    def phrase(self, feature: str) -> str:
        """A feature ("staff train") as readable words ("staff training")."""
        return " ".join(self.word(part) for part in feature.split(" "))


def analyse(texts: Sequence[str]) -> tuple[list[list[str]], SurfaceForms]:
    """Stemmed content words of every text, and the surface forms seen for each stem."""
    word_counts: Counter = Counter()
    stemmed = []
    for text in texts:
        entries = [entry for entry in map(_lookup, _TOKENIZER.tokenize(normalise(text))) if entry]
        word_counts.update(entry[0] for entry in entries)
        stemmed.append([entry[1] for entry in entries])
    return stemmed, SurfaceForms(word_counts)


def find_phrases(
    documents: Sequence[Sequence[str]], *, min_count: int = 3, max_phrases: int = 20_000
) -> frozenset[tuple[str, str]]:
    """Collocations: adjacent stem pairs that occur together more than chance says they should.

    Pairs are counted within each document; pairs seen at least ``min_count``
    times are ranked by Dunning's log-likelihood ratio and kept while the pair is both more
    frequent than independence predicts (positive PMI) and within ``max_phrases``.
    """
    if not documents:
        return frozenset()
    # The counts NLTK's BigramCollocationFinder.from_documents would make, made at C speed.
    word_counts: Counter = Counter()
    pair_counts: Counter = Counter()
    for document in documents:
        word_counts.update(document)
        pair_counts.update(itertools.pairwise(document))
    finder = BigramCollocationFinder(FreqDist(word_counts), FreqDist(pair_counts))
    finder.apply_freq_filter(min_count)
    finder.apply_ngram_filter(lambda first, second: first == second)
    if not finder.ngram_fd:
        return frozenset()
    measures = BigramAssocMeasures()
    pmi = dict(finder.score_ngrams(measures.pmi))
    ranked = finder.score_ngrams(measures.likelihood_ratio)
    chosen = [pair for pair, _score in ranked if pmi.get(pair, 0.0) > 0.0]
    return frozenset(chosen[:max_phrases])


def features(stems: Sequence[str], phrases: frozenset[tuple[str, str]]) -> list[str]:
    """A text's features for TF-IDF: its stems, plus each adjacent pair that is a phrase."""
    found = list(stems)
    for first, second in itertools.pairwise(stems):
        if (first, second) in phrases:
            found.append(f"{first} {second}")
    return found


_SPACE = re.compile(r"\s+")
_PLAIN_SPAN = re.compile(r"[^\W_]+(?:[ '\-&/][^\W_]+)*")


def _preferred(forms: Counter) -> str:
    """The form to show: the most common spelling, but lower case over a capital that only
    starts sentences ("Managers" → "managers"), while "NHS" keeps its capitals."""
    by_lower: Counter = Counter()
    for form, count in forms.items():
        by_lower[form.lower()] += count
    lower_form = min(by_lower.items(), key=lambda item: (-item[1], len(item[0]), item[0]))[0]
    variants = {form: count for form, count in forms.items() if form.lower() == lower_form}
    best = min(variants.items(), key=lambda item: (-item[1], item[0]))[0]
    capital_only_first = best != lower_form and best[1:] == lower_form[1:]
    if capital_only_first and variants.get(lower_form, 0) * 4 >= sum(variants.values()):
        return lower_form
    return best


def surface_spans(texts: Iterable[str], wanted: set[str]) -> dict[str, str]:
    """How people actually wrote each wanted feature, with its case and the small words
    stop-word removal took out: "freedom speak" → "Freedom to Speak", "nhs financ" → "NHS
    finance". Features never found are left out."""
    found: dict[str, Counter] = {}
    for text in texts:
        if not text:
            continue
        cleaned = _clean(text)
        kept: list[tuple[str, int, int]] = []
        for token_start, token_end in _TOKENIZER.span_tokenize(cleaned):
            token = cleaned[token_start:token_end].lower()
            lowered = _word(token)
            if not _keep(lowered):
                continue
            start = token_start + token.find(lowered)
            kept.append((stem(lowered), start, start + len(lowered)))
        for index, (word_stem, start, end) in enumerate(kept):
            if word_stem in wanted:
                found.setdefault(word_stem, Counter())[cleaned[start:end]] += 1
            if index + 1 < len(kept):
                next_stem, _, next_end = kept[index + 1]
                pair = f"{word_stem} {next_stem}"
                if pair in wanted:
                    span = _SPACE.sub(" ", cleaned[start:next_end])
                    # Only short gaps of plain words ("code of practice"), never "ward, a clinic".
                    if len(span.split(" ")) <= 5 and _PLAIN_SPAN.fullmatch(span):
                        found.setdefault(pair, Counter())[span] += 1
    return {feature: _preferred(forms) for feature, forms in found.items()}
