"""Read-only admin for the secretariat: minutes change only through their services
(the state service, revisions, action-point history), never by editing rows."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin
from minutes.models import ActionPoint, ActionPointChange, Comment, Edition, Minutes


class EditionInline(admin.TabularInline):
    model = Edition
    fields = ["number", "published_at", "reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Minutes)
class MinutesAdmin(ReadOnlyAdmin):
    list_display = ["meeting", "state", "comments_until"]
    list_filter = ["state"]
    list_select_related = ["meeting"]
    inlines = [EditionInline]


@admin.register(ActionPoint)
class ActionPointAdmin(ReadOnlyAdmin):
    list_display = ["text", "meeting", "due", "status"]
    list_filter = ["status"]
    list_select_related = ["meeting"]
    search_fields = ["text"]


@admin.register(ActionPointChange)
class ActionPointChangeAdmin(ReadOnlyAdmin):
    list_display = ["action_point", "actor", "at"]
    list_select_related = ["action_point", "actor"]


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    list_display = ["agency", "section", "created_at", "outcome"]
    list_select_related = ["agency", "section"]
