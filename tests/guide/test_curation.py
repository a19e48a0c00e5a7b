"""Curation: rename, merge, split, move, exemplars and tips — each logged, each surviving a
re-run of the analysis, each refused to the wrong person."""

import pytest

from analysis.models import ThemeIdentity
from guide import selectors, services
from guide.models import CurationKind, CurationStep
from ideas.errors import Conflict, InvalidInput, NotAllowed
from ideas.models import Comment, Contribution, Status
from tests.guide.conftest import analyse


def themes(challenge):
    return selectors.curated_themes(challenge=challenge)


def test_rename_is_logged_and_survives_a_rerun(analysed, pat, olive):
    theme = themes(analysed).themes[0]
    before = theme.name
    services.theme_rename(user=pat, identity=theme.identity, name="  Time   to think ")
    step = CurationStep.objects.get(kind=CurationKind.RENAME)
    assert step.actor == pat and step.details == {"before": before, "after": "Time to think"}
    analyse(analysed, olive)
    assert themes(analysed).get(theme.pk).name == "Time to think"
    with pytest.raises(InvalidInput):
        services.theme_rename(user=pat, identity=theme.identity, name="   ")
    with pytest.raises(InvalidInput):
        services.theme_rename(user=pat, identity=theme.identity, name="x" * 201)


def test_merge_folds_one_theme_into_another_through_reruns(analysed, pat, olive):
    view = themes(analysed)
    a, b = view.themes[0], view.themes[1]
    together = set(a.member_ids) | set(b.member_ids)
    services.theme_merge(user=pat, source=a.identity, target=b.identity)
    after = themes(analysed)
    assert after.get(a.pk) is None
    merged = after.get(b.pk)
    assert set(merged.member_ids) == together and a.pk in merged.merged
    assert merged.statistics["size"] == len(together)
    assert len(after.themes) == len(view.themes) - 1
    analyse(analysed, olive)
    rerun = themes(analysed)
    assert rerun.get(a.pk) is None and rerun.get(b.pk) is not None
    with pytest.raises(InvalidInput):  # merged away: no longer a theme
        services.theme_merge(user=pat, source=a.identity, target=b.identity)
    with pytest.raises(InvalidInput):
        services.theme_merge(user=pat, source=b.identity, target=b.identity)
    assert CurationStep.objects.filter(kind=CurationKind.MERGE).count() == 1


def test_move_puts_contributions_in_a_theme_for_good(analysed, pat, olive):
    view = themes(analysed)
    source, target = view.themes[0], view.themes[1]
    moving = source.member_ids[:3]
    assert (
        services.contributions_move(
            user=pat, challenge=analysed, contribution_ids=moving, target=target.identity
        )
        == 3
    )
    after = themes(analysed)
    assert all(after.theme_of[c] == target.pk for c in moving)
    assert after.get(source.pk).size == source.size - 3
    analyse(analysed, olive)
    assert all(themes(analysed).theme_of[c] == target.pk for c in moving)
    step = CurationStep.objects.get(kind=CurationKind.MOVE)
    assert step.details["contributions"] == sorted(moving) and step.actor == pat
    # Both themes' logs show it.
    for side in (source, target):
        assert list(selectors.curation_log(challenge=analysed, identity_ids=[side.pk])) == [step]
    with pytest.raises(InvalidInput):  # already there
        services.contributions_move(
            user=pat, challenge=analysed, contribution_ids=moving, target=target.identity
        )
    held = Contribution.objects.filter(challenge=analysed).exclude(status=Status.PUBLISHED)
    hidden = held.first() or _hide_one(source)
    with pytest.raises(InvalidInput):
        services.contributions_move(
            user=pat, challenge=analysed, contribution_ids=[hidden.pk], target=target.identity
        )


def _hide_one(theme):
    contribution = Contribution.objects.get(pk=theme.member_ids[-1])
    Contribution.objects.filter(pk=contribution.pk).update(status=Status.HIDDEN)
    return contribution


def test_split_reclusters_a_theme_and_survives_a_rerun(analysed, pat, olive):
    view = themes(analysed)
    theme = max(view.themes, key=lambda t: t.size)
    parts = services.theme_split(user=pat, identity=theme.identity, parts=2)
    assert parts[0] == theme.identity and len(parts) == 2
    after = themes(analysed)
    kept, new = after.get(theme.pk), after.get(parts[1].pk)
    assert kept.size + new.size == theme.size and kept.size >= new.size > 0
    assert new.name  # named by its own words
    analyse(analysed, olive)
    rerun = themes(analysed)
    assert set(rerun.get(parts[1].pk).member_ids) == set(new.member_ids)
    step = CurationStep.objects.get(kind=CurationKind.SPLIT)
    assert step.details["new"] == [parts[1].pk] and step.identity_id == theme.pk
    small = min(after.themes, key=lambda t: t.size)
    if small.size < 6:
        with pytest.raises(InvalidInput):
            services.theme_split(user=pat, identity=small.identity, parts=2)
    with pytest.raises(InvalidInput):
        services.theme_split(user=pat, identity=theme.identity, parts=9)


def test_exemplars_and_tips_are_picked_from_the_theme_and_logged(analysed, pat, bob):
    view = themes(analysed)
    theme, elsewhere = view.themes[0], view.themes[1]
    mine = Contribution.objects.get(pk=theme.member_ids[0])
    services.exemplar_pick(user=pat, identity=theme.identity, contribution=mine)
    services.exemplar_pick(user=pat, identity=theme.identity, contribution=mine)  # no double
    assert [c.pk for c in selectors.exemplars_of(theme.pk)] == [mine.pk]
    foreign = Contribution.objects.get(pk=elsewhere.member_ids[0])
    with pytest.raises(InvalidInput):
        services.exemplar_pick(user=pat, identity=theme.identity, contribution=foreign)
    comment = Comment.objects.filter(
        contribution_id__in=theme.member_ids, status=Status.PUBLISHED
    ).first()
    if comment is None:
        from ideas import services as idea_services

        comment = idea_services.comment_create(
            user=bob, contribution=mine, body="Put it on the rota first."
        )
    services.tip_pick(user=pat, identity=theme.identity, comment=comment)
    assert [c.pk for c in selectors.tips_of(theme.pk)] == [comment.pk]
    services.tip_pick(user=pat, identity=theme.identity, comment=comment, picked=False)
    assert selectors.tips_of(theme.pk) == []
    with pytest.raises(InvalidInput):  # not picked (any more)
        services.tip_pick(user=pat, identity=theme.identity, comment=comment, picked=False)
    kinds = list(CurationStep.objects.values_list("kind", flat=True))
    assert sorted(kinds) == sorted(
        [CurationKind.EXEMPLAR_ADD, CurationKind.TIP_ADD, CurationKind.TIP_REMOVE]
    )


def test_curation_is_refused_to_the_wrong_people(analysed, pat, alice, mo):
    theme, other = themes(analysed).themes[:2]
    for person in (alice, mo, None):
        with pytest.raises(NotAllowed):
            services.theme_rename(user=person, identity=theme.identity, name="Mine now")
        with pytest.raises(NotAllowed):
            services.theme_merge(user=person, source=theme.identity, target=other.identity)
        with pytest.raises(NotAllowed):
            services.theme_split(user=person, identity=theme.identity)
        with pytest.raises(NotAllowed):
            services.contributions_move(
                user=person,
                challenge=analysed,
                contribution_ids=theme.member_ids[:1],
                target=other.identity,
            )
    assert not CurationStep.objects.exists()
    assert ThemeIdentity.objects.get(pk=theme.pk).name == ""


def test_the_log_is_append_only(analysed, pat):
    theme = themes(analysed).themes[0]
    services.theme_rename(user=pat, identity=theme.identity, name="Kept")
    step = CurationStep.objects.get()
    with pytest.raises(PermissionError):
        step.save()
    with pytest.raises(PermissionError):
        step.delete()
    with pytest.raises(PermissionError):
        CurationStep.objects.all().delete()
    with pytest.raises(PermissionError):
        CurationStep.objects.update(summary="x")


def test_merging_two_themes_that_both_have_guide_sections_is_refused(analysed, pat, ed, olive):
    a, b = themes(analysed).themes[:2]
    guide = services.guide_get_or_create(user=ed, challenge=analysed)
    for theme in (a, b):
        services.decision_record(
            user=olive, identity=theme.identity, decision="shortlisted", rationale="Both good."
        )
        services.section_add(user=ed, guide=guide, identity=theme.identity)
    with pytest.raises(Conflict):
        services.theme_merge(user=pat, source=a.identity, target=b.identity)
