"""Agendas and proposals have a lifecycle: read-only here, changed through the application."""

from django.contrib import admin

from agenda.models import AgendaVersion, GuestInvitation, Proposal


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyAdmin):
    list_display = ["title", "agency", "meeting", "state", "is_late", "submitted_at"]
    list_filter = ["state", "is_late"]
    search_fields = ["title"]


@admin.register(AgendaVersion)
class AgendaVersionAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "number", "published_at", "pdf_state"]
    exclude = ["snapshot"]


@admin.register(GuestInvitation)
class GuestInvitationAdmin(ReadOnlyAdmin):
    list_display = ["organization", "meeting", "created_at"]
