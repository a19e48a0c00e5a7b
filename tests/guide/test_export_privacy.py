"""Exports and the public guide carry only published content and pseudonyms.

A challenge with contributions and comments in every state (published, held, hidden,
removed, withdrawn — some withdrawn after the guide quoted them), with authors who have
distinctive names, emails and ids, is taken through analysis, panel and guide; then every
format is exported with the command (and the public guide page fetched), and none of the
unpublished texts or identities may appear in any of them.
"""

import io
import json
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from pypdf import PdfReader

from accounts.models import User
from analysis import services as analysis_services
from guide import selectors, services
from guide.models import Exemplar
from ideas import services as idea_services
from ideas.models import Comment, Contribution, Phase, RoleKind, Status
from tests.conftest import make_challenge, make_user

TOPICS = [
    "Protected time on the ward rota for nurses to test small changes together",
    "Managers who listen on the ward rota and back nurses who try small changes",
    "Car parking permits for night staff and better buses to the hospital site",
    "Cheaper parking and safe cycling routes for staff on early shifts at the site",
]
FORMATS = ["html", "pdf", "md", "json", "csv", "polis"]


def _text(fmt: str, path: Path) -> str:
    """What a reader of the exported file could read."""
    if fmt == "pdf":
        reader = PdfReader(str(path))
        meta = " ".join(str(v) for v in (reader.metadata or {}).values())
        return meta + "\n".join(page.extract_text() for page in reader.pages)
    if fmt == "polis":
        with zipfile.ZipFile(path) as archive:
            return "\n".join(archive.read(name).decode("utf-8") for name in archive.namelist())
    return path.read_bytes().decode("utf-8-sig")


@pytest.fixture
def busy(db, password_hash):
    challenge = make_challenge(slug="privacy-export")
    q1, q2, _ = challenge.questions.all()
    people = []
    for n, name in enumerate(["hana", "ivor", "juno", "kofi", "lars"]):
        user = make_user(
            name, password_hash, first_name=f"Firstname{name}", last_name=f"Lastname{name}"
        )
        User.objects.filter(pk=user.pk).update(id=876_540_000 + n)
        people.append(User.objects.get(pk=876_540_000 + n))
    published = []
    for n in range(16):
        published.append(
            idea_services.contribution_create(
                user=people[n % 5],
                question=q1 if n % 2 else q2,
                title=f"Idea {n}",
                body=f"{TOPICS[n % 4]} (number {n}).",
            )
        )
    markers = {}

    def post(status: str, author) -> Contribution:
        marker = f"{status.upper()}MARKER{len(markers)}"
        item = idea_services.contribution_create(
            user=author, question=q1, title=marker, body=f"{TOPICS[0]} {marker}"
        )
        markers[marker] = item
        return item

    for status, author in [
        ("held", people[0]),
        ("hidden", people[1]),
        ("removed", people[2]),
        ("withdrawn", people[3]),
    ]:
        item = post(status, author)
        if status == "withdrawn":
            idea_services.contribution_withdraw(user=author, contribution=item)
        else:
            Contribution.objects.filter(pk=item.pk).update(status=status)
    # Comments in every state on a published contribution.
    comments = {}
    for status, author in [
        ("published", people[1]),
        ("held", people[2]),
        ("hidden", people[3]),
        ("withdrawn", people[4]),
    ]:
        marker = f"COMMENT{status.upper()}MARK"
        comments[status] = idea_services.comment_create(
            user=author, contribution=published[0], body=f"{marker}: try it on one ward first"
        )
        if status in ("held", "hidden"):
            Comment.objects.filter(pk=comments[status].pk).update(status=status)
        elif status == "withdrawn":
            idea_services.comment_withdraw(user=author, comment=comments[status])
        if status != "published":
            markers[marker] = comments[status]
    for voter in people:
        for item in published[:8]:
            if item.author.user_id != voter.pk:
                idea_services.vote_cast(user=voter, item=item, value=1)

    olive = make_user("olive", password_hash, is_staff=True)
    ed = make_user("ed", password_hash)
    challenge.roles.create(user=ed, kind=RoleKind.EDITOR)
    run = analysis_services.run_create(user=olive, challenge=challenge, k=2, enqueue=False)
    analysis_services.run_execute(run_id=run.pk)
    view = selectors.curated_themes(challenge=challenge)
    guide = services.guide_get_or_create(user=ed, challenge=challenge)
    # Quoted while published, withdrawn after publication: it must leave every export.
    late = published[-1]
    for theme in view.themes:
        services.decision_record(
            user=olive, identity=theme.identity, decision="shortlisted", rationale="Good enough."
        )
        for contribution_id in theme.member_ids[:2] + (
            [late.pk] if late.pk in theme.member_ids else []
        ):
            services.exemplar_pick(
                user=olive,
                identity=theme.identity,
                contribution=Contribution.objects.get(pk=contribution_id),
            )
        if published[0].pk in theme.member_ids:
            services.tip_pick(user=olive, identity=theme.identity, comment=comments["published"])
        services.section_add(user=ed, guide=guide, identity=theme.identity)
    services.guide_publish(user=ed, guide=guide)
    assert Exemplar.objects.filter(contribution=late).exists()
    idea_services.contribution_withdraw(
        user=User.objects.get(pk=late.author.user_id), contribution=late
    )
    markers[late.title] = late
    late.refresh_from_db()
    assert late.status == Status.WITHDRAWN
    challenge.phase = Phase.PUBLISHED
    challenge.save()
    identities = {}
    for user in [*people, olive, ed]:
        identities[user.email] = f"email of {user.email}"
        identities[user.first_name] = f"first name of {user.email}"
        identities[user.last_name] = f"last name of {user.email}"
        if user in people:
            identities[str(user.pk)] = f"user id of {user.email}"
    return {"challenge": challenge, "markers": markers, "identities": identities}


def _assert_clean(where: str, text: str, busy) -> None:
    leaks = [f"{where}: {marker}" for marker in busy["markers"] if marker in text]
    leaks += [f"{where}: {what}" for needle, what in busy["identities"].items() if needle in text]
    assert not leaks, "\n".join(leaks)


@pytest.mark.parametrize("draft", [False, True])
def test_every_export_holds_published_content_and_pseudonyms_only(busy, tmp_path, draft):
    slug = busy["challenge"].slug
    for fmt in FORMATS:
        out = tmp_path / f"guide-{fmt}{'.zip' if fmt == 'polis' else ''}"
        options = ["--draft"] if draft and fmt not in ("csv", "polis") else []
        call_command("export_guide", slug, "--format", fmt, "--out", str(out), *options)
        text = _text(fmt, out)
        assert len(text) > 200, f"{fmt} export is nearly empty"
        _assert_clean(fmt, text, busy)
    # The published contributions and a pseudonym are there: the check above is not vacuous.
    markdown = (tmp_path / "guide-md").read_text()
    assert "Idea" in markdown
    document = json.loads((tmp_path / "guide-json").read_text())
    quoted = [q for s in document["sections"] for q in s["quotes"]]
    assert quoted and all(q["pseudonym"] in markdown for q in quoted)
    tips = [t for s in document["sections"] for t in s["tips"]]
    assert any("COMMENTPUBLISHEDMARK" in t["text"] for t in tips)
    csv_text = (tmp_path / "guide-csv").read_text(encoding="utf-8-sig")
    assert csv_text.count("\n") >= 16


def test_the_public_guide_page_holds_published_content_and_pseudonyms_only(busy):
    client = Client()
    slug = busy["challenge"].slug
    page = client.get(f"/challenges/{slug}/guide/")
    assert page.status_code == 200
    _assert_clean("public guide", page.content.decode(), busy)
    for fmt in ["html", "md", "json", "csv"]:
        response = client.get(f"/challenges/{slug}/guide/export/{fmt}/")
        assert response.status_code == 200, fmt
        _assert_clean(f"public {fmt}", b"".join(response).decode("utf-8-sig"), busy)
    pdf = client.get(f"/challenges/{slug}/guide/export/pdf/")
    reader = PdfReader(io.BytesIO(b"".join(pdf)))
    _assert_clean("public pdf", "\n".join(p.extract_text() for p in reader.pages), busy)
