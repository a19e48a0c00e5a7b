"""Moderation writes: reports, cases, decisions, sanctions, appeals, notices and the audit log.

Every change of an item's state goes through ``ideas.services.item_status_set`` so counts and
events stay right, and every event — automatic or human — is written to the audit log in the
same transaction as the change it records.
"""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from ideas import services as idea_services
from ideas.errors import Conflict, InvalidInput, NotAllowed
from ideas.mail import send_after_commit
from ideas.models import Challenge, Comment, Contribution, Participant, RoleKind, Status
from ideas.ratelimit import rate_limit_check
from ideas.selectors import staff_label
from ideas.text import normalise_text
from moderation import rules, signals
from moderation.models import (
    Action,
    Appeal,
    AppealState,
    AuditEntry,
    Case,
    CaseState,
    Decision,
    Notice,
    Queue,
    Report,
    ReportReason,
    Sanction,
    SanctionKind,
)

NOTE_MAX = 1000
REASON_MAX = 2000
APPEAL_MIN, APPEAL_MAX = 10, 2000
MAX_SANCTION_DAYS = 365

STATUS_FOR_ACTION = {
    Action.KEEP: Status.PUBLISHED,
    Action.HIDE: Status.HIDDEN,
    Action.REMOVE: Status.REMOVED,
    Action.ASK_EDIT: Status.HELD,
}
WHAT_HAPPENED = {
    Action.KEEP: "A moderator has checked your {noun} and it is published.",
    Action.HIDE: "A moderator has hidden your {noun}.",
    Action.REMOVE: "A moderator has removed your {noun}.",
    Action.ASK_EDIT: "A moderator has asked you to edit your {noun} before it can be shown.",
}


# --- helpers ------------------------------------------------------------------------------


def _target(item: Contribution | Comment) -> dict:
    return (
        {"contribution": item, "comment": None}
        if isinstance(item, Contribution)
        else {"contribution": None, "comment": item}
    )


def _challenge_of(item: Contribution | Comment) -> Challenge:
    return item.challenge if isinstance(item, Contribution) else item.contribution.challenge


def _noun(item) -> str:
    return "contribution" if isinstance(item, Contribution) else "comment"


def moderator_label(user, challenge: Challenge) -> str:
    """How a moderator appears to others ("Moderator 2", or "Organiser"): never their name,
    email or account id. Records keep it as it was, so it outlives the account."""
    return staff_label(user=user, challenge=challenge, kinds=(RoleKind.MODERATOR,))


def audit(
    *,
    challenge: Challenge,
    action: str,
    actor=None,
    item=None,
    participant: Participant | None = None,
    reason: str = "",
    details: dict | None = None,
) -> AuditEntry:
    """Append one event to the moderation audit log (every moderation event passes here, so
    the live queue is told from here too, once the transaction commits)."""
    target = _target(item) if item is not None else {"contribution": None, "comment": None}
    challenge_id = challenge.pk
    transaction.on_commit(
        lambda: signals.queue_changed.send(sender=AuditEntry, challenge_id=challenge_id)
    )
    return AuditEntry.objects.create(
        challenge_id=challenge.pk,
        actor_id=actor.pk if actor is not None else None,
        actor_label=moderator_label(actor, challenge) if actor is not None else "Automatic",
        action=action,
        contribution_id=target["contribution"].pk if target["contribution"] else None,
        comment_id=target["comment"].pk if target["comment"] else None,
        participant_pseudonym=participant.pseudonym if participant else "",
        reason=reason,
        details=details or {},
    )


def _open_case(
    item, *, queue: str = Queue.GENERAL, held: bool = False, appealed: bool = False
) -> Case:
    """The item's open case in this queue, opened if there is none (safe under races)."""
    target = _target(item)
    for _ in range(3):
        case = Case.objects.filter(state=CaseState.OPEN, queue=queue, **target).first()
        if case is not None:
            changed = [
                name
                for name, value in (("held", held), ("appealed", appealed))
                if value and not getattr(case, name)
            ]
            for name in changed:
                setattr(case, name, True)
            if changed:
                case.save(update_fields=changed)
            return case
        try:
            with transaction.atomic():
                return Case.objects.create(
                    challenge=_challenge_of(item),
                    queue=queue,
                    held=held,
                    appealed=appealed,
                    **target,
                )
        except IntegrityError:
            continue
    raise RuntimeError("Could not open a moderation case.")


def notify(*, participant: Participant, item, message: str, decision=None) -> Notice:
    """Tell the author in the site, and by email if they still have an account."""
    target = _target(item) if item is not None else {}
    notice = Notice.objects.create(
        participant=participant, decision=decision, message=message, **target
    )
    user = participant.user
    if user is not None and user.email:
        link = settings.SITE_URL.rstrip("/") + "/account/"
        send_after_commit(
            to=user.email,
            subject="About your post on Groundswell",
            body=f"{message}\n\nSee your account: {link}",
        )
    return notice


# --- the pre-screen's events (signals from ideas) ----------------------------------------


def on_item_held(sender, *, item, result, edited_on_request: bool = False, **kwargs) -> None:
    """A submission was held by the pre-screen (or edited on request): open its case."""
    challenge = _challenge_of(item)
    _open_case(item, held=True)
    reasons = [f.message for f in result.findings if f.action == "hold"]
    audit(
        challenge=challenge,
        action="edited_on_request" if edited_on_request else "held",
        item=item,
        participant=item.author,
        reason=" ".join(reasons) or "Edited at a moderator's request.",
        details={"findings": [f["component"] for f in result.as_dict()["findings"]]},
    )


def on_submission_refused(sender, *, challenge_id: int, result, **kwargs) -> None:
    """A submission was refused: nothing was stored, but the event is on the record."""
    challenge = Challenge.objects.get(pk=challenge_id)
    components = sorted({f.component for f in result.findings if f.action == "refuse"})
    audit(
        challenge=challenge,
        action="refused",
        reason=", ".join(components),
        details={"kind": sender.__name__.lower(), "components": components},
    )


# --- reports ------------------------------------------------------------------------------


def report_file(*, user, item: Contribution | Comment, reason: str, note: str = "") -> Report:
    """Report an item. One report per person per item; enough distinct reporters hide it
    automatically, unless a moderator has already kept it (then it only shows in the queue).
    """
    if reason not in ReportReason.values:
        raise InvalidInput("Choose why you are reporting this.", field="reason")
    if not isinstance(note, str) or len(note) > 20_000:
        raise InvalidInput(f"Keep the note to {NOTE_MAX:,} characters or fewer.", field="note")
    note = normalise_text(note)
    if len(note) > NOTE_MAX:
        raise InvalidInput(f"Keep the note to {NOTE_MAX:,} characters or fewer.", field="note")
    if reason == ReportReason.OTHER and not note:
        raise InvalidInput("Tell us what the problem is.", field="note", code="required")
    if not rules.can_report(user, item):
        if item.author.user_id == getattr(user, "pk", None):
            raise NotAllowed("You cannot report your own post.")
        raise NotAllowed("Sign in with a verified email address to report posts.")
    challenge = _challenge_of(item)
    queue = Queue.SAFETY if reason == ReportReason.SAFETY else Queue.GENERAL
    with transaction.atomic():
        reporter = idea_services.participant_get_or_create(user=user, challenge=challenge)
        idea_services.require_not_sanctioned(reporter, posting=False)
        rate_limit_check(
            action="report",
            participant_id=reporter.pk,
            limit=challenge.reports_per_hour,
            window_seconds=3600,
        )
        case = _open_case(item, queue=queue)
        try:
            with transaction.atomic():
                report = Report.objects.create(
                    reporter=reporter, case=case, reason=reason, note=note, **_target(item)
                )
        except IntegrityError:
            raise Conflict(
                "You have already reported this. Thank you.", code="already_reported"
            ) from None
        audit(
            challenge=challenge,
            action="reported",
            item=item,
            participant=item.author,
            reason=ReportReason(reason).label,
            details={"queue": queue},
        )
        _hide_if_reported_enough(item, challenge)
    return report


def _hide_if_reported_enough(item, challenge: Challenge) -> None:
    model = type(item)
    current = model.objects.select_for_update().get(pk=item.pk)
    if current.status != Status.PUBLISHED:
        return
    target = _target(item)
    if Decision.objects.filter(
        action=Action.KEEP,
        **{f"case__{name}": value for name, value in target.items() if value is not None},
    ).exists():
        return  # kept by a moderator: reports alone never hide it again (brigading)
    reporters = (
        Report.objects.filter(**{k: v for k, v in target.items() if v is not None})
        .values("reporter")
        .distinct()
        .count()
    )
    if reporters < challenge.report_threshold:
        return
    idea_services.item_status_set(item=current, status=Status.HIDDEN)
    item.status = Status.HIDDEN
    audit(
        challenge=challenge,
        action="auto_hidden",
        item=item,
        participant=item.author,
        reason=f"Reported by {reporters} people (threshold {challenge.report_threshold}).",
    )
    notify(
        participant=item.author,
        item=item,
        message=(
            f"Your {_noun(item)} has been hidden while a moderator looks at it, because several "
            "people reported it."
        ),
    )


# --- decisions ----------------------------------------------------------------------------


def decision_make(
    *,
    moderator,
    case: Case,
    action: str,
    reason: str,
    sanction: str = "",
    sanction_days: int | None = None,
) -> Decision:
    """A moderator decides an open case: keep, hide, remove, or ask the author to edit —
    optionally muting or suspending the author's pseudonymous account for a period.
    """
    challenge = case.challenge
    if not rules.is_moderator(moderator, challenge):
        raise NotAllowed("Only this challenge's moderators can decide cases.")
    if action not in Action.values:
        raise InvalidInput("Choose what to do with this post.", field="action")
    reason = normalise_text(reason) if isinstance(reason, str) else ""
    if not reason:
        raise InvalidInput("Say why: the author will be told.", field="reason", code="required")
    if len(reason) > REASON_MAX:
        raise InvalidInput(f"Keep the reason to {REASON_MAX:,} characters.", field="reason")
    if sanction and sanction not in SanctionKind.values:
        raise InvalidInput("Choose mute or suspend.", field="sanction")
    if sanction and not (
        isinstance(sanction_days, int) and 1 <= sanction_days <= MAX_SANCTION_DAYS
    ):
        raise InvalidInput(
            f"Give a period of 1 to {MAX_SANCTION_DAYS} days.", field="sanction_days"
        )
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if case.state != CaseState.OPEN:
            raise Conflict("This case has already been decided.", code="already_decided")
        item = case.item
        if case.appealed:
            raise NotAllowed("Decide this case's appeal instead.", code="appeal_pending")
        decision = Decision.objects.create(
            case=case,
            moderator=moderator,
            moderator_label=moderator_label(moderator, challenge),
            action=action,
            reason=reason,
        )
        _apply(item, action)
        _close_case(case)
        # Other open cases of the same item (say, the safety queue) stay open on purpose.
        audit(
            challenge=challenge,
            action=action,
            actor=moderator,
            item=item,
            participant=item.author,
            reason=reason,
            details={"case": case.pk},
        )
        message = WHAT_HAPPENED[Action(action)].format(noun=_noun(item)) + f" Why: {reason}"
        if action != Action.KEEP:
            message += " If you think this is wrong, you can appeal once from your account."
        notify(participant=item.author, item=item, message=message, decision=decision)
        if sanction:
            _sanction(
                moderator=moderator,
                participant=item.author,
                kind=sanction,
                days=sanction_days,
                reason=reason,
                decision=decision,
                challenge=challenge,
            )
    return decision


def _apply(item, action: str) -> None:
    if item.status == Status.WITHDRAWN:
        return  # the author took it down meanwhile; nothing to show or hide
    idea_services.item_status_set(
        item=item,
        status=STATUS_FOR_ACTION[Action(action)],
        edit_requested=action == Action.ASK_EDIT,
    )


def _close_case(case: Case) -> None:
    case.state = CaseState.CLOSED
    case.closed_at = timezone.now()
    case.save(update_fields=["state", "closed_at"])


def _sanction(
    *,
    moderator,
    participant: Participant,
    kind: str,
    days: int,
    reason: str,
    decision: Decision | None,
    challenge: Challenge,
) -> Sanction:
    until = timezone.now() + timedelta(days=days)
    field = "muted_until" if kind == SanctionKind.MUTE else "suspended_until"
    Participant.objects.filter(pk=participant.pk).update(**{field: until})
    sanction = Sanction.objects.create(
        participant=participant,
        kind=kind,
        until=until,
        reason=reason,
        moderator=moderator,
        moderator_label=moderator_label(moderator, challenge),
        decision=decision,
    )
    audit(
        challenge=challenge,
        action=kind,
        actor=moderator,
        participant=participant,
        reason=reason,
        details={"days": days},
    )
    notify(
        participant=participant,
        item=decision.case.item if decision else None,
        message=(
            f"Your account has been {'muted' if kind == SanctionKind.MUTE else 'suspended'}"
            f" until {until:%-d %B %Y}. Why: {reason}"
        ),
        # No decision link: the sanction is appealed together with the decision it came with.
    )
    return sanction


# --- appeals ------------------------------------------------------------------------------


def appeal_file(*, user, decision: Decision, text: str) -> Appeal:
    """The author appeals a decision once; a different moderator will decide it."""
    item = decision.case.item
    if not rules.can_appeal(user, item):
        raise NotAllowed("Only the author can appeal.")
    if decision.action == Action.KEEP or decision.on_appeal:
        raise NotAllowed("This decision cannot be appealed.")
    if not isinstance(text, str) or len(text) > 20_000:
        raise InvalidInput(f"Keep your appeal to {APPEAL_MAX:,} characters.", field="text")
    text = normalise_text(text)
    if len(text) < APPEAL_MIN:
        raise InvalidInput("Say why the decision should change.", field="text", code="required")
    if len(text) > APPEAL_MAX:
        raise InvalidInput(f"Keep your appeal to {APPEAL_MAX:,} characters.", field="text")
    challenge = decision.case.challenge
    with transaction.atomic():
        try:
            with transaction.atomic():
                appeal = Appeal.objects.create(decision=decision, text=text)
        except IntegrityError:
            raise Conflict(
                "You have already appealed this decision.", code="already_appealed"
            ) from None
        _open_case(item, appealed=True)
        audit(
            challenge=challenge,
            action="appealed",
            item=item,
            participant=item.author,
            reason=text,
            details={"decision": decision.pk},
        )
    return appeal


def appeal_decide(*, moderator, appeal: Appeal, uphold: bool, reason: str) -> Decision:
    """Decide an appeal. The moderator who made the original decision may not."""
    original = appeal.decision
    challenge = original.case.challenge
    if not rules.is_moderator(moderator, challenge):
        raise NotAllowed("Only this challenge's moderators can decide appeals.")
    if original.moderator_id == moderator.pk:
        raise NotAllowed("A different moderator must decide this appeal.", code="same_moderator")
    reason = normalise_text(reason) if isinstance(reason, str) else ""
    if not reason:
        raise InvalidInput("Say why: the author will be told.", field="reason", code="required")
    with transaction.atomic():
        appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
        if appeal.state != AppealState.OPEN:
            raise Conflict("This appeal has already been decided.", code="already_decided")
        item = original.case.item
        case = Case.objects.select_for_update().get(
            state=CaseState.OPEN,
            appealed=True,
            queue=Queue.GENERAL,
            **{k: v for k, v in _target(item).items() if v is not None},
        )
        action = original.action if uphold else Action.KEEP
        decision = Decision.objects.create(
            case=case,
            moderator=moderator,
            moderator_label=moderator_label(moderator, challenge),
            action=action,
            reason=reason,
            on_appeal=True,
        )
        _apply(item, action)
        appeal.state = AppealState.UPHELD if uphold else AppealState.OVERTURNED
        appeal.decided_by = moderator
        appeal.decided_by_label = decision.moderator_label
        appeal.decided_at = timezone.now()
        appeal.save(update_fields=["state", "decided_by", "decided_by_label", "decided_at"])
        _close_case(case)
        audit(
            challenge=challenge,
            action="appeal_upheld" if uphold else "appeal_overturned",
            actor=moderator,
            item=item,
            participant=item.author,
            reason=reason,
            details={"appeal": appeal.pk, "original_decision": original.pk},
        )
        outcome = (
            "Your appeal was not successful: the decision stands."
            if uphold
            else f"Your appeal was successful: your {_noun(item)} is published again."
        )
        notify(
            participant=item.author,
            item=item,
            message=f"{outcome} Why: {reason}",
            decision=decision,
        )
    return decision


def notices_mark_read(*, user) -> int:
    return Notice.objects.filter(participant__user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
