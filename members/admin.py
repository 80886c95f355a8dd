"""Reference data for the secretariat. Lifecycle objects are read-only here."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin
from members.models import Agency, Announcement, Membership, Organization, Person


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["acronym", "name", "kind", "rotation_position"]
    list_filter = ["kind"]
    search_fields = ["acronym", "name"]
    inlines = [MembershipInline]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "contact_email"]
    search_fields = ["name", "acronym"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["full_name", "email", "role", "agency", "organization", "is_active"]
    list_filter = ["role", "is_active", "agency"]
    search_fields = ["full_name", "email"]
    fields = [
        "email",
        "full_name",
        "title",
        "phone",
        "role",
        "agency",
        "organization",
        "language",
        "time_zone",
        "is_active",
    ]


@admin.register(Announcement)
class AnnouncementAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "subject", "audience", "recipient_count"]
