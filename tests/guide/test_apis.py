"""The panel and guide API: as blind as the pages, permission-checked, clear on bad input."""

import pytest

from guide import selectors, services
from guide.models import ScoreSheet, ShortlistDecision
from ideas.models import Phase
from tests.conftest import api_client_for


@pytest.fixture
def theme(analysed):
    return selectors.curated_themes(challenge=analysed).themes[0]


def url(challenge, theme=None, what=""):
    base = f"/api/challenges/{challenge.slug}/panel/"
    return base if theme is None else f"{base}themes/{theme.pk}/{what}/"


def test_panel_scores_stay_blind_until_the_member_submits(analysed, theme, pat, pia):
    services.sheet_save(
        member=pia,
        identity=theme.identity,
        values={c.key: 4 for c in selectors.criteria(challenge=analysed)},
        submit=True,
    )
    client = api_client_for(pat)
    body = client.get(url(analysed)).json()
    row = next(t for t in body["themes"] if t["id"] == theme.pk)
    assert row["scores"]["visible"] is False and row["scores"]["means"] == {}
    assert row["scores"]["submitted"] == 1 and body["agreement_visible"] is False
    values = {c["key"]: 2 for c in body["criteria"]}
    saved = client.put(url(analysed, theme, "scores"), {"values": values, "submit": True}, "json")
    assert saved.status_code == 200 and saved.json()["submitted_at"]
    row = next(t for t in client.get(url(analysed)).json()["themes"] if t["id"] == theme.pk)
    assert row["scores"]["visible"] is True and row["scores"]["means"]["doable"] == 3.0


def test_bad_scores_are_refused_and_nothing_is_saved(analysed, theme, pat):
    client = api_client_for(pat)
    for payload in (
        {"values": {"doable": 9}},
        {"values": {"doable": "high"}},
        {"values": {"nonsense": 3}},
        {"values": {"doable": 3}, "submit": True},  # incomplete
        {"values": "all fives"},
    ):
        response = client.put(url(analysed, theme, "scores"), payload, "json")
        assert response.status_code == 400, payload
    assert not ScoreSheet.objects.exists()
    missing = client.put(f"/api/challenges/{analysed.slug}/panel/themes/999999/scores/", {})
    assert missing.status_code == 404


def test_the_wrong_people_cannot_score_decide_or_see_the_panel(analysed, theme, alice, ed, mo):
    for person in (alice, mo):
        assert api_client_for(person).get(url(analysed)).status_code == 403
    assert api_client_for(ed).get(url(analysed)).status_code == 200
    for person in (alice, mo, ed):
        client = api_client_for(person)
        scored = client.put(url(analysed, theme, "scores"), {"values": {"doable": 3}}, "json")
        assert scored.status_code == 403
        decided = client.post(
            url(analysed, theme, "decisions"),
            {"decision": "shortlisted", "rationale": "Because I say so."},
            "json",
        )
        assert decided.status_code == 403
    assert not ScoreSheet.objects.exists() and not ShortlistDecision.objects.exists()
    from rest_framework.test import APIClient

    assert APIClient().get(url(analysed)).status_code in (401, 403)


def test_organisers_record_decisions_with_a_reason(analysed, theme, olive):
    client = api_client_for(olive)
    empty = client.post(url(analysed, theme, "decisions"), {"decision": "shortlisted"}, "json")
    assert empty.status_code == 400
    made = client.post(
        url(analysed, theme, "decisions"),
        {"decision": "shortlisted", "rationale": "Strong and doable."},
        "json",
    )
    assert made.status_code == 201 and made.json()["decision"] == "shortlisted"


def test_the_guide_document_is_public_only_when_published(analysed, theme, olive, ed, alice):
    services.decision_record(
        user=olive, identity=theme.identity, decision="shortlisted", rationale="Strong enough."
    )
    guide = services.guide_get_or_create(user=ed, challenge=analysed)
    services.section_add(user=ed, guide=guide, identity=theme.identity)
    path = f"/api/challenges/{analysed.slug}/guide/"
    assert api_client_for(alice).get(path).status_code == 403
    assert api_client_for(ed).get(path).status_code == 404  # nothing published yet
    draft = api_client_for(ed).get(path + "?draft=1")
    assert draft.status_code == 200 and draft.json()["guide"]["status"] == "draft"
    services.guide_publish(user=ed, guide=guide)
    assert api_client_for(alice).get(path).status_code == 403  # not the published phase yet
    analysed.phase = Phase.PUBLISHED
    analysed.save()
    public = api_client_for(alice).get(path)
    assert public.status_code == 200 and public.json()["sections"][0]["theme_id"] == theme.pk
    assert api_client_for(alice).get(path + "?draft=1").status_code == 403
