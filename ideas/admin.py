"""The organisers' admin: challenges with their questions, categories, phase and dates.

Contributions, comments and votes are shown read-only here: they change only through the
services (pages, API, moderation), so counters and events stay right.
"""

from django.contrib import admin

from ideas.models import (
    Category,
    Challenge,
    Comment,
    Contribution,
    Participant,
    Question,
    Role,
)


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 1
    fields = ["position", "title", "description"]


class CategoryInline(admin.TabularInline):
    model = Category
    extra = 1
    fields = ["position", "name"]


class RoleInline(admin.TabularInline):
    """Organisers appoint moderators, panel members and editors by account."""

    model = Role
    extra = 1
    autocomplete_fields = ["user"]
    fields = ["user", "kind", "created_at"]
    readonly_fields = ["created_at"]


@admin.register(Challenge)
class ChallengeAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "phase", "opens_at", "closes_at", "created_at"]
    list_filter = ["phase"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [QuestionInline, CategoryInline, RoleInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "phase", "opens_at", "closes_at"]}),
        (
            "Moderation",
            {
                "fields": [
                    "report_threshold",
                    "offensive_hold",
                    "offensive_refuse",
                    "blocked_words",
                    "watched_words",
                    "max_links",
                    "premoderate_first",
                ],
                "description": "How every contribution and comment is screened before it "
                "appears, and when reports hide an item automatically.",
            },
        ),
        (
            "Rate limits",
            {
                "fields": [
                    "posts_per_hour",
                    "comments_per_hour",
                    "votes_per_minute",
                    "reports_per_hour",
                ],
                "classes": ["collapse"],
            },
        ),
    ]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Contribution)
class ContributionAdmin(ReadOnlyAdmin):
    list_display = [
        "__str__",
        "challenge",
        "question",
        "author",
        "status",
        "up_count",
        "down_count",
        "comment_count",
        "created_at",
    ]
    list_filter = ["challenge", "status"]
    search_fields = ["title", "body"]
    list_select_related = ["challenge", "question", "author"]


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    list_display = [
        "__str__",
        "contribution",
        "author",
        "status",
        "is_implementation",
        "created_at",
    ]
    list_filter = ["status", "is_implementation"]
    list_select_related = ["contribution", "author"]


@admin.register(Participant)
class ParticipantAdmin(ReadOnlyAdmin):
    # Deliberately no account column: organisers see pseudonyms, like everyone else.
    list_display = ["pseudonym", "challenge", "created_at"]
    list_filter = ["challenge"]
    fields = ["pseudonym", "challenge", "created_at"]
