from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .auth import token_hash, token_new_raw, token_prefix
from .models import (
    ApiToken,
    Document,
    LabelingSession,
    ProjectClass,
    ProjectLabel,
    ProjectMember,
    TextModel,
    TextProject,
)


class ProjectMemberInline(admin.TabularInline):
    model = ProjectMember
    extra = 1
    autocomplete_fields = ["user"]


class ProjectClassInline(admin.TabularInline):
    model = ProjectClass
    extra = 0


class ProjectLabelInline(admin.TabularInline):
    model = ProjectLabel
    extra = 0


@admin.register(TextProject)
class TextProjectAdmin(admin.ModelAdmin):
    list_display = ["name", "type", "created", "member_count"]
    list_filter = ["type"]
    search_fields = ["name", "description"]
    date_hierarchy = "created"
    inlines = [ProjectMemberInline, ProjectClassInline, ProjectLabelInline]

    @admin.display(description=_("members"))
    def member_count(self, obj: TextProject) -> int:
        return obj.members.count()


@admin.register(ProjectMember)
class ProjectMemberAdmin(admin.ModelAdmin):
    list_display = ["user", "project", "role"]
    list_filter = ["role", "project"]
    search_fields = ["user__username", "project__name"]
    autocomplete_fields = ["user", "project"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Adding a token shows the raw token once, in a message; only its hash is kept
    and the hash is never displayed."""

    list_display = [
        "name",
        "user",
        "key_prefix",
        "created",
        "last_used_at",
        "expires_at",
        "revoked",
    ]
    list_filter = ["revoked"]
    search_fields = ["name", "user__username", "key_prefix"]
    autocomplete_fields = ["user"]
    actions = ["revoke"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["user", "name"]
        return ["user", "name", "key_prefix", "created", "last_used_at", "expires_at", "revoked"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["user", "key_prefix", "created", "last_used_at", "expires_at"]

    def save_model(self, request, obj: ApiToken, form, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        raw = token_new_raw()
        obj.key_prefix = token_prefix(raw)
        obj.key_hash = token_hash(raw)
        super().save_model(request, obj, form, change)
        messages.warning(
            request,
            _("The new token is %(token)s — copy it now: it will not be shown again.")
            % {"token": raw},
        )

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset) -> None:
        tokens = list(queryset.filter(revoked=False))
        for token in tokens:
            services.token_revoke(token=token)
        self.message_user(
            request,
            ngettext("%(count)d token revoked.", "%(count)d tokens revoked.", len(tokens))
            % {"count": len(tokens)},
        )


@admin.register(LabelingSession)
class LabelingSessionAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "project",
        "type",
        "status",
        "document_count",
        "created",
    ]
    list_filter = ["type", "status", "project"]
    search_fields = ["name", "project__name"]
    readonly_fields = ["document_count"]
    raw_id_fields = ["owner"]
    date_hierarchy = "created"


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["short_text", "session", "status"]
    list_filter = ["status", "session__project", "session__type"]
    search_fields = ["text"]
    raw_id_fields = ["session"]
    list_select_related = ["session"]

    @admin.display(description=_("text"))
    def short_text(self, obj: Document) -> str:
        return obj.text if len(obj.text) <= 80 else obj.text[:79] + "…"


@admin.register(TextModel)
class TextModelAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "display_name",
        "project",
        "is_base",
        "type",
        "language",
        "status",
        "progress",
        "score",
        "created",
    ]
    list_filter = ["status", "type", "language", "is_base", "project"]
    search_fields = ["name", "display_name", "uuid"]
    readonly_fields = ["uuid", "progress", "score", "error", "metrics", "artifact"]
    raw_id_fields = ["owner", "base"]
    list_select_related = ["project"]
    date_hierarchy = "created"
