"""Organisers set moderation rules and appoint roles in the admin; the audit stays read-only."""

from ideas.models import Challenge, RoleKind
from moderation.models import AuditEntry


def test_organiser_sets_rules_and_appoints_a_moderator(olive, bob, challenge, client_for):
    client = client_for(olive)
    page = client.get(f"/admin/ideas/challenge/{challenge.pk}/change/")
    assert page.status_code == 200 and "Blocked words" in page.content.decode()
    data = {
        "title": challenge.title,
        "slug": challenge.slug,
        "summary": challenge.summary,
        "phase": "open",
        "opens_at_0": "",
        "opens_at_1": "",
        "closes_at_0": "",
        "closes_at_1": "",
        "report_threshold": 4,
        "offensive_hold": 0.5,
        "offensive_refuse": 0.99,
        "blocked_words": "numpty\nplonker",
        "watched_words": "",
        "max_links": 2,
        "premoderate_first": 1,
        "posts_per_hour": 10,
        "comments_per_hour": 30,
        "votes_per_minute": 60,
        "reports_per_hour": 20,
    }
    for prefix, rows in [
        ("questions", challenge.questions.all()),
        ("categories", challenge.categories.all()),
    ]:
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": rows.count(),
                f"{prefix}-INITIAL_FORMS": rows.count(),
                f"{prefix}-MIN_NUM_FORMS": 0,
                f"{prefix}-MAX_NUM_FORMS": 1000,
            }
        )
        for index, row in enumerate(rows):
            data[f"{prefix}-{index}-id"] = row.pk
            data[f"{prefix}-{index}-challenge"] = challenge.pk
            data[f"{prefix}-{index}-position"] = row.position
            if prefix == "questions":
                data[f"{prefix}-{index}-title"] = row.title
            else:
                data[f"{prefix}-{index}-name"] = row.name
    data.update(
        {
            "roles-TOTAL_FORMS": 1,
            "roles-INITIAL_FORMS": 0,
            "roles-MIN_NUM_FORMS": 0,
            "roles-MAX_NUM_FORMS": 1000,
            "roles-0-user": bob.pk,
            "roles-0-kind": RoleKind.MODERATOR,
            "roles-0-challenge": challenge.pk,
        }
    )
    response = client.post(f"/admin/ideas/challenge/{challenge.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    challenge = Challenge.objects.get(pk=challenge.pk)
    assert challenge.blocked_words == "numpty\nplonker" and challenge.report_threshold == 4
    assert challenge.roles.get().user == bob


def test_thresholds_out_of_order_are_refused_by_the_database(challenge):
    import pytest
    from django.db import IntegrityError

    challenge.offensive_hold, challenge.offensive_refuse = 0.9, 0.5
    with pytest.raises(IntegrityError):
        challenge.save()


def test_audit_entries_are_read_only_in_the_admin(olive, client_for):
    entry = AuditEntry.objects.create(challenge_id=1, actor_label="Automatic", action="held")
    client = client_for(olive)
    assert client.get("/admin/moderation/auditentry/").status_code == 200
    assert client.get(f"/admin/moderation/auditentry/{entry.pk}/delete/").status_code == 403
    assert client.get("/admin/moderation/auditentry/add/").status_code == 403


def test_non_staff_cannot_reach_the_admin(bob, client_for):
    response = client_for(bob).get("/admin/ideas/challenge/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
