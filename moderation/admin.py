"""Organisers may read the moderation records in the admin; nobody may change them there.
Decisions are made on the moderators' pages, so the rules and the audit log always apply.
"""

from django.contrib import admin

from ideas.admin import ReadOnlyAdmin
from moderation.models import AuditEntry, Case, Sanction


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = [
        "created_at",
        "challenge_id",
        "actor_label",
        "action",
        "contribution_id",
        "comment_id",
        "participant_pseudonym",
    ]
    list_filter = ["action", "actor_label"]
    search_fields = ["reason", "participant_pseudonym"]


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ["id", "challenge", "queue", "state", "held", "appealed", "opened_at"]
    list_filter = ["challenge", "queue", "state"]


@admin.register(Sanction)
class SanctionAdmin(ReadOnlyAdmin):
    list_display = ["participant", "kind", "until", "created_at"]
