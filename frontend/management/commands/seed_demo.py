"""Create the demo challenge: the NHS bottom-up change campaign, with synthetic people.

Contributors, contributions, comments and votes are generated from ``ideas.demo.generator``
(deterministic for a seed) and written in bulk; every stored count is computed from the rows
written, so counts always equal rows.

``--with-guide`` adds a second, finished challenge taken through the whole journey (analysis,
panel, shortlist, curation, a published guide: ``guide.demo``). The command lives in
``frontend`` because it reaches every app, as the pages do.
"""

import random
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from guide import demo
from ideas.demo import generator
from ideas.models import (
    Category,
    Challenge,
    Comment,
    Contribution,
    Participant,
    Phase,
    Question,
    Status,
    Vote,
)
from ideas.pseudonyms import random_pseudonym
from ideas.services import hot_score, wilson_lower_bound
from ideas.text import normalise_line, normalise_text

DEMO_SLUG = "nhs-change-challenge"
DEMO_EMAIL = "demo@groundswell.invalid"
DEMO_PASSWORD = "groundswell-demo"  # noqa: S105 - a published demo login, local use only
ORGANISER_EMAIL = "organiser@groundswell.invalid"
ORGANISER_PASSWORD = "groundswell-organiser"  # noqa: S105 - as above
# The real campaign: 13,000+ contributions (ideas, comments, votes) from 3,595 people.
PEOPLE_PER_CONTRIBUTION = 3595 / 13000
COMMENTS_PER_CONTRIBUTION = 0.9
REPLY_SHARE = 0.25
MEAN_VOTES_PER_CONTRIBUTION = 9
BATCH = 2000
GUIDE_SUFFIX = "-2014"
GUIDE_CONTRIBUTIONS = 400


class Command(BaseCommand):
    help = (
        "Create the demo challenge modelled on the NHS change challenge: three questions, "
        "synthetic contributors from many countries and roles, and varied contributions, "
        "comments and votes. Also creates a demo contributor and an organiser to sign in as."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--contributions",
            type=int,
            default=600,
            help="How many contributions to create (default 600; the real "
            "campaign's scale is 13000).",
        )
        parser.add_argument(
            "--seed", type=int, default=2014, help="Random seed: the same seed gives the same demo."
        )
        parser.add_argument("--slug", default=DEMO_SLUG, help="Slug of the demo challenge.")
        group = parser.add_mutually_exclusive_group()
        group.add_argument(
            "--if-missing",
            action="store_true",
            help="Do nothing if the demo challenge already exists.",
        )
        parser.add_argument(
            "--with-guide",
            action="store_true",
            help=f"Also create a finished challenge ('<slug>{GUIDE_SUFFIX}') with an analysis, "
            "an expert panel's scores, a shortlist and a published guide.",
        )
        group.add_argument(
            "--reset",
            action="store_true",
            help="Delete the demo challenge first and create it afresh.",
        )

    def handle(
        self,
        *args,
        contributions: int,
        seed: int,
        slug: str,
        if_missing: bool,
        reset: bool,
        with_guide: bool = False,
        **options,
    ):
        if contributions < 1 or contributions > 200_000:
            raise CommandError("--contributions must be between 1 and 200000.")
        self._seed(slug, contributions, seed, if_missing=if_missing, reset=reset)
        self._accounts()
        if with_guide:
            guide_slug = f"{slug}{GUIDE_SUFFIX}"[:80]
            made = self._seed(
                guide_slug,
                min(contributions, GUIDE_CONTRIBUTIONS),
                seed + 1,
                if_missing=if_missing,
                reset=reset,
                people=f"past-{slug}"[:40],
                finished=True,
            )
            if made:
                self._guide(guide_slug, seed)
        self.stdout.write(
            f"Sign in as {DEMO_EMAIL} / {DEMO_PASSWORD} to contribute, or as "
            f"{ORGANISER_EMAIL} / {ORGANISER_PASSWORD} for the admin."
        )
        if with_guide:
            self.stdout.write(
                f"Panel: {demo.PANEL[0][0]} / {demo.PANEL_PASSWORD}; "
                f"editor: {demo.EDITOR[0]} / {demo.EDITOR_PASSWORD}."
            )

    def _seed(
        self,
        slug: str,
        contributions: int,
        seed: int,
        *,
        if_missing: bool,
        reset: bool,
        people: str = "person",
        finished: bool = False,
    ) -> bool:
        existing = Challenge.objects.filter(slug=slug).first()
        if existing and if_missing:
            self.stdout.write(f"The demo challenge '{slug}' is already here; nothing to do.")
            return False
        if existing and not reset:
            raise CommandError(f"A challenge '{slug}' exists: use --reset to replace it.")
        started = timezone.now()
        with transaction.atomic():
            if existing:
                self._delete(existing)
            counts = Seeder(
                random.Random(seed), slug, contributions, self.stdout, people, finished
            ).run()
        seconds = (timezone.now() - started).total_seconds()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo challenge '{slug}': {counts['contributions']:,} contributions, "
                f"{counts['comments']:,} comments, {counts['votes']:,} votes from "
                f"{counts['people']:,} people in {counts['countries']} countries "
                f"({seconds:.1f} s)."
            )
        )
        return True

    def _guide(self, slug: str, seed: int) -> None:
        started = timezone.now()
        challenge = Challenge.objects.get(slug=slug)
        organiser = User.objects.get(email=ORGANISER_EMAIL)
        result = demo.build(challenge=challenge, organiser=organiser, seed=seed)
        challenge.phase = Phase.PUBLISHED
        challenge.save(update_fields=["phase"])
        seconds = (timezone.now() - started).total_seconds()
        self.stdout.write(
            self.style.SUCCESS(
                f"Its guide: {result['themes']} themes scored by a panel of "
                f"{len(demo.PANEL)} (Krippendorff's alpha {result['alpha']}), "
                f"{result['shortlisted']} shortlisted, version {result['version']} published "
                f"({seconds:.1f} s)."
            )
        )

    def _delete(self, challenge: Challenge) -> None:
        users = list(
            User.objects.filter(
                participations__challenge=challenge, email__endswith="@demo.groundswell.invalid"
            )
        )
        Vote.objects.filter(voter__challenge=challenge).delete()
        Comment.objects.filter(contribution__challenge=challenge).delete()
        Contribution.objects.filter(challenge=challenge).delete()
        Participant.objects.filter(challenge=challenge).delete()
        challenge.delete()
        User.objects.filter(pk__in=[u.pk for u in users]).delete()

    def _accounts(self) -> None:
        if not User.objects.filter(email=DEMO_EMAIL).exists():
            User.objects.create_user(
                email=DEMO_EMAIL,
                password=DEMO_PASSWORD,
                email_verified=True,
                role_group="nurse",
                country="GB",
                organisation_type="acute",
            )
        if not User.objects.filter(email=ORGANISER_EMAIL).exists():
            User.objects.create_superuser(email=ORGANISER_EMAIL, password=ORGANISER_PASSWORD)


class Seeder:
    def __init__(
        self,
        rng: random.Random,
        slug: str,
        contributions: int,
        stdout,
        people: str = "person",
        finished: bool = False,
    ):
        self.rng = rng
        self.slug = slug
        self.people = people
        self.finished = finished
        self.target = contributions
        self.stdout = stdout
        # A finished challenge ran its two months and closed three weeks ago.
        self.now = timezone.now() - (timedelta(days=60) if finished else timedelta(0))

    def run(self) -> dict:
        challenge = self._challenge()
        participants = self._participants(challenge)
        contributions = self._contributions(challenge, participants)
        comments = self._comments(contributions, participants)
        votes = self._votes(contributions, comments, participants)
        return {
            "contributions": len(contributions),
            "comments": len(comments),
            "votes": votes,
            "people": len(participants),
            "countries": len({p.country for p in participants if p.country}),
        }

    def _challenge(self) -> Challenge:
        challenge = Challenge.objects.create(
            slug=self.slug,
            title=generator.CHALLENGE_TITLE + (" (the first round)" if self.finished else ""),
            summary=(
                "Staff, patients and the public are invited to say what enables bottom-up "
                "change in the NHS, what prevents it, and what the solutions are — including "
                "how managers and leaders should be developed to support it.\n\n"
                "Post your ideas, build on other people's with how to make them happen, and "
                "vote. You take part under a pseudonym. The best-supported ideas will be "
                "reviewed by expert panels and published as a free guide."
            ),
            phase=Phase.CLOSED if self.finished else Phase.OPEN,
            opens_at=self.now - timedelta(days=21),
            closes_at=self.now + timedelta(days=39),
        )
        self.questions = {
            q["key"]: Question.objects.create(
                challenge=challenge, title=q["title"], description=q["description"], position=index
            )
            for index, q in enumerate(generator.QUESTIONS)
        }
        self.categories = {
            name: Category.objects.create(challenge=challenge, name=name, position=index)
            for index, name in enumerate(generator.CATEGORIES)
        }
        return challenge

    def _participants(self, challenge: Challenge) -> list[Participant]:
        people = max(30, round(self.target * PEOPLE_PER_CONTRIBUTION))
        profiles = [generator.make_profile(self.rng) for _ in range(people)]
        unusable = make_password(None)  # synthetic people cannot sign in
        users = User.objects.bulk_create(
            [
                User(
                    email=f"{self.people}{index:06}@demo.groundswell.invalid",
                    password=unusable,
                    email_verified=True,
                    **profile,
                )
                for index, profile in enumerate(profiles)
            ],
            batch_size=BATCH,
        )
        pseudonyms: set[str] = set()
        while len(pseudonyms) < people:
            pseudonyms.add(random_pseudonym())
        joined = self.now - timedelta(days=21)
        return Participant.objects.bulk_create(
            [
                Participant(
                    challenge=challenge,
                    user=user,
                    pseudonym=pseudonym,
                    created_at=joined,
                    **profile,
                )
                for user, pseudonym, profile in zip(
                    users, sorted(pseudonyms), profiles, strict=True
                )
            ],
            batch_size=BATCH,
        )

    def _when(self) -> timezone.datetime:
        # More activity early on and in the last few days, as in real campaigns.
        age_days = 21 * self.rng.betavariate(1.2, 1.6)
        return self.now - timedelta(days=age_days, seconds=self.rng.randrange(3600))

    def _contributions(self, challenge, participants) -> list[Contribution]:
        # A few prolific people, a long tail of one-off contributors.
        weights = [self.rng.paretovariate(1.6) for _ in participants]
        authors = self.rng.choices(participants, weights=weights, k=self.target)
        keys = self.rng.choices(generator.QUESTION_KEYS, weights=[35, 30, 35], k=self.target)
        rows = []
        for author, key in zip(authors, keys, strict=True):
            text = generator.make_contribution(self.rng, key, role_group=author.role_group)
            created = self._when()
            rows.append(
                Contribution(
                    challenge=challenge,
                    question=self.questions[key],
                    category=self.categories.get(text["category"]),
                    author=author,
                    title=normalise_line(text["title"])[:150],
                    body=normalise_text(text["body"]),
                    status=Status.PUBLISHED,
                    created_at=created,
                    hot_score=hot_score(0, 0, created),
                )
            )
            rows[-1].demo_topic = text["topic"]
        created = Contribution.objects.bulk_create(rows, batch_size=BATCH)
        for row, saved in zip(rows, created, strict=True):
            saved.demo_topic = row.demo_topic
        return created

    def _comments(self, contributions, participants) -> list[Comment]:
        count = round(len(contributions) * COMMENTS_PER_CONTRIBUTION)
        targets = self.rng.choices(
            contributions,
            weights=[1 + self.rng.expovariate(0.5) for _ in contributions],
            k=count,
        )
        top_level = []
        for contribution in targets:
            text = generator.make_comment(
                self.rng,
                {
                    "topic": contribution.demo_topic,
                    "body": contribution.body,
                    "question": contribution.question.title,
                },
            )
            top_level.append(
                Comment(
                    contribution=contribution,
                    author=self.rng.choice(participants),
                    body=normalise_text(text["body"]),
                    is_implementation=text["is_implementation"],
                    status=Status.PUBLISHED,
                    created_at=min(
                        self.now,
                        contribution.created_at + timedelta(hours=self.rng.expovariate(1 / 30)),
                    ),
                )
            )
        top_level = Comment.objects.bulk_create(top_level, batch_size=BATCH)
        replies = []
        for parent in self.rng.sample(top_level, k=round(len(top_level) * REPLY_SHARE)):
            text = generator.make_comment(
                self.rng, {"topic": parent.contribution.demo_topic, "body": parent.body}
            )
            replies.append(
                Comment(
                    contribution=parent.contribution,
                    parent=parent,
                    author=self.rng.choice(participants),
                    body=normalise_text(text["body"]),
                    is_implementation=False,
                    status=Status.PUBLISHED,
                    created_at=min(
                        self.now, parent.created_at + timedelta(hours=self.rng.expovariate(1 / 12))
                    ),
                )
            )
        replies = Comment.objects.bulk_create(replies, batch_size=BATCH)
        comments = top_level + replies
        per_contribution: dict[int, int] = {}
        for comment in comments:
            per_contribution[comment.contribution_id] = (
                per_contribution.get(comment.contribution_id, 0) + 1
            )
        for contribution in contributions:
            contribution.comment_count = per_contribution.get(contribution.pk, 0)
        return comments

    def _votes(self, contributions, comments, participants) -> int:
        votes: list[Vote] = []
        for item, field, mean in [
            (c, "contribution", MEAN_VOTES_PER_CONTRIBUTION) for c in contributions
        ] + [(c, "comment", 2) for c in comments]:
            appeal = self.rng.betavariate(4, 1.6)  # how agreeable this item is
            wanted = min(len(participants) - 1, int(self.rng.expovariate(1 / mean)))
            voters = {
                p
                for p in self.rng.sample(participants, k=min(len(participants), wanted + 1))
                if p.pk != item.author_id
            }
            up = down = 0
            for voter in list(voters)[:wanted]:
                value = 1 if self.rng.random() < appeal else -1
                up, down = up + (value == 1), down + (value == -1)
                votes.append(Vote(voter=voter, value=value, **{field: item}))
            item.up_count, item.down_count = up, down
            if field == "contribution":
                item.wilson_score = wilson_lower_bound(up, down)
                item.hot_score = hot_score(up, down, item.created_at)
        Vote.objects.bulk_create(votes, batch_size=BATCH)
        Contribution.objects.bulk_update(
            contributions,
            ["up_count", "down_count", "comment_count", "wilson_score", "hot_score"],
            batch_size=BATCH,
        )
        Comment.objects.bulk_update(comments, ["up_count", "down_count"], batch_size=BATCH)
        return len(votes)
