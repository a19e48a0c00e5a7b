"""REST API for moderation: reporting, the moderators' queue and decisions, appeals,
notices, the audit log and the public transparency figures.

Moderators see items, findings and pseudonyms — never an account.
"""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view, inline_serializer
from rest_framework import permissions, serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.api import Pagination
from ideas import selectors as idea_selectors
from ideas.models import Challenge, Contribution
from moderation import rules, selectors, services
from moderation.models import (
    Action,
    Appeal,
    AuditEntry,
    Case,
    CaseState,
    Decision,
    Notice,
    Queue,
    Report,
    ReportReason,
    SanctionKind,
)

SAFETY_GUIDANCE = (
    "Thank you. Reports of patient-safety or whistleblowing concerns go to a separate queue "
    "and are read by a moderator. This site is anonymous, so it cannot investigate a concern "
    "itself: if patients may be at risk, raise it now through your organisation's Freedom to "
    "Speak Up Guardian, your line manager, or the regulator (for example the Care Quality "
    "Commission). If someone is in immediate danger, call 999."
)


# --- output shapes ------------------------------------------------------------------------


class ItemOut(serializers.Serializer):
    """A contribution or comment as moderators see it: any state, author as a pseudonym."""

    type = serializers.SerializerMethodField()
    id = serializers.IntegerField()
    contribution = serializers.SerializerMethodField()
    title = serializers.SerializerMethodField()
    body = serializers.CharField()
    status = serializers.CharField()
    author = serializers.CharField(source="author.pseudonym")
    created_at = serializers.DateTimeField()
    screening = serializers.JSONField(help_text="The pre-screen's findings, with spans.")

    def get_type(self, obj) -> str:
        return "contribution" if isinstance(obj, Contribution) else "comment"

    def get_contribution(self, obj) -> int:
        return obj.pk if isinstance(obj, Contribution) else obj.contribution_id

    def get_title(self, obj) -> str:
        return obj.title if isinstance(obj, Contribution) else ""


class ReportOut(serializers.ModelSerializer):
    reporter = serializers.CharField(source="reporter.pseudonym")

    class Meta:
        model = Report
        fields = ["reason", "note", "reporter", "created_at"]


class DecisionOut(serializers.ModelSerializer):
    moderator = serializers.SerializerMethodField()
    appeal = serializers.SerializerMethodField()

    class Meta:
        model = Decision
        fields = ["id", "action", "reason", "on_appeal", "moderator", "created_at", "appeal"]

    def get_moderator(self, obj) -> str:
        return obj.moderator_label

    def get_appeal(self, obj) -> dict | None:
        appeal = getattr(obj, "appeal", None)
        if appeal is None:
            return None
        return {"id": appeal.pk, "text": appeal.text, "state": appeal.state}


class CaseOut(serializers.ModelSerializer):
    item = serializers.SerializerMethodField()
    report_count = serializers.IntegerField(read_only=True, default=0)

    class Meta:
        model = Case
        fields = [
            "id",
            "queue",
            "state",
            "held",
            "appealed",
            "opened_at",
            "closed_at",
            "item",
            "report_count",
        ]

    def get_item(self, obj) -> dict:
        return ItemOut(obj.item).data


class CaseDetailOut(CaseOut):
    reports = ReportOut(many=True, read_only=True)
    decisions = serializers.SerializerMethodField()
    thread = serializers.SerializerMethodField()

    class Meta(CaseOut.Meta):
        fields = [*CaseOut.Meta.fields, "reports", "decisions", "thread"]

    def get_decisions(self, obj) -> list[dict]:
        return DecisionOut(selectors.case_history(case=obj), many=True).data

    def get_thread(self, obj) -> list[dict]:
        return ItemOut(selectors.case_thread(case=obj), many=True).data


class AuditOut(serializers.ModelSerializer):
    class Meta:
        model = AuditEntry
        fields = [
            "created_at",
            "actor_label",
            "action",
            "contribution_id",
            "comment_id",
            "participant_pseudonym",
            "reason",
            "details",
        ]


class NoticeOut(serializers.ModelSerializer):
    challenge = serializers.SlugField(source="participant.challenge.slug")
    appealable_decision = serializers.SerializerMethodField()

    class Meta:
        model = Notice
        fields = [
            "id",
            "challenge",
            "contribution_id",
            "comment_id",
            "message",
            "created_at",
            "read_at",
            "appealable_decision",
        ]

    def get_appealable_decision(self, obj) -> int | None:
        decision = obj.decision
        if (
            decision is None
            or decision.action == Action.KEEP
            or decision.on_appeal
            or hasattr(decision, "appeal")
        ):
            return None
        return decision.pk


def _moderated_case(request, pk: int) -> Case:
    case = get_object_or_404(Case.objects.select_related("challenge"), pk=pk)
    if not rules.is_moderator(request.user, case.challenge):
        raise PermissionDenied("Only this challenge's moderators can see its cases.")
    return case


def _moderated_challenge(request, slug: str):
    challenge = get_object_or_404(Challenge, slug=slug)
    if not rules.is_moderator(request.user, challenge):
        raise PermissionDenied("Only this challenge's moderators can see this.")
    return challenge


# --- reporting ----------------------------------------------------------------------------


class ReportIn(serializers.Serializer):
    reason = serializers.ChoiceField(choices=ReportReason.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=20_000)


ReportCreatedOut = inline_serializer(
    "ReportCreated", {"detail": serializers.CharField(), "guidance": serializers.CharField()}
)


def _report_response(report: Report) -> Response:
    guidance = SAFETY_GUIDANCE if report.reason == ReportReason.SAFETY else ""
    return Response(
        {"detail": "Thank you: a moderator will look at this.", "guidance": guidance},
        status=status.HTTP_201_CREATED,
    )


class _ReportApi(APIView):
    """Report an item ("Unsuitable or offensive? Report this"); the item comes from ``item``
    in each subclass."""

    permission_classes = [permissions.IsAuthenticated]

    def item(self, pk: int):
        raise NotImplementedError

    def post(self, request, pk: int):
        item = self.item(pk)
        payload = ReportIn(data=request.data)
        payload.is_valid(raise_exception=True)
        return _report_response(
            services.report_file(user=request.user, item=item, **payload.validated_data)
        )


def _report_schema(noun: str):
    return extend_schema_view(
        post=extend_schema(
            request=ReportIn, responses={201: ReportCreatedOut}, operation_id=f"{noun}_report"
        )
    )


@_report_schema("contributions")
class ContributionReportApi(_ReportApi):
    def item(self, pk: int):
        return idea_selectors.contribution_get_public(pk=pk)


@_report_schema("comments")
class CommentReportApi(_ReportApi):
    def item(self, pk: int):
        return idea_selectors.comment_get_public(pk=pk)


# --- the moderators' queue ----------------------------------------------------------------


class CaseListApi(APIView):
    permission_classes = [permissions.IsAuthenticated]
    pagination_class = Pagination

    class CaseFilterIn(serializers.Serializer):
        queue = serializers.ChoiceField(choices=Queue.choices, required=False)
        state = serializers.ChoiceField(
            choices=CaseState.choices, required=False, default=CaseState.OPEN
        )
        reason = serializers.ChoiceField(
            choices=[*ReportReason.values, "held", "appeal"], required=False
        )
        older_than = serializers.ChoiceField(choices=list(selectors.AGES), required=False)

    @extend_schema(
        parameters=[CaseFilterIn],
        responses=CaseOut(many=True),
        operation_id="moderation_cases_list",
    )
    def get(self, request, slug: str):
        challenge = _moderated_challenge(request, slug)
        query = self.CaseFilterIn(data=request.query_params)
        query.is_valid(raise_exception=True)
        cases = selectors.case_queue(challenge=challenge, **query.validated_data)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(cases, request, view=self)
        return paginator.get_paginated_response(CaseOut(page, many=True).data)


class CaseDetailApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=CaseDetailOut, operation_id="moderation_cases_retrieve")
    def get(self, request, pk: int):
        _moderated_case(request, pk)
        return Response(CaseDetailOut(selectors.case_detail(pk=pk)).data)


class CaseDecisionApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    class DecisionIn(serializers.Serializer):
        action = serializers.ChoiceField(choices=Action.choices)
        reason = serializers.CharField(max_length=20_000)
        sanction = serializers.ChoiceField(
            choices=SanctionKind.choices, required=False, allow_blank=True
        )
        sanction_days = serializers.IntegerField(
            required=False, allow_null=True, min_value=1, max_value=365
        )

    @extend_schema(
        request=DecisionIn, responses={201: DecisionOut}, operation_id="moderation_cases_decide"
    )
    def post(self, request, pk: int):
        case = _moderated_case(request, pk)
        payload = self.DecisionIn(data=request.data)
        payload.is_valid(raise_exception=True)
        decision = services.decision_make(
            moderator=request.user, case=case, **payload.validated_data
        )
        return Response(DecisionOut(decision).data, status=status.HTTP_201_CREATED)


class AppealDecisionApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    class AppealDecisionIn(serializers.Serializer):
        uphold = serializers.BooleanField(help_text="True keeps the original decision.")
        reason = serializers.CharField(max_length=20_000)

    @extend_schema(
        request=AppealDecisionIn,
        responses={201: DecisionOut},
        operation_id="moderation_appeals_decide",
    )
    def post(self, request, pk: int):
        appeal = get_object_or_404(
            Appeal.objects.select_related("decision__case__challenge"), pk=pk
        )
        if not rules.is_moderator(request.user, appeal.decision.case.challenge):
            raise PermissionDenied("Only this challenge's moderators can decide appeals.")
        payload = self.AppealDecisionIn(data=request.data)
        payload.is_valid(raise_exception=True)
        decision = services.appeal_decide(
            moderator=request.user, appeal=appeal, **payload.validated_data
        )
        return Response(DecisionOut(decision).data, status=status.HTTP_201_CREATED)


class AuditLogApi(APIView):
    permission_classes = [permissions.IsAuthenticated]
    pagination_class = Pagination

    @extend_schema(responses=AuditOut(many=True), operation_id="moderation_audit_list")
    def get(self, request, slug: str):
        challenge = _moderated_challenge(request, slug)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(
            selectors.audit_log(challenge=challenge), request, view=self
        )
        return paginator.get_paginated_response(AuditOut(page, many=True).data)


# --- authors: notices and appeals ---------------------------------------------------------


class MyNoticesApi(APIView):
    permission_classes = [permissions.IsAuthenticated]
    pagination_class = Pagination

    @extend_schema(responses=NoticeOut(many=True), operation_id="me_notices")
    def get(self, request):
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(
            selectors.notices_for(user=request.user), request, view=self
        )
        return paginator.get_paginated_response(NoticeOut(page, many=True).data)


class AppealCreateApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    class AppealIn(serializers.Serializer):
        text = serializers.CharField(max_length=20_000)

    @extend_schema(
        request=AppealIn,
        responses={
            201: inline_serializer(
                "AppealCreated",
                {"id": serializers.IntegerField(), "state": serializers.CharField()},
            )
        },
        operation_id="decisions_appeal",
    )
    def post(self, request, pk: int):
        decision = get_object_or_404(
            Decision.objects.select_related(
                "case__contribution__author", "case__comment__author", "case__challenge"
            ),
            pk=pk,
        )
        item = decision.case.item
        if item.author.user_id != request.user.pk:
            raise NotFound()  # not theirs: as if it did not exist
        payload = self.AppealIn(data=request.data)
        payload.is_valid(raise_exception=True)
        appeal = services.appeal_file(
            user=request.user, decision=decision, text=payload.validated_data["text"]
        )
        return Response({"id": appeal.pk, "state": appeal.state}, status=status.HTTP_201_CREATED)


# --- public -------------------------------------------------------------------------------


class TransparencyApi(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(responses={200: dict}, operation_id="challenges_transparency")
    def get(self, request, slug: str):
        challenge = idea_selectors.challenge_get_visible(slug=slug)
        return Response(selectors.transparency(challenge=challenge))
