"""Pages for expert panels and the guide: the panel's themes and scores, a page per theme
(scoring, the shortlist decision, curation), the curation log, the guide editor, its preview,
the public guide and its exports. Same rule as every page: parse, check, call, render.

Each curation action posts to its own small view, which calls the service and goes back to
the theme's page with a message; the scoring and decision forms come back with their errors
(400) so nothing typed is lost. A ``ServiceError`` is never a 500: ``NotAllowed`` is a 403,
anything else a form error or a message.
"""

import dataclasses

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from analysis.models import ThemeIdentity
from frontend.forms import add_service_error
from frontend.views import _challenge_or_404, _int_or_none, _page
from guide import exports, rules, selectors, services
from guide.exports.polis import polis_zip
from guide.models import SCALE_HIGH, SCALE_LOW, Decision, GuideSection
from ideas.errors import NotAllowed, ServiceError
from ideas.models import Challenge, Comment, Contribution, RoleKind

EXPORT_FORMATS = ("html", "pdf", "md", "json", "csv", "polis")
PUBLIC_EXPORT_FORMATS = ("html", "pdf", "md", "json", "csv")
EXPORT_LABELS = {
    "html": "HTML (a web page that works offline)",
    "pdf": "PDF",
    "md": "Markdown",
    "json": "JSON",
    "csv": "Open data: the published contributions (CSV)",
    "polis": "Pol.is export (ZIP)",
}
LOG_PAGE_SIZE = 50


# --- forms: they check the shape of what was posted; the services decide the rest ----------


class ScoreForm(django_forms.Form):
    """One radios group per criterion (``score_<key>``) and a note. Empty scores are allowed
    in a draft; the service insists on all of them when the member submits."""

    note = django_forms.CharField(required=False, strip=False, max_length=20_000)

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        scale = [(str(n), str(n)) for n in range(SCALE_LOW, SCALE_HIGH + 1)]
        for criterion in criteria:
            self.fields[self.field_name(criterion.key)] = django_forms.ChoiceField(
                choices=scale,
                required=False,
                label=criterion.label,
                help_text=criterion.description,
                error_messages={
                    "invalid_choice": f"Score “{criterion.label}” from {SCALE_LOW} to {SCALE_HIGH}."
                },
            )

    @staticmethod
    def field_name(key: str) -> str:
        return f"score_{key}"

    def values(self) -> dict[str, str]:
        return {c.key: self.cleaned_data.get(self.field_name(c.key)) for c in self.criteria}

    def add_service_error(self, error: ServiceError) -> None:
        field = self.field_name(error.field) if error.field else None
        self.add_error(field if field in self.fields else None, error.message)


class DecisionForm(django_forms.Form):
    decision = django_forms.ChoiceField(
        choices=Decision.choices,
        error_messages={
            "required": "Choose shortlisted or not shortlisted.",
            "invalid_choice": "Choose shortlisted or not shortlisted.",
        },
    )
    rationale = django_forms.CharField(
        strip=False,
        max_length=20_000,
        error_messages={"required": "Give the reason for the decision."},
    )


class RenameForm(django_forms.Form):
    name = django_forms.CharField(
        max_length=1000, error_messages={"required": "Give the theme a name."}
    )


class TargetForm(django_forms.Form):
    """Choose another current theme (merge into it, or move contributions to it)."""

    target = django_forms.TypedChoiceField(
        coerce=int,
        error_messages={
            "required": "Choose a theme.",
            "invalid_choice": "Choose one of the current themes.",
        },
    )

    def __init__(self, *args, themes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [("", "Choose a theme")] + [
            (t.pk, f"{t.name} ({t.size})") for t in themes
        ]


class MoveForm(TargetForm):
    contributions = django_forms.TypedMultipleChoiceField(
        coerce=int,
        error_messages={
            "required": "Select the contributions to move.",
            "invalid_choice": "Select contributions from this theme.",
        },
    )

    def __init__(self, *args, member_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contributions"].choices = [(pk, pk) for pk in member_ids]


class SplitForm(django_forms.Form):
    parts = django_forms.TypedChoiceField(
        coerce=int,
        choices=[(n, n) for n in range(2, services.MAX_SPLIT + 1)],
        error_messages={
            "required": "Choose how many themes to split it into.",
            "invalid_choice": f"Split into 2 to {services.MAX_SPLIT} themes.",
        },
    )


class GuideForm(django_forms.Form):
    title = django_forms.CharField(
        max_length=1000, error_messages={"required": "Give the guide a title."}
    )
    introduction = django_forms.CharField(required=False, strip=False, max_length=100_000)


class SectionForm(django_forms.Form):
    title = django_forms.CharField(
        max_length=1000, error_messages={"required": "Give the section a title."}
    )
    summary = django_forms.CharField(required=False, strip=False, max_length=100_000)
    what_helps = django_forms.CharField(required=False, strip=False, max_length=100_000)
    what_gets_in_the_way = django_forms.CharField(required=False, strip=False, max_length=100_000)
    what_to_do = django_forms.CharField(required=False, strip=False, max_length=100_000)


# --- permission and lookups ---------------------------------------------------------------


def _staff_challenge(request, slug: str, allowed) -> Challenge:
    """The challenge, if this signed-in person passes ``allowed`` (a guide.rules predicate)."""
    challenge = get_object_or_404(Challenge, slug=slug)
    if not allowed(request.user, challenge):
        raise PermissionDenied
    return challenge


def _theme_or_404(view: selectors.CuratedView, identity_id: int) -> selectors.CuratedTheme:
    """A current theme of this challenge: merged-away themes and other challenges' are 404."""
    theme = view.get(identity_id)
    if theme is None:
        raise Http404("No such theme")
    return theme


def _refuse(error: ServiceError) -> None:
    if isinstance(error, NotAllowed):
        raise PermissionDenied(error.message) from error


def _theme_url(challenge: Challenge, identity_id: int, anchor: str = "") -> str:
    url = reverse("frontend:panel_theme", args=[challenge.slug, identity_id])
    return f"{url}#{anchor}" if anchor else url


def public_guide_available(challenge: Challenge) -> bool:
    return (
        rules.can_see_public_guide(challenge)
        and selectors.latest_version(challenge=challenge) is not None
    )


# --- the panel ------------------------------------------------------------------------------


@login_required
def panel_index(request):
    """The challenges whose panel or guide this person works on."""
    if request.user.is_staff:
        challenges = Challenge.objects.all()
    else:
        challenges = Challenge.objects.filter(
            roles__user=request.user, roles__kind__in=[RoleKind.PANEL, RoleKind.EDITOR]
        ).distinct()
    if not challenges.exists():
        raise PermissionDenied
    return render(
        request,
        "frontend/guide/index.jinja",
        {
            "challenges": [
                {
                    "challenge": challenge,
                    "panel": rules.can_view_panel(request.user, challenge),
                    "editor": rules.can_edit_guide(request.user, challenge),
                }
                for challenge in challenges.order_by("-opens_at", "pk")
            ]
        },
    )


@login_required
def panel_home(request, slug: str):
    challenge = _staff_challenge(request, slug, rules.can_view_panel)
    view = selectors.curated_themes(challenge=challenge)
    summary = selectors.panel_summary(challenge=challenge, view=view, user=request.user)
    return render(
        request,
        "frontend/guide/panel.jinja",
        {
            "challenge": challenge,
            "view": view,
            "summary": summary,
            "decisions": selectors.decisions_seen(challenge=challenge, summary=summary),
            "is_panel_member": rules.is_panel_member(request.user, challenge),
            "can_edit_guide": rules.can_edit_guide(request.user, challenge),
        },
    )


@login_required
def panel_log(request, slug: str):
    challenge = _staff_challenge(request, slug, rules.can_view_panel)
    page = _page(request, selectors.curation_log(challenge=challenge), size=LOG_PAGE_SIZE)
    return render(request, "frontend/guide/log.jinja", {"challenge": challenge, "page": page})


def _theme_page(
    request, challenge: Challenge, view, theme, *, forms: dict | None = None, status: int = 200
):
    """The theme's panel page; ``forms`` carries a posted form back with its errors."""
    forms = forms or {}
    user = request.user
    summary = selectors.panel_summary(challenge=challenge, view=view, user=user)
    scores = summary.themes[theme.pk]
    rubric = summary.criteria
    can_score = rules.can_score(user, challenge)
    score_form = forms.get("score")
    if score_form is None and can_score:
        sheet = scores.mine
        initial = {}
        if sheet is not None:
            by_id = {c.pk: c.key for c in rubric}
            initial = {
                ScoreForm.field_name(by_id[s.criterion_id]): str(s.value)
                for s in sheet.scores.all()
                if s.criterion_id in by_id
            }
            initial["note"] = sheet.note
        score_form = ScoreForm(criteria=rubric, initial=initial, auto_id="score-%s")
    others = [t for t in view.themes if t.pk != theme.pk]
    page = _page(request, theme.member_ids)
    members = selectors.theme_members(theme=dataclasses.replace(theme, member_ids=list(page)))
    exemplars = selectors.exemplars_of(theme.pk)
    tips = selectors.tips_of(theme.pk)
    is_member = rules.is_panel_member(user, challenge)
    submitted_own = scores.mine is not None and scores.mine.submitted
    context = {
        "challenge": challenge,
        "theme": theme,
        "figures": theme.statistics,
        "rubric": rubric,
        "scores": scores,
        # Blind like the scores: nothing of the panel's decisions before one's own submission.
        "decision": selectors.decisions(challenge=challenge).get(theme.pk)
        if scores.visible
        else None,
        "history": selectors.decision_history(identity_id=theme.pk) if scores.visible else [],
        "page": page,
        "members": members,
        "exemplars": exemplars,
        "exemplar_ids": {c.pk for c in exemplars},
        "tips": tips,
        "tip_ids": {c.pk for c in tips},
        "candidates": selectors.tip_candidates(theme=theme, limit=30),
        "log": selectors.curation_log(challenge=challenge, identity_ids=[theme.pk])[:20],
        "others": others,
        "is_panel_member": is_member,
        "submitted_own": submitted_own,
        "can_score": can_score,
        "can_decide": rules.can_decide(user, challenge),
        "may_decide_now": rules.can_decide(user, challenge) and (not is_member or submitted_own),
        "can_curate": rules.can_curate(user, challenge),
        "score_form": score_form,
        "decision_form": forms.get("decision") or DecisionForm(auto_id="decision-%s"),
        "rename_form": forms.get("rename")
        or RenameForm(initial={"name": theme.name}, auto_id="rename-%s"),
        "merge_form": forms.get("merge") or TargetForm(themes=others, auto_id="merge-%s"),
        "split_form": forms.get("split") or SplitForm(initial={"parts": 2}, auto_id="split-%s"),
        "move_form": forms.get("move")
        or MoveForm(themes=others, member_ids=theme.member_ids, auto_id="move-%s"),
        "form": next((f for f in forms.values() if f.errors), None),
        "country_labels": selectors.COUNTRY_LABELS,
        "role_labels": selectors.ROLE_LABELS,
    }
    return render(request, "frontend/guide/theme.jinja", context, status=status)


def _panel_theme(request, slug: str, identity_id: int, allowed):
    challenge = _staff_challenge(request, slug, allowed)
    view = selectors.curated_themes(challenge=challenge)
    return challenge, view, _theme_or_404(view, identity_id)


@login_required
def panel_theme(request, slug: str, identity_id: int):
    challenge, view, theme = _panel_theme(request, slug, identity_id, rules.can_view_panel)
    return _theme_page(request, challenge, view, theme)


@login_required
@require_POST
def panel_score(request, slug: str, identity_id: int):
    challenge, view, theme = _panel_theme(request, slug, identity_id, rules.can_score)
    rubric = selectors.criteria(challenge=challenge)
    form = ScoreForm(request.POST, criteria=rubric, auto_id="score-%s")
    submit = request.POST.get("action") == "submit"
    if form.is_valid():
        try:
            services.sheet_save(
                member=request.user,
                identity=theme.identity,
                values=form.values(),
                note=form.cleaned_data["note"],
                submit=submit,
            )
        except ServiceError as error:
            _refuse(error)
            form.add_service_error(error)
        else:
            messages.success(
                request,
                "Your scores have been submitted. You can now see the panel's scores."
                if submit
                else "Your draft scores have been saved. Only you can see them.",
            )
            return redirect(_theme_url(challenge, theme.pk, "scores"))
    return _theme_page(request, challenge, view, theme, forms={"score": form}, status=400)


@login_required
@require_POST
def panel_decide(request, slug: str, identity_id: int):
    challenge, view, theme = _panel_theme(request, slug, identity_id, rules.can_decide)
    form = DecisionForm(request.POST, auto_id="decision-%s")
    if form.is_valid():
        try:
            services.decision_record(
                user=request.user, identity=theme.identity, **form.cleaned_data
            )
        except ServiceError as error:
            _refuse(error)
            add_service_error(form, error)
        else:
            messages.success(request, "The shortlist decision has been recorded.")
            return redirect(_theme_url(challenge, theme.pk, "shortlist"))
    return _theme_page(request, challenge, view, theme, forms={"decision": form}, status=400)


def _curate(request, slug: str, identity_id: int, name: str, form_class, action):
    """Run one curation step from a posted form: back to the page with a message, or the form
    with its error."""
    challenge, view, theme = _panel_theme(request, slug, identity_id, rules.can_curate)
    others = [t for t in view.themes if t.pk != theme.pk]
    extra = {"themes": others} if issubclass(form_class, TargetForm) else {}
    if form_class is MoveForm:
        extra["member_ids"] = theme.member_ids
    form = form_class(request.POST, auto_id=f"{name}-%s", **extra)
    if form.is_valid():
        try:
            message, to = action(challenge, view, theme, form.cleaned_data)
        except ServiceError as error:
            _refuse(error)
            add_service_error(form, error)
        else:
            messages.success(request, message)
            return redirect(_theme_url(challenge, to, "" if to != theme.pk else "curate"))
    return _theme_page(request, challenge, view, theme, forms={name: form}, status=400)


@login_required
@require_POST
def panel_rename(request, slug: str, identity_id: int):
    def rename(challenge, view, theme, data):
        services.theme_rename(user=request.user, identity=theme.identity, name=data["name"])
        return "The theme has been renamed.", theme.pk

    return _curate(request, slug, identity_id, "rename", RenameForm, rename)


@login_required
@require_POST
def panel_merge(request, slug: str, identity_id: int):
    def merge(challenge, view, theme, data):
        target = view.get(data["target"])
        services.theme_merge(user=request.user, source=theme.identity, target=target.identity)
        return f"“{theme.name}” has been merged into “{target.name}”.", target.pk

    return _curate(request, slug, identity_id, "merge", TargetForm, merge)


@login_required
@require_POST
def panel_split(request, slug: str, identity_id: int):
    def split(challenge, view, theme, data):
        parts = services.theme_split(
            user=request.user, identity=theme.identity, parts=data["parts"]
        )
        return f"The theme has been split into {len(parts)} themes.", theme.pk

    return _curate(request, slug, identity_id, "split", SplitForm, split)


@login_required
@require_POST
def panel_move(request, slug: str, identity_id: int):
    def move(challenge, view, theme, data):
        target = view.get(data["target"])
        moved = services.contributions_move(
            user=request.user,
            challenge=challenge,
            contribution_ids=data["contributions"],
            target=target.identity,
        )
        noun = "contribution has" if moved == 1 else "contributions have"
        return f"{moved} {noun} been moved to “{target.name}”.", theme.pk

    return _curate(request, slug, identity_id, "move", MoveForm, move)


def _pick(request, slug: str, identity_id: int, model, service, noun: str):
    """Pick (``pick=<id>``) or drop (``drop=<id>``) an exemplar or a tip."""
    challenge, _, theme = _panel_theme(request, slug, identity_id, rules.can_curate)
    picked = "pick" in request.POST
    pk = _int_or_none(request.POST.get("pick" if picked else "drop"))
    if pk is None:
        raise Http404(f"No such {noun}")
    item = get_object_or_404(model, pk=pk)
    anchor = "tips" if model is Comment else "contributions"
    try:
        service(request.user, theme.identity, item, picked)
    except ServiceError as error:
        _refuse(error)
        messages.error(request, error.message)
    else:
        messages.success(
            request, f"{noun.capitalize()} {'picked' if picked else 'dropped'}: {_gist(item)}"
        )
    return redirect(_theme_url(challenge, theme.pk, anchor))


def _gist(item) -> str:
    text = getattr(item, "title", "") or item.body
    return f"“{text[:80]}{'…' if len(text) > 80 else ''}”"


@login_required
@require_POST
def panel_exemplar(request, slug: str, identity_id: int):
    def pick(user, identity, contribution, picked):
        services.exemplar_pick(
            user=user, identity=identity, contribution=contribution, picked=picked
        )

    return _pick(request, slug, identity_id, Contribution, pick, "exemplar")


@login_required
@require_POST
def panel_tip(request, slug: str, identity_id: int):
    def pick(user, identity, comment, picked):
        services.tip_pick(user=user, identity=identity, comment=comment, picked=picked)

    return _pick(request, slug, identity_id, Comment, pick, "tip")


# --- the guide editor -----------------------------------------------------------------------


def _editor_guide(request, slug: str):
    challenge = _staff_challenge(request, slug, rules.can_edit_guide)
    try:
        guide = services.guide_get_or_create(user=request.user, challenge=challenge)
    except NotAllowed as error:
        raise PermissionDenied(error.message) from error
    return challenge, guide


def _editor_section(request, slug: str, section_id: int):
    challenge, guide = _editor_guide(request, slug)
    section = get_object_or_404(GuideSection.objects.select_related("guide"), pk=section_id)
    if section.guide_id != guide.pk:
        raise Http404("No such section")
    return challenge, guide, section


def _back_to_editor(challenge: Challenge, anchor: str = "sections"):
    return redirect(reverse("frontend:guide_edit", args=[challenge.slug]) + f"#{anchor}")


@login_required
@require_http_methods(["GET", "POST"])
def guide_edit(request, slug: str):
    challenge, guide = _editor_guide(request, slug)
    form = GuideForm(
        request.POST if request.method == "POST" else None,
        initial={"title": guide.title, "introduction": guide.introduction},
        auto_id="guide-%s",
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.guide_update(user=request.user, guide=guide, **form.cleaned_data)
        except ServiceError as error:
            _refuse(error)
            add_service_error(form, error)
        else:
            messages.success(request, "The title and introduction have been saved.")
            return redirect("frontend:guide_edit", slug=challenge.slug)
    guide = selectors.guide_of(challenge=challenge)
    view = selectors.curated_themes(challenge=challenge)
    sections = list(guide.sections.all())
    with_section = {s.identity_id for s in sections}
    latest = selectors.latest_version(challenge=challenge)
    return render(
        request,
        "frontend/guide/editor.jinja",
        {
            "challenge": challenge,
            "guide": guide,
            "form": form,
            "sections": sections,
            "theme_names": {t.pk: t.name for t in view.themes},
            "waiting": [
                t
                for t in selectors.shortlisted(challenge=challenge, view=view)
                if t.pk not in with_section
            ],
            "versions": selectors.versions(guide=guide),
            "latest": latest,
            "public": public_guide_available(challenge),
            "formats": EXPORT_FORMATS,
            "export_labels": EXPORT_LABELS,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def guide_section_add(request, slug: str):
    challenge, guide = _editor_guide(request, slug)
    identity = get_object_or_404(
        ThemeIdentity, pk=_int_or_none(request.POST.get("identity")) or 0, challenge=challenge
    )
    try:
        section = services.section_add(user=request.user, guide=guide, identity=identity)
    except ServiceError as error:
        _refuse(error)
        messages.error(request, error.message)
        return _back_to_editor(challenge)
    messages.success(request, f"A section for “{section.title}” has been added.")
    return redirect("frontend:guide_section", slug=challenge.slug, section_id=section.pk)


@login_required
@require_http_methods(["GET", "POST"])
def guide_section(request, slug: str, section_id: int):
    challenge, guide, section = _editor_section(request, slug, section_id)
    form = SectionForm(
        request.POST if request.method == "POST" else None,
        initial={name: getattr(section, name) for name in services.SECTION_FIELDS},
        auto_id="section-%s",
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.section_update(user=request.user, section=section, **form.cleaned_data)
        except ServiceError as error:
            _refuse(error)
            add_service_error(form, error)
        else:
            messages.success(request, f"The section “{section.title}” has been saved.")
            return _back_to_editor(challenge, f"section-{section.pk}")
    view = selectors.curated_themes(challenge=challenge)
    theme = view.get(section.identity_id)
    return render(
        request,
        "frontend/guide/section.jinja",
        {
            "challenge": challenge,
            "guide": guide,
            "section": section,
            "theme": theme,
            "form": form,
            "exemplars": selectors.exemplars_of(section.identity_id),
            "tips": selectors.tips_of(section.identity_id),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def guide_section_move(request, slug: str, section_id: int):
    challenge, _, section = _editor_section(request, slug, section_id)
    try:
        services.section_move(
            user=request.user, section=section, direction=request.POST.get("direction", "")
        )
    except ServiceError as error:
        _refuse(error)
        messages.error(request, error.message)
    else:
        messages.success(request, f"“{section.title}” has been moved.")
    return _back_to_editor(challenge, f"section-{section.pk}")


@login_required
@require_POST
def guide_section_remove(request, slug: str, section_id: int):
    challenge, _, section = _editor_section(request, slug, section_id)
    try:
        services.section_remove(user=request.user, section=section)
    except ServiceError as error:
        _refuse(error)
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            f"The section “{section.title}” has been removed. Its theme can be added again.",
        )
    return _back_to_editor(challenge)


@login_required
@require_POST
def guide_publish(request, slug: str):
    challenge, guide = _editor_guide(request, slug)
    try:
        version = services.guide_publish(user=request.user, guide=guide)
    except ServiceError as error:
        _refuse(error)
        messages.error(request, error.message)
        return _back_to_editor(challenge, "publish")
    message = f"Version {version.number} of the guide has been published."
    if not rules.can_see_public_guide(challenge):
        message += " Everyone will see it once the challenge reaches its published phase."
    messages.success(request, message)
    return _back_to_editor(challenge, "versions")


@login_required
def guide_preview(request, slug: str):
    challenge, _ = _editor_guide(request, slug)
    document = selectors.guide_document(challenge, draft=True)
    return _document_page(request, challenge, document, preview=True)


def guide_public(request, slug: str):
    challenge = _challenge_or_404(slug)
    if not rules.can_see_public_guide(challenge):
        raise Http404("This challenge's guide is not published yet")
    try:
        document = selectors.guide_document(challenge)
    except selectors.NoPublishedGuide:
        raise Http404("This challenge's guide is not published yet") from None
    return _document_page(request, challenge, document, preview=False)


def _document_page(request, challenge: Challenge, document: dict, *, preview: bool):
    return render(
        request,
        "frontend/guide/document.jinja",
        {
            "challenge": challenge,
            "document": document,
            "preview": preview,
            "downloads": [] if preview else PUBLIC_EXPORT_FORMATS,
            "export_labels": EXPORT_LABELS,
        },
    )


# --- exports --------------------------------------------------------------------------------


def guide_export(request, slug: str, fmt: str):
    """A download of the guide or its data. Editors and organisers get every format, and the
    working copy with ``?draft=1``; everyone else the published guide and the open data, once
    the public guide is there."""
    challenge = get_object_or_404(Challenge, slug=slug)
    if fmt not in EXPORT_FORMATS:
        raise Http404("No such format")
    draft = request.GET.get("draft") == "1"
    if not rules.can_edit_guide(request.user, challenge):
        if draft or fmt not in PUBLIC_EXPORT_FORMATS:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            raise PermissionDenied
        if not public_guide_available(challenge):
            raise Http404("This challenge's guide is not published yet")
    suffix = "-draft" if draft and fmt in exports.DOCUMENT_FORMATS else ""
    if fmt == "csv":
        body = exports.open_data_csv(challenge, selectors.contribution_theme_names(challenge))
        media_type, filename = exports.MEDIA_TYPES["csv"], f"{slug}-contributions.csv"
    elif fmt == "polis":
        body = polis_zip(exports.polis_files(challenge))
        media_type, filename = exports.MEDIA_TYPES["zip"], f"{slug}-polis.zip"
    else:
        try:
            document = selectors.guide_document(challenge, draft=draft)
        except selectors.NoPublishedGuide:
            raise Http404("This challenge's guide is not published yet") from None
        body = exports.render(document, fmt)
        media_type, filename = exports.MEDIA_TYPES[fmt], f"{slug}-guide{suffix}.{fmt}"
    response = HttpResponse(body, content_type=media_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    if draft:
        response["Cache-Control"] = "private, no-store"
    return response
