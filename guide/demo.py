"""The demo's panel and guide: a finished challenge taken through the whole journey —
analysis, a panel that scores every theme blind, a shortlist with reasons, curation, and a
published guide — by the same services people use, so the demo shows what they would see.

Deterministic for a seed. The panel's scores are synthetic: each member's view of a theme is
its crowd support plus their own leaning and some noise, so members mostly agree without
agreeing perfectly.
"""

import random
from textwrap import shorten

from django.contrib.auth.hashers import make_password

from accounts.models import User
from analysis import services as analysis_services
from guide import selectors, services
from guide.models import Decision
from ideas.models import Challenge, Comment, Contribution, Role, RoleKind, Status

PANEL_PASSWORD = "groundswell-panel"  # noqa: S105 - a published demo login, local use only
EDITOR_PASSWORD = "groundswell-editor"  # noqa: S105 - as above
PANEL = [
    ("panel1@groundswell.invalid", "Priya", "Shah"),
    ("panel2@groundswell.invalid", "Tom", "Okafor"),
    ("panel3@groundswell.invalid", "Grace", "Lindqvist"),
]
EDITOR = ("editor@groundswell.invalid", "Eddie", "Morgan")
SHORTLIST = 5
EXEMPLARS = 2
TIPS = 2


def _person(email: str, first: str, last: str, password: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create(
            email=email,
            first_name=first,
            last_name=last,
            password=make_password(password),
            email_verified=True,
        )
    return user


def _paragraphs(*parts: str) -> str:
    return "\n\n".join(part for part in parts if part)


def _said(lead: str, contributions: list[Contribution]) -> str:
    if not contributions:
        return ""
    quoted = (shorten(c.title or c.body, 90, placeholder="…").rstrip(".") for c in contributions)
    return f"{lead}: " + "; ".join(f"“{text}”" for text in quoted) + "."


def build(*, challenge: Challenge, organiser: User, seed: int = 2014) -> dict:
    """Analyse, score, shortlist, curate and publish a guide for ``challenge``."""
    rng = random.Random(seed)
    run = analysis_services.run_create(user=organiser, challenge=challenge, enqueue=False)
    analysis_services.run_execute(run_id=run.pk)
    panel = [_person(*who, PANEL_PASSWORD) for who in PANEL]
    editor = _person(*EDITOR, EDITOR_PASSWORD)
    for user in panel:
        Role.objects.get_or_create(challenge=challenge, user=user, kind=RoleKind.PANEL)
    Role.objects.get_or_create(challenge=challenge, user=editor, kind=RoleKind.EDITOR)

    view = selectors.curated_themes(challenge=challenge)
    rubric = selectors.criteria(challenge=challenge)
    leanings = [rng.uniform(-0.4, 0.4) for _ in panel]
    # How good a theme "really" is: its crowd support and a hidden merit of its own.
    merit = {t.pk: (t.statistics["approval"] or 0.5) + rng.uniform(-0.4, 0.4) for t in view.themes}
    ordered = sorted(merit, key=merit.get)
    for theme in view.themes:
        base = 1.5 + 3 * ordered.index(theme.pk) / max(1, len(ordered) - 1)
        for member, leaning in zip(panel, leanings, strict=True):
            values = {
                c.key: max(1, min(5, round(base + leaning + rng.gauss(0, 0.5)))) for c in rubric
            }
            services.sheet_save(
                member=member,
                identity=theme.identity,
                values=values,
                note=rng.choice(["", "", "Worth piloting in one trust first."]),
                submit=True,
            )
    summary = selectors.panel_summary(challenge=challenge, view=view, user=organiser)
    ranked = sorted(
        view.themes, key=lambda t: -(summary.themes[t.pk].overall or 0) * 100 - t.size / 1000
    )
    chair = panel[0]
    for place, theme in enumerate(ranked, start=1):
        scores = summary.themes[theme.pk]
        shortlisted = place <= SHORTLIST
        services.decision_record(
            user=chair,
            identity=theme.identity,
            decision=Decision.SHORTLISTED if shortlisted else Decision.NOT_SHORTLISTED,
            rationale=(
                f"Ranked {place} of {len(ranked)} by the panel (mean {scores.overall}); the "
                f"crowd's view: {theme.statistics['stance']}, from "
                f"{theme.statistics['contributors']} contributors."
                + ("" if shortlisted else " Kept for the next round.")
            ),
        )
    chosen = ranked[:SHORTLIST]
    # A person's touch: the top theme gets a shorter name.
    if chosen[0].key_phrases:
        services.theme_rename(
            user=chair,
            identity=chosen[0].identity,
            name=f"{chosen[0].key_phrases[0][:1].upper()}{chosen[0].key_phrases[0][1:]}",
        )
    guide = services.guide_get_or_create(user=editor, challenge=challenge)
    services.guide_update(
        user=editor,
        guide=guide,
        title="Bottom-up change in the NHS: a guide from the people who do the work",
        introduction=_paragraphs(
            f"{view.run.contribution_count:,} contributions were grouped into "
            f"{len(view.themes)} themes. An expert panel scored every theme on four questions "
            "— is it supported by the crowd, doable, innovative, and a building block for "
            f"change — and shortlisted {len(chosen)}.",
            "Each section says what helps, what gets in the way and what to do, in the "
            "words of the people who took part. Quotes link back to the original "
            "contributions, where the conversation continues.",
        ),
    )
    for theme in chosen:
        members = selectors.theme_members(theme=theme, limit=40)
        for contribution in members[:EXEMPLARS]:
            services.exemplar_pick(user=chair, identity=theme.identity, contribution=contribution)
        tips = list(
            Comment.objects.filter(
                contribution_id__in=theme.member_ids,
                status=Status.PUBLISHED,
                is_implementation=True,
            ).order_by("-up_count", "id")[:TIPS]
        )
        for comment in tips:
            services.tip_pick(user=chair, identity=theme.identity, comment=comment)
        by_question: dict[int, list[Contribution]] = {}
        for contribution in members:
            by_question.setdefault(contribution.question.position, []).append(contribution)
        section = services.section_add(user=editor, guide=guide, identity=theme.identity)
        stats = theme.statistics
        votes = stats["up_votes"] + stats["down_votes"]
        services.section_update(
            user=editor,
            section=section,
            summary=(
                f"{stats['size']} contributions from {stats['contributors']} people; "
                f"{round(100 * (stats['approval'] or 0))}% of {votes:,} "
                f"votes were in favour ({stats['stance']}). People spoke of "
                + ", ".join(theme.key_phrases[:5])
                + "."
            ),
            what_helps=_said("People said", by_question.get(0, [])[:3]),
            what_gets_in_the_way=_said("People said", by_question.get(1, [])[:3]),
            what_to_do=_said("People proposed", by_question.get(2, [])[:3]),
        )
    version = services.guide_publish(user=editor, guide=guide)
    return {
        "themes": len(view.themes),
        "shortlisted": len(chosen),
        "sections": guide.sections.count(),
        "version": version.number,
        "alpha": summary.alpha_overall,
    }
