"""Panels: the rubric, blind scoring, means, spread and agreement, shortlist decisions."""

import pytest

from analysis.models import ThemeIdentity
from guide import selectors, services
from guide.agreement import krippendorff_alpha
from guide.models import Criterion, Decision, ScoreSheet
from ideas.errors import Conflict, InvalidInput, NotAllowed
from ideas.models import Phase, RoleKind
from tests.conftest import make_challenge, make_user
from tests.guide.conftest import appoint


def all_scores(value: int, rubric) -> dict:
    return {c.key: value for c in rubric}


def test_a_new_challenge_has_the_campaigns_rubric(analysed):
    labels = [c.label for c in Criterion.objects.filter(challenge=analysed)]
    assert labels == [
        "Supported by the crowd",
        "Doable",
        "Innovative",
        "A building block for change",
    ]


def test_scoring_is_blind_until_a_member_submits(analysed, pat, pia):
    view = selectors.curated_themes(challenge=analysed)
    theme = view.themes[0]
    rubric = selectors.criteria(challenge=analysed)
    services.sheet_save(
        member=pia,
        identity=theme.identity,
        values=all_scores(5, rubric),
        note="Strong",
        submit=True,
    )
    # Pat has a draft only: the summary shows how many submitted, never what they said.
    services.sheet_save(member=pat, identity=theme.identity, values={"doable": 2})
    summary = selectors.panel_summary(challenge=analysed, view=view, user=pat)
    blind = summary.themes[theme.pk]
    assert not blind.visible and blind.submitted == 1
    assert blind.means == {} and blind.sheets == [] and blind.overall is None
    assert not summary.agreement_visible and summary.alpha == {}
    # Submitting needs every criterion.
    with pytest.raises(InvalidInput):
        services.sheet_save(member=pat, identity=theme.identity, values={"doable": 2}, submit=True)
    services.sheet_save(
        member=pat, identity=theme.identity, values=all_scores(3, rubric), submit=True
    )
    seen = selectors.panel_summary(challenge=analysed, view=view, user=pat).themes[theme.pk]
    assert seen.visible and seen.submitted == 2
    assert seen.means["doable"] == 4.0 and seen.spreads["doable"] == 1.0
    # Others by their number on the panel (Pat was appointed first, Pia second), never a name.
    assert {s["label"] for s in seen.sheets} == {"You", "Member 2"}
    assert "Strong" in [s["note"] for s in seen.sheets]
    # A submitted sheet is final.
    with pytest.raises(Conflict):
        services.sheet_save(member=pat, identity=theme.identity, values=all_scores(1, rubric))


def test_only_panel_members_score_and_values_are_checked(analysed, pat, ed, olive, alice):
    theme = selectors.curated_themes(challenge=analysed).themes[0]
    for person in (ed, olive, alice):
        with pytest.raises(NotAllowed):
            services.sheet_save(member=person, identity=theme.identity, values={"doable": 3})
    for bad in (0, 6, "x", 2.5e9):
        with pytest.raises(InvalidInput):
            services.sheet_save(member=pat, identity=theme.identity, values={"doable": bad})
    with pytest.raises(InvalidInput):
        services.sheet_save(member=pat, identity=theme.identity, values={"nonsense": 3})
    assert not ScoreSheet.objects.filter(member=pat).exists()
    analysed.phase = Phase.PUBLISHED
    analysed.save()
    identity = ThemeIdentity.objects.get(pk=theme.pk)
    with pytest.raises(NotAllowed):
        services.sheet_save(member=pat, identity=identity, values={"doable": 3})


def test_agreement_is_krippendorffs_ordinal_alpha_across_themes(analysed, pat, pia):
    view = selectors.curated_themes(challenge=analysed)
    rubric = selectors.criteria(challenge=analysed)
    # Two members who rank the themes the same way, one point apart.
    for n, theme in enumerate(view.themes):
        level = 1 + n % 4
        services.sheet_save(
            member=pat, identity=theme.identity, values=all_scores(level, rubric), submit=True
        )
        services.sheet_save(
            member=pia, identity=theme.identity, values=all_scores(level + 1, rubric), submit=True
        )
    summary = selectors.panel_summary(challenge=analysed, view=view, user=pat)
    assert summary.agreement_visible and summary.members == 2
    assert set(summary.alpha) == {c.key for c in rubric}
    levels = [1 + n % 4 for n in range(len(view.themes))]
    expected = krippendorff_alpha([levels, [v + 1 for v in levels]], level="ordinal")
    assert 0 < expected < 1
    assert summary.alpha == {c.key: round(expected, 3) for c in rubric}
    # Pooled over every criterion: the same data four times, so nearly the same alpha.
    assert summary.alpha_overall == pytest.approx(expected, abs=0.05)


def test_shortlist_decisions_need_a_reason_and_the_members_own_scores(analysed, pat, olive, ed):
    theme = selectors.curated_themes(challenge=analysed).themes[0]
    rubric = selectors.criteria(challenge=analysed)
    with pytest.raises(NotAllowed):  # pat has not scored it yet
        services.decision_record(
            user=pat, identity=theme.identity, decision="shortlisted", rationale="Because it is."
        )
    with pytest.raises(NotAllowed):  # editors do not decide
        services.decision_record(
            user=ed, identity=theme.identity, decision="shortlisted", rationale="Because it is."
        )
    services.sheet_save(
        member=pat, identity=theme.identity, values=all_scores(4, rubric), submit=True
    )
    with pytest.raises(InvalidInput):
        services.decision_record(
            user=pat, identity=theme.identity, decision="shortlisted", rationale=" "
        )
    with pytest.raises(InvalidInput):
        services.decision_record(
            user=pat, identity=theme.identity, decision="maybe", rationale="Long enough reason"
        )
    services.decision_record(
        user=pat, identity=theme.identity, decision="shortlisted", rationale="Strong support."
    )
    services.decision_record(
        user=olive, identity=theme.identity, decision="not_shortlisted", rationale="Out of scope."
    )
    current = selectors.decisions(challenge=analysed)[theme.pk]
    assert current.decision == Decision.NOT_SHORTLISTED and current.decided_by == olive
    assert [d.rationale for d in selectors.decision_history(identity_id=theme.pk)] == [
        "Out of scope.",
        "Strong support.",
    ]


def test_a_panel_member_of_another_challenge_cannot_score_or_decide(analysed, password_hash):
    other = make_challenge(slug="elsewhere")
    outsider = appoint(other, make_user("oscar", password_hash), RoleKind.PANEL)
    theme = selectors.curated_themes(challenge=analysed).themes[0]
    with pytest.raises(NotAllowed):
        services.sheet_save(member=outsider, identity=theme.identity, values={"doable": 3})
    with pytest.raises(NotAllowed):
        services.decision_record(
            user=outsider, identity=theme.identity, decision="shortlisted", rationale="Not mine."
        )


def test_organisers_change_the_rubric_in_the_admin_and_it_is_logged(
    analysed, olive, pat, client_for
):
    from guide.models import CurationKind, CurationStep

    admin = client_for(olive)
    added = admin.post(
        "/admin/guide/criterion/add/",
        {
            "challenge": analysed.pk,
            "key": "safe",
            "label": "Safe for patients",
            "description": "No new risk.",
            "position": 9,
        },
    )
    assert added.status_code == 302
    rubric = selectors.criteria(challenge=analysed)
    assert rubric[-1].label == "Safe for patients"
    theme = selectors.curated_themes(challenge=analysed).themes[0]
    with pytest.raises(InvalidInput):  # the new criterion is needed to submit
        services.sheet_save(
            member=pat,
            identity=theme.identity,
            values={c.key: 3 for c in rubric[:-1]},
            submit=True,
        )
    services.sheet_save(
        member=pat, identity=theme.identity, values={c.key: 3 for c in rubric}, submit=True
    )
    # A scored criterion stays: deleting it is refused; the challenge itself can go.
    scored = rubric[-1]
    refused = admin.post(f"/admin/guide/criterion/{scored.pk}/delete/", {"post": "yes"})
    assert Criterion.objects.filter(pk=scored.pk).exists(), refused.status_code
    step = CurationStep.objects.get(kind=CurationKind.RUBRIC)
    assert step.actor == olive and "Safe for patients" in step.summary
    # Panel members cannot reach the rubric.
    assert client_for(pat).get("/admin/guide/criterion/").status_code == 302
