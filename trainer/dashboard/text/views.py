"""Views of the text wing: a new project, the project page and its tables, labeling
sessions, the project's settings (its name, classes and labels, its webhooks) and the
toasts of finished models. The views of
one model are :mod:`.model_views`. Thin: the access gate first, then one selector or
service, then render."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
)
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HTMX_STOP_POLLING, HttpResponseClientRedirect

from trainer.apiclient.errors import ApiError

from .. import audit, uploads, webhooks
from ..access import project_create_check
from ..models import LabelingSession, Project, Role
from . import export, scores, selectors, services, tables
from .connection import text_client
from .forms import ProjectForm, ProjectSettingsForm, SessionUploadForm, names_initial

logger = logging.getLogger(__name__)

# The oldest finished model a toast still tells of (a ``since`` kept from long ago).
NOTIFICATIONS_LOOKBACK = timedelta(minutes=10)


@login_required
@require_GET
def notifications(request: HttpRequest) -> HttpResponse:
    """The poller of base.html: toasts for the models the user started that became
    READY or FAILED since the last poll (``since``: a Unix time), and the next poller."""
    until = timezone.now()
    try:
        since = datetime.fromtimestamp(float(request.GET["since"]), tz=UTC)
    except (KeyError, ValueError, OverflowError):
        since = until
    finished = selectors.model_list_finished_for_user(
        user=request.user, since=max(since, until - NOTIFICATIONS_LOOKBACK), until=until
    )
    context = {"finished": finished, "until": f"{until.timestamp():.3f}"}
    return render(request, "dashboard/_partials/notifications.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def project_new(request: HttpRequest) -> HttpResponse:
    """A new project, made at the training service, its creator its owner."""
    project_create_check(user=request.user)
    form = ProjectForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            project = services.project_create(
                user=request.user, **form.cleaned_data, client=text_client()
            )
        except ApiError as exc:
            form.add_api_errors(exc)
        else:
            messages.success(
                request,
                _("The project %(name)s was created; you are its owner.") % {"name": project.name},
            )
            return redirect("dashboard:project", project_id=project.pk)
    status = 400 if form.errors else 200
    return render(request, "dashboard/project_new.html", {"form": form}, status=status)


@login_required
@require_GET
@vary_on_headers("HX-Request", "HX-Target")
def project_detail(request: HttpRequest, project_id: int) -> HttpResponse:
    project = selectors.project_get_for_member(project_id=project_id, user=request.user)
    context = {
        "project": project,
        **tables.project_tables(request, project=project),
        "events": audit.audit_event_list_for_project(project=project, limit=10),
    }
    template = "dashboard/project.html"
    if request.htmx and request.htmx.target == "project-tables":
        template += "#project-tables"
    else:
        context["score_chart"] = scores.model_score_chart(project=project)
    return render(request, template, context)


@login_required
@require_POST
def project_refresh(request: HttpRequest, project_id: int) -> HttpResponse:
    project = selectors.project_get_for_member(
        project_id=project_id, user=request.user, min_role=Role.MANAGER
    )
    try:
        services.project_refresh(project=project, user=request.user, client=text_client())
    except ApiError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The project is up to date with the training service."))
    return redirect("dashboard:project", project_id=project.pk)


@login_required
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def session_upload(request: HttpRequest, project_id: int) -> HttpResponse:
    """The upload form; htmx posts it (showing upload progress) and swaps in only
    the form when the file is refused, or follows the redirect on success."""
    project = selectors.project_get_for_member(
        project_id=project_id, user=request.user, min_role=Role.ANNOTATOR
    )
    post = request.method == "POST"
    purpose = f"session-upload:{project.pk}"
    staged = uploads.staged_get(session=request.session, purpose=purpose)
    form = (
        SessionUploadForm(request.POST, request.FILES, staged=staged)
        if post
        else SessionUploadForm(staged=staged)
    )
    if post and form.is_valid():
        try:
            session = services.labeling_session_upload(
                project=project,
                user=request.user,
                **form.cleaned_data,
                client=text_client(),
            )
        except ApiError as exc:
            form.add_api_errors(exc)
        else:
            uploads.staged_forget(session=request.session, purpose=purpose)
            messages.success(request, _session_uploaded_message(session))
            url = reverse("dashboard:project", args=[project.pk]) + f"#session-{session.pk}"
            return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    if post:
        uploads.refused_file_keep(session=request.session, purpose=purpose, form=form)
    template = "dashboard/session_upload.html"
    if request.htmx:
        template += "#upload-form"
    return render(request, template, {"project": project, "form": form})


def _session_uploaded_message(session: LabelingSession) -> str:
    if session.is_importing:
        return _("%(name)s was uploaded and is being imported; the project page shows how far.") % {
            "name": session.name
        }
    return ngettext(
        "%(name)s was uploaded: %(documents)d document.",
        "%(name)s was uploaded: %(documents)d documents.",
        session.documents,
    ) % {"name": session.name, "documents": session.documents}


@login_required
@require_GET
def session_row(request: HttpRequest, project_id: int, session_id: int) -> HttpResponse:
    """A labeling session's row on the project page, polled while its file is
    imported or a model pre-labels it; 286 once that is over, so htmx stops polling."""
    session = selectors.session_get_for_member(
        project_id=project_id, session_id=session_id, user=request.user
    )
    context = {"project": session.project, "session": session}
    response = render(request, "dashboard/project.html#session-row", context)
    if not (session.is_importing or session.is_predicting):
        response.status_code = HTMX_STOP_POLLING
    return response


@login_required
@require_http_methods(["GET", "POST"])
def session_delete(request: HttpRequest, project_id: int, session_id: int) -> HttpResponse:
    """GET asks for confirmation; POST deletes the session at the service and here."""
    session = selectors.session_get_for_member(
        project_id=project_id, session_id=session_id, user=request.user, min_role=Role.MANAGER
    )
    if request.method == "GET":
        context = {"project": session.project, "session": session}
        return render(request, "dashboard/session_delete.html", context)
    try:
        services.labeling_session_delete(session=session, user=request.user, client=text_client())
    except ApiError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The labeling session was deleted."))
    return redirect("dashboard:project", project_id=project_id)


@login_required
@require_GET
def session_download(request: HttpRequest, project_id: int, session_id: int) -> HttpResponse:
    """The session's done documents as a JSON Lines file the upload takes back
    (:mod:`.export`), for every member who may read them."""
    session = selectors.session_get_for_member(
        project_id=project_id, session_id=session_id, user=request.user
    )
    try:
        file, count = export.session_file(session=session, client=text_client())
    except ApiError as exc:
        messages.error(request, exc.message)
        return redirect("dashboard:project", project_id=project_id)
    logger.info("%s downloads %d documents of session %s", request.user, count, session.pk)
    name = slugify(session.name, allow_unicode=True) or "labeling-session"
    return FileResponse(
        file, as_attachment=True, filename=f"{name}.jsonl", content_type=export.MEDIA_TYPE
    )


# -- project settings: the project itself, and its webhooks -------------------------------
# Managers only. Secrets are posted, never rendered (sensitive_post_parameters keeps
# them out of error reports too).


def _webhook_prefix(webhook_id: int) -> str:
    return f"webhook-{webhook_id}"


def _project_settings_page(
    request: HttpRequest,
    project: Project,
    *,
    project_form: ProjectSettingsForm | None = None,
    add_form: webhooks.WebhookForm | None = None,
    edit_forms: dict[int, webhooks.WebhookForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The settings page; ``project_form``, ``add_form`` and ``edit_forms`` (by webhook)
    carry refused input. Without ``project_form``, the project's classes and labels are
    read from the service (if it cannot be reached, the page says so and offers no form)."""
    edit_forms = edit_forms or {}
    project_error = ""
    if project_form is None:
        try:
            remote = text_client().get_project(project.remote_id)
        except ApiError as exc:
            project_error = exc.message
        else:
            project_form = ProjectSettingsForm(
                project_type=project.type,
                initial={
                    "name": project.name,
                    "classes": names_initial(remote.classes),
                    "labels": names_initial(remote.labels),
                },
            )
    webhook_forms = [
        (
            webhook,
            edit_forms.get(webhook.pk)
            or webhooks.WebhookForm(webhook=webhook, prefix=_webhook_prefix(webhook.pk)),
        )
        for webhook in webhooks.webhook_list_for_project(project=project)
    ]
    context = {
        "project": project,
        "project_form": project_form,
        "project_error": project_error,
        "webhooks": webhook_forms,
        "add_form": add_form or webhooks.WebhookForm(prefix="new"),
        "attempts": webhooks.webhook_attempt_list_for_project(project=project),
    }
    return render(request, "dashboard/project_settings.html", context, status=status)


@login_required
@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
def project_settings(request: HttpRequest, project_id: int) -> HttpResponse:
    """The project's webhooks and their last deliveries; POST adds a webhook."""
    project = selectors.project_get_for_member(
        project_id=project_id, user=request.user, min_role=Role.MANAGER
    )
    if request.method == "GET":
        return _project_settings_page(request, project)
    form = webhooks.WebhookForm(request.POST, prefix="new")
    if not form.is_valid():
        return _project_settings_page(request, project, add_form=form, status=400)
    webhooks.webhook_create(project=project, user=request.user, **form.cleaned_data)
    messages.success(request, _("The webhook was added."))
    return redirect("dashboard:project-settings", project_id=project.pk)


@login_required
@require_POST
def project_change(request: HttpRequest, project_id: int) -> HttpResponse:
    """The project's name, classes and labels, changed at the service."""
    project = selectors.project_get_for_member(
        project_id=project_id, user=request.user, min_role=Role.MANAGER
    )
    form = ProjectSettingsForm(request.POST, project_type=project.type)
    if form.is_valid():
        try:
            services.project_change(
                project=project, user=request.user, **form.cleaned_data, client=text_client()
            )
        except ApiError as exc:
            form.add_api_errors(exc)
        else:
            messages.success(request, _("The project was saved."))
            return redirect("dashboard:project-settings", project_id=project.pk)
    return _project_settings_page(request, project, project_form=form, status=400)


@login_required
@sensitive_post_parameters()
@require_POST
def webhook_update(request: HttpRequest, project_id: int, webhook_id: int) -> HttpResponse:
    webhook = webhooks.webhook_get_for_manager(
        project_id=project_id, webhook_id=webhook_id, user=request.user
    )
    form = webhooks.WebhookForm(request.POST, webhook=webhook, prefix=_webhook_prefix(webhook.pk))
    if not form.is_valid():
        return _project_settings_page(
            request, webhook.project, edit_forms={webhook.pk: form}, status=400
        )
    webhooks.webhook_update(webhook=webhook, user=request.user, **form.cleaned_data)
    messages.success(request, _("The webhook was saved."))
    return redirect("dashboard:project-settings", project_id=project_id)


@login_required
@require_POST
def webhook_delete(request: HttpRequest, project_id: int, webhook_id: int) -> HttpResponse:
    webhook = webhooks.webhook_get_for_manager(
        project_id=project_id, webhook_id=webhook_id, user=request.user
    )
    webhooks.webhook_delete(webhook=webhook, user=request.user)
    messages.success(request, _("The webhook was removed."))
    return redirect("dashboard:project-settings", project_id=project_id)
