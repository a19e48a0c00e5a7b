"""The pipeline end to end on small inputs: themes recovered, readable labels, determinism,
degenerate inputs, placing new texts, similar texts, the map, metrics and progress."""

import pickle
import re

import pytest
from sklearn.metrics import homogeneity_score

from analysis.evaluation import clustering_scores
from analysis.pipeline import PipelineConfig, PipelineResult, run_pipeline
from tests.analysis.corpus import make_corpus


@pytest.fixture(scope="module")
def corpus():
    return make_corpus(per_topic=25, seed=1)


@pytest.fixture(scope="module")
def result(corpus) -> PipelineResult:
    texts, _ = corpus
    return run_pipeline(texts, PipelineConfig(k=4, seed=3))


def _consistent(result: PipelineResult, n: int) -> None:
    assert len(result.assignments) == n
    assert len(result.coords) == n
    k = len(result.themes)
    assert result.metrics["k"] == k
    assert all(-1 <= a < k for a in result.assignments)
    for theme in result.themes:
        assert theme.members == [i for i, a in enumerate(result.assignments) if a == theme.index]
        assert set(theme.representatives) <= set(theme.members)
        assert len(theme.representatives) <= 5
    for x, y in result.coords:
        assert -1.0 <= x <= 1.0 and -1.0 <= y <= 1.0


def test_clear_topics_are_recovered_with_the_given_k(corpus, result):
    texts, labels = corpus
    _consistent(result, len(texts))
    assert len(result.themes) == 4
    assert clustering_scores(labels, result.assignments)["acc"] >= 0.95
    assert result.metrics["other_share"] < 0.05


def test_clear_topics_are_recovered_with_k_chosen_automatically():
    texts, labels = make_corpus(per_topic=60, seed=1)
    found = run_pipeline(texts, PipelineConfig(seed=0))
    _consistent(found, len(texts))
    # Four topics of ten phrases each: the finer of near-tied counts wins (panels merge
    # themes more easily than they untangle them), so a topic may come out in two parts.
    assert 4 <= found.metrics["k"] <= 8
    assert homogeneity_score(labels, found.assignments) >= 0.9
    assert clustering_scores(labels, found.assignments)["nmi"] >= 0.8
    assert found.metrics["chosen_k_scores"]["shortlist"]


def test_with_few_texts_an_automatic_k_may_split_a_topic_but_never_mixes_two(corpus):
    # 25 texts a topic, each naming two of its ten phrases: splitting a topic by phrase is
    # as well separated as keeping it whole, and panels can merge themes; mixing is the error.
    texts, labels = corpus
    found = run_pipeline(texts, PipelineConfig(seed=0))
    _consistent(found, len(texts))
    assert 3 <= found.metrics["k"] <= 10
    assert homogeneity_score(labels, found.assignments) >= 0.8


def test_labels_and_key_phrases_are_words_people_wrote(corpus, result):
    texts, _ = corpus
    written = " ".join(texts).lower()
    for theme in result.themes:
        assert theme.label and theme.label[0].isupper()
        assert theme.key_phrases
        for phrase in [theme.label, *theme.key_phrases]:
            for word in re.findall(r"[\w&'-]+", phrase.lower()):
                # Every word is a whole word of the corpus: "managers", never the stem "manag".
                assert re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", written), word


def test_themes_are_labelled_after_their_topic(corpus, result):
    _texts, labels = corpus
    topic_of_theme = {}
    for theme in result.themes:
        members = [labels[i] for i in theme.members]
        topic_of_theme[max(set(members), key=members.count)] = theme
    assert "park" in " ".join(topic_of_theme["parking"].key_phrases[:3]).lower()
    assert any(
        phrase == "NHS finance" or "budget" in phrase.lower()
        for phrase in topic_of_theme["finance"].key_phrases[:5]
    )


def test_same_seed_same_result_other_seed_still_the_same_topics(corpus, result):
    texts, _labels = corpus
    again = run_pipeline(texts, PipelineConfig(k=4, seed=3))
    assert again.assignments == result.assignments
    assert [t.label for t in again.themes] == [t.label for t in result.themes]
    assert again.coords == result.coords
    other = run_pipeline(texts, PipelineConfig(k=4, seed=4))
    assert clustering_scores(result.assignments, other.assignments)["acc"] >= 0.95


def test_themes_are_numbered_largest_first(result):
    sizes = [len(theme.members) for theme in result.themes]
    assert sizes == sorted(sizes, reverse=True)
    assert result.metrics["theme_sizes"] == sizes


def test_near_duplicates_are_grouped_and_represented_once():
    texts, _ = make_corpus(per_topic=15, seed=2)
    copy = "We need better car parking and parking permits for staff."
    texts = [*texts, copy, copy.upper(), copy + "!", "We need better car parking."]
    found = run_pipeline(texts, PipelineConfig(k=4, seed=0))
    n = len(texts)
    group = next(g for g in found.near_duplicates if n - 4 in g)
    assert {n - 4, n - 3, n - 2} <= set(group)
    theme = found.themes[found.assignments[n - 4]]
    assert len(set(theme.representatives) & {n - 4, n - 3, n - 2}) <= 1


@pytest.mark.parametrize(
    "texts",
    [
        [],
        ["Managers should spend a day a month on the wards."],
        ["Car parking is awful.", "More mentoring for new managers."],
        ["a", "the", "", "   ", "!!!"],
        ["Car parking", "parking charges", "mentoring", "coaching managers", "budgets"],
        ["Same words every time."] * 12,
        [""] * 3,
    ],
    ids=["none", "one", "two", "stop-words-only", "five", "identical", "empty"],
)
@pytest.mark.parametrize("k", [None, 3])
def test_degenerate_inputs_give_sensible_results(texts, k):
    found = run_pipeline(texts, PipelineConfig(k=k, seed=0))
    _consistent(found, len(texts))
    assert len(found.themes) <= max(1, len(texts))
    if texts and all(t == texts[0] for t in texts) and texts[0]:
        assert len(found.themes) == 1 and found.assignments == [0] * len(texts)
        # Near-duplicate groups have two or more members.
        assert found.near_duplicates == ([list(range(len(texts)))] if len(texts) > 1 else [])
    if all(not re.search(r"[a-z]{3}", t.lower()) for t in texts):
        assert found.assignments == [-1] * len(texts)
    assert found.model.place(["car parking"]) in ([-1], *[[i] for i in range(len(found.themes))])
    assert isinstance(found.model.similar("car parking"), list)


def test_a_bad_k_is_refused():
    with pytest.raises(ValueError):
        PipelineConfig(k=0)


def test_new_texts_are_placed_in_the_theme_of_their_topic(corpus, result):
    _texts, labels = corpus
    parking_theme = result.assignments[labels.index("parking")]
    training_theme = result.assignments[labels.index("training")]
    placed = result.model.place(
        [
            "The hospital car park needs more parking spaces and cheaper permits.",
            "Coaching and mentoring for every new manager, please.",
            "",
            "zebra xylophone quasar",
        ]
    )
    assert placed == [parking_theme, training_theme, -1, -1]
    assert result.model.place([]) == []


def test_similar_finds_the_contribution_being_repeated(corpus, result):
    texts, _ = corpus
    matches = result.model.similar(texts[7], top=3)
    assert matches[0][0] == 7 and matches[0][1] == pytest.approx(1.0, abs=1e-3)
    assert len(matches) == 3
    assert [score for _, score in matches] == sorted((s for _, s in matches), reverse=True)
    assert result.model.similar("", top=3) == []
    assert result.model.similar("zebra xylophone quasar") == []


def test_transform_gives_unit_vectors_in_the_pipeline_space(result):
    vectors = result.model.transform(["parking permits", "nothing known here zzz"])
    assert vectors.shape == (2, result.model.dimensions)
    assert abs(float((vectors[0] ** 2).sum()) - 1.0) < 1e-4
    assert not vectors[1].any()


def test_the_model_survives_pickling(result):
    loaded = pickle.loads(pickle.dumps(result.model))  # noqa: S301 - our own bytes
    probe = ["Night shifts and agency nurses", "Parking charges again"]
    assert loaded.place(probe) == result.model.place(probe)
    assert loaded.similar(probe[0]) == result.model.similar(probe[0])


def test_metrics_and_timings_are_reported(result):
    metrics = result.metrics
    assert metrics["k"] == 4
    assert 0.0 <= metrics["other_share"] <= 1.0
    assert -1.0 <= metrics["silhouette"] <= 1.0
    assert metrics["texts"] == 100
    for step in ("vectorise", "dmm", "iterative_classification", "map", "total"):
        assert result.timings[step] >= 0
    assert result.timings["total"] >= result.timings["vectorise"]


def test_progress_is_reported_in_order_and_ends_at_one(corpus):
    texts, _ = corpus
    seen = []
    run_pipeline(texts[:40], PipelineConfig(seed=0), progress=lambda f, step: seen.append(f))
    assert seen[0] == 0.0 and seen[-1] == 1.0
    assert seen == sorted(seen)


def test_texts_that_fit_no_theme_go_to_other(corpus):
    texts, _ = corpus
    found = run_pipeline([*texts, "", "123 456"], PipelineConfig(k=4, seed=0))
    assert found.assignments[-2:] == [-1, -1]
    assert found.metrics["without_words"] == 2
    assert found.metrics["other_share"] >= round(2 / (len(texts) + 2), 4)


def test_an_automatic_k_makes_no_theme_of_one_or_two_texts():
    texts, _ = make_corpus(per_topic=60, seed=5)
    odd = ["Canteen menus need vegetarian options", "Vegetarian canteen menus for night staff"]
    found = run_pipeline([*texts, *odd], PipelineConfig(seed=0))
    _consistent(found, len(texts) + 2)
    assert all(len(theme.members) >= 3 for theme in found.themes)
    asked = run_pipeline(texts[:30], PipelineConfig(k=12, seed=0))
    assert any(len(theme.members) < 3 for theme in asked.themes)  # asked for: given as asked
