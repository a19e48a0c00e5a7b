"""The guide: sections for shortlisted themes, order, text, versions, the document every
export renders (valid against docs/guide.schema.json), and the demo that builds it all."""

import json
from io import StringIO
from pathlib import Path

import jsonschema
import pytest
from django.core.management import call_command

from guide import rules, selectors, services
from guide.models import GuideVersion
from ideas import services as idea_services
from ideas.errors import Conflict, InvalidInput, NotAllowed
from ideas.models import Challenge, Contribution, Phase, Status

SCHEMA = json.loads((Path(__file__).parents[2] / "docs" / "guide.schema.json").read_text())


@pytest.fixture
def shortlist(analysed, olive):
    """The two largest themes shortlisted, the third not."""
    view = selectors.curated_themes(challenge=analysed)
    for n, theme in enumerate(view.themes[:3]):
        services.decision_record(
            user=olive,
            identity=theme.identity,
            decision="shortlisted" if n < 2 else "not_shortlisted",
            rationale="The panel's reasons, in full.",
        )
    return view.themes[:3]


def test_sections_come_from_shortlisted_themes_and_can_be_reordered(analysed, ed, shortlist):
    guide = services.guide_get_or_create(user=ed, challenge=analysed)
    first = services.section_add(user=ed, guide=guide, identity=shortlist[0].identity)
    second = services.section_add(user=ed, guide=guide, identity=shortlist[1].identity)
    assert first.title == shortlist[0].name
    with pytest.raises(InvalidInput):  # not shortlisted
        services.section_add(user=ed, guide=guide, identity=shortlist[2].identity)
    with pytest.raises(Conflict):
        services.section_add(user=ed, guide=guide, identity=shortlist[0].identity)
    services.section_move(user=ed, section=second, direction="up")
    assert [s.pk for s in guide.sections.order_by("position")] == [second.pk, first.pk]
    services.section_move(user=ed, section=second, direction="up")  # already first: no change
    assert [s.pk for s in guide.sections.order_by("position")] == [second.pk, first.pk]
    with pytest.raises(InvalidInput):
        services.section_move(user=ed, section=second, direction="sideways")
    services.section_update(user=ed, section=first, what_to_do="Protect the time.")
    with pytest.raises(InvalidInput):
        services.section_update(user=ed, section=first, title="  ")
    with pytest.raises(InvalidInput):
        services.section_update(user=ed, section=first, summary="x" * 10001)
    first.refresh_from_db()
    assert first.what_to_do == "Protect the time." and first.title == shortlist[0].name
    services.section_remove(user=ed, section=second)
    assert list(guide.sections.all()) == [first]


def test_only_editors_and_organisers_change_the_guide(analysed, ed, pat, alice, mo, shortlist):
    guide = services.guide_get_or_create(user=ed, challenge=analysed)
    section = services.section_add(user=ed, guide=guide, identity=shortlist[0].identity)
    for person in (pat, alice, mo, None):
        with pytest.raises(NotAllowed):
            services.guide_get_or_create(user=person, challenge=analysed)
        with pytest.raises(NotAllowed):
            services.guide_update(user=person, guide=guide, title="Mine", introduction="")
        with pytest.raises(NotAllowed):
            services.section_update(user=person, section=section, title="Mine")
        with pytest.raises(NotAllowed):
            services.section_move(user=person, section=section, direction="down")
        with pytest.raises(NotAllowed):
            services.section_remove(user=person, section=section)
        with pytest.raises(NotAllowed):
            services.guide_publish(user=person, guide=guide)
    assert not GuideVersion.objects.exists()
    section.refresh_from_db()
    assert section.title == shortlist[0].name


def test_publishing_freezes_a_version_and_the_document_follows_the_schema(
    analysed, ed, pat, bob, shortlist
):
    guide = services.guide_get_or_create(user=ed, challenge=analysed)
    with pytest.raises(InvalidInput):  # nothing to publish yet
        services.guide_publish(user=ed, guide=guide)
    with pytest.raises(selectors.NoPublishedGuide):
        selectors.guide_document(analysed)
    theme = shortlist[0]
    quoted, dropped = [Contribution.objects.get(pk=i) for i in theme.member_ids[:2]]
    for contribution in (quoted, dropped):
        services.exemplar_pick(user=pat, identity=theme.identity, contribution=contribution)
    tip = idea_services.comment_create(user=bob, contribution=quoted, body="Start with one ward.")
    services.tip_pick(user=pat, identity=theme.identity, comment=tip)
    services.section_add(user=ed, guide=guide, identity=theme.identity)
    services.guide_update(user=ed, guide=guide, title="What we heard", introduction="Hello.")
    one = services.guide_publish(user=ed, guide=guide)
    services.guide_update(user=ed, guide=guide, title="What we heard, again", introduction="")
    two = services.guide_publish(user=ed, guide=guide)
    assert (one.number, two.number) == (1, 2)

    document = selectors.guide_document(analysed)
    jsonschema.validate(document, SCHEMA)
    assert document["guide"]["version"] == 2 and document["guide"]["status"] == "published"
    section = document["sections"][0]
    assert section["title"] == theme.name and section["figures"]["size"] == theme.size
    assert [q["contribution_id"] for q in section["quotes"]] == [quoted.pk, dropped.pk]
    assert [t["comment_id"] for t in section["tips"]] == [tip.pk]
    assert section["quotes"][0]["pseudonym"] == quoted.author.pseudonym

    # Withdrawn after publication: it leaves the published guide at once.
    Contribution.objects.filter(pk=dropped.pk).update(status=Status.WITHDRAWN)
    again = selectors.guide_document(analysed)
    assert [q["contribution_id"] for q in again["sections"][0]["quotes"]] == [quoted.pk]
    draft = selectors.guide_document(analysed, draft=True)
    jsonschema.validate(draft, SCHEMA)
    assert draft["guide"]["status"] == "draft" and draft["guide"]["version"] is None


def test_the_public_guide_waits_for_the_published_phase(analysed):
    assert not rules.can_see_public_guide(analysed)
    analysed.phase = Phase.PUBLISHED
    assert rules.can_see_public_guide(analysed)


def test_seed_demo_with_guide_takes_a_challenge_through_the_whole_journey(db):
    out = StringIO()
    call_command("seed_demo", "--contributions", "150", "--with-guide", stdout=out)
    finished = Challenge.objects.get(slug="nhs-change-challenge-2014")
    assert finished.phase == Phase.PUBLISHED
    assert Challenge.objects.get(slug="nhs-change-challenge").phase == Phase.OPEN
    document = selectors.guide_document(finished)
    jsonschema.validate(document, SCHEMA)
    assert 1 <= len(document["sections"]) <= 5
    assert all(s["quotes"] for s in document["sections"])
    view = selectors.curated_themes(challenge=finished)
    summary = selectors.panel_summary(challenge=finished, view=view, user=None)
    assert summary.members == 3 and summary.alpha_overall is not None
    assert "published" in out.getvalue()
    # Again with --reset: everything replaced, nothing left behind.
    call_command("seed_demo", "--contributions", "150", "--with-guide", "--reset", stdout=out)
    assert GuideVersion.objects.filter(guide__challenge__slug=finished.slug).count() == 1
