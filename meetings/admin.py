from django.contrib import admin

from meetings.models import ChairTerm, ChairTermChange, Delegate, Meeting, MeetingDocument


@admin.register(ChairTerm)
class ChairTermAdmin(admin.ModelAdmin):
    list_display = ["agency", "start", "end", "note"]
    list_select_related = ["agency"]
    date_hierarchy = "start"


@admin.register(ChairTermChange)
class ChairTermChangeAdmin(admin.ModelAdmin):
    list_display = ["at", "action", "actor", "reason"]
    list_select_related = ["actor"]

    def has_change_permission(self, request, obj=None):
        return False  # the history is kept as it happened


class MeetingDocumentInline(admin.TabularInline):
    model = MeetingDocument
    extra = 0
    fields = ["title", "file", "uploaded_at"]
    readonly_fields = ["uploaded_at"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "start", "level", "kind", "status"]
    list_filter = ["level", "kind", "status"]
    date_hierarchy = "start"
    search_fields = ["title"]
    readonly_fields = ["sequence", "frozen_chair", "invited_at"]
    inlines = [MeetingDocumentInline]


@admin.register(Delegate)
class DelegateAdmin(admin.ModelAdmin):
    list_display = ["meeting", "agency", "person", "rsvp", "is_head", "attended"]
    list_select_related = ["meeting", "agency", "person"]
