from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .auth import app_id_new, token_hash, token_new_raw
from .models import (
    Application,
    CaptureModel,
    CaptureTask,
    DocumentField,
    DocumentType,
    StoredFile,
    TaskDocument,
)


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    """Adding an application shows its id and token once, in a message; only the
    token's hash is kept and it is never displayed."""

    list_display = ["name", "app_id", "created", "last_used_at", "revoked"]
    list_filter = ["revoked"]
    search_fields = ["name", "app_id"]
    actions = ["revoke"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["name"]
        return ["name", "app_id", "created", "last_used_at", "revoked"]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else ["app_id", "created", "last_used_at"]

    def save_model(self, request, obj: Application, form, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        raw = token_new_raw()
        obj.app_id = app_id_new()
        obj.token_hash = token_hash(raw)
        super().save_model(request, obj, form, change)
        messages.warning(
            request,
            _(
                "Application id %(app_id)s, token %(token)s — copy the token now: "
                "it will not be shown again."
            )
            % {"app_id": obj.app_id, "token": raw},
        )

    @admin.action(description=_("Revoke the selected applications"))
    def revoke(self, request, queryset) -> None:
        applications = list(queryset.filter(revoked=False))
        for application in applications:
            services.application_revoke(application=application)
        self.message_user(
            request,
            ngettext(
                "%(count)d application revoked.",
                "%(count)d applications revoked.",
                len(applications),
            )
            % {"count": len(applications)},
        )


class DocumentFieldInline(admin.TabularInline):
    model = DocumentField
    extra = 3


@admin.register(DocumentType)
class DocumentTypeAdmin(admin.ModelAdmin):
    list_display = ["slug", "name", "languages", "verification_threshold", "field_count"]
    search_fields = ["slug", "name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [DocumentFieldInline]

    @admin.display(description=_("fields"))
    def field_count(self, obj: DocumentType) -> int:
        return obj.fields.count()


@admin.register(CaptureModel)
class CaptureModelAdmin(admin.ModelAdmin):
    list_display = ["document_type", "application", "samples", "updated"]
    list_filter = ["document_type", "application"]
    readonly_fields = ["application", "document_type", "model", "samples", "updated"]


@admin.register(StoredFile)
class StoredFileAdmin(admin.ModelAdmin):
    list_display = ["name", "application", "mime", "size", "created", "expiring"]
    list_filter = ["mime", "application"]
    search_fields = ["name", "=uuid", "sha512"]
    readonly_fields = ["uuid", "sha512", "size", "mime", "extension", "content", "created"]
    exclude = ["token"]


class TaskDocumentInline(admin.StackedInline):
    model = TaskDocument
    extra = 0
    fields = ["file_name", "file_uuid", "fields"]
    readonly_fields = ["file_name", "file_uuid", "fields"]
    can_delete = False


@admin.register(CaptureTask)
class CaptureTaskAdmin(admin.ModelAdmin):
    list_display = ["uuid", "document_type", "application", "status", "created"]
    list_filter = ["status", "document_type", "application"]
    search_fields = ["=uuid"]
    readonly_fields = ["uuid", "application", "document_type", "status", "error", "created"]
    exclude = ["properties"]
    inlines = [TaskDocumentInline]
