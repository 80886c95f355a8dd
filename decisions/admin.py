from django.contrib import admin

from decisions.models import Decision, DecisionChange, Response, SilenceProcedure


class ReadOnlyAdmin(admin.ModelAdmin):
    """The register and the procedures change through their services only: read here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ResponseInline(admin.TabularInline):
    model = Response
    extra = 0
    can_delete = False
    fields = ["agency", "kind", "text", "author", "at", "withdrawn_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(SilenceProcedure)
class SilenceProcedureAdmin(ReadOnlyAdmin):
    list_display = ["title", "chair", "state", "deadline", "time_zone"]
    list_filter = ["state", "level"]
    search_fields = ["title", "text"]
    inlines = [ResponseInline]


class DecisionChangeInline(admin.TabularInline):
    model = DecisionChange
    extra = 0
    can_delete = False
    fields = ["at", "actor", "edition_number", "reason", "changes"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["reference", "title", "adopted_on", "how", "level", "status"]
    list_filter = ["how", "level", "status", "year"]
    search_fields = ["reference", "title", "text"]
    inlines = [DecisionChangeInline]
