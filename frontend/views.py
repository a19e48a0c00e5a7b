"""Server-rendered pages. Same rule as the API: parse, call a service or selector, render.

Every form here works without JavaScript; the vote script only saves a page load.
"""

import json
import secrets

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from accounts import selectors as account_selectors
from accounts import services as account_services
from accounts.apis import CHECK_EMAIL, client_address
from accounts.choices import COUNTRIES, ORGANISATION_TYPES, ROLE_GROUPS
from backend.api import error_body
from frontend import forms
from guide import rules as guide_rules
from guide import selectors as guide_selectors
from ideas import rules, selectors, services
from ideas.errors import InvalidInput, NotAllowed, ServiceError
from ideas.models import Challenge, Comment, Contribution, Status
from moderation import apis as moderation_apis
from moderation import selectors as moderation_selectors
from moderation import services as moderation_services

PAGE_SIZE = 20


def _page(request, queryset, size: int = PAGE_SIZE):
    paginator = Paginator(queryset, size)
    try:
        return paginator.page(request.GET.get("page") or 1)
    except (PageNotAnInteger, EmptyPage):
        return paginator.page(1)


def _next_url(request, fallback: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return fallback


def _int_or_none(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**63 else None


def _challenge_or_404(slug: str) -> Challenge:
    try:
        return selectors.challenge_get_visible(slug=slug)
    except Challenge.DoesNotExist:
        raise Http404("No such challenge") from None


def _contribution_or_404(pk: int) -> Contribution:
    try:
        return selectors.contribution_get_public(pk=pk)
    except Contribution.DoesNotExist:
        raise Http404("No such contribution") from None


# --- browsing -----------------------------------------------------------------------------


def home(request):
    challenges = list(selectors.challenge_list_visible())
    return render(
        request,
        "frontend/home.jinja",
        {
            "open_challenges": [c for c in challenges if c.is_open],
            "other_challenges": [c for c in challenges if not c.is_open],
        },
    )


def challenge_detail(request, slug: str):
    challenge = _challenge_or_404(slug)
    sort = request.GET.get("sort") or selectors.DEFAULT_SORT
    if sort not in selectors.SORTS:
        sort = selectors.DEFAULT_SORT
    question_id = _int_or_none(request.GET.get("question"))
    category_id = _int_or_none(request.GET.get("category"))
    if sort == "random" and "shuffle_seed" not in request.session:
        request.session["shuffle_seed"] = secrets.randbelow(2**31)
    contributions = selectors.contribution_list(
        challenge=challenge,
        sort=sort,
        question_id=question_id,
        category_id=category_id,
        seed=request.session.get("shuffle_seed", 0),
    )
    page = _page(request, contributions)
    for contribution in page:
        contribution.challenge = challenge  # already loaded: spare a query per card
    votes = selectors.my_votes(user=request.user, contribution_ids=[c.pk for c in page])
    return render(
        request,
        "frontend/challenge.jinja",
        {
            "challenge": challenge,
            "page": page,
            "sort": sort,
            "sorts": selectors.SORTS,
            "question_id": question_id,
            "category_id": category_id,
            "my_votes": votes,
            "can_contribute": rules.can_contribute(request.user, challenge),
            "guide_available": guide_rules.can_see_public_guide(challenge)
            and guide_selectors.latest_version(challenge=challenge) is not None,
        },
    )


def contribution_detail(request, pk: int, comment_form=None, reply_forms=None):
    contribution = _contribution_or_404(pk)
    thread = selectors.comment_thread(contribution=contribution)
    every_comment = [c for top in thread for c in [top, *top.published_replies]]
    votes = selectors.my_votes(
        user=request.user,
        contribution_ids=[contribution.pk],
        comment_ids=[c.pk for c in every_comment],
    )
    return render(
        request,
        "frontend/contribution.jinja",
        {
            "contribution": contribution,
            "challenge": contribution.challenge,
            "thread": thread,
            "my_votes": votes,
            "comment_form": comment_form or forms.CommentForm(),
            "reply_forms": reply_forms or {},
            "can_comment": rules.can_comment(request.user, contribution),
            "can_vote_here": rules.can_vote(request.user, contribution),
            "is_author": rules.is_author(request.user, contribution),
            "can_edit": rules.can_edit(request.user, contribution),
        },
        status=400 if (comment_form and comment_form.errors) or reply_forms else 200,
    )


# --- contributing -------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def contribute(request, slug: str):
    challenge = _challenge_or_404(slug)
    if not challenge.is_open:
        return render(request, "frontend/not_open.jinja", {"challenge": challenge}, status=403)
    if not rules.is_verified_person(request.user):
        return render(request, "frontend/verify_first.jinja", {"challenge": challenge}, status=403)
    initial = {"question": _int_or_none(request.GET.get("question"))}
    form = forms.ContributionForm(
        request.POST if request.method == "POST" else None, challenge=challenge, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            contribution = services.contribution_create(
                user=request.user,
                question=challenge.questions.get(pk=data["question"]),
                category=challenge.categories.filter(pk=data["category"]).first()
                if data["category"]
                else None,
                title=data["title"],
                body=data["body"],
            )
        except ServiceError as error:
            forms.add_service_error(form, error)
        else:
            if contribution.status == Status.HELD:
                messages.info(request, _held_message("contribution", contribution))
                return redirect("frontend:account")
            messages.success(request, "Your contribution has been posted.")
            return redirect("frontend:contribution", pk=contribution.pk)
    return render(
        request,
        "frontend/contribute.jinja",
        {
            "challenge": challenge,
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def contribution_edit(request, pk: int):
    contribution = _own_or_404(request, pk)
    challenge = contribution.challenge
    if not rules.can_edit(request.user, contribution):
        return render(
            request, "frontend/edit_closed.jinja", {"contribution": contribution}, status=403
        )
    form = forms.EditContributionForm(
        request.POST if request.method == "POST" else None,
        challenge=challenge,
        initial={
            "title": contribution.title,
            "body": contribution.body,
            "category": contribution.category_id,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.contribution_edit(
                user=request.user,
                contribution=contribution,
                title=data["title"],
                body=data["body"],
                category=challenge.categories.filter(pk=data["category"]).first()
                if data["category"]
                else None,
            )
        except ServiceError as error:
            forms.add_service_error(form, error)
        else:
            messages.success(request, "Your changes have been saved.")
            return redirect(_after_own_change(contribution))
    return render(
        request,
        "frontend/contribution_edit.jinja",
        {
            "contribution": contribution,
            "challenge": challenge,
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def contribution_withdraw(request, pk: int):
    contribution = _own_or_404(request, pk)
    if request.method == "POST":
        try:
            services.contribution_withdraw(user=request.user, contribution=contribution)
        except NotAllowed as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Your contribution has been withdrawn.")
        return redirect("frontend:account")
    return render(
        request,
        "frontend/contribution_withdraw.jinja",
        {
            "contribution": contribution,
            "can_withdraw": rules.can_withdraw(request.user, contribution),
        },
    )


def _held_message(noun: str, item) -> str:
    reasons = " ".join(f["message"] for f in item.screening.get("findings", []))
    return (
        f"Your {noun} is awaiting review: a moderator will check it before it appears. {reasons}"
    ).strip()


def _own_or_404(request, pk: int) -> Contribution:
    try:
        return selectors.contribution_get_for_author(pk=pk, user=request.user)
    except Contribution.DoesNotExist:
        raise Http404("No such contribution of yours") from None


def _after_own_change(contribution: Contribution) -> str:
    if contribution.status == Status.PUBLISHED:
        return reverse("frontend:contribution", kwargs={"pk": contribution.pk})
    return reverse("frontend:account")


# --- comments and votes -------------------------------------------------------------------


@login_required
@require_POST
def comment_create(request, pk: int):
    contribution = _contribution_or_404(pk)
    parent_id = _int_or_none(request.POST.get("parent"))
    # Reply forms carry their own element ids so several can share the page.
    auto_id = f"reply-{parent_id}-%s" if parent_id else "id_%s"
    form = forms.CommentForm(request.POST, auto_id=auto_id)
    if form.is_valid():
        data = form.cleaned_data
        parent = None
        if data["parent"]:
            parent = Comment.objects.filter(pk=data["parent"], contribution=contribution).first()
            if parent is None:
                raise Http404("No such comment")
        try:
            comment = services.comment_create(
                user=request.user,
                contribution=contribution,
                body=data["body"],
                parent=parent,
                is_implementation=data["is_implementation"],
            )
        except ServiceError as error:
            forms.add_service_error(form, error)
        else:
            url = reverse("frontend:contribution", kwargs={"pk": contribution.pk})
            if comment.status == Status.HELD:
                messages.info(request, _held_message("comment", comment))
                return redirect(url)
            messages.success(request, "Your comment has been posted.")
            return redirect(f"{url}#comment-{comment.pk}")
    if parent_id:
        return contribution_detail(request, pk, reply_forms={parent_id: form})
    return contribution_detail(request, pk, comment_form=form)


@login_required
@require_POST
def comment_withdraw(request, pk: int):
    comment = get_object_or_404(
        Comment.objects.select_related("author", "contribution"),
        pk=pk,
        author__user=request.user,
    )
    try:
        services.comment_withdraw(user=request.user, comment=comment)
    except NotAllowed as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Your comment has been withdrawn.")
    return redirect("frontend:contribution", pk=comment.contribution_id)


def _vote(request, item, fallback: str):
    value = request.POST.get("value")
    try:
        if value == "withdraw":
            services.vote_withdraw(user=request.user, item=item)
        elif value in {"up", "down"}:
            services.vote_cast(user=request.user, item=item, value=1 if value == "up" else -1)
        else:
            raise InvalidInput("Choose to vote up or down.")
    except ServiceError as error:
        messages.error(request, error.message)
    return redirect(_next_url(request, fallback))


@login_required
@require_POST
def contribution_vote(request, pk: int):
    contribution = _contribution_or_404(pk)
    fallback = reverse("frontend:contribution", kwargs={"pk": pk})
    return _vote(request, contribution, fallback)


@login_required
@require_POST
def comment_vote(request, pk: int):
    try:
        comment = selectors.comment_get_public(pk=pk)
    except Comment.DoesNotExist:
        raise Http404("No such comment") from None
    fallback = reverse("frontend:contribution", kwargs={"pk": comment.contribution_id})
    return _vote(request, comment, f"{fallback}#comment-{pk}")


# --- accounts -----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def signup(request):
    form = forms.SignUpForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            account_services.user_sign_up(**form.cleaned_data)
        except ServiceError as error:
            forms.add_service_error(form, error)
        else:
            return redirect("frontend:check_email")
    return render(
        request,
        "frontend/account/signup.jinja",
        {"form": form, **_profile_choices()},
        status=400 if form.errors else 200,
    )


def check_email(request):
    return render(request, "frontend/account/check_email.jinja", {"message": CHECK_EMAIL})


def verify_email(request, uid: str, token: str):
    try:
        account_services.email_verify(uid=uid, token=token)
    except ServiceError as error:
        return render(
            request, "frontend/account/verify_failed.jinja", {"message": error.message}, status=400
        )
    messages.success(request, "Your email address is confirmed. You can now sign in.")
    return redirect("frontend:signin")


@require_http_methods(["GET", "POST"])
def signin(request):
    form = forms.SignInForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            user = account_services.sign_in(
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password"],
                client_address=client_address(request),
                request=request,
            )
        except ServiceError as error:
            form.add_error(None, error.message)
            status = error.status_code
        else:
            login(request, user)
            return redirect(_next_url(request, reverse("frontend:home")))
    if form.errors and status == 200:
        status = 400
    return render(
        request,
        "frontend/account/signin.jinja",
        {
            "form": form,
            "next": _next_url(request, ""),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def signout(request):
    if request.method == "POST":
        logout(request)
        messages.success(request, "You have signed out.")
        return redirect("frontend:home")
    return render(request, "frontend/account/signout.jinja", {})


@require_http_methods(["GET", "POST"])
def password_reset(request):
    form = forms.EmailForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            account_services.password_reset_request(email=form.cleaned_data["email"])
        except ServiceError as error:
            forms.add_service_error(form, error)
        else:
            return redirect("frontend:check_email")
    return render(
        request,
        "frontend/account/password_reset.jinja",
        {"form": form},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def password_reset_confirm(request, uid: str, token: str):
    form = forms.NewPasswordForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            account_services.password_reset_confirm(
                uid=uid, token=token, password=form.cleaned_data["password"]
            )
        except ServiceError as error:
            forms.add_service_error(form, error)
        else:
            messages.success(request, "Your password has been changed. You can now sign in.")
            return redirect("frontend:signin")
    return render(
        request,
        "frontend/account/password_reset_confirm.jinja",
        {"form": form},
        status=400 if form.errors else 200,
    )


def _profile_choices() -> dict:
    return {
        "role_groups": ROLE_GROUPS,
        "countries": COUNTRIES,
        "organisation_types": ORGANISATION_TYPES,
    }


@login_required
@require_http_methods(["GET", "POST"])
def account(request):
    user = request.user
    form = forms.ProfileForm(
        request.POST if request.method == "POST" else None,
        initial={
            "role_group": user.role_group,
            "country": user.country,
            "organisation_type": user.organisation_type,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            account_services.profile_update(user=user, **form.cleaned_data)
        except ServiceError as error:
            forms.add_service_error(form, error)
        else:
            messages.success(request, "Your profile has been saved.")
            return redirect("frontend:account")
    page = _page(request, selectors.my_contributions(user=user))
    notices = list(moderation_selectors.notices_for(user=user)[:50])
    moderation_services.notices_mark_read(user=user)
    return render(
        request,
        "frontend/account/account.jinja",
        {
            "form": form,
            "page": page,
            "notices": notices,
            "appealable": lambda notice: moderation_apis.NoticeOut().get_appealable_decision(
                notice
            ),
            "can_withdraw": rules.can_withdraw,
            "can_edit": rules.can_edit,
            **_profile_choices(),
        },
        status=400 if form.errors else 200,
    )


@login_required
def account_data(request):
    data = account_selectors.personal_data_export(user=request.user)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="groundswell-my-data.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def account_erase(request):
    form = forms.PasswordConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            account_services.account_erase(
                user=request.user, password=form.cleaned_data["password"]
            )
        except ServiceError as error:
            forms.add_service_error(form, error)
        else:
            logout(request)
            messages.success(request, "Your account has been erased.")
            return redirect("frontend:home")
    return render(
        request, "frontend/account/erase.jinja", {"form": form}, status=400 if form.errors else 200
    )


# --- static pages -------------------------------------------------------------------------


def privacy(request):
    return render(request, "frontend/privacy.jinja", {})


def accessibility(request):
    return render(request, "frontend/accessibility.jinja", {})


def _error_page(request, status: int, code: str, message: str):
    # URLs under /api/ that match no view still answer in the API's one error shape.
    if request.path.startswith("/api/"):
        return JsonResponse(error_body(code, message), status=status)
    return render(request, f"frontend/errors/{status}.jinja", {}, status=status)


def page_not_found(request, exception=None):
    return _error_page(request, 404, "not_found", "Not found.")


def server_error(request):
    return _error_page(request, 500, "server_error", "Something went wrong on our side.")


def permission_denied(request, exception=None):
    return _error_page(request, 403, "permission_denied", "You do not have permission to do this.")


def bad_request(request, exception=None):
    return _error_page(request, 400, "bad_request", "The request is not valid.")


def csrf_failure(request, reason=""):
    return render(request, "frontend/errors/csrf.jinja", {}, status=403)
