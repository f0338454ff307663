"""Admin: memberships are granted here; projects are imported from the service here."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_post_parameters

from trainer.apiclient.errors import ApiError

from .models import (
    AuditEvent,
    CaptureDocument,
    CaptureField,
    CaptureMembership,
    CaptureProject,
    CaptureTraining,
    LabelingSession,
    Membership,
    Project,
    TextConnection,
    TrainedModel,
    TrainingRequest,
    UserPreferences,
    Webhook,
    WebhookAttempt,
    WebhookDelivery,
)
from .text import services, sync
from .text.connection import text_client
from .webhooks import WebhookForm, webhook_secret_field


class UserPreferencesInline(admin.StackedInline):
    model = UserPreferences
    can_delete = False


admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class TrainerUserAdmin(UserAdmin):
    """Django's user admin, with the person's preferences (the dashboard's language)."""

    inlines = [UserPreferencesInline]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    fields = ["user", "role"]
    autocomplete_fields = ["user"]


def _secret_input(label: str, help_text: str) -> forms.CharField:
    """A secret written in the admin and never shown back (left empty, the stored one
    is kept)."""
    return forms.CharField(
        label=label,
        required=False,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=help_text,
    )


class TextConnectionAdminForm(forms.ModelForm):
    """The text service's URL and account; the password and the token are written,
    never shown back."""

    api_url = forms.URLField(
        label=TextConnection._meta.get_field("api_url").verbose_name,
        required=False,
        assume_scheme="https",
        help_text=TextConnection._meta.get_field("api_url").help_text,
    )
    new_password = _secret_input(
        _("Password"),
        _("The account's password; stored encrypted. Leave empty to keep the one set."),
    )
    new_token = _secret_input(
        _("Token"),
        _(
            "Or, without an e-mail: a long-lived token of the service; stored encrypted. "
            "Leave empty to keep the one set."
        ),
    )

    class Meta:
        model = TextConnection
        fields = ["api_url", "email"]

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("email") and not (cleaned.get("new_password") or self.instance.password):
            self.add_error("new_password", _("An e-mail needs its password."))
        return cleaned

    def save(self, commit: bool = True) -> TextConnection:
        for field, secret in (("password", "new_password"), ("token", "new_token")):
            if value := self.cleaned_data.get(secret):
                setattr(self.instance, field, value)
        self.instance.pk = TextConnection.THE
        return super().save(commit=commit)


@admin.register(TextConnection)
class TextConnectionAdmin(admin.ModelAdmin):
    """The one connection of the installation: added once, then changed."""

    form = TextConnectionAdminForm
    fields = ["api_url", "email", "password_state", "new_password", "token_state", "new_token"]
    readonly_fields = ["password_state", "token_state"]
    list_display = ["__str__", "email", "updated"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and not TextConnection.objects.exists()

    @admin.display(description=_("password"))
    def password_state(self, obj: TextConnection) -> str:
        return gettext("set") if obj.password else gettext("not set")

    @admin.display(description=_("token"))
    def token_state(self, obj: TextConnection) -> str:
        return gettext("set") if obj.token else gettext("not set")

    @method_decorator(sensitive_post_parameters())
    def changeform_view(self, *args, **kwargs) -> HttpResponse:
        return super().changeform_view(*args, **kwargs)


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["name", "remote_id", "last_synced_at"]
    search_fields = ["name", "description", "=remote_id"]
    readonly_fields = ["last_synced_at"]
    inlines = [MembershipInline]
    actions = ["refresh_from_service"]
    change_list_template = "admin/dashboard/project/change_list.html"

    # Deleting (after the admin's confirmation page) goes through the service, one by one.
    def delete_model(self, request: HttpRequest, obj: Project) -> None:
        services.project_delete(project=obj, user=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Project]) -> None:
        for project in queryset:
            services.project_delete(project=project, user=request.user)

    @admin.action(description=_("Import / refresh from the service"))
    def refresh_from_service(self, request: HttpRequest, queryset: QuerySet[Project]) -> None:
        client = text_client()
        done = 0
        for project in queryset:
            try:
                sync.project_sync(project=project, client=client)
            except ApiError as exc:
                self.message_user(request, f"{project}: {exc.message}", messages.ERROR)
            else:
                done += 1
        self.message_user(
            request, gettext("%(count)d project(s) refreshed.") % {"count": done}, messages.SUCCESS
        )

    def get_urls(self):
        return [
            path(
                "import-all/",
                self.admin_site.admin_view(self.import_all_view),
                name="dashboard_project_import_all",
            ),
            *super().get_urls(),
        ]

    def import_all_view(self, request: HttpRequest) -> HttpResponse:
        """Import / refresh every project the service account sees (POST only)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_change_permission(request):
            raise PermissionDenied
        try:
            projects = sync.projects_sync(client=text_client())
        except ApiError as exc:
            self.message_user(request, exc.message, messages.ERROR)
        else:
            self.message_user(
                request,
                gettext("%(count)d project(s) imported or refreshed.") % {"count": len(projects)},
                messages.SUCCESS,
            )
        return HttpResponseRedirect(reverse("admin:dashboard_project_changelist"))


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    fields = ["user", "project", "role"]
    list_display = ["user", "project", "role"]
    list_filter = ["role", "project"]
    search_fields = ["user__username", "user__email", "project__name"]
    autocomplete_fields = ["user", "project"]
    list_select_related = ["user", "project"]


@admin.register(LabelingSession)
class LabelingSessionAdmin(admin.ModelAdmin):
    list_display = ["name", "project", "type", "mode", "status", "documents", "created"]
    list_filter = ["type", "mode", "status", "project"]
    search_fields = ["name", "=remote_id"]
    list_select_related = ["project"]
    autocomplete_fields = ["project"]


@admin.register(TrainedModel)
class TrainedModelAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "name",
        "project",
        "status",
        "progress",
        "score",
        "language",
        "type",
        "started_by",
        "created",
    ]
    list_filter = ["status", "type", "language", "project"]
    search_fields = ["name", "display_name", "uuid", "owner", "=remote_id"]
    list_select_related = ["project", "started_by"]
    autocomplete_fields = ["project"]
    raw_id_fields = ["started_by"]
    readonly_fields = ["last_synced_at"]
    actions = ["refresh_from_service"]

    # A model is deleted at the service too, and the audit log records it: a mirror
    # deleted here alone would come back with the next sync.
    def delete_model(self, request: HttpRequest, obj: TrainedModel) -> None:
        self._delete_at_service(request, [obj])

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[TrainedModel]) -> None:
        self._delete_at_service(request, queryset.select_related("project"))

    def _delete_at_service(self, request: HttpRequest, models) -> None:
        client = text_client()
        for model in models:
            try:
                services.model_delete(model=model, user=request.user, client=client)
            except ApiError as exc:
                self.message_user(request, f"{model}: {exc.message}", messages.ERROR)

    @admin.action(description=_("Refresh from the service"))
    def refresh_from_service(self, request: HttpRequest, queryset: QuerySet[TrainedModel]) -> None:
        client = text_client()
        for model in queryset.select_related("project"):
            try:
                sync.model_sync(model=model, client=client)
            except ApiError as exc:
                self.message_user(request, f"{model}: {exc.message}", messages.ERROR)


@admin.register(TrainingRequest)
class TrainingRequestAdmin(admin.ModelAdmin):
    list_display = ["__str__", "project", "user", "created", "mode", "response_status", "model"]
    list_filter = ["mode", "response_status", "project"]
    search_fields = ["user__username", "error", "project__name"]
    list_select_related = ["project", "user", "model"]
    raw_id_fields = ["user", "model"]
    autocomplete_fields = ["project"]
    readonly_fields = ["created"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit log: read-only, as it happened."""

    list_display = ["created", "user", "action", "subject", "project_name", "model"]
    list_filter = ["action", "project", "capture_project"]
    search_fields = ["subject", "user__username", "project_name"]
    list_select_related = ["user", "project", "capture_project", "model"]
    date_hierarchy = "created"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False


# -- Webhooks --------------------------------------------------------------------------


class WebhookAdminForm(forms.ModelForm):
    """The URL and a new secret, required until one is set; the secret is never shown."""

    url = WebhookForm.base_fields["url"]
    new_secret = webhook_secret_field(has_secret=False)

    class Meta:
        model = Webhook
        fields = ["project", "url"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_secret"] = webhook_secret_field(has_secret=self.instance.has_secret)


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    form = WebhookAdminForm
    fields = ["project", "url", "secret_state", "new_secret"]
    readonly_fields = ["secret_state"]
    list_display = ["url", "project", "secret_state", "created"]
    list_filter = ["project"]
    search_fields = ["url", "project__name"]
    list_select_related = ["project"]
    autocomplete_fields = ["project"]

    @admin.display(description=_("secret"))
    def secret_state(self, obj: Webhook) -> str:
        return gettext("set") if obj.has_secret else gettext("not set")

    @method_decorator(sensitive_post_parameters())
    def changeform_view(self, *args, **kwargs) -> HttpResponse:
        return super().changeform_view(*args, **kwargs)

    def save_model(
        self, request: HttpRequest, obj: Webhook, form: WebhookAdminForm, change: bool
    ) -> None:
        if form.cleaned_data.get("new_secret"):
            obj.secret = form.cleaned_data["new_secret"]
        super().save_model(request, obj, form, change)


class WebhookAttemptInline(admin.TabularInline):
    model = WebhookAttempt
    fields = ["number", "created", "url", "status_code", "error", "duration_ms", "response_body"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: WebhookDelivery | None = None) -> bool:
        return False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    """What was sent to each webhook, and every attempt: read-only, as it happened."""

    list_display = ["created", "event", "webhook", "model"]
    list_filter = ["event", "webhook__project"]
    search_fields = ["=uuid", "webhook__url"]
    list_select_related = ["webhook", "model"]
    fields = ["uuid", "webhook", "model", "event", "created", "body"]
    inlines = [WebhookAttemptInline]
    date_hierarchy = "created"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: WebhookDelivery | None = None
    ) -> bool:
        return False


# -- Document capture ------------------------------------------------------------------


class CaptureFieldInline(admin.TabularInline):
    model = CaptureField
    extra = 3


class CaptureMembershipInline(MembershipInline):
    model = CaptureMembership


class CaptureProjectAdminForm(forms.ModelForm):
    """The project's application at the capture service; its token is written, never
    shown back (left empty, the stored one is kept)."""

    api_url = forms.URLField(
        label=CaptureProject._meta.get_field("api_url").verbose_name,
        required=False,
        assume_scheme="https",
        help_text=CaptureProject._meta.get_field("api_url").help_text,
    )
    new_application_token = _secret_input(
        _("Application token"),
        _(
            "From the Applications page of the capture service; stored encrypted. Leave "
            "empty to keep the one set, or to use the installation's application."
        ),
    )

    class Meta:
        model = CaptureProject
        fields = ["name", "description", "document_type", "api_url", "application_id", "region"]

    def save(self, commit: bool = True) -> CaptureProject:
        if token := self.cleaned_data.get("new_application_token"):
            self.instance.application_token = token
        return super().save(commit=commit)


@admin.register(CaptureProject)
class CaptureProjectAdmin(admin.ModelAdmin):
    form = CaptureProjectAdminForm
    fields = [
        "name",
        "description",
        "document_type",
        "api_url",
        "application_id",
        "application_token_state",
        "new_application_token",
        "region",
    ]
    readonly_fields = ["application_token_state"]
    list_display = ["name", "document_type", "application_id", "region"]
    search_fields = ["name", "document_type"]
    inlines = [CaptureFieldInline, CaptureMembershipInline]

    @admin.display(description=_("application token"))
    def application_token_state(self, obj: CaptureProject) -> str:
        return gettext("set") if obj.application_token else gettext("not set")

    @method_decorator(sensitive_post_parameters())
    def changeform_view(self, *args, **kwargs) -> HttpResponse:
        return super().changeform_view(*args, **kwargs)


@admin.register(CaptureDocument)
class CaptureDocumentAdmin(admin.ModelAdmin):
    list_display = ["name", "project", "status", "uploaded_by", "created"]
    list_filter = ["status", "project"]
    search_fields = ["name", "=task_id", "=file_id"]
    list_select_related = ["project", "uploaded_by"]
    raw_id_fields = ["uploaded_by"]
    readonly_fields = ["created", "last_synced_at"]


@admin.register(CaptureTraining)
class CaptureTrainingAdmin(admin.ModelAdmin):
    list_display = ["__str__", "user", "created", "response_status"]
    list_filter = ["response_status"]
    list_select_related = ["document", "user"]
    raw_id_fields = ["document", "user"]
    readonly_fields = ["created"]
