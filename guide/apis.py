"""REST API for panels and the guide: the curated themes with the panel's scores (as blind
as the pages), a member's score sheet, shortlist decisions, and the guide document."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from analysis.models import ThemeIdentity
from guide import rules, selectors, services
from guide.models import SCALE_HIGH, SCALE_LOW, Decision
from ideas import selectors as idea_selectors
from ideas.apis import MAX_ID


class ThemeScoresOut(serializers.Serializer):
    visible = serializers.BooleanField(help_text="False until the viewer submits their own.")
    submitted = serializers.IntegerField(help_text="Members who have submitted.")
    means = serializers.DictField(child=serializers.FloatField(allow_null=True))
    spreads = serializers.DictField(child=serializers.FloatField(allow_null=True))
    overall = serializers.FloatField(allow_null=True)
    mine_submitted = serializers.BooleanField()


class PanelThemeOut(serializers.Serializer):
    id = serializers.IntegerField(help_text="The theme's lasting identity.")
    name = serializers.CharField()
    label = serializers.CharField(help_text="The machine's label.")
    key_phrases = serializers.ListField(child=serializers.CharField())
    size = serializers.IntegerField()
    statistics = serializers.DictField()
    scores = ThemeScoresOut()
    decision = serializers.CharField(
        allow_null=True, help_text="Null until decided, or while the viewer's scores are due."
    )
    rationale = serializers.CharField(allow_null=True)


class PanelOut(serializers.Serializer):
    run = serializers.IntegerField(allow_null=True)
    criteria = serializers.ListField(child=serializers.DictField())
    alpha = serializers.DictField(child=serializers.FloatField(allow_null=True))
    alpha_overall = serializers.FloatField(allow_null=True)
    agreement_visible = serializers.BooleanField()
    themes = PanelThemeOut(many=True)


class PanelApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=PanelOut, operation_id="panel_retrieve")
    def get(self, request, slug: str):
        challenge = idea_selectors.challenge_get_visible(slug=slug)
        if not rules.can_view_panel(request.user, challenge):
            raise PermissionDenied("Only the panel, editors and organisers see the panel.")
        view = selectors.curated_themes(challenge=challenge)
        summary = selectors.panel_summary(challenge=challenge, view=view, user=request.user)
        decisions = selectors.decisions_seen(challenge=challenge, summary=summary)
        themes = []
        for theme in view.themes:
            scores = summary.themes[theme.pk]
            decision = decisions.get(theme.pk)
            themes.append(
                {
                    "id": theme.pk,
                    "name": theme.name,
                    "label": theme.label,
                    "key_phrases": theme.key_phrases,
                    "size": theme.size,
                    "statistics": theme.statistics,
                    "scores": {
                        "visible": scores.visible,
                        "submitted": scores.submitted,
                        "means": scores.means,
                        "spreads": scores.spreads,
                        "overall": scores.overall,
                        "mine_submitted": bool(scores.mine and scores.mine.submitted),
                    },
                    "decision": decision.decision if decision else None,
                    "rationale": decision.rationale if decision else None,
                }
            )
        return Response(
            PanelOut(
                {
                    "run": view.run.pk if view.run else None,
                    "criteria": [
                        {"key": c.key, "label": c.label, "description": c.description}
                        for c in summary.criteria
                    ],
                    "alpha": summary.alpha,
                    "alpha_overall": summary.alpha_overall,
                    "agreement_visible": summary.agreement_visible,
                    "themes": themes,
                }
            ).data
        )


def _identity(slug: str, pk: int) -> ThemeIdentity:
    if not 0 < pk <= MAX_ID:  # beyond a 64-bit id: SQLite cannot even look it up
        raise Http404("No such theme")
    return get_object_or_404(
        ThemeIdentity.objects.select_related("challenge"), pk=pk, challenge__slug=slug
    )


class ScoreSheetApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    class ScoreSheetIn(serializers.Serializer):
        values = serializers.DictField(
            child=serializers.IntegerField(min_value=SCALE_LOW, max_value=SCALE_HIGH),
            help_text="Criterion key -> score; every criterion is needed to submit.",
        )
        note = serializers.CharField(required=False, allow_blank=True, max_length=5000)
        submit = serializers.BooleanField(
            default=False, help_text="Final: then others' scores are shown."
        )

    class ScoreSheetOut(serializers.Serializer):
        theme = serializers.IntegerField(source="identity_id")
        values = serializers.SerializerMethodField()
        note = serializers.CharField()
        submitted_at = serializers.DateTimeField(allow_null=True)

        def get_values(self, sheet) -> dict[str, int]:
            return {s.criterion.key: s.value for s in sheet.scores.select_related("criterion")}

    @extend_schema(request=ScoreSheetIn, responses=ScoreSheetOut, operation_id="panel_scores_save")
    def put(self, request, slug: str, pk: int):
        identity = _identity(slug, pk)
        payload = self.ScoreSheetIn(data=request.data)
        payload.is_valid(raise_exception=True)
        sheet = services.sheet_save(
            member=request.user,
            identity=identity,
            values=payload.validated_data["values"],
            note=payload.validated_data.get("note", ""),
            submit=payload.validated_data["submit"],
        )
        return Response(self.ScoreSheetOut(sheet).data)


class DecisionApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    class ShortlistIn(serializers.Serializer):
        decision = serializers.ChoiceField(choices=Decision.choices)
        rationale = serializers.CharField(max_length=5000)

    class ShortlistOut(serializers.Serializer):
        theme = serializers.IntegerField(source="identity_id")
        decision = serializers.CharField()
        rationale = serializers.CharField()
        created_at = serializers.DateTimeField()

    @extend_schema(
        request=ShortlistIn, responses={201: ShortlistOut}, operation_id="panel_decisions_create"
    )
    def post(self, request, slug: str, pk: int):
        identity = _identity(slug, pk)
        payload = self.ShortlistIn(data=request.data)
        payload.is_valid(raise_exception=True)
        decision = services.decision_record(
            user=request.user, identity=identity, **payload.validated_data
        )
        return Response(self.ShortlistOut(decision).data, status=status.HTTP_201_CREATED)


class GuideApi(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "draft", bool, description="The editors' working copy (editors and organisers)."
            )
        ],
        responses=OpenApiTypes.OBJECT,
        description="The guide as one document, described by docs/guide.schema.json.",
        operation_id="guide_retrieve",
    )
    def get(self, request, slug: str):
        challenge = idea_selectors.challenge_get_visible(slug=slug)
        draft = request.query_params.get("draft") in ("1", "true")
        public = not draft and rules.can_see_public_guide(challenge)
        if not public and not rules.can_edit_guide(request.user, challenge):
            raise PermissionDenied(
                "The guide is public once the challenge reaches its published phase."
            )
        try:
            return Response(selectors.guide_document(challenge, draft=draft))
        except selectors.NoPublishedGuide as missing:
            raise Http404(str(missing)) from None
