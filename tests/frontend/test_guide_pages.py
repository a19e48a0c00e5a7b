"""Pages for expert panels and the guide: who may see and change what, scoring, decisions,
curation, the guide editor, the public guide and its downloads — all without JavaScript."""

import io
import json
import re
import zipfile

import pytest
from django.test import Client
from django.urls import reverse

from analysis.models import ThemeIdentity
from guide import selectors, services
from guide.models import (
    CurationKind,
    CurationStep,
    Decision,
    Exemplar,
    GuideSection,
    GuideVersion,
    ScoreSheet,
    ShortlistDecision,
    ThemeMerge,
    Tip,
)
from ideas import services as idea_services
from ideas.models import Contribution, Phase, RoleKind
from tests.conftest import PERSONAS, make_challenge, make_user
from tests.frontend.test_pages import page_patterns
from tests.guide.conftest import appoint

# Views for the panel's and editors' eyes only.
PANEL_VIEWS = {
    "panel",
    "panel_log",
    "panel_theme",
    "panel_score",
    "panel_decide",
    "panel_rename",
    "panel_merge",
    "panel_split",
    "panel_move",
    "panel_exemplar",
    "panel_tip",
}
EDITOR_VIEWS = {
    "guide_edit",
    "guide_section_add",
    "guide_section",
    "guide_section_move",
    "guide_section_remove",
    "guide_publish",
    "guide_preview",
}
# Public once the guide is published (404 before); downloads of the working copy and the
# Pol.is file are for editors only.
PUBLIC_ONCE_PUBLISHED = {"guide", "guide_export"}
DOCUMENT_TYPES = {
    "html": "text/html",
    "pdf": "application/pdf",
    "md": "text/markdown",
    "json": "application/json",
    "csv": "text/csv",
    "polis": "application/zip",
}


def guide_patterns():
    return [
        p
        for p in page_patterns()
        if p.name in PANEL_VIEWS | EDITOR_VIEWS | PUBLIC_ONCE_PUBLISHED | {"panel_index"}
    ]


def path_of(pattern, challenge, **values):
    values = {"slug": challenge.slug, "identity_id": 1, "section_id": 1, "fmt": "html"} | values
    kwargs = {name: values[name] for name in pattern.pattern.converters}
    return reverse(f"frontend:{pattern.name}", kwargs=kwargs)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def theme_url(challenge, identity_id, action=""):
    url = f"/challenges/{challenge.slug}/panel/themes/{identity_id}/"
    return f"{url}{action}/" if action else url


def scores(value, **extra):
    values = {f"score_{key}": value for key in ("crowd", "doable", "innovative", "building_block")}
    return values | extra


def submit(member, identity, value=4):
    rubric = selectors.criteria(challenge=identity.challenge)
    return services.sheet_save(
        member=member, identity=identity, values={c.key: value for c in rubric}, submit=True
    )


def shortlist(member, identity):
    submit(member, identity)
    services.decision_record(
        user=member,
        identity=identity,
        decision=Decision.SHORTLISTED,
        rationale="Doable and backed.",
    )


# --- who may do what ----------------------------------------------------------------------


def test_every_guide_view_is_protected(challenge, alice, password_hash):
    """A sweep over every new URL pattern, as each role (like i-dot-ai/consult's
    test_login_required): the wrong person never gets in, whatever the method."""
    moderator = appoint(challenge, make_user("mo", password_hash), RoleKind.MODERATOR)
    panel = appoint(challenge, make_user("pat", password_hash), RoleKind.PANEL)
    editor = appoint(challenge, make_user("ed", password_hash), RoleKind.EDITOR)
    patterns = guide_patterns()
    assert {p.name for p in patterns} >= PANEL_VIEWS | EDITOR_VIEWS | PUBLIC_ONCE_PUBLISHED
    visitors = {
        "anonymous": Client(),
        "alice": signed_in(alice),
        "mo": signed_in(moderator),
        "pat": signed_in(panel),
        "ed": signed_in(editor),
    }
    checked = 0
    for pattern in patterns:
        path = path_of(pattern, challenge)
        for who, client in visitors.items():
            for method in ("get", "post"):
                response = getattr(client, method)(path)
                status = response.status_code
                where = (who, method, path, status)
                if status == 405 and method == "get" and who != "anonymous":
                    continue  # a form's target: the post below is what must be refused
                if pattern.name in PUBLIC_ONCE_PUBLISHED:
                    # Not published: nothing to see, for anyone but the editors' drafts.
                    assert status == 404, where
                elif who == "anonymous":
                    assert status == 302, where
                    assert response["Location"].startswith("/account/signin/"), where
                elif pattern.name == "panel_index":
                    assert status == (200 if who in {"pat", "ed"} else 403), where
                elif (
                    who in {"alice", "mo"}
                    or (pattern.name in EDITOR_VIEWS and who == "pat")
                    or (pattern.name in {"panel_score", "panel_decide"} and who == "ed")
                ):
                    assert status == 403, where
                else:  # let in: the page, an empty form's errors, or no theme/section 1
                    assert status in {200, 302, 400, 404, 405}, where
                checked += 1
    assert len(patterns) == 21 and checked >= 150
    # Drafts and the Pol.is file are the editors'.
    export = f"/challenges/{challenge.slug}/guide/export"
    response = Client().get(f"{export}/polis/")
    assert response.status_code == 302 and response["Location"].startswith("/account/signin/")
    assert Client().get(f"{export}/html/?draft=1").status_code == 302
    assert visitors["alice"].get(f"{export}/polis/").status_code == 403
    assert visitors["pat"].get(f"{export}/md/?draft=1").status_code == 403
    assert visitors["ed"].get(f"{export}/exe/").status_code == 404


def test_a_theme_of_another_challenge_or_merged_away_is_not_found(analysed, pat, client_for):
    page = client_for(pat)
    other = make_challenge(slug="elsewhere")
    stranger = ThemeIdentity.objects.create(challenge=other, name="Not this one")
    assert page.get(theme_url(analysed, stranger.pk)).status_code == 404
    assert page.post(theme_url(analysed, stranger.pk, "rename"), {"name": "x"}).status_code == 404
    assert page.get(theme_url(analysed, 10**9)).status_code == 404
    view = selectors.curated_themes(challenge=analysed)
    a, b = view.themes[0], view.themes[1]
    services.theme_merge(user=pat, source=a.identity, target=b.identity)
    assert page.get(theme_url(analysed, a.pk)).status_code == 404
    assert page.get(theme_url(analysed, b.pk)).status_code == 200
    # A panel member of this challenge is nobody on another challenge's panel.
    assert page.get(f"/challenges/{other.slug}/panel/").status_code == 403


# --- the panel ------------------------------------------------------------------------------


def test_panel_pages_show_each_role_what_it_may_see(analysed, pat, pia, ed, mo, olive, alice):
    view = selectors.curated_themes(challenge=analysed)
    theme = view.themes[0]
    submit(pia, theme.identity, value=5)
    panel = f"/challenges/{analysed.slug}/panel/"
    # Pat has not scored: the panel's scores are hidden from him, not from ed or olive.
    page = signed_in(pat).get(panel)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Hidden until you submit" in text and "Not started" in text
    assert "Agreement is shown once you have submitted" in text
    for theme_row in view.themes:
        assert theme_row.name in text
    for person in (ed, olive):
        text = signed_in(person).get(panel).content.decode()
        assert "Hidden until you submit" not in text and "Doable: 5.0" in text
    # Each role finds the panel from the header and the themes page.
    themes_page = signed_in(ed).get(f"/challenges/{analysed.slug}/themes/").content.decode()
    assert f'href="{panel}"' in themes_page and "/guide/edit/" in themes_page
    assert "Panels and guides" in signed_in(pat).get("/account/").content.decode()
    assert "Panels and guides" not in signed_in(alice).get("/account/").content.decode()
    index = signed_in(pat).get("/panel/").content.decode()
    assert f'href="{panel}"' in index and "/guide/edit/" not in index
    # The theme page: figures, contributions by pseudonym, the scoring form for pat only.
    page = signed_in(pat).get(theme_url(analysed, theme.pk))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Submit scores" in text and "Save draft" in text and "Submitting is final" in text
    assert "The panel&#39;s scores are hidden until you submit yours" in text
    first = selectors.theme_members(theme=theme, limit=1)[0]
    assert first.author.pseudonym in text
    assert "Supported by the crowd" in text and "A team could start on it" in text
    editor_page = signed_in(ed).get(theme_url(analysed, theme.pk)).content.decode()
    assert "Submit scores" not in editor_page and "Member 2" in editor_page  # pia, by number
    assert signed_in(mo).get(theme_url(analysed, theme.pk)).status_code == 403
    assert signed_in(alice).get(panel).status_code == 403
    # Nothing names a contributor.
    for client in (signed_in(pat), signed_in(ed)):
        for url in (panel, theme_url(analysed, theme.pk), f"{panel}log/"):
            body = client.get(url).content.decode()
            for email, _, last_name in PERSONAS.values():
                if email.startswith(("alice", "bob")):
                    assert email not in body and last_name not in body


def test_scoring_through_the_page(analysed, pat, pia, client_for):
    theme = selectors.curated_themes(challenge=analysed).themes[0]
    page = client_for(pat)
    score_url = theme_url(analysed, theme.pk, "score")
    # A value off the scale: 400, the error summary, the other answers kept, nothing saved.
    bad = page.post(score_url, scores("3", score_doable="9", note="Kept", action="draft"))
    assert bad.status_code == 400
    text = bad.content.decode()
    assert "There is a problem" in text and "Score “Doable” from 1 to 5." in text
    assert "<title>Error:" in text and "Kept" in text
    assert not ScoreSheet.objects.filter(member=pat).exists()
    # A draft: saved, private, and the form comes back filled in.
    response = page.post(score_url, {"score_doable": "2", "note": "Early days", "action": "draft"})
    assert response.status_code == 302 and response["Location"].endswith("#scores")
    sheet = ScoreSheet.objects.get(member=pat)
    assert not sheet.submitted and [s.value for s in sheet.scores.all()] == [2]
    text = page.get(theme_url(analysed, theme.pk)).content.decode()
    assert re.search(r'value="2"\s+checked', text) and "Early days" in text
    assert "Your draft scores have been saved" in text
    assert "Draft" in page.get(f"/challenges/{analysed.slug}/panel/").content.decode()
    # Submitting needs every criterion.
    missing = page.post(score_url, {"score_doable": "2", "action": "submit"})
    assert missing.status_code == 400 and "before you submit" in missing.content.decode()
    assert not ScoreSheet.objects.get(member=pat).submitted
    # Submitted: final, and now pat sees the panel's scores once another member submits.
    assert page.post(score_url, scores("4", action="submit")).status_code == 302
    assert ScoreSheet.objects.get(member=pat).submitted
    submit(pia, theme.identity, value=2)
    text = page.get(theme_url(analysed, theme.pk)).content.decode()
    assert "Submit scores" not in text and "You submitted your scores" in text
    assert ">You<" in text and ">Member 2<" in text and "3.00" in text  # (4 + 2) / 2
    assert "Patricia" not in text.split("Curation")[0]  # scores are never labelled by name
    again = page.post(score_url, scores("1", action="draft"))
    assert again.status_code == 400 and "already submitted" in again.content.decode()
    assert {s.value for s in ScoreSheet.objects.get(member=pat).scores.all()} == {4}
    panel = page.get(f"/challenges/{analysed.slug}/panel/").content.decode()
    assert "Doable: 3.0 (±1.0)" in panel and "Submitted" in panel


def test_a_shortlist_decision_through_the_page(analysed, pat, ed, olive, client_for):
    theme = selectors.curated_themes(challenge=analysed).themes[0]
    page = client_for(pat)
    decide_url = theme_url(analysed, theme.pk, "decide")
    decision = {"decision": "shortlisted", "rationale": "Widely backed and doable now."}
    # Pat must score first: the page says why, and a post is refused.
    assert "Submit your own scores for this theme before" in (
        page.get(theme_url(analysed, theme.pk)).content.decode()
    )
    assert page.post(decide_url, decision).status_code == 403
    assert client_for(ed).post(decide_url, decision).status_code == 403
    submit(pat, theme.identity)
    short = page.post(decide_url, {"decision": "shortlisted", "rationale": "Yes"})
    assert short.status_code == 400 and "Give the reason" in short.content.decode()
    assert page.post(decide_url, {"decision": "maybe", "rationale": "x" * 20}).status_code == 400
    assert not ShortlistDecision.objects.exists()
    assert page.post(decide_url, decision).status_code == 302
    # Organisers decide without scoring; the newest decision stands, the history stays.
    changed = {"decision": "not_shortlisted", "rationale": "Overlaps with another theme."}
    assert client_for(olive).post(decide_url, changed).status_code == 302
    text = page.get(theme_url(analysed, theme.pk)).content.decode()
    assert "Overlaps with another theme." in text and "Widely backed and doable now." in text
    panel = page.get(f"/challenges/{analysed.slug}/panel/").content.decode()
    assert "Not shortlisted" in panel and "Overlaps with another theme." in panel
    assert ShortlistDecision.objects.filter(identity=theme.identity).count() == 2


def test_each_curation_action_through_its_page(analysed, pat, bob, client_for):
    view = selectors.curated_themes(challenge=analysed)
    theme, other, third = view.themes[0], view.themes[1], view.themes[2]
    page = client_for(pat)
    here = theme_url(analysed, theme.pk)
    # Rename (and a blank name comes back with its error).
    blank = page.post(here + "rename/", {"name": "   "})
    assert blank.status_code == 400 and "Give the theme a name" in blank.content.decode()
    response = page.post(here + "rename/", {"name": "Time to think"})
    assert response.status_code == 302
    assert "The theme has been renamed" in page.get(response["Location"]).content.decode()
    assert ThemeIdentity.objects.get(pk=theme.pk).name == "Time to think"
    # Move two selected contributions into another theme.
    moving = theme.member_ids[:2]
    response = page.post(here + "move/", {"contributions": moving, "target": other.pk})
    assert response.status_code == 302
    after = selectors.curated_themes(challenge=analysed)
    assert all(after.theme_of[c] == other.pk for c in moving)
    nothing = page.post(here + "move/", {"target": other.pk})
    assert nothing.status_code == 400 and "Select the contributions" in nothing.content.decode()
    # Pick and drop an exemplar, pick a tip.
    exemplar = theme.member_ids[3]
    assert page.post(here + "exemplar/", {"pick": exemplar}).status_code == 302
    assert Exemplar.objects.filter(identity=theme.pk, contribution=exemplar).exists()
    assert "Drop" in page.get(here).content.decode()
    assert page.post(here + "exemplar/", {"drop": exemplar}).status_code == 302
    assert not Exemplar.objects.filter(identity=theme.pk).exists()
    assert page.post(here + "exemplar/", {"pick": exemplar}).status_code == 302
    # A contribution from another theme cannot be this theme's exemplar: a message, no 500.
    wrong = page.post(here + "exemplar/", {"pick": third.member_ids[0]}, follow=True)
    assert wrong.status_code == 200 and "Pick an exemplar from this theme" in wrong.content.decode()
    current = selectors.curated_themes(challenge=analysed).get(theme.pk)
    candidates = list(selectors.tip_candidates(theme=current, limit=1))
    comment = candidates[0] if candidates else None
    if comment is None:  # the seed gave this theme no comments: add one
        comment = idea_services.comment_create(
            user=bob, contribution=exemplar_contribution(exemplar), body="Rota it in monthly."
        )
    assert f"comment {comment.pk}" in page.get(here).content.decode()
    assert page.post(here + "tip/", {"pick": comment.pk}).status_code == 302
    assert Tip.objects.filter(identity=theme.pk, comment=comment).exists()
    assert page.post(here + "tip/", {"drop": comment.pk}).status_code == 302
    assert not Tip.objects.filter(identity=theme.pk).exists()
    assert page.post(here + "tip/", {"pick": 10**9}).status_code == 404
    # Split into two, then merge the third theme into this one.
    response = page.post(here + "split/", {"parts": "2"})
    assert response.status_code == 302
    assert "split into 2 themes" in page.get(response["Location"]).content.decode()
    assert page.post(here + "split/", {"parts": "9"}).status_code == 400
    response = page.post(theme_url(analysed, third.pk, "merge"), {"target": theme.pk})
    assert response.status_code == 302 and response["Location"] == here
    assert ThemeMerge.objects.filter(identity=third.pk, into=theme.pk).exists()
    # Every step is in the log, on the theme's page and the whole log's.
    kinds = set(CurationStep.objects.values_list("kind", flat=True))
    assert kinds >= {
        CurationKind.RENAME,
        CurationKind.MOVE,
        CurationKind.EXEMPLAR_ADD,
        CurationKind.EXEMPLAR_REMOVE,
        CurationKind.TIP_ADD,
        CurationKind.TIP_REMOVE,
        CurationKind.SPLIT,
        CurationKind.MERGE,
    }
    log = page.get(f"/challenges/{analysed.slug}/panel/log/").content.decode()
    assert "Renamed" in log and "Split" in log
    # Pat appears as the panel's member 1, never by name.
    assert "Member 1" in log and "Patricia" not in log and "Panellist-Jones" not in log
    assert "Moved 2 contributions" in page.get(theme_url(analysed, other.pk)).content.decode()


def exemplar_contribution(pk):
    return Contribution.objects.get(pk=pk)


# --- the guide ------------------------------------------------------------------------------


@pytest.fixture
def shortlisted(analysed, pat):
    """Three shortlisted themes."""
    view = selectors.curated_themes(challenge=analysed)
    for theme in view.themes[:3]:
        shortlist(pat, theme.identity)
    return view.themes[:3]


def test_editor_builds_previews_and_publishes_the_guide(
    analysed, shortlisted, ed, pat, alice, client, client_for
):
    page = client_for(ed)
    edit = f"/challenges/{analysed.slug}/guide/edit/"
    assert client_for(pat).get(edit).status_code == 403
    text = page.get(edit).content.decode()
    for theme in shortlisted:
        assert theme.name in text
    assert "Add a section" in text and "No sections yet" in text
    # Title and introduction.
    blank = page.post(edit, {"title": " ", "introduction": "x"})
    assert blank.status_code == 400 and "Give the guide a title" in blank.content.decode()
    intro = "What 150 people told us.\n\nSecond paragraph with https://example.org/a?b=1&c=2"
    assert (
        page.post(edit, {"title": "Change from the floor", "introduction": intro}).status_code
        == 302
    )
    # Add a section per shortlisted theme; a theme that is not shortlisted is refused.
    for theme in shortlisted:
        response = page.post(f"{edit}sections/add/", {"identity": theme.pk})
        assert response.status_code == 302
    sections = list(GuideSection.objects.order_by("position"))
    assert [s.identity_id for s in sections] == [t.pk for t in shortlisted]
    not_listed = selectors.curated_themes(challenge=analysed).themes[4]
    refused = page.post(f"{edit}sections/add/", {"identity": not_listed.pk}, follow=True)
    assert "Only shortlisted themes" in refused.content.decode()
    # Reorder: the last moves up.
    last = sections[-1]
    assert page.post(f"{edit}sections/{last.pk}/move/", {"direction": "up"}).status_code == 302
    order = list(GuideSection.objects.order_by("position").values_list("pk", flat=True))
    assert order == [sections[0].pk, last.pk, sections[1].pk]
    # Edit a section; a blank title comes back with the text kept.
    section_url = f"{edit}sections/{sections[0].pk}/"
    fields = {
        "title": "Protected time to think",
        "summary": "People asked for time.\n\nAnd for trust.",
        "what_helps": "A rota with <b>slack</b> in it.",
        "what_gets_in_the_way": "Agency shifts.",
        "what_to_do": "Book it like a clinic.",
    }
    bad = page.post(section_url, fields | {"title": ""})
    assert bad.status_code == 400 and "Book it like a clinic." in bad.content.decode()
    assert page.post(section_url, fields).status_code == 302
    assert GuideSection.objects.get(pk=sections[0].pk).what_to_do == "Book it like a clinic."
    # Remove one; its theme can be added again.
    assert page.post(f"{edit}sections/{sections[1].pk}/remove/").status_code == 302
    assert GuideSection.objects.count() == 2
    assert shortlisted[1].name in page.get(edit).content.decode()
    # A section of another guide is not found.
    assert page.get(f"{edit}sections/{10**9}/").status_code == 404
    # Preview: the working copy, escaped, paragraphs, quotes by pseudonym.
    services.exemplar_pick(
        user=ed,
        identity=shortlisted[0].identity,
        contribution=exemplar_contribution(shortlisted[0].member_ids[0]),
    )
    preview = page.get(f"/challenges/{analysed.slug}/guide/preview/").content.decode()
    assert "Protected time to think" in preview and "It is not public" in preview
    assert "&lt;b&gt;slack&lt;/b&gt;" in preview and "<b>slack" not in preview
    assert '<p class="gs-body">And for trust.</p>' in preview
    quote = exemplar_contribution(shortlisted[0].member_ids[0])
    assert quote.author.pseudonym in preview
    assert f'href="/contributions/{quote.pk}/"' in preview
    assert 'rel="nofollow ugc noopener"' in preview
    assert client_for(pat).get(f"/challenges/{analysed.slug}/guide/preview/").status_code == 403
    # Publish: a version; the public page waits for the published phase.
    response = page.post(f"/challenges/{analysed.slug}/guide/edit/publish/", follow=True)
    assert "Version 1 of the guide has been published" in response.content.decode()
    assert GuideVersion.objects.filter(number=1).exists()
    public = f"/challenges/{analysed.slug}/guide/"
    assert client.get(public).status_code == 404
    assert "/guide/" not in client.get(f"/challenges/{analysed.slug}/").content.decode()
    analysed.phase = Phase.PUBLISHED
    analysed.save(update_fields=["phase"])
    shown = client.get(public)
    assert shown.status_code == 200
    text = shown.content.decode()
    assert "Change from the floor" in text and "Protected time to think" in text
    assert "What 150 people told us." in text and "It is not public" not in text
    for fmt in ("html", "pdf", "md", "json", "csv"):
        assert f"/guide/export/{fmt}/" in text
    assert "/guide/export/polis/" not in text
    assert f'href="{public}"' in client.get(f"/challenges/{analysed.slug}/").content.decode()
    assert client_for(alice).get(public).status_code == 200


def test_every_export_for_editors_and_the_public(
    analysed, shortlisted, ed, alice, client, client_for
):
    guide = services.guide_get_or_create(user=ed, challenge=analysed)
    section = services.section_add(user=ed, guide=guide, identity=shortlisted[0].identity)
    services.section_update(user=ed, section=section, title="Floor time for managers")
    base = f"/challenges/{analysed.slug}/guide/export"
    slug = analysed.slug
    editor = client_for(ed)
    # The working copy, before anything is published: every format for the editor.
    for fmt, media_type in DOCUMENT_TYPES.items():
        response = editor.get(f"{base}/{fmt}/?draft=1")
        assert response.status_code == 200, fmt
        assert response["Content-Type"].startswith(media_type), fmt
        assert "attachment" in response["Content-Disposition"], fmt
    assert b"Floor time for managers" in editor.get(f"{base}/html/?draft=1").content
    assert editor.get(f"{base}/html/?draft=1")["Content-Disposition"] == (
        f'attachment; filename="{slug}-guide-draft.html"'
    )
    # No published version yet: the published documents are not found, even for editors.
    assert editor.get(f"{base}/md/").status_code == 404
    assert client.get(f"{base}/csv/").status_code == 404
    services.guide_publish(user=ed, guide=guide)
    names = {
        "html": f"{slug}-guide.html",
        "pdf": f"{slug}-guide.pdf",
        "md": f"{slug}-guide.md",
        "json": f"{slug}-guide.json",
        "csv": f"{slug}-contributions.csv",
        "polis": f"{slug}-polis.zip",
    }
    for fmt, media_type in DOCUMENT_TYPES.items():
        response = editor.get(f"{base}/{fmt}/")
        assert response.status_code == 200, fmt
        assert response["Content-Type"].startswith(media_type), fmt
        assert response["Content-Disposition"] == f'attachment; filename="{names[fmt]}"'
    body = editor.get(f"{base}/pdf/").content
    assert body.startswith(b"%PDF")
    document = json.loads(editor.get(f"{base}/json/").content)
    assert document["guide"]["version"] == 1
    assert document["sections"][0]["title"] == "Floor time for managers"
    archive = zipfile.ZipFile(io.BytesIO(editor.get(f"{base}/polis/").content))
    assert {"comments.csv", "votes.csv"} <= set(archive.namelist())
    # The public: nothing until the published phase, then the guide and the open data.
    assert client.get(f"{base}/html/").status_code == 404
    analysed.phase = Phase.PUBLISHED
    analysed.save(update_fields=["phase"])
    for fmt in ("html", "pdf", "md", "json", "csv"):
        response = client.get(f"{base}/{fmt}/")
        assert response.status_code == 200, fmt
        assert response["Content-Type"].startswith(DOCUMENT_TYPES[fmt]), fmt
    assert client.get(f"{base}/polis/").status_code == 302
    assert client_for(alice).get(f"{base}/polis/").status_code == 403
    assert client_for(alice).get(f"{base}/html/?draft=1").status_code == 403
    assert client.get(f"{base}/docx/").status_code == 404
    csv_text = client.get(f"{base}/csv/").content.decode()
    assert "alice" not in csv_text.lower()
