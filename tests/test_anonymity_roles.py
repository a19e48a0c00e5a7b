"""Anonymity per role: every role crawls what it can reach — pages, API, exports — in a
challenge that every kind of person has worked on, and finds nobody else's identity.

Contributors, moderators, panel members, editors and the organiser all get distinctive names,
emails and user ids. Staff act on each other's work (a decision appealed to a second
moderator, two panel members scoring and deciding, an organiser curating, an editor
publishing), so their records are on the pages the others see. To each other they are
"Moderator N", "Member N", "Editor N" or "Organiser"; a contributor is a pseudonym.
"""

import io
import zipfile

import pytest
from django.test import Client
from pypdf import PdfReader

from accounts.models import User
from tests.conftest import PASSWORD, api_client_for, make_user
from tests.test_anonymity import (  # noqa: F401 (world is a fixture)
    _identities,
    _theme_seeds,
    assert_no_identity,
    crawl,
    seeds_for,
    world,
)

STAFF_IDS = iter(range(987_660_001, 987_661_000))


# Names for staff who are not among the shared personas: distinctive, so any leak is found.
EXTRA_NAMES = {"mia": ("Miabella", "Moderatrix-Quill"), "pia": ("Piatrice", "Panelwright-Vale")}
# Words in the world's texts that are not identities ("The viewer's own idea").
NOT_IDENTITIES = {"viewer", "Viewer", "Person"}


def _staff(name: str, password_hash: str, **extra) -> User:
    """A member of staff with a distinctive id, so a leaked id is recognisable."""
    if name in EXTRA_NAMES:
        extra = {"first_name": EXTRA_NAMES[name][0], "last_name": EXTRA_NAMES[name][1]} | extra
    user = make_user(name, password_hash, **extra)
    pk = next(STAFF_IDS)
    User.objects.filter(pk=user.pk).update(id=pk)
    return User.objects.get(pk=pk)


@pytest.fixture
def staffed_world(world, password_hash):  # noqa: F811 (the fixture imported above)
    from analysis import services as analysis_services
    from analysis.models import RunStatus
    from guide import selectors as guide_selectors
    from guide import services as guide_services
    from ideas.models import Challenge, Phase, RoleKind
    from moderation import services as moderation_services
    from moderation.models import Case

    challenge = world["challenge"]
    people = {
        "mo": _staff("mo", password_hash),
        "mia": _staff("mia", password_hash),
        "pat": _staff("pat", password_hash),
        "pia": _staff("pia", password_hash),
        "ed": _staff("ed", password_hash),
        "olive": _staff("olive", password_hash, is_staff=True),
    }
    for name, kind in [
        ("mo", RoleKind.MODERATOR),
        ("mia", RoleKind.MODERATOR),
        ("pat", RoleKind.PANEL),
        ("pia", RoleKind.PANEL),
        ("ed", RoleKind.EDITOR),
    ]:
        challenge.roles.create(user=people[name], kind=kind)
    bob = User.objects.get(email="bob.builder@example.com")

    # Moderation: mo hides a comment and mutes its author; bob appeals and mia decides it.
    moderation_services.report_file(user=world["viewer"], item=world["comment"], reason="offensive")
    decision = moderation_services.decision_make(
        moderator=people["mo"],
        case=Case.objects.get(comment=world["comment"]),
        action="hide",
        reason="Off topic.",
        sanction="mute",
        sanction_days=2,
    )
    moderation_services.appeal_file(user=bob, decision=decision, text="It was on topic.")
    moderation_services.appeal_decide(
        moderator=people["mia"],
        appeal=decision.appeal,
        uphold=False,
        reason="On reflection it is on topic.",
    )

    # Analysis, the panel and the guide, each step by a different person.
    run = analysis_services.run_create(
        user=people["olive"], challenge=challenge, k=2, enqueue=False
    )
    assert analysis_services.run_execute(run_id=run.pk).status == RunStatus.SUCCEEDED
    view = guide_selectors.curated_themes(challenge=challenge)
    rubric = guide_selectors.criteria(challenge=challenge)
    first = view.themes[0]
    guide_services.theme_rename(user=people["olive"], identity=first.identity, name="Named once")
    for member in (people["pat"], people["pia"]):
        for theme in view.themes:
            guide_services.sheet_save(
                member=member,
                identity=theme.identity,
                values={c.key: 4 for c in rubric},
                note="Solid.",
                submit=True,
            )
    for theme in view.themes:
        guide_services.decision_record(
            user=people["pat"],
            identity=theme.identity,
            decision="shortlisted",
            rationale="Strong support across roles.",
        )
    guide_services.decision_record(
        user=people["olive"],
        identity=first.identity,
        decision="shortlisted",
        rationale="Confirmed by the organiser.",
    )
    for contribution in guide_selectors.theme_members(theme=first, limit=1):
        guide_services.exemplar_pick(
            user=people["pia"], identity=first.identity, contribution=contribution
        )
    guide = guide_services.guide_get_or_create(user=people["ed"], challenge=challenge)
    for theme in view.themes:
        guide_services.section_add(user=people["ed"], guide=guide, identity=theme.identity)
    guide_services.guide_publish(user=people["ed"], guide=guide)
    Challenge.objects.filter(pk=challenge.pk).update(phase=Phase.PUBLISHED)
    world.update(people=people, run=run, view=view)
    return world


def _everything(scene) -> list[str]:
    slug = scene["challenge"].slug
    seeds = [*seeds_for(scene), *_theme_seeds(scene)]
    seeds += [
        "/account/",
        "/moderation/",
        f"/moderation/{slug}/",
        f"/moderation/{slug}/?state=closed",
        f"/moderation/{slug}/audit/",
        f"/challenges/{slug}/transparency/",
        f"/api/moderation/{slug}/cases/?state=closed",
        "/panel/",
        f"/challenges/{slug}/panel/",
        f"/challenges/{slug}/panel/log/",
        f"/api/challenges/{slug}/panel/",
        f"/challenges/{slug}/guide/",
        f"/challenges/{slug}/guide/edit/",
        f"/challenges/{slug}/guide/preview/",
        f"/api/challenges/{slug}/guide/",
        f"/api/challenges/{slug}/guide/?draft=1",
    ]
    from moderation.models import Case

    for case in Case.objects.all():
        seeds += [f"/moderation/cases/{case.pk}/", f"/api/moderation/cases/{case.pk}/"]
    for theme in scene["view"].themes:
        seeds.append(f"/challenges/{slug}/panel/themes/{theme.pk}/")
    return seeds


def _exports(client, slug: str) -> dict[str, str]:
    """Every export the client may download, as text."""
    found = {}
    for fmt in ("html", "md", "json", "csv", "pdf", "polis"):
        for draft in ("", "?draft=1"):
            path = f"/challenges/{slug}/guide/export/{fmt}/{draft}"
            response = client.get(path)
            assert response.status_code < 500, path
            if response.status_code != 200:
                continue
            if fmt == "pdf":
                reader = PdfReader(io.BytesIO(response.content))
                found[path] = "\n".join(page.extract_text() for page in reader.pages)
            elif fmt == "polis":
                with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
                    found[path] = "\n".join(
                        archive.read(name).decode() for name in archive.namelist()
                    )
            else:
                found[path] = response.content.decode()
    return found


ROLES = ["visitor", "contributor", "mo", "mia", "pat", "pia", "ed", "olive"]


@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_nobody_elses_identity(staffed_world, role):
    scene = staffed_world
    people = scene["people"]
    client = Client()
    me = None
    if role == "contributor":
        me = scene["viewer"]
    elif role != "visitor":
        me = people[role]
    if me is not None:
        client.force_login(me)
    bodies = crawl(client, _everything(scene))
    bodies |= _exports(client, scene["challenge"].slug)
    # The crawl reached the records staff made about each other, where the role may see them.
    everything = "\n".join(bodies.values())
    if role in ("mo", "mia", "olive"):
        assert "Moderator 1" in everything and "Moderator 2" in everything
    if role in ("pat", "pia", "ed", "olive"):
        assert "Member 1" in everything and "Member 2" in everything
        assert "Organiser" in everything  # the organiser's rename and decision
    if role in ("ed", "olive"):
        assert "Editor 1" in everything  # who published the guide
    if role in ("visitor", "contributor"):
        assert "Named once" in everything  # the published guide and themes were crawled
    others = [user for user in User.objects.all() if user != me]
    # Contributors' identities are already in the scene; staff ones too now (and anyone
    # erased is in scene["identities"]).
    identities = scene["identities"] | _identities(others)
    assert_no_identity(bodies, {k: v for k, v in identities.items() if k not in NOT_IDENTITIES})


def test_erased_staff_leave_their_records_and_no_trace_of_themselves(staffed_world):
    """Moderators, panel members and editors can erase their accounts; what they did stays
    under their label, and nothing of their name or email remains anywhere."""
    from guide.models import CurationStep, GuideVersion, ScoreSheet, ShortlistDecision
    from moderation.models import Appeal, Decision, Sanction

    scene = staffed_world
    people = scene["people"]
    gone = {name: people[name] for name in ("mo", "mia", "pat", "ed")}
    traces = _identities(gone.values())
    sheets_before = ScoreSheet.objects.filter(member=people["pat"], submitted_at__isnull=False)
    submitted = sheets_before.count()
    assert submitted > 0
    # Every role can erase itself, by API and by page (this used to be a 500 for moderators).
    for name, user in gone.items():
        if name in ("mo", "pat"):
            response = api_client_for(user).delete("/api/me/", {"password": PASSWORD}, "json")
            assert response.status_code == 204, response.content
        else:
            page = Client()
            page.force_login(user)
            response = page.post("/account/erase/", {"password": PASSWORD})
            assert response.status_code == 302, response.content.decode()[:2000]
    assert not User.objects.filter(pk__in=[u.pk for u in gone.values()]).exists()
    # The records stay, with labels and no link.
    assert Decision.objects.filter(moderator_label="Moderator 1", moderator=None).exists()
    assert Sanction.objects.filter(moderator_label="Moderator 1", moderator=None).exists()
    assert Appeal.objects.filter(decided_by_label="Moderator 2", decided_by=None).exists()
    assert ScoreSheet.objects.filter(member=None, member_label="Member 1").count() == submitted
    assert ShortlistDecision.objects.filter(decided_by=None, decided_by_label="Member 1").exists()
    assert GuideVersion.objects.filter(published_by=None, published_by_label="Editor 1").exists()
    assert CurationStep.objects.filter(actor_label="Organiser").exists()
    # The panel's figures still count the erased member's scores.
    from guide import selectors as guide_selectors

    view = guide_selectors.curated_themes(challenge=scene["challenge"])
    summary = guide_selectors.panel_summary(
        challenge=scene["challenge"], view=view, user=people["olive"]
    )
    assert summary.members == 2
    assert all(scores.submitted == 2 for scores in summary.themes.values())
    # Nothing of the erased people anywhere the remaining staff and the public look.
    for viewer in (people["olive"], people["pia"], None):
        client = Client()
        if viewer is not None:
            client.force_login(viewer)
        bodies = crawl(client, _everything(scene))
        bodies |= _exports(client, scene["challenge"].slug)
        assert_no_identity(bodies, traces)
    # Nor in the database's text columns for the records they made.
    for model, fields in [
        (CurationStep, ["actor_label", "summary"]),
        (ShortlistDecision, ["decided_by_label", "rationale"]),
        (GuideVersion, ["published_by_label"]),
        (Decision, ["moderator_label", "reason"]),
    ]:
        for row in model.objects.values(*fields):
            text = " ".join(str(v) for v in row.values())
            for needle in traces:
                if not needle.isdigit():
                    assert needle not in text, (model.__name__, needle)


def test_the_personal_data_download_holds_everything_about_each_role(staffed_world):
    """Reports filed with their notes, notices, appeals, sanctions, decisions made, roles,
    scores, shortlist decisions, curation steps, published versions and runs started."""
    scene = staffed_world
    people = scene["people"]

    def data(user):
        response = api_client_for(user).get("/api/me/data/")
        assert response.status_code == 200
        return response.json()

    viewer = data(scene["viewer"])
    assert viewer["moderation"]["reports_filed"][0]["reason"] == "offensive"
    bob = data(User.objects.get(email="bob.builder@example.com"))
    assert bob["moderation"]["appeals"][0]["text"] == "It was on topic."
    assert bob["moderation"]["sanctions"][0]["kind"] == "mute"
    assert any("Off topic." in n["message"] for n in bob["moderation"]["notices"])
    mo = data(people["mo"])
    assert mo["roles"] == [
        {
            "challenge": scene["challenge"].slug,
            "role": "moderator",
            "shown_to_others_as": "Moderator 1",
            "appointed_at": mo["roles"][0]["appointed_at"],
        }
    ]
    assert mo["moderation"]["decisions_made"][0]["reason"] == "Off topic."
    assert mo["moderation"]["sanctions_imposed"][0]["kind"] == "mute"
    mia = data(people["mia"])
    assert mia["moderation"]["appeals_decided"][0]["shown_to_others_as"] == "Moderator 2"
    assert mia["moderation"]["decisions_made"][0]["on_appeal"] is True
    pat = data(people["pat"])
    guide_part = pat["panels_and_guide"]
    assert len(guide_part["score_sheets"]) == len(scene["view"].themes)
    assert guide_part["score_sheets"][0]["scores"] and guide_part["score_sheets"][0]["note"]
    assert guide_part["shortlist_decisions"][0]["shown_to_others_as"] == "Member 1"
    pia = data(people["pia"])
    assert pia["panels_and_guide"]["curation_steps"][0]["kind"] == "exemplar_add"
    ed = data(people["ed"])
    assert ed["panels_and_guide"]["guide_versions_published"][0]["version"] == 1
    olive = data(people["olive"])
    assert olive["account"]["is_organiser"] is True
    assert olive["analysis"]["runs_started"][0]["run"] == scene["run"].pk
    assert {s["kind"] for s in olive["panels_and_guide"]["curation_steps"]} == {"rename"}
    # One's own download names nobody else.
    for user in [scene["viewer"], *people.values()]:
        others = [u for u in User.objects.all() if u != user]
        identities = {k: v for k, v in _identities(others).items() if k not in NOT_IDENTITIES}
        assert_no_identity({"/api/me/data/": _without_own(data(user))}, identities)


def _without_own(data: dict) -> str:
    import json

    data = dict(data)
    data.pop("account")
    return json.dumps(data)
