"""Small labelled corpora for the analysis tests: short contributions on clear topics.

Sentences are built from each topic's own words plus words every topic shares, so a method
that only counts common words cannot separate them.
"""

import random

TOPICS = {
    "rota": [
        "rota", "shifts", "night shifts", "weekend cover", "agency nurses", "staffing gaps",
        "bank staff", "skill mix", "unsafe shifts", "rota planning",
    ],
    "parking": [
        "car parking", "parking spaces", "parking permits", "hospital car park", "buses",
        "cycling", "parking charges", "shuttle bus", "park and ride", "bike racks",
    ],
    "training": [
        "leadership training", "mentoring", "coaching", "management courses", "e-learning",
        "shadowing", "action learning sets", "leadership diploma", "training budget",
        "development programme",
    ],
    "finance": [
        "NHS finance", "budgets", "business case", "funding", "cost savings", "spending",
        "financial training", "budget holders", "invoices", "procurement",
    ],
}  # fmt: skip

SHARED = ["staff", "managers", "the trust", "our ward", "patients", "every team", "the NHS"]
FRAMES = [
    "We need better {a} and {b} for {s}.",
    "{A} is a problem: {s} keep raising {b}.",
    "Why not fix {a}? {S} would welcome {b}.",
    "My idea: {a}, {b} and support for {s}.",
    "{A} and {b} matter to {s} more than anything.",
    "Please look at {a}; {s} say {b} is the answer.",
]


def _cap(text: str) -> str:
    return text[0].upper() + text[1:]


def make_corpus(per_topic: int = 25, seed: int = 0, topics: list[str] | None = None):
    """(texts, labels) with ``per_topic`` short contributions per topic, shuffled."""
    rng = random.Random(seed)
    rows = []
    for topic in topics or list(TOPICS):
        words = TOPICS[topic]
        for _ in range(per_topic):
            a, b = rng.sample(words, 2)
            s = rng.choice(SHARED)
            frame = rng.choice(FRAMES)
            rows.append((frame.format(a=a, b=b, s=s, A=_cap(a), S=_cap(s)), topic))
    rng.shuffle(rows)
    return [text for text, _ in rows], [label for _, label in rows]
