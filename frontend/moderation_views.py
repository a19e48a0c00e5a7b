"""Moderation pages: reporting, the moderators' queue, case decisions, appeals, the audit
log and the public transparency page. Same rule as every page: parse, call, render.
"""

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from frontend.forms import add_service_error
from frontend.views import _challenge_or_404, _page
from ideas import selectors as idea_selectors
from ideas.errors import ServiceError
from ideas.models import Challenge, Comment, Contribution, RoleKind
from moderation import rules, selectors, services
from moderation.apis import SAFETY_GUIDANCE
from moderation.models import (
    Action,
    Appeal,
    CaseState,
    Decision,
    Queue,
    ReportReason,
    SanctionKind,
)


class ReportForm(django_forms.Form):
    reason = django_forms.ChoiceField(
        choices=ReportReason.choices,
        error_messages={"required": "Select why you are reporting this."},
    )
    note = django_forms.CharField(required=False, max_length=20_000, strip=False)


class DecisionForm(django_forms.Form):
    action = django_forms.ChoiceField(
        choices=Action.choices, error_messages={"required": "Select what to do."}
    )
    reason = django_forms.CharField(
        max_length=20_000, error_messages={"required": "Say why: the author will be told."}
    )
    sanction = django_forms.ChoiceField(
        choices=[("", "No sanction"), *SanctionKind.choices], required=False
    )
    sanction_days = django_forms.IntegerField(
        required=False,
        min_value=1,
        max_value=365,
        error_messages={"min_value": "Give at least 1 day.", "max_value": "At most 365 days."},
    )


class AppealDecisionForm(django_forms.Form):
    uphold = django_forms.TypedChoiceField(
        choices=[("yes", "Keep the original decision"), ("no", "Overturn it: publish the post")],
        coerce=lambda value: value == "yes",
        error_messages={"required": "Select whether the decision stands."},
    )
    reason = django_forms.CharField(
        max_length=20_000, error_messages={"required": "Say why: the author will be told."}
    )


class AppealForm(django_forms.Form):
    text = django_forms.CharField(
        max_length=20_000, strip=False, error_messages={"required": "Say why."}
    )


# --- reporting ----------------------------------------------------------------------------


def _reportable(kind: str, pk: int) -> Contribution | Comment:
    try:
        if kind == "contribution":
            return idea_selectors.contribution_get_public(pk=pk)
        return idea_selectors.comment_get_public(pk=pk)
    except (Contribution.DoesNotExist, Comment.DoesNotExist):
        raise Http404("Nothing to report here") from None


@login_required
@require_http_methods(["GET", "POST"])
def report(request, kind: str, pk: int):
    item = _reportable(kind, pk)
    contribution = item if isinstance(item, Contribution) else item.contribution
    form = ReportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            filed = services.report_file(user=request.user, item=item, **form.cleaned_data)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            return render(
                request,
                "frontend/moderation/reported.jinja",
                {
                    "contribution": contribution,
                    "guidance": SAFETY_GUIDANCE if filed.reason == ReportReason.SAFETY else "",
                },
            )
    return render(
        request,
        "frontend/moderation/report.jinja",
        {"form": form, "item": item, "contribution": contribution, "kind": kind},
        status=400 if form.errors else 200,
    )


# --- the moderators' pages ----------------------------------------------------------------


def _moderated(request, challenge: Challenge) -> None:
    if not rules.is_moderator(request.user, challenge):
        raise PermissionDenied


@login_required
def moderation_home(request):
    if request.user.is_staff:
        challenges = Challenge.objects.all()
    else:
        challenges = Challenge.objects.filter(
            roles__user=request.user, roles__kind=RoleKind.MODERATOR
        )
    if not challenges.exists():
        raise PermissionDenied
    return render(request, "frontend/moderation/home.jinja", {"challenges": challenges})


@login_required
def queue(request, slug: str):
    challenge = get_object_or_404(Challenge, slug=slug)
    _moderated(request, challenge)
    filters = {
        "queue": request.GET.get("queue") if request.GET.get("queue") in Queue.values else "",
        "state": request.GET.get("state")
        if request.GET.get("state") in CaseState.values
        else CaseState.OPEN,
        "reason": request.GET.get("reason")
        if request.GET.get("reason") in [*ReportReason.values, "held", "appeal"]
        else "",
        "older_than": request.GET.get("older_than")
        if request.GET.get("older_than") in selectors.AGES
        else "",
    }
    page = _page(request, selectors.case_queue(challenge=challenge, **filters))
    return render(
        request,
        "frontend/moderation/queue.jinja",
        {
            "challenge": challenge,
            "page": page,
            "filters": filters,
            "queues": Queue.choices,
            "reasons": ReportReason.choices,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def case(request, pk: int):
    try:
        the_case = selectors.case_detail(pk=pk)
    except selectors.Case.DoesNotExist:
        raise Http404("No such case") from None
    _moderated(request, the_case.challenge)
    open_appeal = Appeal.objects.filter(
        decision__in=selectors.case_history(case=the_case), state="open"
    ).first()
    decision_form = DecisionForm(request.POST if "action" in request.POST else None)
    appeal_form = AppealDecisionForm(request.POST if "uphold" in request.POST else None)
    if request.method == "POST":
        try:
            if the_case.appealed and open_appeal and appeal_form.is_valid():
                services.appeal_decide(
                    moderator=request.user, appeal=open_appeal, **appeal_form.cleaned_data
                )
                messages.success(request, "The appeal has been decided.")
                return redirect("frontend:moderation_queue", slug=the_case.challenge.slug)
            if not the_case.appealed and decision_form.is_valid():
                data = decision_form.cleaned_data
                services.decision_make(
                    moderator=request.user,
                    case=the_case,
                    action=data["action"],
                    reason=data["reason"],
                    sanction=data["sanction"],
                    sanction_days=data["sanction_days"],
                )
                messages.success(request, "Your decision has been recorded.")
                return redirect("frontend:moderation_queue", slug=the_case.challenge.slug)
        except ServiceError as error:
            add_service_error(appeal_form if the_case.appealed else decision_form, error)
    form = appeal_form if the_case.appealed else decision_form
    return render(
        request,
        "frontend/moderation/case.jinja",
        {
            "case": the_case,
            "item": the_case.item,
            "challenge": the_case.challenge,
            "history": selectors.case_history(case=the_case),
            "thread": selectors.case_thread(case=the_case),
            "open_appeal": open_appeal,
            "form": form,
            "actions": Action.choices,
            "sanctions": SanctionKind.choices,
        },
        status=400 if form.errors else 200,
    )


@login_required
def audit_log(request, slug: str):
    challenge = get_object_or_404(Challenge, slug=slug)
    _moderated(request, challenge)
    page = _page(request, selectors.audit_log(challenge=challenge), size=50)
    return render(
        request, "frontend/moderation/audit.jinja", {"challenge": challenge, "page": page}
    )


# --- authors ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def appeal(request, pk: int):
    decision = get_object_or_404(
        Decision.objects.select_related(
            "case__contribution__author", "case__comment__author", "case__challenge"
        ),
        pk=pk,
    )
    item = decision.case.item
    if item.author.user_id != request.user.pk:
        raise Http404("No such decision of yours")
    form = AppealForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.appeal_file(user=request.user, decision=decision, **form.cleaned_data)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, "Your appeal has been sent. A different moderator will decide it."
            )
            return redirect(reverse("frontend:account") + "#notices")
    return render(
        request,
        "frontend/moderation/appeal.jinja",
        {"form": form, "decision": decision, "item": item},
        status=400 if form.errors else 200,
    )


# --- public -------------------------------------------------------------------------------


def transparency(request, slug: str):
    challenge = _challenge_or_404(slug)
    return render(
        request,
        "frontend/moderation/transparency.jinja",
        {"challenge": challenge, "figures": selectors.transparency(challenge=challenge)},
    )
