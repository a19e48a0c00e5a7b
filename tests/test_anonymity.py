"""Anonymity is a product promise: crawl everything a role can reach and look for identities.

Authors get distinctive emails, real names and user ids (large, unusual numbers), then every
page and API endpoint reachable by an anonymous visitor and by another contributor is fetched
— links and forms followed from the pages, and every API route filled in with real ids — and
no response may carry any author's email, email local part, real name or user id.
"""

import json
import re
from collections import deque
from urllib.parse import urljoin, urlparse

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from accounts.models import User
from ideas import services
from ideas.models import Comment, Contribution, Status
from tests.conftest import HOSTILE_BODY, make_challenge, make_user

MAX_PAGES = 400
LINK = re.compile(r"""(?:href|action)=["']([^"'#]+)""")
SKIP_PREFIXES = ("/static/", "/admin/", "/api/docs", "/api/redoc")


@pytest.fixture
def world(db, password_hash):
    """A challenge with authors in every state: published, held, hidden, withdrawn, erased."""
    challenge = make_challenge(slug="anon-crawl")
    q1, q2 = list(challenge.questions.all())[:2]
    authors = {}
    for index, name in enumerate(["alice", "bob", "dave", "erin"]):
        user = make_user(name, password_hash, role_group="nurse", country="GB")
        # Move each user to a distinctive id, so a leaked id is recognisable.
        User.objects.filter(pk=user.pk).update(id=987_650_000 + index)
        authors[name] = User.objects.get(pk=987_650_000 + index)
    alice, bob, dave, erin = authors.values()
    items = []
    for author, question in [(alice, q1), (bob, q2), (dave, q1), (erin, q2)]:
        items.append(
            services.contribution_create(
                user=author,
                question=question,
                body=f"{HOSTILE_BODY} by design",
                title="An idea worth trying",
                category=challenge.categories.first(),
            )
        )
    top = services.comment_create(
        user=bob, contribution=items[0], body="Building on this", is_implementation=True
    )
    services.comment_create(user=dave, contribution=items[0], body="Replying here", parent=top)
    services.vote_cast(user=bob, item=items[0], value=1)
    services.vote_cast(user=alice, item=top, value=-1)
    Contribution.objects.filter(pk=items[1].pk).update(status=Status.HELD)
    Contribution.objects.filter(pk=items[2].pk).update(status=Status.HIDDEN)
    services.contribution_withdraw(user=erin, contribution=items[3])
    viewer = make_user("viewer", password_hash)
    User.objects.filter(pk=viewer.pk).update(id=987_659_999)
    viewer = User.objects.get(pk=987_659_999)
    services.contribution_create(user=viewer, question=q1, body="The viewer's own idea")
    # An erased author: gone from accounts, still present as a pseudonym.
    erased = make_user("zed", password_hash)
    User.objects.filter(pk=erased.pk).update(id=987_659_998)  # a leaked id must be recognisable
    erased = User.objects.get(pk=987_659_998)
    services.contribution_create(user=erased, question=q1, body="Posted, then erased")
    identities = _identities([*authors.values(), erased])
    erased.participations.update(user=None)
    erased.delete()
    return {
        "challenge": challenge,
        "items": items,
        "comment": top,
        "viewer": viewer,
        "identities": identities,
    }


def _identities(users) -> dict[str, str]:
    found = {}
    for user in users:
        found[user.email] = f"email of {user.email}"
        found[user.email.split("@")[0]] = f"email local part of {user.email}"
        found[user.first_name] = f"first name of {user.email}"
        found[user.last_name] = f"last name of {user.email}"
        found[f"{user.first_name} {user.last_name}"] = f"full name of {user.email}"
        found[str(user.pk)] = f"user id of {user.email}"
    return found


def _api_paths(world) -> list[str]:
    """Every API route, filled with real ids and slugs."""
    values = {
        "slug": world["challenge"].slug,
        "pk": str(world["items"][0].pk),
    }
    paths = []

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                route = prefix + str(pattern.pattern)
                if not route.startswith("api/"):
                    continue
                path = "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values.get(m[1], "1"), route)
                paths.append(path)
                if "<int:pk>" in route and "comments/<int:pk>" in route:
                    paths.append(path.replace(values["pk"], str(world["comment"].pk)))

    walk(get_resolver().url_patterns)
    return paths


def crawl(client, seeds) -> dict[str, str]:
    """GET every same-site URL reachable from the seeds; returns path -> body."""
    seen, bodies, queue = set(), {}, deque(seeds)
    while queue and len(bodies) < MAX_PAGES:
        path = queue.popleft()
        if path in seen or path.startswith(SKIP_PREFIXES):
            continue
        seen.add(path)
        response = client.get(path, HTTP_ACCEPT="text/html,application/json")
        assert response.status_code < 500, f"{path} gave {response.status_code}"
        if response.status_code in {301, 302}:
            target = urlparse(response["Location"])
            if not target.netloc:
                queue.append(target.path + (f"?{target.query}" if target.query else ""))
            continue
        body = response.content.decode("utf-8", "replace")
        bodies[path] = body
        for link in LINK.findall(body) + re.findall(r'"(?:next|previous)": ?"([^"]+)"', body):
            absolute = urlparse(urljoin(path, link.replace("&amp;", "&")))
            if absolute.netloc in {"", "testserver"} and absolute.path.startswith("/"):
                queue.append(absolute.path + (f"?{absolute.query}" if absolute.query else ""))
    return bodies


OWN_DATA = {"/api/me/", "/api/me/data/", "/account/data/"}


def assert_no_identity(bodies: dict[str, str], identities: dict[str, str]) -> None:
    """No other person's identity anywhere; identity fields only in one's own data."""
    leaks = []
    for path, body in bodies.items():
        for needle, what in identities.items():
            if re.search(rf"(?<![\w.]){re.escape(needle)}(?![\w])", body):
                leaks.append(f"{path}: {what}")
        # The schema names input fields such as "email"; everything else carries data.
        if path not in OWN_DATA | {"/api/schema/"} and re.search(
            r'"(?:email|user|user_id|username|first_name|last_name)"\s*:', body
        ):
            leaks.append(f"{path}: an identity field in JSON")
    assert not leaks, "identity leaks:\n" + "\n".join(leaks)


def seeds_for(world) -> list[str]:
    slug = world["challenge"].slug
    sorts = [
        f"/challenges/{slug}/?sort={s}" for s in ["top", "new", "trending", "needs_votes", "random"]
    ]
    items = [f"/contributions/{item.pk}/" for item in world["items"]]
    return ["/", *sorts, *items, *_api_paths(world)]


def test_anonymous_visitor_sees_no_identity(world):
    bodies = crawl(Client(), seeds_for(world))
    assert len(bodies) > 20
    assert any("An idea worth trying" in body for body in bodies.values())
    assert_no_identity(bodies, world["identities"])


def test_another_contributor_sees_no_identity_but_their_own(world):
    client = Client()
    client.force_login(world["viewer"])
    bodies = crawl(client, [*seeds_for(world), "/account/", "/account/data/"])
    assert any(world["viewer"].email in body for body in bodies.values())  # their own, only
    assert_no_identity(bodies, world["identities"])


def test_api_with_token_sees_no_identity(world):
    api = APIClient()
    api.force_authenticate(world["viewer"])
    bodies = {}
    for path in _api_paths(world):
        if path.startswith(("/api/docs", "/api/redoc")):
            continue
        response = api.get(path)
        assert response.status_code < 500, path
        bodies[path] = response.content.decode()
    assert_no_identity(bodies, world["identities"])


def test_hidden_held_and_withdrawn_items_never_show_publicly(world):
    bodies = crawl(Client(), seeds_for(world))
    held, hidden, withdrawn = world["items"][1:4]
    everything = "\n".join(bodies.values())
    for item in (held, hidden, withdrawn):
        detail = Client().get(f"/contributions/{item.pk}/")
        assert detail.status_code == 404
        assert f'href="/contributions/{item.pk}/"' not in everything
    assert Comment.objects.filter(status=Status.PUBLISHED).count() == 2


@pytest.fixture
def moderated_world(world, password_hash):
    """The same world with reports, a held post, decisions, a sanction and an appeal."""
    from ideas.models import RoleKind
    from moderation import services as moderation_services
    from moderation.models import Case

    challenge = world["challenge"]
    mo = make_user("mo", password_hash)
    mia = make_user("mia", password_hash)
    for moderator in (mo, mia):
        challenge.roles.create(user=moderator, kind=RoleKind.MODERATOR)
    alice = User.objects.get(email="alice.author@example.com")
    bob = User.objects.get(email="bob.builder@example.com")
    target = world["items"][0]
    moderation_services.report_file(user=world["viewer"], item=world["comment"], reason="offensive")
    moderation_services.report_file(
        user=bob, item=target, reason="safety", note="Concern about nights"
    )
    held = services.contribution_create(
        user=bob,
        question=challenge.questions.first(),
        body="Dr Patel on ward 5 never answers: ring 07700 900123",
    )
    moderation_services.decision_make(
        moderator=mia,
        case=Case.objects.get(contribution=held),
        action="ask_edit",
        reason="Please remove the number.",
    )
    case = Case.objects.get(comment=world["comment"])
    decision = moderation_services.decision_make(
        moderator=mo,
        case=case,
        action="hide",
        reason="Rude.",
        sanction="mute",
        sanction_days=3,
    )
    moderation_services.appeal_file(user=bob, decision=decision, text="It was a joke, honest.")
    world.update({"mo": mo, "alice": alice})
    return world


def test_moderator_sees_pseudonyms_only(moderated_world):
    from moderation.models import Case

    world = moderated_world
    client = Client()
    client.force_login(world["mo"])
    slug = world["challenge"].slug
    seeds = [
        "/moderation/",
        f"/moderation/{slug}/",
        f"/moderation/{slug}/?state=closed",
        f"/moderation/{slug}/audit/",
        f"/api/moderation/{slug}/cases/",
        f"/api/moderation/{slug}/cases/?state=closed",
        f"/api/moderation/{slug}/audit/",
    ]
    for case in Case.objects.all():
        seeds += [f"/moderation/cases/{case.pk}/", f"/api/moderation/cases/{case.pk}/"]
    bodies = crawl(client, seeds)
    assert any("Dr Patel on ward 5" in body for body in bodies.values())
    assert any("Moderator " in body for body in bodies.values())
    # Other moderators appear as "Moderator N", never by name, email or account id (the
    # moderator's own account page naturally shows their own email).
    moderators = _identities([User.objects.get(email="mia@example.com")])
    assert_no_identity(
        bodies, world["identities"] | {k: v for k, v in moderators.items() if "user id" not in v}
    )


@pytest.fixture
def analysed_world(world, password_hash):
    """The same world analysed into themes, with a panel member to look at them."""
    from analysis import services as analysis_services
    from analysis.models import RunStatus
    from ideas.models import RoleKind

    organiser = make_user("olga", password_hash, is_staff=True)
    run = analysis_services.run_create(
        user=organiser, challenge=world["challenge"], k=2, enqueue=False
    )
    run = analysis_services.run_execute(run_id=run.pk)
    assert run.status == RunStatus.SUCCEEDED, run.error
    pat = make_user("pat", password_hash)
    world["challenge"].roles.create(user=pat, kind=RoleKind.PANEL)
    world.update(run=run, pat=pat)
    return world


def _theme_seeds(world) -> list[str]:
    slug, run = world["challenge"].slug, world["run"]
    seeds = [
        f"/challenges/{slug}/themes/",
        f"/api/challenges/{slug}/themes/",
        f"/api/challenges/{slug}/similar/?text=An+idea+worth+trying",
    ]
    for theme in run.themes.all():
        seeds += [f"/themes/{theme.pk}/", f"/api/themes/{theme.pk}/"]
    return seeds


def test_themes_show_pseudonyms_only_to_panels_and_to_the_public(analysed_world):
    from ideas.models import Challenge, Phase

    world = analysed_world
    run = world["run"]
    panel = Client()
    panel.force_login(world["pat"])
    bodies = crawl(panel, _theme_seeds(world))
    assert any(theme.label in body for theme in run.themes.all() for body in bodies.values())
    assert_no_identity(bodies, world["identities"])

    Challenge.objects.filter(pk=world["challenge"].pk).update(phase=Phase.PUBLISHED)
    public = crawl(Client(), _theme_seeds(world))
    assert any(theme.label in body for theme in run.themes.all() for body in public.values())
    assert_no_identity(public, world["identities"])
    # Only published contributions were analysed: held, hidden and withdrawn ones appear
    # nowhere among the themes.
    everything = "\n".join([*bodies.values(), *public.values()])
    assert not run.memberships.filter(contribution__in=world["items"][1:4]).exists()
    for item in world["items"][1:4]:
        assert f"/contributions/{item.pk}/" not in everything


@pytest.mark.django_db(transaction=True)
def test_live_messages_carry_no_identity(world, password_hash):
    """Socket messages, to the public and to moderators, say what changed and never who."""
    from asgiref.sync import async_to_sync
    from channels.db import database_sync_to_async
    from channels.testing import WebsocketCommunicator

    from backend import events
    from backend.asgi import application
    from ideas.models import RoleKind
    from moderation import services as moderation_services

    challenge, idea = world["challenge"], world["items"][0]
    mo = make_user("mo", password_hash)
    challenge.roles.create(user=mo, kind=RoleKind.MODERATOR)
    moderator = Client()
    moderator.force_login(mo)
    cookie = f"sessionid={moderator.cookies['sessionid'].value}".encode()
    bob = User.objects.get(email="bob.builder@example.com")
    dave = User.objects.get(email="dave@example.com")
    origin = (b"origin", b"http://127.0.0.1:8000")
    question = challenge.questions.first()

    async def scenario():
        public = WebsocketCommunicator(application, f"/ws/challenges/{challenge.slug}/", [origin])
        queue = WebsocketCommunicator(
            application, f"/ws/moderation/{challenge.slug}/", [origin, (b"cookie", cookie)]
        )
        for socket in (public, queue):
            assert (await socket.connect(timeout=5))[0]
        await database_sync_to_async(services.vote_cast)(user=dave, item=idea, value=1)
        await database_sync_to_async(services.comment_create)(
            user=dave, contribution=idea, body="Dave builds on it"
        )
        await database_sync_to_async(services.contribution_create)(
            user=bob, question=question, body="Bob posts live"
        )
        await database_sync_to_async(moderation_services.report_file)(
            user=world["viewer"], item=idea, reason="offensive"
        )
        heard = []
        for socket in (public, queue):
            for _ in range(40):
                if await socket.receive_nothing(timeout=0.1):
                    continue
                heard.append(await socket.receive_json_from(timeout=1))
            await socket.disconnect()
        return heard

    heard = async_to_sync(scenario)()
    events.coalescer.wait()
    assert {m["type"] for m in heard} >= {"contribution.counts", "contribution.new"}
    assert any(m["type"] == "queue.changed" for m in heard)
    bodies = {f"socket message {n}": json.dumps(m) for n, m in enumerate(heard)}
    # The moderator's account id is an ordinary small number, like the items' ids in these
    # messages; everyone else's ids are distinctive (see the world fixture).
    moderator_identity = {k: v for k, v in _identities([mo]).items() if "user id" not in v}
    assert_no_identity(
        bodies, world["identities"] | _identities([world["viewer"]]) | moderator_identity
    )


@pytest.fixture
def guided_world(analysed_world, password_hash):
    """The analysed world taken on: the panel scored and shortlisted, an editor published a
    guide quoting contributions and a tip."""
    from guide import selectors as guide_selectors
    from guide import services as guide_services
    from ideas.models import RoleKind

    world = analysed_world
    challenge, pat = world["challenge"], world["pat"]
    ed = make_user("ed", password_hash)
    challenge.roles.create(user=ed, kind=RoleKind.EDITOR)
    view = guide_selectors.curated_themes(challenge=challenge)
    rubric = guide_selectors.criteria(challenge=challenge)
    guide = guide_services.guide_get_or_create(user=ed, challenge=challenge)
    for theme in view.themes:
        guide_services.sheet_save(
            member=pat, identity=theme.identity, values={c.key: 4 for c in rubric}, submit=True
        )
        guide_services.decision_record(
            user=pat, identity=theme.identity, decision="shortlisted", rationale="Strong support."
        )
        for contribution in guide_selectors.theme_members(theme=theme, limit=2):
            guide_services.exemplar_pick(
                user=pat, identity=theme.identity, contribution=contribution
            )
        for comment in guide_selectors.tip_candidates(theme=theme, limit=1):
            guide_services.tip_pick(user=pat, identity=theme.identity, comment=comment)
        guide_services.section_add(user=ed, guide=guide, identity=theme.identity)
    guide_services.guide_publish(user=ed, guide=guide)
    world.update(ed=ed, view=view)
    return world


def test_panels_editors_and_the_published_guide_show_pseudonyms_only(guided_world):
    from ideas.models import Challenge, Phase

    world = guided_world
    slug = world["challenge"].slug
    names = [theme.name for theme in world["view"].themes]
    panel = Client()
    panel.force_login(world["pat"])
    seen = crawl(panel, [f"/challenges/{slug}/panel/", f"/api/challenges/{slug}/panel/"])
    assert any(name in body for name in names for body in seen.values())
    assert_no_identity(seen, world["identities"])

    editor = Client()
    editor.force_login(world["ed"])
    edited = crawl(
        editor,
        [
            f"/challenges/{slug}/guide/edit/",
            f"/challenges/{slug}/guide/preview/",
            f"/api/challenges/{slug}/guide/?draft=1",
        ],
    )
    assert any(name in body for name in names for body in edited.values())
    assert_no_identity(edited, world["identities"])

    Challenge.objects.filter(pk=world["challenge"].pk).update(phase=Phase.PUBLISHED)
    public = crawl(Client(), [f"/challenges/{slug}/guide/", f"/api/challenges/{slug}/guide/"])
    assert any(name in body for name in names for body in public.values())
    assert_no_identity(public, world["identities"])
    # Held, hidden and withdrawn contributions are nowhere in the guide.
    everything = "\n".join([*seen.values(), *edited.values(), *public.values()])
    for item in world["items"][1:4]:
        assert f"/contributions/{item.pk}/" not in everything
