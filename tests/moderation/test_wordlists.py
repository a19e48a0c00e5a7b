"""Organisers' word lists against the usual tricks, and the Scunthorpe problem."""

# Look-alike letters on purpose: look-alike letters are the point of these tests.
# ruff: noqa: RUF001

import unicodedata

import pytest

from moderation.prescreen import Rules, check_word_lists
from moderation.wordlists import compile_word_list, fold, text_for_model

LIST = compile_word_list(("shit", "ass", "fuck", "hell", "tit", "cunt", "kill yourself"))


def found(text: str) -> list[tuple[str, str]]:
    """(listed entry, text as typed) for each match."""
    return [(entry, text[start:end]) for entry, start, end in LIST.find(text)]


@pytest.mark.parametrize(
    ("text", "typed"),
    [
        ("this is shit", "shit"),
        ("this is SHIT", "SHIT"),
        ("this is Sh1t!", "Sh1t"),
        ("this is 5hit", "5hit"),
        ("this is $h!t", "$h!t"),
        ("this is sh!t", "sh!t"),
        ("this is sh*t", "sh*t"),
        ("this is shiiiiit", "shiiiiit"),
        ("this is sshhiitt", "sshhiitt"),
        ("this is s h i t", "s h i t"),
        ("this is s.h.i.t", "s.h.i.t"),
        ("this is s-h-i-t", "s-h-i-t"),
        ("this is s_h_i_t", "s_h_i_t"),
        ("this is s . h . i . t", "s . h . i . t"),
        ("this is s*h*i*t", "s*h*i*t"),
    ],
)
def test_leetspeak_stretching_and_spacing_do_not_hide_a_word(text, typed):
    assert found(text) == [("shit", typed)]


@pytest.mark.parametrize(
    ("text", "typed"),
    [
        ("ＳＨＩＴ", "ＳＨＩＴ"),  # full-width
        ("𝐬𝐡𝐢𝐭", "𝐬𝐡𝐢𝐭"),  # mathematical bold
        ("ѕһіт", "ѕһіт"),  # Cyrillic look-alikes
        ("ЅHІT", "ЅHІT"),  # Cyrillic capitals
        ("shιt", "shιt"),  # Greek iota
        ("śhît", "śhît"),  # accents, precomposed
        (unicodedata.normalize("NFD", "śhît"), unicodedata.normalize("NFD", "śhît")),
        ("sh\u200bit", "sh\u200bit"),  # zero-width space inside
        ("sh\u00adit", "sh\u00adit"),  # soft hyphen inside
    ],
)
def test_unicode_look_alikes_and_accents_fold_to_the_word(text, typed):
    assert found(f"it is {text}, honestly") == [("shit", typed)]


def test_a_trailing_combining_accent_is_inside_the_span():
    text = "what a shit\u0301 idea"

    ((_, start, end),) = LIST.find(text)

    assert text[start:end] == "shit\u0301"


@pytest.mark.parametrize(
    "text",
    [
        "assessment",
        "class",
        "passion",
        "bass guitar",
        "compass",
        "harass",
        "embarrassment",
        "Scunthorpe",
        "hello",
        "shell",
        "Shelley",
        "title",
        "constitution",
        "petition",
        "shitake mushrooms",
        "skill yourself up",
        "as",
        "has",
        "shuttle",
        "hellenic",
        "Thelma",
    ],
)
def test_innocent_words_that_contain_a_listed_word_do_not_match(text):
    assert found(f"The {text} here.") == []


def test_road_numbers_are_not_words_in_disguise():
    # "A55" could be "ass" in leetspeak; one letter among digits is a road, not a word.
    assert found("The A55 was shut, and the M1 and A3 too") == []
    assert found("what an a55 and a $h1t") == [("shit", "$h1t")]


def test_plurals_of_a_listed_word_match():
    assert found("tits and asses") == [("tit", "tits"), ("ass", "asses")]


def test_a_listed_phrase_matches_across_spaces_punctuation_and_leetspeak():
    for text in ("kill yourself", "Kill   Yourself!!", "kill-yourself", "k1ll y0urs3lf"):
        assert found(f"just {text} now") == [("kill yourself", text.rstrip("!"))]
    assert found("kill the fax machine yourself") == []


def test_one_letter_does_not_stand_for_another():
    # "1" may be "i" or "l", but "fail" is never "fall".
    falls = compile_word_list(("fall",))

    assert [entry for entry, *_ in falls.find("a f4ll and a fa11")] == ["fall", "fall"]
    assert falls.find("the system will fail") == []


def test_listed_entries_are_folded_too():
    messy = compile_word_list(("  ŠHIT ", "Kill  Yourself!"))

    assert [entry for entry, *_ in messy.find("shit, kill yourself")] == [
        "ŠHIT",
        "Kill  Yourself!",
    ]


def test_empty_and_blank_entries_are_ignored():
    assert compile_word_list(("", "  ", "!!")).find("anything at all") == []
    assert compile_word_list(()).find("anything") == []


def test_spans_point_at_the_original_text():
    text = "Ｔｈｅ rota is ＳＨＩＴ and the m@nager is an a$$."

    spans = [(entry, start, end) for entry, start, end in LIST.find(text)]

    assert [(entry, text[start:end]) for entry, start, end in spans] == [
        ("shit", "ＳＨＩＴ"),
        ("ass", "a$$"),
    ]


def test_fold_keeps_a_map_back_to_the_original():
    folded = fold("Ａé\u200bß")

    assert folded.text == "aess"
    assert folded.origin == (0, 1, 3, 3)


def test_the_prescreen_reports_blocked_and_watched_words_separately():
    rules = Rules(blocked_words=("shit",), watched_words=("union",))

    findings = check_word_lists("The UNION says the rota is sh1t", rules)

    assert [(f.component, f.action, [s.text for s in f.spans]) for f in findings] == [
        ("blocked_word", "refuse", ["sh1t"]),
        ("watched_word", "hold", ["UNION"]),
    ]


def test_text_for_the_model_undoes_disguises_and_drops_neutral_words():
    assert text_for_model("f u c k this, it is sh1t and fuuuck").split() == [
        "fuck",
        "this,",
        "it",
        "is",
        "shit",
        "and",
        "fuck",
    ]
    assert text_for_model("Sick leave and mental health").split() == ["leave", "and", "health"]
    assert text_for_model("A55 at 7am, 2nd floor, 24/7") == "a55 at 7am, 2nd floor, 24/7"
