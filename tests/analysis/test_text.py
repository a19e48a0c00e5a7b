"""Tokenising, stemming, phrases and readable surface forms (no downloads needed)."""

from analysis import text


def test_tokens_drop_stop_words_numbers_links_and_addresses():
    words = text.tokenize(
        "Managers\u2019 e\u2011learning in 2016: don't see https://example.org/a?b=1 "
        "or mail me@x.org about A&E and the staff's rota"
    )
    assert words == ["managers", "e-learning", "mail", "a&e", "staff", "rota"]


def test_stems_are_snowball_stems_and_shown_as_the_commonest_word():
    stemmed, surface = text.analyse(["Managers manage", "managers and managing", "a manager"])
    assert stemmed[0] == ["manag", "manag"]
    assert surface.word("manag") == "managers"
    assert surface.phrase("manag manag") == "managers managers"
    assert surface.word("unseen") == "unseen"


def test_collocations_are_found_and_chance_pairs_are_not():
    documents = [["protect", "time", "think"]] * 4 + [["time", "ward"], ["think", "ward"]] * 2
    phrases = text.find_phrases(documents, min_count=3)
    assert ("protect", "time") in phrases
    assert ("time", "ward") not in phrases
    assert text.features(["protect", "time", "ward"], phrases) == [
        "protect",
        "time",
        "ward",
        "protect time",
    ]


def test_surface_spans_restore_small_words_and_capitals():
    spans = text.surface_spans(
        [
            "Raise concerns through Freedom to Speak Up.",
            "We should raise concerns early; NHS finance is hard.",
            "Understanding NHS finance matters. Managers, on the ward.",
        ],
        {"rais concern", "freedom speak", "nhs financ", "manag ward"},
    )
    assert spans["rais concern"] == "raise concerns"
    assert spans["freedom speak"] == "Freedom to Speak"
    assert spans["nhs financ"] == "NHS finance"
    assert "manag ward" not in spans  # a comma in between: not a phrase people wrote


def test_empty_and_symbol_only_texts_have_no_words():
    assert text.tokenize("") == []
    assert text.tokenize("!!! ??? 123 4,5") == []
