"""Reports, thresholds, brigading, decisions, sanctions, appeals and the audit log."""

import pytest
from django.core import mail
from django.db import connection, transaction

from ideas import services as idea_services
from ideas.errors import Conflict, InvalidInput, NotAllowed
from ideas.models import Contribution, Participant, RoleKind, Status
from moderation import services
from moderation.models import (
    Action,
    AppealState,
    AuditEntry,
    Case,
    CaseState,
    Notice,
    Queue,
    ReportReason,
)
from tests.conftest import make_user


@pytest.fixture
def reporters(db, password_hash):
    return [make_user(f"reporter{i}", password_hash) for i in range(5)]


@pytest.fixture
def mo(challenge, password_hash):
    user = make_user("mo", password_hash)
    challenge.roles.create(user=user, kind=RoleKind.MODERATOR)
    return user


@pytest.fixture
def mia(challenge, password_hash):
    """A second moderator, for appeals."""
    user = make_user("mia", password_hash)
    challenge.roles.create(user=user, kind=RoleKind.MODERATOR)
    return user


def report_by(people, item, reason=ReportReason.OFFENSIVE):
    for person in people:
        services.report_file(user=person, item=item, reason=reason)


def test_one_report_per_person_per_item(bob, contribution):
    services.report_file(user=bob, item=contribution, reason=ReportReason.SPAM)
    with pytest.raises(Conflict, match="already reported"):
        services.report_file(user=bob, item=contribution, reason=ReportReason.OFFENSIVE)


def test_report_needs_a_reason_and_other_needs_a_note(bob, contribution):
    with pytest.raises(InvalidInput):
        services.report_file(user=bob, item=contribution, reason="because")
    with pytest.raises(InvalidInput, match="what the problem is"):
        services.report_file(user=bob, item=contribution, reason=ReportReason.OTHER, note=" ")
    services.report_file(
        user=bob, item=contribution, reason=ReportReason.OTHER, note="<b>Advert</b> for a course"
    )
    assert contribution.reports.get().note == "Advert for a course"


def test_cannot_report_own_post_or_unverified(alice, carol, contribution):
    with pytest.raises(NotAllowed, match="your own"):
        services.report_file(user=alice, item=contribution, reason=ReportReason.SPAM)
    with pytest.raises(NotAllowed):
        services.report_file(user=carol, item=contribution, reason=ReportReason.SPAM)


def test_threshold_hides_automatically_and_tells_the_author(contribution, reporters):
    report_by(reporters[:2], contribution)
    contribution.refresh_from_db()
    assert contribution.status == Status.PUBLISHED
    report_by(reporters[2:3], contribution)
    contribution.refresh_from_db()
    assert contribution.status == Status.HIDDEN
    assert Case.objects.get(contribution=contribution).state == CaseState.OPEN
    assert AuditEntry.objects.filter(action="auto_hidden", actor_id=None).count() == 1
    notice = Notice.objects.get(participant=contribution.author)
    assert "hidden" in notice.message


def test_threshold_is_per_challenge(contribution, reporters):
    challenge = contribution.challenge
    challenge.report_threshold = 5
    challenge.save(update_fields=["report_threshold"])
    report_by(reporters[:4], contribution)
    contribution.refresh_from_db()
    assert contribution.status == Status.PUBLISHED


def test_brigading_kept_items_are_not_hidden_again_by_reports(
    contribution, reporters, mo, password_hash
):
    report_by(reporters[:3], contribution)
    case = Case.objects.get(contribution=contribution, state=CaseState.OPEN)
    services.decision_make(
        moderator=mo, case=case, action=Action.KEEP, reason="Strongly worded but within the rules."
    )
    contribution.refresh_from_db()
    assert contribution.status == Status.PUBLISHED
    more = [make_user(f"brigade{i}", password_hash) for i in range(4)]
    report_by(more, contribution)
    contribution.refresh_from_db()
    assert contribution.status == Status.PUBLISHED  # still published
    new_case = Case.objects.get(contribution=contribution, state=CaseState.OPEN)
    assert new_case.reports.count() == 4  # but the new reports are in the queue


def test_safety_reports_go_to_their_own_queue(bob, contribution):
    services.report_file(
        user=bob, item=contribution, reason=ReportReason.SAFETY, note="Patients left unobserved"
    )
    case = Case.objects.get(contribution=contribution)
    assert case.queue == Queue.SAFETY


@pytest.mark.parametrize(
    ("action", "status"),
    [
        (Action.KEEP, Status.PUBLISHED),
        (Action.HIDE, Status.HIDDEN),
        (Action.REMOVE, Status.REMOVED),
        (Action.ASK_EDIT, Status.HELD),
    ],
)
def test_decisions_set_the_state_close_the_case_and_tell_the_author(
    contribution, bob, mo, action, status, django_capture_on_commit_callbacks
):
    services.report_file(user=bob, item=contribution, reason=ReportReason.OFFENSIVE)
    case = Case.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        services.decision_make(moderator=mo, case=case, action=action, reason="Checked it.")
    contribution.refresh_from_db()
    case.refresh_from_db()
    assert contribution.status == status and case.state == CaseState.CLOSED
    notice = Notice.objects.get(participant=contribution.author, decision__isnull=False)
    assert "Checked it." in notice.message
    assert mail.outbox[-1].to == [contribution.author.user.email]
    entry = AuditEntry.objects.get(action=action)
    assert entry.actor_id == mo.pk and entry.actor_label.startswith("Moderator ")
    assert (contribution.edit_requested_at is not None) is (action == Action.ASK_EDIT)


def test_a_case_is_decided_once(contribution, bob, mo, mia):
    services.report_file(user=bob, item=contribution, reason=ReportReason.SPAM)
    case = Case.objects.get()
    services.decision_make(moderator=mo, case=case, action=Action.HIDE, reason="Spam.")
    with pytest.raises(Conflict):
        services.decision_make(moderator=mia, case=case, action=Action.KEEP, reason="No.")


def test_only_moderators_of_the_challenge_decide(contribution, bob, alice, password_hash):
    services.report_file(user=bob, item=contribution, reason=ReportReason.SPAM)
    case = Case.objects.get()
    outsider = make_user("outsider", password_hash)
    from tests.conftest import make_challenge

    other = make_challenge(slug="elsewhere")
    other.roles.create(user=outsider, kind=RoleKind.MODERATOR)
    for person in (alice, bob, outsider):
        with pytest.raises(NotAllowed):
            services.decision_make(
                moderator=person, case=case, action=Action.HIDE, reason="Not mine to decide."
            )
    assert Case.objects.get().state == CaseState.OPEN


def test_decision_needs_a_reason(contribution, bob, mo):
    services.report_file(user=bob, item=contribution, reason=ReportReason.SPAM)
    with pytest.raises(InvalidInput, match="Say why"):
        services.decision_make(
            moderator=mo, case=Case.objects.get(), action=Action.HIDE, reason="  "
        )


def test_mute_stops_posting_but_not_voting_and_suspend_stops_both(
    alice, bob, contribution, mo, question
):
    services.report_file(user=bob, item=contribution, reason=ReportReason.OFFENSIVE)
    services.decision_make(
        moderator=mo,
        case=Case.objects.get(),
        action=Action.HIDE,
        reason="Abusive.",
        sanction="mute",
        sanction_days=7,
    )
    with pytest.raises(NotAllowed, match="cannot post"):
        idea_services.contribution_create(
            user=alice, question=question, body="A new idea after being muted"
        )
    other = idea_services.contribution_create(
        user=bob, question=question, body="Bob's own idea to vote on"
    )
    idea_services.vote_cast(user=alice, item=other, value=1)  # muted people may vote
    participant = Participant.objects.get(user=alice, challenge=contribution.challenge)
    participant.suspended_until = participant.muted_until
    participant.save(update_fields=["suspended_until"])
    with pytest.raises(NotAllowed, match="suspended"):
        idea_services.vote_cast(user=alice, item=other, value=-1)
    with pytest.raises(NotAllowed, match="suspended"):
        services.report_file(user=alice, item=other, reason=ReportReason.SPAM)
    assert AuditEntry.objects.filter(action="mute").exists()


def test_sanction_period_is_checked(contribution, bob, mo):
    services.report_file(user=bob, item=contribution, reason=ReportReason.SPAM)
    with pytest.raises(InvalidInput, match="period"):
        services.decision_make(
            moderator=mo,
            case=Case.objects.get(),
            action=Action.HIDE,
            reason="Spam.",
            sanction="suspend",
            sanction_days=0,
        )


def test_appeal_once_and_decided_by_a_different_moderator(alice, bob, contribution, mo, mia):
    services.report_file(user=bob, item=contribution, reason=ReportReason.OFFENSIVE)
    decision = services.decision_make(
        moderator=mo, case=Case.objects.get(), action=Action.REMOVE, reason="Abusive language."
    )
    with pytest.raises(NotAllowed):
        services.appeal_file(user=bob, decision=decision, text="Not my post but unfair")
    appeal = services.appeal_file(
        user=alice, decision=decision, text="I was quoting a manager, not abusing anyone."
    )
    with pytest.raises(Conflict, match="already appealed"):
        services.appeal_file(user=alice, decision=decision, text="Please look again at it.")
    assert Case.objects.get(state=CaseState.OPEN).appealed
    with pytest.raises(NotAllowed, match="different moderator"):
        services.appeal_decide(moderator=mo, appeal=appeal, uphold=False, reason="Fair.")
    services.appeal_decide(
        moderator=mia, appeal=appeal, uphold=False, reason="Read in context, it is a quotation."
    )
    contribution.refresh_from_db()
    appeal.refresh_from_db()
    assert contribution.status == Status.PUBLISHED
    assert appeal.state == AppealState.OVERTURNED and appeal.decided_by == mia
    assert "successful" in Notice.objects.filter(participant=contribution.author).first().message
    final = appeal.decision.case.decisions.model.objects.filter(on_appeal=True).get()
    with pytest.raises(NotAllowed):
        services.appeal_file(user=alice, decision=final, text="Appealing the appeal now.")


def test_upheld_appeal_keeps_the_decision(alice, bob, contribution, mo, mia):
    services.report_file(user=bob, item=contribution, reason=ReportReason.SPAM)
    decision = services.decision_make(
        moderator=mo, case=Case.objects.get(), action=Action.HIDE, reason="Advertising."
    )
    appeal = services.appeal_file(user=alice, decision=decision, text="It is not an advert.")
    services.appeal_decide(moderator=mia, appeal=appeal, uphold=True, reason="It is.")
    contribution.refresh_from_db()
    assert contribution.status == Status.HIDDEN


def test_held_submission_opens_a_case_with_findings(alice, question):
    contribution = idea_services.contribution_create(
        user=alice,
        question=question,
        body="Dr Patel on ward 5 ignores us. Call me on 07700 900123 to hear more.",
    )
    assert contribution.status == Status.HELD
    kinds = {f.get("kind") for f in contribution.screening["findings"]}
    assert {"phone", "named_person"} <= kinds
    case = Case.objects.get(contribution=contribution)
    assert case.held and case.state == CaseState.OPEN
    assert AuditEntry.objects.get(action="held").actor_label == "Automatic"


def test_held_comment_does_not_count_until_kept(alice, bob, contribution, mo):
    comment = idea_services.comment_create(
        user=bob, contribution=contribution, body="Email me at bob.private@example.net today"
    )
    contribution.refresh_from_db()
    assert comment.status == Status.HELD and contribution.comment_count == 0
    services.decision_make(
        moderator=mo,
        case=Case.objects.get(comment=comment),
        action=Action.KEEP,
        reason="A work address, fine.",
    )
    contribution.refresh_from_db()
    assert contribution.comment_count == 1


def test_refused_submission_stores_nothing_but_is_audited(alice, challenge, question):
    challenge.blocked_words = "scumbag"
    challenge.save(update_fields=["blocked_words"])
    with pytest.raises(InvalidInput, match=r"word that cannot be used.*sc\*mbag"):
        idea_services.contribution_create(
            user=alice, question=question, body="The director is a total sc*mbag, honestly"
        )
    assert not Contribution.objects.exists()
    assert not Participant.objects.exists()
    entry = AuditEntry.objects.get(action="refused")
    assert entry.reason == "blocked_word" and entry.participant_pseudonym == ""


def test_ask_edit_lets_the_author_edit_and_sends_it_back_to_the_queue(alice, bob, contribution, mo):
    services.report_file(user=bob, item=contribution, reason=ReportReason.IDENTIFIES)
    services.decision_make(
        moderator=mo,
        case=Case.objects.get(),
        action=Action.ASK_EDIT,
        reason="Please take out the ward number.",
    )
    contribution.refresh_from_db()
    Contribution.objects.filter(pk=contribution.pk).update(
        created_at=contribution.created_at.replace(year=2020)
    )
    contribution.refresh_from_db()
    idea_services.contribution_edit(
        user=alice,
        contribution=contribution,
        body="Managers should spend a day a month on the wards.",
    )
    contribution.refresh_from_db()
    assert contribution.status == Status.HELD and contribution.edit_requested_at is None
    assert Case.objects.filter(contribution=contribution, state=CaseState.OPEN).count() == 1
    assert AuditEntry.objects.filter(action="edited_on_request").exists()


def test_audit_log_cannot_be_changed_by_the_app(contribution, bob):
    services.report_file(user=bob, item=contribution, reason=ReportReason.SPAM)
    entry = AuditEntry.objects.first()
    entry.reason = "rewritten"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.update(reason="x")


@pytest.mark.django_db(transaction=True)
def test_audit_log_refuses_raw_sql_changes_on_postgresql(password_hash):
    if connection.vendor != "postgresql":
        pytest.skip("the database trigger is PostgreSQL's")
    from django.db import DatabaseError

    AuditEntry.objects.create(challenge_id=1, actor_label="Automatic", action="held")
    for sql in (
        "UPDATE moderation_auditentry SET reason = 'x'",
        "DELETE FROM moderation_auditentry",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)
    assert AuditEntry.objects.count() == 1
