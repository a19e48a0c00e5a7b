"""Shortlist decisions are as blind as the scores: a panel member who has not submitted their
own scores for a theme sees neither its decision nor the rationale (which quotes the panel's
figures), by API or by page. People on the panel appear as "Member N", never by name."""

import pytest

from guide import selectors, services
from tests.conftest import api_client_for

RATIONALE = "Ranked 2 of 13 by the panel (mean 4.17)."


@pytest.fixture
def decided(analysed, pat, pia):
    """Pia has scored and shortlisted the first theme; Pat has scored nothing."""
    theme = selectors.curated_themes(challenge=analysed).themes[0]
    rubric = selectors.criteria(challenge=analysed)
    services.sheet_save(
        member=pia, identity=theme.identity, values={c.key: 4 for c in rubric}, submit=True
    )
    services.decision_record(
        user=pia, identity=theme.identity, decision="shortlisted", rationale=RATIONALE
    )
    return theme


def _row(client, challenge, theme):
    body = client.get(f"/api/challenges/{challenge.slug}/panel/").json()
    return next(t for t in body["themes"] if t["id"] == theme.pk)


def test_a_member_who_has_not_scored_sees_no_decision_by_api(analysed, decided, pat, ed):
    row = _row(api_client_for(pat), analysed, decided)
    assert row["decision"] is None and row["rationale"] is None
    # Editors are not on the panel: they see it.
    seen = _row(api_client_for(ed), analysed, decided)
    assert seen["decision"] == "shortlisted" and seen["rationale"] == RATIONALE
    # A draft is not enough; a submission is.
    rubric = selectors.criteria(challenge=analysed)
    services.sheet_save(member=pat, identity=decided.identity, values={rubric[0].key: 3})
    assert _row(api_client_for(pat), analysed, decided)["rationale"] is None
    services.sheet_save(
        member=pat, identity=decided.identity, values={c.key: 3 for c in rubric}, submit=True
    )
    row = _row(api_client_for(pat), analysed, decided)
    assert row["decision"] == "shortlisted" and row["rationale"] == RATIONALE


def test_a_member_who_has_not_scored_sees_no_decision_on_the_pages(
    analysed, decided, pat, ed, client_for
):
    page = client_for(pat)
    panel = page.get(f"/challenges/{analysed.slug}/panel/").content.decode()
    theme_url = f"/challenges/{analysed.slug}/panel/themes/{decided.pk}/"
    theme_page = page.get(theme_url).content.decode()
    for text in (panel, theme_page):
        assert RATIONALE not in text and "Ranked 2 of 13" not in text
        assert "Shortlisted" not in text.replace("shortlisted", "")
    assert "show once you have submitted your own scores" in theme_page
    editor_page = client_for(ed).get(theme_url).content.decode()
    assert RATIONALE in editor_page
    assert "by Member 2" in editor_page  # pia, the panel's second member, never by name
    assert "Pia" not in editor_page and "pia@example.com" not in editor_page
