"""Agendas and proposals have a lifecycle: read-only here, changed through the application."""

from django.contrib import admin

from agenda.models import AgendaVersion, GuestInvitation, Proposal
from core.admin import ReadOnlyAdmin


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyAdmin):
    list_display = ["title", "agency", "meeting", "state", "is_late", "submitted_at"]
    list_filter = ["state", "is_late"]
    search_fields = ["title"]


@admin.register(AgendaVersion)
class AgendaVersionAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "number", "published_at"]
    exclude = ["snapshot"]


@admin.register(GuestInvitation)
class GuestInvitationAdmin(ReadOnlyAdmin):
    list_display = ["organization", "meeting", "created_at"]
