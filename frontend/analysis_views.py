"""Analysis pages: organisers start runs and watch progress; themes, the map and a page per
theme for organisers, moderators, panels and editors (and everyone once published).
"""

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from analysis import rules, selectors, services
from analysis.models import AnalysisRun, RunStatus, Theme
from frontend.forms import add_service_error
from frontend.views import _challenge_or_404, _page
from guide import rules as guide_rules
from ideas.errors import ServiceError
from ideas.models import Challenge, Phase

PALETTE = [
    "#005eb8",
    "#007f3b",
    "#ffb81c",
    "#d5281b",
    "#330072",
    "#41b6e6",
    "#ae2573",
    "#00a499",
    "#ed8b00",
    "#425563",
    "#7c2855",
    "#78be20",
]


class RunForm(django_forms.Form):
    question = django_forms.TypedChoiceField(coerce=int, required=False, empty_value=None)
    k = django_forms.IntegerField(
        required=False,
        min_value=2,
        max_value=services.MAX_K,
        error_messages={
            "min_value": "Ask for at least 2 themes.",
            "max_value": "Ask for at most 60 themes.",
        },
    )

    def __init__(self, *args, challenge: Challenge, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["question"].choices = [("", "All questions")] + [
            (q.pk, q.title) for q in challenge.questions.all()
        ]


def _may_see_themes(user, challenge: Challenge) -> bool:
    return challenge.phase == Phase.PUBLISHED or rules.can_see_themes(user, challenge)


@login_required
@require_http_methods(["GET", "POST"])
def analysis_home(request, slug: str):
    challenge = get_object_or_404(Challenge, slug=slug)
    if not rules.can_run_analysis(request.user, challenge):
        raise PermissionDenied
    form = RunForm(request.POST if request.method == "POST" else None, challenge=challenge)
    if request.method == "POST" and form.is_valid():
        question = (
            challenge.questions.get(pk=form.cleaned_data["question"])
            if form.cleaned_data["question"]
            else None
        )
        try:
            run = services.run_create(
                user=request.user, challenge=challenge, question=question, k=form.cleaned_data["k"]
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            return redirect("frontend:analysis_run", pk=run.pk)
    return render(
        request,
        "frontend/analysis/home.jinja",
        {
            "challenge": challenge,
            "form": form,
            "page": _page(request, selectors.runs_for(challenge=challenge)),
        },
        status=400 if form.errors else 200,
    )


@login_required
def run_detail(request, pk: int):
    run = get_object_or_404(AnalysisRun.objects.defer("model").select_related("challenge"), pk=pk)
    if not rules.can_run_analysis(request.user, run.challenge):
        raise PermissionDenied
    if run.status == RunStatus.RUNNING and services.run_fail_stale(challenge_id=run.challenge_id):
        run.refresh_from_db()  # its worker had stopped: now it says so, and can run again
    return render(
        request,
        "frontend/analysis/run.jinja",
        {
            "run": run,
            "challenge": run.challenge,
            "refresh": run.status in {RunStatus.QUEUED, RunStatus.RUNNING},
        },
    )


@login_required
@require_POST
def run_again(request, pk: int):
    old = get_object_or_404(AnalysisRun.objects.defer("model").select_related("challenge"), pk=pk)
    try:
        run = services.run_create(
            user=request.user, challenge=old.challenge, question=old.question, k=old.requested_k
        )
    except ServiceError as error:
        if error.status_code == 403:
            raise PermissionDenied from None
        messages.error(request, error.message)
        return redirect("frontend:analysis_run", pk=old.pk)
    return redirect("frontend:analysis_run", pk=run.pk)


def themes(request, slug: str):
    challenge = _challenge_or_404(slug)
    if not _may_see_themes(request.user, challenge):
        if not request.user.is_authenticated:
            return redirect(f"/account/signin/?next={request.path}")
        raise PermissionDenied
    run, found = selectors.latest_themes(challenge=challenge)
    points = selectors.map_points(run=run) if run else []
    largest = max((t.size for t in found), default=1)
    return render(
        request,
        "frontend/analysis/themes.jinja",
        {
            "challenge": challenge,
            "run": run,
            "themes": found,
            "points": points,
            "largest": largest,
            "colour": lambda index: PALETTE[index % len(PALETTE)] if index >= 0 else "#aeb7bd",
            "can_run": rules.can_run_analysis(request.user, challenge),
            "can_view_panel": guide_rules.can_view_panel(request.user, challenge),
            "can_edit_guide": guide_rules.can_edit_guide(request.user, challenge),
        },
    )


def theme_by_identity(request, identity_id: int):
    """A link that follows a theme across re-runs: to its newest version."""
    theme = selectors.latest_theme_of_identity(identity_id=identity_id)
    if theme is None:
        raise Http404("No such theme")
    if not _may_see_themes(request.user, theme.run.challenge):
        if not request.user.is_authenticated:
            return redirect(f"/account/signin/?next={request.path}")
        raise PermissionDenied
    return redirect("frontend:theme", theme.pk)


def theme_detail(request, pk: int):
    try:
        theme = selectors.theme_detail(pk=pk)
    except Theme.DoesNotExist:
        raise Http404("No such theme") from None
    challenge = theme.run.challenge
    if not _may_see_themes(request.user, challenge):
        if not request.user.is_authenticated:
            return redirect(f"/account/signin/?next={request.path}")
        raise PermissionDenied
    return render(
        request,
        "frontend/analysis/theme.jinja",
        {
            "theme": theme,
            "challenge": challenge,
            "figures": theme.statistics,
            "representatives": selectors.published_in_order(theme.representative_ids),
            "most_supported": selectors.published_in_order(theme.most_supported_ids),
            "page": _page(request, selectors.theme_contributions(theme=theme)),
            "newest": selectors.latest_theme_of_identity(identity_id=theme.identity_id),
        },
    )
