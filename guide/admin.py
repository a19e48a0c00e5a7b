"""Organisers change a challenge's panel rubric here; the panel's and editors' records are
shown read-only (they change only through the services, which check and log each step)."""

from django.contrib import admin

from guide import services
from guide.models import Criterion, CurationStep, GuideVersion, ShortlistDecision
from ideas.admin import ReadOnlyAdmin


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["label", "challenge", "position", "key"]
    list_editable = ["position"]
    list_filter = ["challenge"]
    search_fields = ["label", "challenge__title"]
    fields = ["challenge", "key", "label", "description", "position"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.rubric_changed(
            user=request.user, criterion=obj, change="Changed" if change else "Added"
        )

    def delete_model(self, request, obj):
        services.rubric_changed(user=request.user, criterion=obj, change="Removed")
        super().delete_model(request, obj)


@admin.register(ShortlistDecision)
class ShortlistDecisionAdmin(ReadOnlyAdmin):
    list_display = ["identity", "decision", "decided_by", "created_at"]
    list_filter = ["decision", "identity__challenge"]


@admin.register(CurationStep)
class CurationStepAdmin(ReadOnlyAdmin):
    # The account is for organisers here alone; every page and export shows the label.
    list_display = ["created_at", "actor_label", "actor", "kind", "summary"]
    list_filter = ["kind", "challenge"]


@admin.register(GuideVersion)
class GuideVersionAdmin(ReadOnlyAdmin):
    list_display = ["guide", "number", "published_by", "published_at"]
    exclude = ["content"]
