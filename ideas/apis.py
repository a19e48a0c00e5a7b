"""REST API for the core: parse input, call a service or selector, serialise output.

Authors appear as ``author`` (a pseudonym string) and nothing else: output serialisers are
handed participants, never users.
"""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_field,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import permissions, serializers, status
from rest_framework.exceptions import NotAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.api import Pagination
from ideas import selectors, services
from ideas.errors import InvalidInput
from ideas.models import Category, Challenge, Comment, Contribution, Question, VoteValue

MAX_ID = 2**63 - 1  # ids are 64-bit integers
# Raw input over the hard limit gets the limit people can see, not the hard one.
BODY_TOO_LONG = f"Your contribution must be {services.BODY_MAX:,} characters or fewer."
TITLE_TOO_LONG = f"The title must be {services.TITLE_MAX} characters or fewer."
COMMENT_TOO_LONG = f"Your comment must be {services.COMMENT_MAX:,} characters or fewer."

# --- shared output shapes -----------------------------------------------------------------


class QuestionOut(serializers.ModelSerializer):
    class Meta:
        model = Question
        fields = ["id", "title", "description"]


class CategoryOut(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["id", "name"]


class ChallengeOut(serializers.ModelSerializer):
    is_open = serializers.BooleanField(read_only=True)
    questions = QuestionOut(many=True, read_only=True)
    categories = CategoryOut(many=True, read_only=True)

    class Meta:
        model = Challenge
        fields = [
            "slug",
            "title",
            "summary",
            "phase",
            "opens_at",
            "closes_at",
            "is_open",
            "questions",
            "categories",
        ]


class ContributionOut(serializers.Serializer):
    id = serializers.IntegerField()
    challenge = serializers.SlugField(source="challenge.slug")
    question = serializers.IntegerField(source="question_id")
    category = serializers.IntegerField(source="category_id", allow_null=True)
    title = serializers.CharField()
    body = serializers.CharField(help_text="Plain text; escape it when displaying.")
    author = serializers.CharField(source="author.pseudonym", help_text="A pseudonym.")
    created_at = serializers.DateTimeField()
    edited_at = serializers.DateTimeField(allow_null=True)
    up_count = serializers.IntegerField()
    down_count = serializers.IntegerField()
    comment_count = serializers.IntegerField()
    score = serializers.FloatField(source="wilson_score", help_text="Wilson lower bound.")
    my_vote = serializers.SerializerMethodField(help_text="1, -1, or 0 for no vote.")
    is_mine = serializers.SerializerMethodField()

    def get_my_vote(self, obj) -> int:
        return self.context.get("my_votes", {}).get(("contribution", obj.pk), 0)

    def get_is_mine(self, obj) -> bool:
        user = self.context.get("user")
        return bool(user and user.is_authenticated and obj.author.user_id == user.pk)


def _review_messages(obj) -> list[str]:
    if obj.status != "held":
        return []
    return [finding["message"] for finding in obj.screening.get("findings", [])]


class MyContributionOut(ContributionOut):
    """The author's own view: any state, and why a held post is awaiting review."""

    status = serializers.CharField(help_text="published, held (awaiting review), hidden, …")
    review_messages = serializers.SerializerMethodField(
        help_text="Why a held post is awaiting review (empty otherwise)."
    )

    def get_review_messages(self, obj) -> list[str]:
        return _review_messages(obj)


class CommentOut(serializers.Serializer):
    id = serializers.IntegerField()
    contribution = serializers.IntegerField(source="contribution_id")
    parent = serializers.IntegerField(source="parent_id", allow_null=True)
    body = serializers.CharField()
    author = serializers.CharField(source="author.pseudonym")
    is_implementation = serializers.BooleanField(help_text="Marked 'how to make it happen'.")
    created_at = serializers.DateTimeField()
    up_count = serializers.IntegerField()
    down_count = serializers.IntegerField()
    my_vote = serializers.SerializerMethodField()
    replies = serializers.SerializerMethodField()

    def get_my_vote(self, obj) -> int:
        return self.context.get("my_votes", {}).get(("comment", obj.pk), 0)

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_replies(self, obj) -> list[dict]:
        replies = getattr(obj, "published_replies", None)
        if not replies:
            return []
        return CommentOut(replies, many=True, context=self.context).data


class MyCommentOut(CommentOut):
    """The author's own view of a comment just posted: held comments say why."""

    status = serializers.CharField()
    review_messages = serializers.SerializerMethodField()

    def get_review_messages(self, obj) -> list[str]:
        return _review_messages(obj)


class VoteOut(serializers.Serializer):
    up_count = serializers.IntegerField()
    down_count = serializers.IntegerField()
    my_vote = serializers.IntegerField()


class VoteIn(serializers.Serializer):
    value = serializers.ChoiceField(choices=VoteValue.choices)


QUESTION_NOT_HERE = "Choose a question from this challenge."
CATEGORY_NOT_HERE = "Choose a category from this challenge."
PARENT_NOT_HERE = "Reply to a comment on this contribution."


def _named_in_body(queryset, pk: int, field: str, message: str):
    """The object the request body names by id: a wrong id is bad input (400, naming the
    field), not a missing page.
    """
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise InvalidInput(message, field=field)
    return found


def _vote_response(result: services.VoteResult) -> Response:
    return Response(VoteOut(result).data)


def _context(request, contributions=(), comments=()) -> dict:
    return {
        "user": request.user,
        "my_votes": selectors.my_votes(
            user=request.user,
            contribution_ids=[c.pk for c in contributions],
            comment_ids=[c.pk for c in comments],
        ),
    }


# --- challenges ---------------------------------------------------------------------------


class ChallengeListApi(APIView):
    permission_classes = [permissions.AllowAny]
    pagination_class = Pagination  # also tells the schema the list comes in pages

    @extend_schema(responses=ChallengeOut(many=True), operation_id="challenges_list")
    def get(self, request):
        challenges = selectors.challenge_list_visible().prefetch_related("categories")
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(challenges, request, view=self)
        return paginator.get_paginated_response(ChallengeOut(page, many=True).data)


class ChallengeDetailApi(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(responses=ChallengeOut, operation_id="challenges_retrieve")
    def get(self, request, slug: str):
        challenge = selectors.challenge_get_visible(slug=slug)
        return Response(ChallengeOut(challenge).data)


class LiveStateApi(APIView):
    """Current vote and comment counts of the items on a page, in the shape live updates
    carry them: what a page fetches after its websocket reconnects."""

    permission_classes = [permissions.AllowAny]

    class LiveStateIn(serializers.Serializer):
        contributions = serializers.CharField(required=False, allow_blank=True, default="")
        comments = serializers.CharField(required=False, allow_blank=True, default="")

        def _ids(self, value: str) -> list[int]:
            parts = [part.strip() for part in value.split(",") if part.strip()]
            if len(parts) > selectors.LIVE_MAX_ITEMS:
                raise serializers.ValidationError(
                    f"Ask for at most {selectors.LIVE_MAX_ITEMS} items at a time."
                )
            if not all(part.isdigit() and 0 < int(part) <= MAX_ID for part in parts):
                raise serializers.ValidationError("Give item ids as numbers separated by commas.")
            return [int(part) for part in parts]

        def validate_contributions(self, value: str) -> list[int]:
            return self._ids(value)

        def validate_comments(self, value: str) -> list[int]:
            return self._ids(value)

    class LiveStateOut(serializers.Serializer):
        type = serializers.ChoiceField(
            choices=[
                "contribution.counts",
                "contribution.removed",
                "comment.counts",
                "comment.removed",
            ]
        )
        id = serializers.IntegerField()
        contribution = serializers.IntegerField(required=False)
        up = serializers.IntegerField(required=False)
        down = serializers.IntegerField(required=False)
        comments = serializers.IntegerField(required=False)

    @extend_schema(
        parameters=[LiveStateIn],
        responses=inline_serializer("LiveStates", {"items": LiveStateOut(many=True)}),
        operation_id="challenges_live_retrieve",
    )
    def get(self, request, slug: str):
        challenge = selectors.challenge_get_visible(slug=slug)
        query = self.LiveStateIn(data=request.query_params)
        query.is_valid(raise_exception=True)
        items = selectors.live_states(
            challenge_id=challenge.pk,
            contribution_ids=query.validated_data["contributions"],
            comment_ids=query.validated_data["comments"],
        )
        return Response({"items": items})


# --- contributions ------------------------------------------------------------------------


class ContributionListCreateApi(APIView):
    pagination_class = Pagination

    class ContributionFilterIn(serializers.Serializer):
        sort = serializers.ChoiceField(choices=list(selectors.SORTS), default="top")
        # Bounded: SQLite cannot even compare a foreign key with a larger number.
        question = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
        category = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
        seed = serializers.IntegerField(
            required=False,
            min_value=0,
            max_value=2**31,
            default=0,
            help_text="Fixes the order of sort=random for one visitor.",
        )

    class ContributionCreateIn(serializers.Serializer):
        question = serializers.IntegerField(min_value=1)
        body = serializers.CharField(
            trim_whitespace=False,
            allow_blank=True,
            max_length=services.RAW_INPUT_LIMIT,
            error_messages={"max_length": BODY_TOO_LONG},
            help_text="Plain text, 10 to 2,000 characters. Links may be included; HTML is not.",
        )
        title = serializers.CharField(
            required=False,
            allow_blank=True,
            max_length=services.RAW_INPUT_LIMIT,
            error_messages={"max_length": TITLE_TOO_LONG},
        )
        category = serializers.IntegerField(required=False, allow_null=True, min_value=1)

    @extend_schema(
        parameters=[ContributionFilterIn],
        responses=ContributionOut(many=True),
        operation_id="contributions_list",
    )
    def get(self, request, slug: str):
        challenge = selectors.challenge_get_visible(slug=slug)
        query = self.ContributionFilterIn(data=request.query_params)
        query.is_valid(raise_exception=True)
        contributions = selectors.contribution_list(
            challenge=challenge,
            sort=query.validated_data["sort"],
            question_id=query.validated_data.get("question"),
            category_id=query.validated_data.get("category"),
            seed=query.validated_data["seed"],
        )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(contributions, request, view=self)
        data = ContributionOut(page, many=True, context=_context(request, page)).data
        return paginator.get_paginated_response(data)

    @extend_schema(
        request=ContributionCreateIn,
        responses={201: MyContributionOut},
        operation_id="contributions_create",
    )
    def post(self, request, slug: str):
        challenge = selectors.challenge_get_visible(slug=slug)
        payload = self.ContributionCreateIn(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        question = _named_in_body(
            challenge.questions.all(), data["question"], "question", QUESTION_NOT_HERE
        )
        category = None
        if data.get("category"):
            category = _named_in_body(
                challenge.categories.all(), data["category"], "category", CATEGORY_NOT_HERE
            )
        contribution = services.contribution_create(
            user=request.user,
            question=question,
            body=data["body"],
            title=data.get("title", ""),
            category=category,
        )
        return Response(
            MyContributionOut(contribution, context=_context(request)).data,
            status=status.HTTP_201_CREATED,
        )


class ContributionDetailApi(APIView):
    class ContributionEditIn(serializers.Serializer):
        # PATCH: any field left out keeps its current value.
        body = serializers.CharField(
            required=False,
            trim_whitespace=False,
            allow_blank=True,
            max_length=services.RAW_INPUT_LIMIT,
            error_messages={"max_length": BODY_TOO_LONG},
        )
        title = serializers.CharField(
            required=False,
            allow_blank=True,
            max_length=services.RAW_INPUT_LIMIT,
            error_messages={"max_length": TITLE_TOO_LONG},
        )
        category = serializers.IntegerField(required=False, allow_null=True, min_value=1)

    @extend_schema(responses=ContributionOut, operation_id="contributions_retrieve")
    def get(self, request, pk: int):
        contribution = selectors.contribution_get_public(pk=pk)
        return Response(
            ContributionOut(contribution, context=_context(request, [contribution])).data
        )

    @extend_schema(
        request=ContributionEditIn, responses=MyContributionOut, operation_id="contributions_edit"
    )
    def patch(self, request, pk: int):
        contribution = _own_contribution(request, pk)
        payload = self.ContributionEditIn(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        category = contribution.category
        if "category" in data:
            category = None
            if data["category"]:
                category = _named_in_body(
                    contribution.challenge.categories.all(),
                    data["category"],
                    "category",
                    CATEGORY_NOT_HERE,
                )
        contribution = services.contribution_edit(
            user=request.user,
            contribution=contribution,
            body=data.get("body", contribution.body),
            title=data.get("title", contribution.title),
            category=category,
        )
        return Response(MyContributionOut(contribution, context=_context(request)).data)


def _own_contribution(request, pk: int) -> Contribution:
    """The requester's own contribution, or 404: others' posts are not theirs to change."""
    if not request.user.is_authenticated:
        raise NotAuthenticated()
    return selectors.contribution_get_for_author(pk=pk, user=request.user)


class ContributionWithdrawApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=None, responses=MyContributionOut, operation_id="contributions_withdraw")
    def post(self, request, pk: int):
        contribution = _own_contribution(request, pk)
        contribution = services.contribution_withdraw(user=request.user, contribution=contribution)
        return Response(MyContributionOut(contribution, context=_context(request)).data)


class _VoteApi(APIView):
    """Cast, change (PUT) or withdraw (DELETE) one's vote on an item; the item comes from
    ``item`` in each subclass. Answers carry absolute counts."""

    permission_classes = [permissions.IsAuthenticated]
    # Voting has its own per-person limit in the service (votes_per_minute, atomic in Redis);
    # DRF's per-user history on top cost two more cache round trips and unpickling a list of
    # up to 1,200 timestamps on every vote.
    throttle_classes: list = []

    def item(self, pk: int):
        raise NotImplementedError

    def put(self, request, pk: int):
        item = self.item(pk)
        payload = VoteIn(data=request.data)
        payload.is_valid(raise_exception=True)
        return _vote_response(
            services.vote_cast(user=request.user, item=item, value=payload.validated_data["value"])
        )

    def delete(self, request, pk: int):
        return _vote_response(services.vote_withdraw(user=request.user, item=self.item(pk)))


def _vote_schema(noun: str):
    return extend_schema_view(
        put=extend_schema(request=VoteIn, responses=VoteOut, operation_id=f"{noun}_vote"),
        delete=extend_schema(responses={200: VoteOut}, operation_id=f"{noun}_vote_withdraw"),
    )


@_vote_schema("contributions")
class ContributionVoteApi(_VoteApi):
    def item(self, pk: int):
        return selectors.contribution_get_votable(pk=pk)


class MyContributionsApi(APIView):
    permission_classes = [permissions.IsAuthenticated]
    pagination_class = Pagination

    @extend_schema(responses=MyContributionOut(many=True), operation_id="me_contributions")
    def get(self, request):
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(
            selectors.my_contributions(user=request.user), request, view=self
        )
        data = MyContributionOut(page, many=True, context=_context(request, page)).data
        return paginator.get_paginated_response(data)


# --- comments -----------------------------------------------------------------------------


class CommentListCreateApi(APIView):
    class CommentCreateIn(serializers.Serializer):
        body = serializers.CharField(
            trim_whitespace=False,
            allow_blank=True,
            max_length=services.RAW_INPUT_LIMIT,
            error_messages={"max_length": COMMENT_TOO_LONG},
        )
        parent = serializers.IntegerField(required=False, allow_null=True, min_value=1)
        is_implementation = serializers.BooleanField(required=False, default=False)

    @extend_schema(responses=CommentOut(many=True), operation_id="comments_list")
    def get(self, request, pk: int):
        contribution = selectors.contribution_get_public(pk=pk)
        thread = selectors.comment_thread(contribution=contribution)
        every = [c for top in thread for c in [top, *top.published_replies]]
        return Response(CommentOut(thread, many=True, context=_context(request, (), every)).data)

    @extend_schema(
        request=CommentCreateIn, responses={201: MyCommentOut}, operation_id="comments_create"
    )
    def post(self, request, pk: int):
        contribution = selectors.contribution_get_public(pk=pk)
        payload = self.CommentCreateIn(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        parent = None
        if data.get("parent"):
            parent = _named_in_body(
                contribution.comments.all(), data["parent"], "parent", PARENT_NOT_HERE
            )
        comment = services.comment_create(
            user=request.user,
            contribution=contribution,
            body=data["body"],
            parent=parent,
            is_implementation=data["is_implementation"],
        )
        return Response(
            MyCommentOut(comment, context=_context(request)).data, status=status.HTTP_201_CREATED
        )


class CommentWithdrawApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        request=None,
        responses=inline_serializer(
            "CommentWithdrawn",
            {"id": serializers.IntegerField(), "status": serializers.CharField()},
        ),
        operation_id="comments_withdraw",
    )
    def post(self, request, pk: int):
        comment = get_object_or_404(
            Comment.objects.select_related("author", "contribution"),
            pk=pk,
            author__user=request.user,
        )
        comment = services.comment_withdraw(user=request.user, comment=comment)
        return Response({"id": comment.pk, "status": comment.status})


@_vote_schema("comments")
class CommentVoteApi(_VoteApi):
    def item(self, pk: int):
        return selectors.comment_get_public(pk=pk)
