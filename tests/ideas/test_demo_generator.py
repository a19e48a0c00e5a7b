"""The demo text generator: deterministic, varied, on-topic and within bounds.

Plain functions over generated text; no database. Thresholds are set well inside what
the generator produces, but each would fail if, say, topics were assigned at random or
one template dominated.
"""

import collections
import math
import random
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from accounts.choices import COUNTRY_KEYS, ORGANISATION_TYPE_KEYS, ROLE_GROUP_KEYS
from ideas.demo.generator import (
    CATEGORIES,
    QUESTION_KEYS,
    QUESTIONS,
    TOPICS,
    make_comment,
    make_contribution,
    make_profile,
)

CAMPAIGN_SIZE = 13_000
# Common words that say nothing about a topic (words of three letters or fewer are ignored).
STOP_WORDS = {
    "that",
    "this",
    "with",
    "from",
    "have",
    "were",
    "been",
    "their",
    "them",
    "they",
    "there",
    "then",
    "than",
    "what",
    "when",
    "where",
    "which",
    "while",
    "whom",
    "will",
    "would",
    "could",
    "should",
    "about",
    "into",
    "over",
    "only",
    "just",
    "also",
    "very",
    "more",
    "most",
    "much",
    "many",
    "some",
    "such",
    "your",
    "yours",
    "ours",
    "itself",
}


def generate(seed: int, count: int) -> list[tuple[str, dict, dict]]:
    """(question key, profile, contribution) triples, questions in rotation."""
    rng = random.Random(seed)
    out = []
    for i in range(count):
        profile = make_profile(rng)
        question = QUESTION_KEYS[i % len(QUESTION_KEYS)]
        out.append((question, profile, make_contribution(rng, question, profile["role_group"])))
    return out


def content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", text.lower()) if len(w) > 3 and w not in STOP_WORDS}


def jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


@pytest.fixture(scope="module")
def campaign() -> list[tuple[str, dict, dict]]:
    return generate(seed=2014, count=CAMPAIGN_SIZE)


def test_questions_categories_and_topics_fit_together():
    assert [q["key"] for q in QUESTIONS] == ["enablers", "barriers", "solutions"]
    assert all(q["title"].endswith("?") and q["description"] for q in QUESTIONS)
    assert 8 <= len(CATEGORIES) <= 12
    assert len(set(CATEGORIES)) == len(CATEGORIES)
    assert len(TOPICS) == 12
    assert len({t["key"] for t in TOPICS}) == 12
    assert {t["category"] for t in TOPICS} == set(CATEGORIES)
    for topic in TOPICS:
        for question in QUESTION_KEYS:
            assert len(topic[question]) >= 6, (topic["key"], question)
            assert topic["titles"][question]


def test_same_seed_gives_the_same_text():
    def run(seed):
        rng = random.Random(seed)
        out = []
        for i in range(300):
            profile = make_profile(rng)
            contribution = make_contribution(rng, QUESTION_KEYS[i % 3], profile["role_group"])
            out.append((profile, contribution, make_comment(rng, contribution)))
        return out

    assert run(99) == run(99)


def test_different_seeds_give_different_text():
    first = [c["body"] for _, _, c in generate(seed=1, count=200)]
    second = [c["body"] for _, _, c in generate(seed=2, count=200)]
    assert sum(a != b for a, b in zip(first, second, strict=True)) > 190
    assert len(set(first) & set(second)) < 10


def test_contributions_stay_within_length_bounds():
    samples = generate(seed=5, count=3_000)
    lengths = [len(c["body"]) for _, _, c in samples]
    assert min(lengths) >= 40
    assert max(lengths) <= 1_200
    # A realistic spread: plenty of short posts and some long ones.
    assert sum(n < 200 for n in lengths) > 300
    assert sum(n > 600 for n in lengths) > 100
    for _, _, contribution in samples:
        body, title = contribution["body"], contribution["title"]
        assert "{" not in body and "}" not in body, body
        assert "  " not in body and body == body.strip(), body
        assert body[0].isupper(), body
        assert len(title) < 100
        assert "{" not in title
    blank_titles = sum(c["title"] == "" for _, _, c in samples) / len(samples)
    assert 0.3 < blank_titles < 0.5


def test_a_campaigns_worth_of_bodies_is_overwhelmingly_distinct(campaign):
    bodies = [c["body"] for _, _, c in campaign]
    assert len(set(bodies)) / len(bodies) >= 0.97


def test_every_topic_appears_under_every_question_with_its_category(campaign):
    seen = collections.Counter((q, c["topic"]) for q, _, c in campaign)
    topic_keys = {t["key"] for t in TOPICS}
    for question in QUESTION_KEYS:
        for key in topic_keys:
            assert seen[(question, key)] >= 50, (question, key)
    category_of = {t["key"]: t["category"] for t in TOPICS}
    assert all(c["category"] == category_of[c["topic"]] for _, _, c in campaign)


def test_posts_on_one_topic_share_its_vocabulary(campaign):
    by_topic = collections.defaultdict(list)
    for _, _, contribution in campaign:
        by_topic[contribution["topic"]].append(content_words(contribution["body"]))
    rng = random.Random(0)
    keys = sorted(by_topic)
    same, different = [], []
    for _ in range(3_000):
        a, b = rng.sample(by_topic[rng.choice(keys)], 2)
        same.append(jaccard(a, b))
        one, other = rng.sample(keys, 2)
        different.append(jaccard(rng.choice(by_topic[one]), rng.choice(by_topic[other])))
    mean_same = sum(same) / len(same)
    mean_different = sum(different) / len(different)
    assert mean_same > 2 * mean_different
    # ...while posts on one topic are still worded differently from each other.
    assert mean_same < 0.2
    assert sum(s >= 0.8 for s in same) / len(same) < 0.01


def test_topic_can_be_recovered_from_the_words_alone(campaign):
    """A nearest-centroid (TF-IDF) classifier trained on half recovers the other half's topic."""
    docs = [(c["topic"], content_words(c["body"])) for _, _, c in campaign]
    train, held_out = docs[::2], docs[1::2]
    document_frequency = collections.Counter(w for _, words in train for w in words)
    idf = {w: math.log(len(train) / (1 + n)) for w, n in document_frequency.items()}
    centroids = collections.defaultdict(collections.Counter)
    for topic, words in train:
        centroids[topic].update(words)
    weights = {t: {w: n * idf[w] for w, n in counts.items()} for t, counts in centroids.items()}
    norms = {t: math.sqrt(sum(v * v for v in w.values())) for t, w in weights.items()}

    def predict(words):
        return max(weights, key=lambda t: sum(weights[t].get(w, 0.0) for w in words) / norms[t])

    correct = sum(predict(words) == topic for topic, words in held_out)
    assert correct / len(held_out) > 0.8


def test_wording_fits_the_question(campaign):
    proposing = re.compile(r"\b(should|would|could|need to|let's|let us|why not|suggest|propos)")
    negative = re.compile(r"(n't\b|\bnot\b|\bno\b|\bnobody\b|\bno one\b|\bnever\b|\black\b)")

    def share(pattern, question):
        bodies = [c["body"].lower() for q, _, c in campaign if q == question]
        return sum(bool(pattern.search(b)) for b in bodies) / len(bodies)

    assert share(proposing, "solutions") > share(proposing, "barriers") + 0.2
    assert share(proposing, "solutions") > share(proposing, "enablers") + 0.2
    assert share(negative, "barriers") > share(negative, "enablers") + 0.2


def test_profiles_use_valid_choices_with_realistic_weights():
    rng = random.Random(3)
    profiles = [make_profile(rng) for _ in range(20_000)]
    for profile in profiles:
        assert set(profile) == {"role_group", "country", "organisation_type"}
        assert profile["role_group"] in ROLE_GROUP_KEYS | {""}
        assert profile["country"] in COUNTRY_KEYS | {""}
        assert profile["organisation_type"] in ORGANISATION_TYPE_KEYS | {""}
    for field in ("role_group", "country", "organisation_type"):
        blank = sum(p[field] == "" for p in profiles) / len(profiles)
        assert 0.04 < blank < 0.15, field

    countries = collections.Counter(p["country"] for p in profiles if p["country"])
    assert countries.most_common(1)[0][0] == "GB"
    assert countries["GB"] / countries.total() > 0.7
    assert set(countries) == COUNTRY_KEYS  # the long tail reaches every country

    roles = collections.Counter(p["role_group"] for p in profiles if p["role_group"])
    assert set(roles) == ROLE_GROUP_KEYS
    for common in ("nurse", "doctor", "manager"):
        for rarer in ("ahp", "admin", "patient", "public", "support", "other"):
            assert roles[common] > roles[rarer], (common, rarer)
    organisation_of_public = collections.Counter(
        p["organisation_type"] for p in profiles if p["role_group"] == "public"
    )
    assert organisation_of_public.most_common(1)[0][0] == "none"


def test_comments_have_valid_lengths_and_a_plausible_implementation_share(campaign):
    rng = random.Random(11)
    contributions = [c for _, _, c in campaign]
    comments = [make_comment(rng, rng.choice(contributions)) for _ in range(20_000)]
    lengths = [len(c["body"]) for c in comments]
    assert min(lengths) >= 20
    assert max(lengths) <= 600
    assert all(set(c) == {"body", "is_implementation"} for c in comments)
    share = sum(c["is_implementation"] for c in comments) / len(comments)
    assert 0.26 < share < 0.34
    assert len({c["body"] for c in comments}) > 10_000
    assert all("{" not in c["body"] and c["body"][0].isupper() for c in comments)


def test_comments_react_to_their_contributions_topic():
    """Scoring each comment's words against each topic's own material picks out its topic."""
    fields = ("subjects", "enablers", "barriers", "solutions", "details", "steps", "doubts")
    material = {
        t["key"]: collections.Counter(w for f in fields for s in t[f] for w in content_words(s))
        for t in TOPICS
    }
    spread = collections.Counter(w for counts in material.values() for w in counts)
    weights = {
        key: {w: math.log(len(TOPICS) / spread[w]) for w in counts}
        for key, counts in material.items()
    }
    rng = random.Random(4)
    for topic in TOPICS:
        comments = [make_comment(rng, {"topic": topic["key"]}) for _ in range(300)]
        hits = 0
        for comment in comments:
            words = content_words(comment["body"])
            scores = {key: sum(w.get(word, 0.0) for word in words) for key, w in weights.items()}
            hits += max(scores, key=scores.get) == topic["key"]
        assert hits / len(comments) > 0.7, topic["key"]


def test_comment_on_an_unknown_topic_still_works():
    comment = make_comment(random.Random(1), {"topic": "no-such-topic"})
    assert 20 <= len(comment["body"]) <= 600


def test_unknown_question_is_refused():
    with pytest.raises(ValueError):
        make_contribution(random.Random(1), "wishes")


def test_a_campaign_and_its_comments_generate_in_well_under_five_seconds():
    rng = random.Random(8)
    started = time.perf_counter()
    contributions = [
        make_contribution(rng, QUESTION_KEYS[i % 3], make_profile(rng)["role_group"])
        for i in range(CAMPAIGN_SIZE)
    ]
    for i in range(20_000):
        make_comment(rng, contributions[i % CAMPAIGN_SIZE])
    assert time.perf_counter() - started < 5


def test_generator_imports_without_django():
    root = Path(__file__).resolve().parents[2]
    code = (
        "import sys, ideas.demo.generator; "
        "sys.exit(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=root, check=False)
    assert result.returncode == 0
