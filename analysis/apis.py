"""REST API for analysis: start runs and follow them (organisers); read themes; suggest
similar contributions while someone writes."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from analysis import rules, selectors, services
from analysis.models import AnalysisRun, Theme
from ideas import selectors as idea_selectors
from ideas.models import Challenge, Phase


class RunOut(serializers.ModelSerializer):
    class Meta:
        model = AnalysisRun
        fields = [
            "id",
            "question",
            "requested_k",
            "status",
            "progress",
            "step",
            "error",
            "contribution_count",
            "metrics",
            "timings",
            "created_at",
            "started_at",
            "finished_at",
        ]


class ThemeOut(serializers.ModelSerializer):
    name = serializers.CharField(source="display_name")
    identity = serializers.IntegerField(source="identity_id")

    class Meta:
        model = Theme
        fields = [
            "id",
            "identity",
            "name",
            "label",
            "key_phrases",
            "size",
            "statistics",
            "representative_ids",
            "most_supported_ids",
            "near_duplicate_groups",
        ]


class SimilarOut(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    body = serializers.CharField()
    up_count = serializers.IntegerField()


def _visible(request, challenge: Challenge) -> None:
    if challenge.phase != Phase.PUBLISHED and not rules.can_see_themes(request.user, challenge):
        raise PermissionDenied("Themes are shown to the public once the guide is published.")


class RunCreateApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    class RunIn(serializers.Serializer):
        question = serializers.IntegerField(
            required=False, allow_null=True, min_value=1, max_value=2**63 - 1
        )
        k = serializers.IntegerField(
            required=False, allow_null=True, min_value=2, max_value=services.MAX_K
        )

    @extend_schema(request=RunIn, responses={202: RunOut}, operation_id="analysis_runs_create")
    def post(self, request, slug: str):
        challenge = get_object_or_404(Challenge, slug=slug)
        if not rules.can_run_analysis(request.user, challenge):
            raise PermissionDenied("Only organisers can start an analysis.")
        payload = self.RunIn(data=request.data)
        payload.is_valid(raise_exception=True)
        question = None
        if payload.validated_data.get("question"):
            question = challenge.questions.filter(pk=payload.validated_data["question"]).first()
            if question is None:
                raise serializers.ValidationError({"question": ["No such question here."]})
        run = services.run_create(
            user=request.user,
            challenge=challenge,
            question=question,
            k=payload.validated_data.get("k"),
        )
        return Response(RunOut(run).data, status=status.HTTP_202_ACCEPTED)


class RunDetailApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=RunOut, operation_id="analysis_runs_retrieve")
    def get(self, request, pk: int):
        run = get_object_or_404(
            AnalysisRun.objects.defer("model").select_related("challenge"), pk=pk
        )
        if not rules.can_run_analysis(request.user, run.challenge):
            raise PermissionDenied("Only organisers can follow analysis runs.")
        return Response(RunOut(run).data)


class ThemeListApi(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(responses=ThemeOut(many=True), operation_id="themes_list")
    def get(self, request, slug: str):
        challenge = idea_selectors.challenge_get_visible(slug=slug)
        _visible(request, challenge)
        _, themes = selectors.latest_themes(challenge=challenge)
        return Response(ThemeOut(themes, many=True).data)


class ThemeDetailApi(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(responses=ThemeOut, operation_id="themes_retrieve")
    def get(self, request, pk: int):
        theme = selectors.theme_detail(pk=pk)
        _visible(request, theme.run.challenge)
        return Response(ThemeOut(theme).data)


class SimilarApi(APIView):
    permission_classes = [permissions.AllowAny]

    class SimilarIn(serializers.Serializer):
        text = serializers.CharField(max_length=20_000, trim_whitespace=True)

    @extend_schema(
        parameters=[SimilarIn],
        responses=SimilarOut(many=True),
        operation_id="contributions_similar",
    )
    def get(self, request, slug: str):
        """Up to five published contributions like the text being written."""
        challenge = idea_selectors.challenge_get_visible(slug=slug)
        query = self.SimilarIn(data=request.query_params)
        query.is_valid(raise_exception=True)
        found = selectors.similar_contributions(
            challenge=challenge, text=query.validated_data["text"][:2000]
        )
        return Response(SimilarOut(found, many=True).data)
