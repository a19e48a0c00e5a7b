"""Reads for panels and the guide: the curated themes, the panel's scores and agreement,
the shortlist, the curation log, and the guide document every export renders.

``curated_themes`` is where curation meets the machine: the latest run's memberships,
overridden by people's placements (moves, splits), with merged themes folded into the theme
they were merged into. It is computed from records, never stored, so a re-run of the
analysis keeps every curation step.
"""

import statistics as stats
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from accounts.choices import COUNTRIES, ROLE_GROUPS
from analysis import selectors as analysis_selectors
from analysis.models import AnalysisRun, Membership, Theme, ThemeIdentity
from analysis.services import suppress_small_cells, theme_statistics
from guide import rules
from guide.agreement import krippendorff_alpha
from guide.models import (
    Criterion,
    CurationStep,
    Decision,
    Exemplar,
    Guide,
    GuideSection,
    GuideVersion,
    Placement,
    ScoreSheet,
    ShortlistDecision,
    ThemeMerge,
    Tip,
)
from ideas.models import Challenge, Comment, Contribution, Status

DOCUMENT_FORMAT = "groundswell-guide"
DOCUMENT_VERSION = 1


class NoPublishedGuide(LookupError):
    """The challenge has no published guide (yet)."""


# --- curated themes -------------------------------------------------------------------------


@dataclass
class CuratedTheme:
    identity: ThemeIdentity
    label: str  # the machine's label (or, for a theme split off by a person, its own)
    key_phrases: list[str]
    machine_theme: Theme | None  # this identity's theme in the run, if the machine made one
    member_ids: list[int]  # published contributions, most supported first
    statistics: dict
    merged: list[int] = field(default_factory=list)  # identities folded into this one
    placed_in: int = 0  # contributions put here by a person

    @property
    def pk(self) -> int:
        return self.identity.pk

    @property
    def name(self) -> str:
        return self.identity.name or self.label or f"Theme {self.identity.pk}"

    @property
    def size(self) -> int:
        return len(self.member_ids)


@dataclass
class CuratedView:
    run: AnalysisRun | None
    themes: list[CuratedTheme]
    other_ids: list[int]
    theme_of: dict[int, int]  # contribution id -> curated identity id

    def get(self, identity_id: int) -> CuratedTheme | None:
        for theme in self.themes:
            if theme.pk == identity_id:
                return theme
        return None


def merge_roots(challenge: Challenge) -> dict[int, int]:
    """identity id -> the identity it ends up in after following merges."""
    into = dict(
        ThemeMerge.objects.filter(identity__challenge=challenge).values_list("identity", "into")
    )
    roots = {}
    for start in into:
        seen = {start}
        current = into[start]
        while current in into and current not in seen:
            seen.add(current)
            current = into[current]
        roots[start] = current
    return roots


def curated_themes(*, challenge: Challenge) -> CuratedView:
    """The latest run's themes with every curation step applied."""
    run, machine_themes = analysis_selectors.latest_themes(challenge=challenge)
    if run is None:
        return CuratedView(run=None, themes=[], other_ids=[], theme_of={})
    machine_of = dict(
        Membership.objects.filter(run=run, theme__isnull=False).values_list(
            "contribution_id", "theme__identity_id"
        )
    )
    placed = dict(
        Placement.objects.filter(identity__challenge=challenge).values_list(
            "contribution_id", "identity_id"
        )
    )
    roots = merge_roots(challenge)
    rows = list(
        Contribution.objects.filter(challenge=challenge, status=Status.PUBLISHED)
        .values(
            "id",
            "up_count",
            "down_count",
            "wilson_score",
            "author_id",
            "author__country",
            "author__role_group",
        )
        .order_by("-wilson_score", "-id")
    )
    members: dict[int, list[dict]] = defaultdict(list)
    placed_count: Counter = Counter()
    other: list[int] = []
    theme_of: dict[int, int] = {}
    for row in rows:
        identity = placed.get(row["id"]) or machine_of.get(row["id"])
        if identity is None:
            other.append(row["id"])
            continue
        identity = roots.get(identity, identity)
        members[identity].append(row)
        theme_of[row["id"]] = identity
        if row["id"] in placed:
            placed_count[identity] += 1
    by_identity = {theme.identity_id: theme for theme in machine_themes}
    identities = ThemeIdentity.objects.in_bulk(list(members))
    folded: dict[int, list[int]] = defaultdict(list)
    for source, root in roots.items():
        folded[root].append(source)
    themes = []
    for identity_id, member_rows in members.items():
        machine = by_identity.get(identity_id)
        sources = [by_identity[i] for i in folded.get(identity_id, []) if i in by_identity]
        donor = machine or max(sources, key=lambda t: t.size, default=None)
        themes.append(
            CuratedTheme(
                identity=identities[identity_id],
                label=donor.label if donor else "",
                key_phrases=list(donor.key_phrases) if donor else [],
                machine_theme=machine,
                member_ids=[row["id"] for row in member_rows],
                statistics=theme_statistics(member_rows),
                merged=sorted(folded.get(identity_id, [])),
                placed_in=placed_count[identity_id],
            )
        )
    themes.sort(key=lambda t: (-t.size, t.pk))
    return CuratedView(run=run, themes=themes, other_ids=other, theme_of=theme_of)


def contribution_theme_names(challenge: Challenge) -> dict[int, str]:
    """Each published contribution's curated theme name (for the open-data CSV)."""
    view = curated_themes(challenge=challenge)
    names = {theme.pk: theme.name for theme in view.themes}
    return {cid: names[identity] for cid, identity in view.theme_of.items()}


def theme_members(*, theme: CuratedTheme, limit: int | None = None) -> list[Contribution]:
    """The theme's published contributions, most supported first."""
    return analysis_selectors.published_in_order(
        theme.member_ids[:limit] if limit else theme.member_ids
    )


def tip_candidates(*, theme: CuratedTheme, limit: int = 50) -> QuerySet[Comment]:
    """Published comments on the theme's contributions, "how to make it happen" ones and the
    most supported first."""
    return (
        Comment.objects.filter(
            contribution_id__in=theme.member_ids,
            status=Status.PUBLISHED,
            contribution__status=Status.PUBLISHED,
        )
        .select_related("author")
        .order_by("-is_implementation", "-up_count", "id")[:limit]
    )


def exemplars_of(identity_id: int) -> list[Contribution]:
    return [
        e.contribution
        for e in Exemplar.objects.filter(
            identity_id=identity_id, contribution__status=Status.PUBLISHED
        ).select_related("contribution__author", "contribution__question")
    ]


def tips_of(identity_id: int) -> list[Comment]:
    return [
        t.comment
        for t in Tip.objects.filter(
            identity_id=identity_id,
            comment__status=Status.PUBLISHED,
            comment__contribution__status=Status.PUBLISHED,
        ).select_related("comment__author")
    ]


def curation_log(*, challenge: Challenge, identity_ids=None) -> QuerySet[CurationStep]:
    steps = CurationStep.objects.filter(challenge=challenge)
    if identity_ids is not None:
        ids = list(identity_ids)
        steps = steps.filter(Q(identity_id__in=ids) | Q(other_id__in=ids))
    return steps


# --- panel ----------------------------------------------------------------------------------


def criteria(*, challenge: Challenge) -> list[Criterion]:
    return list(Criterion.objects.filter(challenge=challenge))


def sheet_of(*, identity_id: int, user) -> ScoreSheet | None:
    if user is None or not user.is_authenticated:
        return None
    return (
        ScoreSheet.objects.filter(identity_id=identity_id, member=user)
        .prefetch_related("scores")
        .first()
    )


def _submitted_sheets(identity_ids) -> list[ScoreSheet]:
    return list(
        ScoreSheet.objects.filter(identity_id__in=list(identity_ids), submitted_at__isnull=False)
        .prefetch_related("scores")
        .order_by("submitted_at", "id")
    )


@dataclass
class ThemeScores:
    """The panel's scores for one theme, as a viewer may see them."""

    visible: bool  # False: blind — the viewer has not submitted their own yet
    submitted: int  # sheets submitted (always shown: it reveals no score)
    means: dict[str, float | None] = field(default_factory=dict)  # criterion key -> mean
    spreads: dict[str, float | None] = field(default_factory=dict)  # criterion key -> SD
    overall: float | None = None  # mean of every score
    sheets: list[dict] = field(default_factory=list)  # {"label", "values", "note"}
    mine: ScoreSheet | None = None


@dataclass
class PanelSummary:
    criteria: list[Criterion]
    themes: dict[int, ThemeScores]
    alpha: dict[str, float | None]  # criterion key -> ordinal alpha across themes
    alpha_overall: float | None
    agreement_visible: bool
    members: int


def panel_summary(*, challenge: Challenge, view: CuratedView, user) -> PanelSummary:
    """Means, spread and Krippendorff's alpha (ordinal) per criterion, hidden where the
    viewer's own scores are still to come."""
    rubric = criteria(challenge=challenge)
    identity_ids = [theme.pk for theme in view.themes]
    sheets = _submitted_sheets(identity_ids)
    mine = (
        {
            sheet.identity_id: sheet
            for sheet in ScoreSheet.objects.filter(
                identity_id__in=identity_ids, member=user
            ).prefetch_related("scores")
        }
        if user is not None and user.is_authenticated
        else {}
    )
    blind = rules.is_blind(user, challenge)
    by_theme: dict[int, list[ScoreSheet]] = defaultdict(list)
    for sheet in sheets:
        by_theme[sheet.identity_id].append(sheet)
    # One rater per member; an erased member's sheets stay, known by the label they had.
    raters = list(dict.fromkeys(_rater(sheet) for sheet in sheets))
    themes = {}
    for identity_id in identity_ids:
        own = mine.get(identity_id)
        visible = not blind or (own is not None and own.submitted)
        theme_sheets = by_theme.get(identity_id, [])
        result = ThemeScores(visible=visible, submitted=len(theme_sheets), mine=own)
        if visible:
            everything = []
            for criterion in rubric:
                values = [
                    s.value
                    for sheet in theme_sheets
                    for s in sheet.scores.all()
                    if s.criterion_id == criterion.pk
                ]
                everything += values
                result.means[criterion.key] = round(stats.fmean(values), 2) if values else None
                result.spreads[criterion.key] = (
                    round(stats.pstdev(values), 2) if len(values) > 1 else None
                )
            result.overall = round(stats.fmean(everything), 2) if everything else None
            for sheet in theme_sheets:
                values = {s.criterion_id: s.value for s in sheet.scores.all()}
                result.sheets.append(
                    {
                        "label": "You"
                        if user is not None and sheet.member_id == user.pk
                        else sheet.member_label,
                        "values": [values.get(c.pk) for c in rubric],
                        "note": sheet.note,
                    }
                )
        themes[identity_id] = result
    # Agreement reveals how others scored: a panel member sees it once they have scored
    # every theme.
    agreement_visible = not blind or all(
        (sheet := mine.get(i)) is not None and sheet.submitted for i in identity_ids
    )
    alpha: dict[str, float | None] = {}
    alpha_overall = None
    if agreement_visible and sheets:
        column = {identity_id: n for n, identity_id in enumerate(identity_ids)}
        pooled = {rater: [] for rater in raters}
        for criterion in rubric:
            table = {rater: [None] * len(identity_ids) for rater in raters}
            for sheet in sheets:
                for s in sheet.scores.all():
                    if s.criterion_id == criterion.pk:
                        table[_rater(sheet)][column[sheet.identity_id]] = s.value
            value = krippendorff_alpha([table[r] for r in raters], level="ordinal")
            alpha[criterion.key] = None if value is None else round(value, 3)
            for rater in raters:
                pooled[rater] += table[rater]
        if rubric:
            value = krippendorff_alpha([pooled[r] for r in raters], level="ordinal")
            alpha_overall = None if value is None else round(value, 3)
    return PanelSummary(
        criteria=rubric,
        themes=themes,
        alpha=alpha,
        alpha_overall=alpha_overall,
        agreement_visible=agreement_visible,
        members=len(raters),
    )


def _rater(sheet: ScoreSheet):
    return sheet.member_id if sheet.member_id is not None else f"erased {sheet.member_label}"


def decisions(*, challenge: Challenge) -> dict[int, ShortlistDecision]:
    """Each theme's standing decision (the newest)."""
    current: dict[int, ShortlistDecision] = {}
    for decision in ShortlistDecision.objects.filter(identity__challenge=challenge):
        current.setdefault(decision.identity_id, decision)
    return current


def decisions_seen(*, challenge: Challenge, summary: PanelSummary) -> dict[int, ShortlistDecision]:
    """The standing decisions a viewer may see. Like the scores, a theme's decision and its
    rationale (which quotes the panel's figures) stay hidden from a panel member until they
    have submitted their own scores for it."""
    return {
        pk: decision
        for pk, decision in decisions(challenge=challenge).items()
        if (scores := summary.themes.get(pk)) is not None and scores.visible
    }


def decision_history(*, identity_id: int) -> QuerySet[ShortlistDecision]:
    return ShortlistDecision.objects.filter(identity_id=identity_id)


def shortlisted(*, challenge: Challenge, view: CuratedView) -> list[CuratedTheme]:
    current = decisions(challenge=challenge)
    return [
        theme
        for theme in view.themes
        if (d := current.get(theme.pk)) is not None and d.decision == Decision.SHORTLISTED
    ]


# --- the guide ------------------------------------------------------------------------------


def guide_of(*, challenge: Challenge) -> Guide | None:
    return (
        Guide.objects.filter(challenge=challenge)
        .prefetch_related(
            Prefetch("sections", queryset=GuideSection.objects.order_by("position", "id"))
        )
        .first()
    )


def versions(*, guide: Guide) -> QuerySet[GuideVersion]:
    return guide.versions.defer("content")


def latest_version(*, challenge: Challenge) -> GuideVersion | None:
    return GuideVersion.objects.filter(guide__challenge=challenge).order_by("-number").first()


def _cells(cells: dict, labels: dict[str, str]) -> dict:
    return {
        "shown": [
            {"value": value, "label": labels.get(value, value.capitalize()), "people": n}
            for value, n in cells["shown"].items()
        ],
        "suppressed_values": cells["suppressed_values"],
        "suppressed_people": cells["suppressed_people"],
    }


COUNTRY_LABELS = dict(COUNTRIES) | {"not given": "Not given"}
ROLE_LABELS = dict(ROLE_GROUPS) | {"not given": "Not given"}


def _figures(statistics: dict) -> dict:
    return {
        "size": statistics["size"],
        "up_votes": statistics["up_votes"],
        "down_votes": statistics["down_votes"],
        "support": statistics["support"],
        "approval": statistics["approval"],
        "spread": statistics["spread"],
        "stance": statistics["stance"],
        "contributors": statistics["contributors"],
        "countries": statistics["countries"],
        "roles": statistics["roles"],
    }


def challenge_figures(*, challenge: Challenge, themes: int) -> dict:
    rows = Contribution.objects.filter(challenge=challenge, status=Status.PUBLISHED).values_list(
        "author_id", "author__country", "author__role_group", "up_count", "down_count"
    )
    people: dict[int, tuple[str, str]] = {}
    contributions = votes = 0
    for author_id, country, role_group, up, down in rows.iterator():
        people[author_id] = (country, role_group)
        contributions += 1
        votes += up + down
    return {
        "contributions": contributions,
        "comments": Comment.objects.filter(
            contribution__challenge=challenge,
            contribution__status=Status.PUBLISHED,
            status=Status.PUBLISHED,
        ).count(),
        "votes": votes,
        "contributors": len(people),
        "themes": themes,
        "countries": suppress_small_cells(Counter(c or "not given" for c, _ in people.values())),
        "roles": suppress_small_cells(Counter(r or "not given" for _, r in people.values())),
    }


def draft_content(*, challenge: Challenge, guide: Guide) -> dict:
    """The guide as it stands in the editor: what a published version stores."""
    view = curated_themes(challenge=challenge)
    sections = []
    for section in guide.sections.order_by("position", "id"):
        theme = view.get(section.identity_id)
        sections.append(
            {
                "identity_id": section.identity_id,
                "title": section.title,
                "summary": section.summary,
                "what_helps": section.what_helps,
                "what_gets_in_the_way": section.what_gets_in_the_way,
                "what_to_do": section.what_to_do,
                "key_phrases": theme.key_phrases if theme else [],
                "figures": _figures(theme.statistics) if theme else _figures(theme_statistics([])),
                "quote_ids": list(
                    Exemplar.objects.filter(identity_id=section.identity_id).values_list(
                        "contribution_id", flat=True
                    )
                ),
                "tip_ids": list(
                    Tip.objects.filter(identity_id=section.identity_id).values_list(
                        "comment_id", flat=True
                    )
                ),
            }
        )
    return {
        "title": guide.title,
        "introduction": guide.introduction,
        "figures": challenge_figures(challenge=challenge, themes=len(view.themes)),
        "sections": sections,
    }


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def guide_document(challenge: Challenge, *, draft: bool = False) -> dict:
    """The whole guide as one structure (docs/guide.schema.json) — published content and
    pseudonyms only. ``draft``: the editors' working copy instead of the latest version."""
    guide = Guide.objects.filter(challenge=challenge).first()
    version = None
    if draft:
        if guide is None:
            raise NoPublishedGuide("This challenge has no guide yet.")
        content = draft_content(challenge=challenge, guide=guide)
    else:
        version = latest_version(challenge=challenge)
        if version is None:
            raise NoPublishedGuide("This challenge's guide has not been published yet.")
        content = version.content
    return render_content(challenge=challenge, content=content, version=version)


def render_content(*, challenge: Challenge, content: dict, version: GuideVersion | None) -> dict:
    quote_ids = {i for s in content["sections"] for i in s["quote_ids"]}
    tip_ids = {i for s in content["sections"] for i in s["tip_ids"]}
    # Looked up afresh: anything withdrawn, hidden or removed since publication drops out.
    quotes = (
        Contribution.objects.filter(pk__in=quote_ids, challenge=challenge, status=Status.PUBLISHED)
        .select_related("author", "question")
        .in_bulk()
    )
    tips = (
        Comment.objects.filter(
            pk__in=tip_ids,
            contribution__challenge=challenge,
            status=Status.PUBLISHED,
            contribution__status=Status.PUBLISHED,
        )
        .select_related("author")
        .in_bulk()
    )
    sections = []
    for position, section in enumerate(content["sections"], start=1):
        figures = dict(section["figures"])
        figures["countries"] = _cells(figures["countries"], COUNTRY_LABELS)
        figures["roles"] = _cells(figures["roles"], ROLE_LABELS)
        sections.append(
            {
                "position": position,
                "theme_id": section["identity_id"],
                "anchor": f"theme-{section['identity_id']}",
                "title": section["title"],
                "summary": section["summary"],
                "what_helps": section["what_helps"],
                "what_gets_in_the_way": section["what_gets_in_the_way"],
                "what_to_do": section["what_to_do"],
                "key_phrases": list(section["key_phrases"]),
                "figures": figures,
                "quotes": [
                    {
                        "contribution_id": c.pk,
                        "url": _absolute(reverse("frontend:contribution", args=[c.pk])),
                        "title": c.title,
                        "text": c.body,
                        "pseudonym": c.author.pseudonym,
                        "question": c.question.title,
                        "up_votes": c.up_count,
                        "down_votes": c.down_count,
                    }
                    for i in section["quote_ids"]
                    if (c := quotes.get(i)) is not None
                ],
                "tips": [
                    {
                        "comment_id": t.pk,
                        "contribution_id": t.contribution_id,
                        "url": _absolute(
                            reverse("frontend:contribution", args=[t.contribution_id])
                            + f"#comment-{t.pk}"
                        ),
                        "text": t.body,
                        "pseudonym": t.author.pseudonym,
                        "up_votes": t.up_count,
                        "down_votes": t.down_count,
                    }
                    for i in section["tip_ids"]
                    if (t := tips.get(i)) is not None
                ],
            }
        )
    figures = dict(content["figures"])
    figures["countries"] = _cells(figures["countries"], COUNTRY_LABELS)
    figures["roles"] = _cells(figures["roles"], ROLE_LABELS)
    return {
        "format": DOCUMENT_FORMAT,
        "format_version": DOCUMENT_VERSION,
        "generated_at": timezone.now().isoformat(),
        "challenge": {
            "slug": challenge.slug,
            "title": challenge.title,
            "summary": challenge.summary,
            "url": _absolute(reverse("frontend:challenge", args=[challenge.slug])),
        },
        "guide": {
            "title": content["title"],
            "introduction": content["introduction"],
            "status": "published" if version else "draft",
            "version": version.number if version else None,
            "published_at": version.published_at.isoformat() if version else None,
            "url": _absolute(reverse("frontend:guide", args=[challenge.slug])),
        },
        "figures": figures,
        "sections": sections,
    }
