from django.contrib import admin

from notices.models import Notice


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    """Read-only: the outbox pages are where notices are re-sent or cancelled."""

    list_display = ["created_at", "kind", "to_email", "subject", "state", "attempts"]
    list_filter = ["state", "kind"]
    search_fields = ["to_email", "subject"]
    exclude = ["body_text", "body_html"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
