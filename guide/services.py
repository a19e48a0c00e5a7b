"""Writes for panels and the guide: the rubric, scores, shortlist decisions, curation steps
(each one logged: who, what, when), guide sections and published versions.

Every function checks the person's permission (guide.rules) before it writes, and writes in
one transaction.
"""

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from analysis.cluster import ClusterSettings
from analysis.models import ThemeIdentity
from analysis.pipeline import PipelineConfig, run_pipeline
from guide import rules, selectors
from guide.models import (
    SCALE_HIGH,
    SCALE_LOW,
    Criterion,
    CurationKind,
    CurationStep,
    Decision,
    Exemplar,
    Guide,
    GuideSection,
    GuideVersion,
    Placement,
    Score,
    ScoreSheet,
    ShortlistDecision,
    ThemeMerge,
    Tip,
)
from ideas.errors import Conflict, InvalidInput, NotAllowed
from ideas.models import Challenge, Comment, Contribution, RoleKind, Status
from ideas.selectors import staff_label

# The original campaign's method: four questions, each scored 1-5.
DEFAULT_RUBRIC = [
    ("crowd", "Supported by the crowd", "People who took part backed it: votes and comments."),
    ("doable", "Doable", "A team could start on it with what it has."),
    ("innovative", "Innovative", "A new idea, or a known one used in a new way."),
    ("building_block", "A building block for change", "Other changes can grow from it."),
]
MAX_SPLIT = 6
MIN_PART = 3  # a split needs at least this many contributions per part
NAME_MAX = 200
RATIONALE_MIN = 10


def rubric_default(*, challenge: Challenge) -> list[Criterion]:
    """Give a challenge the default rubric unless it has one."""
    if Criterion.objects.filter(challenge=challenge).exists():
        return selectors.criteria(challenge=challenge)
    return Criterion.objects.bulk_create(
        [
            Criterion(challenge=challenge, key=key, label=label, description=text, position=n)
            for n, (key, label, text) in enumerate(DEFAULT_RUBRIC)
        ]
    )


def rubric_changed(*, user, criterion: Criterion, change: str) -> None:
    """Log an organiser's change to a rubric (made in the admin)."""
    if not rules.can_change_rubric(user, criterion.challenge):
        raise NotAllowed("Only organisers change a rubric.")
    _log(
        criterion.challenge,
        CurationKind.RUBRIC,
        actor=user,
        identity=None,
        summary=f"{change} the rubric's “{criterion.label}”",
        kinds=(),
        criterion=criterion.key,
    )


def on_challenge_saved(sender, instance: Challenge, created: bool, raw: bool = False, **kwargs):
    if created and not raw:
        rubric_default(challenge=instance)


# Whoever curates appears as their panel or editor label, or as "Organiser".
CURATOR_KINDS = (RoleKind.PANEL, RoleKind.EDITOR)


def _log(
    challenge,
    kind,
    *,
    actor,
    identity,
    summary: str,
    other=None,
    kinds: tuple[str, ...] = CURATOR_KINDS,
    **details,
) -> CurationStep:
    return CurationStep.objects.create(
        challenge=challenge,
        kind=kind,
        other=other,
        actor=actor,
        actor_label=staff_label(user=actor, challenge=challenge, kinds=kinds),
        identity=identity,
        summary=summary[:500],
        details=details,
    )


def _current_theme(challenge: Challenge, identity: ThemeIdentity):
    """The identity as a theme of the latest run, with curation applied; refuses one that
    was merged away or is not this challenge's."""
    if identity.challenge_id != challenge.pk:
        raise InvalidInput("That theme is not part of this challenge.")
    view = selectors.curated_themes(challenge=challenge)
    theme = view.get(identity.pk)
    if theme is None:
        raise InvalidInput("That theme is not in the latest analysis (it may have been merged).")
    return view, theme


# --- scoring and the shortlist --------------------------------------------------------------


def sheet_save(
    *,
    member,
    identity: ThemeIdentity,
    values: dict[str, int | None],
    note: str = "",
    submit: bool = False,
) -> ScoreSheet:
    """Save a panel member's scores for a theme; ``submit`` makes them final and shows the
    member everyone else's."""
    challenge = identity.challenge
    if not rules.can_score(member, challenge):
        raise NotAllowed("Only the challenge's panel members can score its themes.")
    _, theme = _current_theme(challenge, identity)
    rubric = selectors.criteria(challenge=challenge)
    if not rubric:
        raise Conflict("This challenge has no rubric yet; ask an organiser to set one.")
    cleaned: dict[int, int] = {}
    for criterion in rubric:
        value = values.get(criterion.key)
        if value in (None, ""):
            if submit:
                raise InvalidInput(
                    f"Score “{criterion.label}” before you submit.", field=criterion.key
                )
            continue
        try:
            value = int(value)
        except (TypeError, ValueError):
            raise InvalidInput(
                f"Score “{criterion.label}” from {SCALE_LOW} to {SCALE_HIGH}.", field=criterion.key
            ) from None
        if not SCALE_LOW <= value <= SCALE_HIGH:
            raise InvalidInput(
                f"Score “{criterion.label}” from {SCALE_LOW} to {SCALE_HIGH}.", field=criterion.key
            )
        cleaned[criterion.pk] = value
    unknown = set(values) - {c.key for c in rubric}
    if unknown:
        raise InvalidInput(f"Unknown criteria: {', '.join(sorted(unknown))}.")
    note = (note or "").strip()
    if len(note) > 5000:
        raise InvalidInput("Keep the note under 5,000 characters.", field="note")
    with transaction.atomic():
        sheet, _ = ScoreSheet.objects.select_for_update().get_or_create(
            identity=identity,
            member=member,
            defaults={
                "theme": theme.machine_theme,
                "member_label": staff_label(
                    user=member, challenge=challenge, kinds=(RoleKind.PANEL,)
                ),
            },
        )
        if sheet.submitted:
            raise Conflict("You have already submitted your scores for this theme.")
        sheet.scores.exclude(criterion_id__in=cleaned).delete()
        for criterion_id, value in cleaned.items():
            Score.objects.update_or_create(
                sheet=sheet, criterion_id=criterion_id, defaults={"value": value}
            )
        sheet.note = note
        sheet.theme = theme.machine_theme
        if submit:
            sheet.submitted_at = timezone.now()
        sheet.save()
    return sheet


def decision_record(
    *, user, identity: ThemeIdentity, decision: str, rationale: str
) -> ShortlistDecision:
    challenge = identity.challenge
    if not rules.can_decide(user, challenge):
        raise NotAllowed("Only the panel and organisers record shortlist decisions.")
    _current_theme(challenge, identity)
    if (
        rules.is_panel_member(user, challenge)
        and not ScoreSheet.objects.filter(
            identity=identity, member=user, submitted_at__isnull=False
        ).exists()
    ):
        raise NotAllowed("Submit your own scores for this theme before deciding on it.")
    if decision not in Decision.values:
        raise InvalidInput("Choose shortlisted or not shortlisted.", field="decision")
    rationale = (rationale or "").strip()
    if len(rationale) < RATIONALE_MIN:
        raise InvalidInput(
            "Give the reason for the decision, in a sentence or more.", field="rationale"
        )
    if len(rationale) > 5000:
        raise InvalidInput("Keep the reason under 5,000 characters.", field="rationale")
    return ShortlistDecision.objects.create(
        identity=identity,
        decision=decision,
        rationale=rationale,
        decided_by=user,
        decided_by_label=staff_label(user=user, challenge=challenge, kinds=(RoleKind.PANEL,)),
    )


# --- curation -------------------------------------------------------------------------------


def _check_curate(user, challenge: Challenge) -> None:
    if not rules.can_curate(user, challenge):
        raise NotAllowed("Only the panel, editors and organisers curate themes.")


def theme_rename(*, user, identity: ThemeIdentity, name: str) -> ThemeIdentity:
    challenge = identity.challenge
    _check_curate(user, challenge)
    _, theme = _current_theme(challenge, identity)
    name = " ".join((name or "").split())
    if not name:
        raise InvalidInput("Give the theme a name.", field="name")
    if len(name) > NAME_MAX:
        raise InvalidInput(f"Keep the name under {NAME_MAX} characters.", field="name")
    before = theme.name
    with transaction.atomic():
        identity.name = name
        identity.save(update_fields=["name"])
        _log(
            challenge,
            CurationKind.RENAME,
            actor=user,
            identity=identity,
            summary=f"Renamed “{before}” to “{name}”",
            before=before,
            after=name,
        )
    return identity


def theme_merge(*, user, source: ThemeIdentity, target: ThemeIdentity) -> ThemeIdentity:
    """Fold ``source`` into ``target``: its contributions, exemplars and tips go with it, now
    and after every re-run. Scores and decisions stay with ``source`` as its history."""
    challenge = target.challenge
    _check_curate(user, challenge)
    if source.pk == target.pk:
        raise InvalidInput("Choose a different theme to merge with.", field="target")
    view, into = _current_theme(challenge, target)
    if source.challenge_id != challenge.pk or view.get(source.pk) is None:
        raise InvalidInput("That theme is not in the latest analysis.", field="source")
    source_name = view.get(source.pk).name
    sections = GuideSection.objects.filter(identity__in=[source, target])
    with transaction.atomic():
        if sections.filter(identity=source).exists():
            if sections.filter(identity=target).exists():
                raise Conflict("Both themes have a section in the guide; remove one section first.")
            sections.filter(identity=source).update(identity=target)
        ThemeMerge.objects.create(identity=source, into=target)
        # Anything merged into the source now ends in the target directly.
        ThemeMerge.objects.filter(into=source).update(into=target)
        for exemplar in Exemplar.objects.filter(identity=source):
            Exemplar.objects.get_or_create(
                identity=target, contribution_id=exemplar.contribution_id
            )
        for tip in Tip.objects.filter(identity=source):
            Tip.objects.get_or_create(identity=target, comment_id=tip.comment_id)
        Placement.objects.filter(identity=source).update(identity=target)
        _log(
            challenge,
            CurationKind.MERGE,
            actor=user,
            identity=target,
            other=source,
            summary=f"Merged “{source_name}” ({view.get(source.pk).size}) into “{into.name}”",
            source=source.pk,
            target=target.pk,
            source_name=source_name,
        )
    return target


def contributions_move(
    *, user, challenge: Challenge, contribution_ids: list[int], target: ThemeIdentity
) -> int:
    """Put contributions in ``target`` by hand; the choice outranks every later run's."""
    _check_curate(user, challenge)
    view, into = _current_theme(challenge, target)
    ids = sorted({int(i) for i in contribution_ids})
    if not ids:
        raise InvalidInput("Choose the contributions to move.", field="contributions")
    found = set(
        Contribution.objects.filter(
            pk__in=ids, challenge=challenge, status=Status.PUBLISHED
        ).values_list("pk", flat=True)
    )
    missing = [i for i in ids if i not in found]
    if missing:
        raise InvalidInput(
            "Only this challenge's published contributions can be moved.", field="contributions"
        )
    moving = [i for i in ids if view.theme_of.get(i) != target.pk]
    if not moving:
        raise InvalidInput("Those contributions are already in that theme.", field="contributions")
    by_source: dict[int | None, list[int]] = {}
    for contribution_id in moving:
        by_source.setdefault(view.theme_of.get(contribution_id), []).append(contribution_id)
    with transaction.atomic():
        for contribution_id in moving:
            Placement.objects.update_or_create(
                contribution_id=contribution_id, defaults={"identity": target}
            )
        # One step per theme they came from, so both themes' logs show the move.
        for source_id, ids in sorted(by_source.items(), key=lambda item: item[0] or 0):
            source = view.get(source_id) if source_id is not None else None
            _log(
                challenge,
                CurationKind.MOVE,
                actor=user,
                identity=target,
                other=source.identity if source else None,
                summary=f"Moved {len(ids)} contribution{'s' if len(ids) != 1 else ''} "
                f"from “{source.name if source else 'other'}” into “{into.name}”",
                contributions=ids,
            )
    return len(moving)


def theme_split(*, user, identity: ThemeIdentity, parts: int = 2) -> list[ThemeIdentity]:
    """Re-cluster a theme's contributions into ``parts`` themes. The largest part keeps the
    theme (its name, scores and decisions); each other part becomes a new theme."""
    challenge = identity.challenge
    _check_curate(user, challenge)
    _, theme = _current_theme(challenge, identity)
    if not isinstance(parts, int) or not 2 <= parts <= MAX_SPLIT:
        raise InvalidInput(f"Split into 2 to {MAX_SPLIT} themes.", field="parts")
    members = list(
        Contribution.objects.filter(pk__in=theme.member_ids).values_list("pk", "title", "body")
    )
    if len(members) < parts * MIN_PART:
        raise InvalidInput(
            f"A theme needs at least {parts * MIN_PART} contributions to split in {parts}.",
            field="parts",
        )
    result = run_pipeline(
        [f"{title}\n{body}" for _, title, body in members],
        # Half the final chains of a full run: a split answers a person waiting on the page.
        PipelineConfig(k=parts, min_theme_size=1, clustering=ClusterSettings(chains=8)),
    )
    groups: dict[int, list[int]] = {}
    for (pk, _, _), label in zip(members, result.assignments, strict=True):
        groups.setdefault(label, []).append(pk)
    found = [t for t in result.themes if groups.get(t.index)]
    if len(found) < 2:
        raise Conflict("These contributions are too alike to split; try moving some instead.")
    found.sort(key=lambda t: -len(groups[t.index]))
    created = []
    with transaction.atomic():
        keep = found[0]
        # "Other" texts stay with the largest part, in the original theme.
        stay = groups[keep.index] + groups.get(-1, [])
        Placement.objects.filter(contribution_id__in=stay).exclude(identity=identity).update(
            identity=identity
        )
        for part in found[1:]:
            new = ThemeIdentity.objects.create(
                challenge=challenge, question=identity.question, name=part.label[:NAME_MAX]
            )
            for contribution_id in groups[part.index]:
                Placement.objects.update_or_create(
                    contribution_id=contribution_id, defaults={"identity": new}
                )
            # Exemplars that went with this part follow it.
            Exemplar.objects.filter(
                identity=identity, contribution_id__in=groups[part.index]
            ).update(identity=new)
            created.append(new)
        _log(
            challenge,
            CurationKind.SPLIT,
            actor=user,
            identity=identity,
            summary=f"Split “{theme.name}” into {len(found)}: "
            + ", ".join(f"“{t.label}” ({len(groups[t.index])})" for t in found),
            kept=len(stay),
            new=[new.pk for new in created],
            sizes=[len(groups[t.index]) for t in found],
        )
    return [identity, *created]


def _pick(user, identity: ThemeIdentity, model, item, *, picked: bool, allowed) -> None:
    """Add or drop an exemplar (a contribution) or a tip (a comment) for a theme."""
    challenge = identity.challenge
    _check_curate(user, challenge)
    view, theme = _current_theme(challenge, identity)
    is_tip = model is Tip
    if picked and not allowed(view):
        raise InvalidInput(
            "Pick a tip from published comments on this theme's contributions."
            if is_tip
            else "Pick an exemplar from this theme's published contributions."
        )
    target = {"comment": item} if is_tip else {"contribution": item}
    with transaction.atomic():
        if picked:
            _, made = model.objects.get_or_create(identity=identity, **target)
            if not made:
                return
        elif not model.objects.filter(identity=identity, **target).delete()[0]:
            raise InvalidInput(
                "That comment is not one of this theme's tips."
                if is_tip
                else "That contribution is not one of this theme's exemplars."
            )
        noun = (
            f"comment {item.pk} as a tip for"
            if is_tip
            else (f"contribution {item.pk} as an exemplar of")
        )
        if is_tip:
            kind = CurationKind.TIP_ADD if picked else CurationKind.TIP_REMOVE
        else:
            kind = CurationKind.EXEMPLAR_ADD if picked else CurationKind.EXEMPLAR_REMOVE
        _log(
            challenge,
            kind,
            actor=user,
            identity=identity,
            summary=f"{'Picked' if picked else 'Dropped'} {noun} “{theme.name}”",
            **{"comment" if is_tip else "contribution": item.pk},
        )


def exemplar_pick(
    *, user, identity: ThemeIdentity, contribution: Contribution, picked: bool = True
) -> None:
    _pick(
        user,
        identity,
        Exemplar,
        contribution,
        picked=picked,
        allowed=lambda view: (
            contribution.status == Status.PUBLISHED
            and view.theme_of.get(contribution.pk) == identity.pk
        ),
    )


def tip_pick(*, user, identity: ThemeIdentity, comment: Comment, picked: bool = True) -> None:
    _pick(
        user,
        identity,
        Tip,
        comment,
        picked=picked,
        allowed=lambda view: (
            comment.status == Status.PUBLISHED
            and comment.contribution.status == Status.PUBLISHED
            and view.theme_of.get(comment.contribution_id) == identity.pk
        ),
    )


# --- the guide ------------------------------------------------------------------------------


def _check_editor(user, challenge: Challenge) -> None:
    if not rules.can_edit_guide(user, challenge):
        raise NotAllowed("Only the guide's editors and organisers can change it.")


def guide_get_or_create(*, user, challenge: Challenge) -> Guide:
    _check_editor(user, challenge)
    guide, _ = Guide.objects.get_or_create(
        challenge=challenge, defaults={"title": f"{challenge.title}: a guide to change"[:200]}
    )
    return guide


def guide_update(*, user, guide: Guide, title: str, introduction: str) -> Guide:
    _check_editor(user, guide.challenge)
    title = " ".join((title or "").split())
    if not title:
        raise InvalidInput("Give the guide a title.", field="title")
    if len(title) > 200:
        raise InvalidInput("Keep the title under 200 characters.", field="title")
    introduction = (introduction or "").strip()
    if len(introduction) > 20000:
        raise InvalidInput("Keep the introduction under 20,000 characters.", field="introduction")
    guide.title = title
    guide.introduction = introduction
    guide.save(update_fields=["title", "introduction", "updated_at"])
    return guide


def section_add(*, user, guide: Guide, identity: ThemeIdentity) -> GuideSection:
    """A section for a shortlisted theme, at the end."""
    challenge = guide.challenge
    _check_editor(user, challenge)
    _, theme = _current_theme(challenge, identity)
    decision = selectors.decisions(challenge=challenge).get(identity.pk)
    if decision is None or decision.decision != Decision.SHORTLISTED:
        raise InvalidInput("Only shortlisted themes get a section in the guide.")
    with transaction.atomic():
        Guide.objects.select_for_update().get(pk=guide.pk)
        if guide.sections.filter(identity=identity).exists():
            raise Conflict("That theme already has a section.")
        last = guide.sections.aggregate(last=Max("position"))["last"]
        try:
            return GuideSection.objects.create(
                guide=guide,
                identity=identity,
                position=0 if last is None else last + 1,
                title=theme.name[:200],
            )
        except IntegrityError:
            raise Conflict("That theme already has a section.") from None


SECTION_FIELDS = {
    "title": 200,
    "summary": 10000,
    "what_helps": 10000,
    "what_gets_in_the_way": 10000,
    "what_to_do": 10000,
}


def section_update(*, user, section: GuideSection, **fields: str) -> GuideSection:
    _check_editor(user, section.guide.challenge)
    unknown = set(fields) - set(SECTION_FIELDS)
    if unknown:
        raise InvalidInput(f"Unknown fields: {', '.join(sorted(unknown))}.")
    for name, value in fields.items():
        value = (value or "").strip()
        if name == "title":
            value = " ".join(value.split())
            if not value:
                raise InvalidInput("Give the section a title.", field="title")
        if len(value) > SECTION_FIELDS[name]:
            raise InvalidInput(f"Keep this under {SECTION_FIELDS[name]:,} characters.", field=name)
        setattr(section, name, value)
    section.save()
    return section


def section_move(*, user, section: GuideSection, direction: str) -> None:
    """Swap a section with its neighbour above ("up") or below ("down")."""
    guide = section.guide
    _check_editor(user, guide.challenge)
    if direction not in ("up", "down"):
        raise InvalidInput("Move a section up or down.")
    with transaction.atomic():
        Guide.objects.select_for_update().get(pk=guide.pk)
        ordered = list(guide.sections.order_by("position", "id"))
        index = next((n for n, s in enumerate(ordered) if s.pk == section.pk), None)
        if index is None:
            raise InvalidInput("That section is not in this guide.")
        other = index - 1 if direction == "up" else index + 1
        if not 0 <= other < len(ordered):
            return
        ordered[index], ordered[other] = ordered[other], ordered[index]
        for position, item in enumerate(ordered):
            if item.position != position:
                GuideSection.objects.filter(pk=item.pk).update(position=position)


def section_remove(*, user, section: GuideSection) -> None:
    _check_editor(user, section.guide.challenge)
    section.delete()


def guide_publish(*, user, guide: Guide) -> GuideVersion:
    """Freeze the guide as a new version; the public page shows it once the challenge is in
    its published phase."""
    challenge = guide.challenge
    _check_editor(user, challenge)
    if not guide.sections.exists():
        raise InvalidInput("Add at least one section before publishing.")
    content = selectors.draft_content(challenge=challenge, guide=guide)
    with transaction.atomic():
        Guide.objects.select_for_update().get(pk=guide.pk)
        last = guide.versions.aggregate(last=Max("number"))["last"] or 0
        return GuideVersion.objects.create(
            guide=guide,
            number=last + 1,
            content=content,
            published_by=user,
            published_by_label=staff_label(
                user=user, challenge=challenge, kinds=(RoleKind.EDITOR, RoleKind.PANEL)
            ),
        )
