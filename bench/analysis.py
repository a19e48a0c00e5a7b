"""Analysis speed end to end: read from the database, run the pipeline, write themes back.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/analysis.py [--sizes 13000 100000] [--keep]

For each size, a challenge ``bench-analysis-<N>`` is filled with N published demo
contributions (the demo generator's texts, random vote counts) by bulk insert. A fresh child
process then does what ``manage.py analyse`` does (``run_create`` + ``run_execute``: load,
pipeline, persist themes, memberships, statistics and the model), and afterwards, in the same
process on the same texts, a bare TF-IDF -> LSA(100) -> k-means baseline with the same k.
It prints one JSON line per size: wall seconds of the run and its parts, the baseline's
seconds, their ratio, and the child's peak resident memory. Exit status 1 if a target is
missed (13,000 in under 20 s; 100,000 in under 180 s; peak memory under 2 GB).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")

TARGET_SECONDS = {13_000: 20.0, 100_000: 180.0}
TARGET_PEAK_MB = 2048.0


def _setup() -> None:
    import django

    django.setup()


def _delete(slug: str, size: int) -> None:
    from accounts.models import User
    from ideas.models import Challenge, Contribution, Participant

    Contribution.objects.filter(challenge__slug=slug).delete()
    Participant.objects.filter(challenge__slug=slug).delete()
    Challenge.objects.filter(slug=slug).delete()
    User.objects.filter(email__startswith=f"bench{size}-").delete()


def fill(size: int, seed: int = 0) -> str:
    """A challenge with ``size`` published contributions; returns its slug."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import User
    from ideas.demo import generator
    from ideas.models import Challenge, Contribution, Participant, Phase, Question, Status
    from ideas.pseudonyms import random_pseudonym

    slug = f"bench-analysis-{size}"
    rng = random.Random(seed)
    now = timezone.now()
    with transaction.atomic():
        _delete(slug, size)
        challenge = Challenge.objects.create(
            slug=slug,
            title=f"Analysis benchmark ({size:,})",
            phase=Phase.OPEN,
            opens_at=now - timezone.timedelta(days=30),
            closes_at=now + timezone.timedelta(days=30),
        )
        questions = {
            q["key"]: Question.objects.create(challenge=challenge, title=q["title"], position=i)
            for i, q in enumerate(generator.QUESTIONS)
        }
        people = max(30, size * 3595 // 13000)
        profiles = [generator.make_profile(rng) for _ in range(people)]
        unusable = make_password(None)
        users = User.objects.bulk_create(
            [
                User(email=f"bench{size}-{i:07}@bench.invalid", password=unusable, **profile)
                for i, profile in enumerate(profiles)
            ],
            batch_size=2000,
        )
        names: set[str] = set()
        while len(names) < people:
            names.add(random_pseudonym())
        participants = Participant.objects.bulk_create(
            [
                Participant(challenge=challenge, user=user, pseudonym=name, **profile)
                for user, name, profile in zip(users, sorted(names), profiles, strict=True)
            ],
            batch_size=2000,
        )
        rows = []
        for _ in range(size):
            key = rng.choice(generator.QUESTION_KEYS)
            author = rng.choice(participants)
            text = generator.make_contribution(rng, key, role_group=author.role_group)
            up = int(rng.paretovariate(1.5)) - 1
            rows.append(
                Contribution(
                    challenge=challenge,
                    question=questions[key],
                    author=author,
                    title=text["title"][:150],
                    body=text["body"],
                    status=Status.PUBLISHED,
                    up_count=up,
                    down_count=rng.randrange(0, 3),
                )
            )
        Contribution.objects.bulk_create(rows, batch_size=2000)
    return slug


def child(slug: str) -> dict:
    """Analyse ``slug`` as the product does, then the bare baseline; report the figures."""
    import numpy as np
    from sklearn.cluster import KMeans
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer

    from analysis import services
    from analysis.models import RunStatus
    from ideas.models import Challenge

    class Operator:
        is_authenticated = is_active = is_staff = True
        pk = None

    challenge = Challenge.objects.get(slug=slug)
    started = time.perf_counter()
    run = services.run_create(user=Operator(), challenge=challenge, enqueue=False)
    run = services.run_execute(run_id=run.pk)
    seconds = time.perf_counter() - started
    if run.status != RunStatus.SUCCEEDED:
        raise SystemExit(f"run failed: {run.error}")
    peak_after_run = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    rows = services._load(run)  # the same texts, read the same way
    texts = [f"{r['title']}\n{r['body']}" if r["title"] else r["body"] for r in rows]
    k = max(2, run.metrics["k"])
    clock = time.perf_counter()
    matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
    embedding = TruncatedSVD(100, random_state=0).fit_transform(matrix)
    embedding /= np.maximum(np.linalg.norm(embedding, axis=1, keepdims=True), 1e-12)
    KMeans(k, n_init=1, random_state=0).fit(embedding)
    baseline = time.perf_counter() - clock
    return {
        "contributions": run.contribution_count,
        "themes": run.metrics["themes"],
        "seconds": round(seconds, 2),
        "timings": run.timings,
        "baseline_seconds": round(baseline, 2),
        "ratio_to_baseline": round(run.timings["pipeline"] / baseline, 2),
        "peak_rss_mb": round(peak_after_run, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[13_000, 100_000])
    parser.add_argument("--keep", action="store_true", help="Keep the benchmark challenges.")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    _setup()
    if args.child:
        print(json.dumps(child(args.child)))
        return 0

    missed = False
    for size in args.sizes:
        clock = time.perf_counter()
        slug = fill(size)
        filled = time.perf_counter() - clock
        output = subprocess.run(  # noqa: S603 - this script, with a slug it made
            [sys.executable, __file__, "--child", slug],
            check=True,
            capture_output=True,
            text=True,
            cwd=ROOT,
        ).stdout
        result = json.loads(output.strip().splitlines()[-1])
        result["fill_seconds"] = round(filled, 1)
        target = TARGET_SECONDS.get(size)
        result["target_seconds"] = target
        result["met"] = (target is None or result["seconds"] < target) and result[
            "peak_rss_mb"
        ] < TARGET_PEAK_MB
        missed |= not result["met"]
        print(json.dumps(result), flush=True)
        if not args.keep:
            _delete(slug, size)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
