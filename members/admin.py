"""Reference data for the secretariat. Lifecycle objects are read-only here."""

from django.contrib import admin

from members.models import Agency, Announcement, AuditEntry, Membership, Organization, Person


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


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor", "action", "content_type", "object_id"]
    list_filter = ["action"]


@admin.register(Announcement)
class AnnouncementAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "subject", "audience", "recipient_count"]
