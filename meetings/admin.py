"""Chair terms, meetings and delegations have a lifecycle and rules (no overlap,
frozen chairs, deadlines, notices): read-only here, changed through the application."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin
from meetings.models import ChairTerm, ChairTermChange, Delegate, Meeting, MeetingDocument


@admin.register(ChairTerm)
class ChairTermAdmin(ReadOnlyAdmin):
    list_display = ["agency", "start", "end", "note"]
    list_select_related = ["agency"]
    date_hierarchy = "start"


@admin.register(ChairTermChange)
class ChairTermChangeAdmin(ReadOnlyAdmin):
    list_display = ["at", "action", "actor", "reason"]
    list_select_related = ["actor"]


class MeetingDocumentInline(admin.TabularInline):
    model = MeetingDocument
    extra = 0
    fields = ["title", "file", "uploaded_at"]
    readonly_fields = ["title", "file", "uploaded_at"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ["title", "start", "level", "kind", "status"]
    list_filter = ["level", "kind", "status"]
    date_hierarchy = "start"
    search_fields = ["title"]
    inlines = [MeetingDocumentInline]


@admin.register(Delegate)
class DelegateAdmin(ReadOnlyAdmin):
    list_display = ["meeting", "agency", "person", "rsvp", "is_head", "attended"]
    list_select_related = ["meeting", "agency", "person"]
