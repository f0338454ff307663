"""Thin views: the access gate first, then one selector or service, then render."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HTMX_STOP_POLLING

from trainer.apiclient.errors import ApiError, ApiValidationError
from trainer.apiclient.text import TextApiClient

from . import selectors, services
from .forms import TrainingForm
from .models import Role

STATUS_FRAGMENTS = {
    "row": "dashboard/project.html#model-row",
    "card": "dashboard/model.html#model-card",
}


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    projects = selectors.project_list_for_user(user=request.user)
    return render(request, "dashboard/home.html", {"projects": projects})


@login_required
@require_GET
def project_detail(request: HttpRequest, project_id: int) -> HttpResponse:
    project = selectors.project_get_for_member(project_id=project_id, user=request.user)
    context = {
        "project": project,
        "sessions": selectors.session_list_for_project(project=project),
        "models": selectors.model_list_for_project(project=project),
    }
    return render(request, "dashboard/project.html", context)


@login_required
@require_POST
def project_refresh(request: HttpRequest, project_id: int) -> HttpResponse:
    project = selectors.project_get_for_member(
        project_id=project_id, user=request.user, min_role=Role.MANAGER
    )
    try:
        services.project_sync(project=project, client=TextApiClient.from_settings())
    except ApiError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The project is up to date with the training service."))
    return redirect("dashboard:project", project_id=project.pk)


@login_required
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def model_new(request: HttpRequest, project_id: int) -> HttpResponse:
    project = selectors.project_get_for_member(
        project_id=project_id, user=request.user, min_role=Role.MANAGER
    )
    client = TextApiClient.from_settings()
    # htmx asks for the base models of one language when the language changes.
    language = request.GET.get("language") if request.htmx else None
    try:
        base_models = selectors.base_model_list(client=client, language=language)
    except ApiError as exc:
        base_models = []
        messages.warning(request, _("Base models are not available: %s") % exc.message)
    form = TrainingForm(
        request.POST if request.method == "POST" else None,
        sessions=selectors.session_list_for_project(project=project),
        base_models=base_models,
    )
    if request.htmx and request.htmx.target == "base-model-field":
        return render(request, "dashboard/model_new.html#base-model-field", {"form": form})
    if request.method == "POST" and form.is_valid():
        try:
            model = services.training_start(
                project=project, user=request.user, **_training_arguments(form), client=client
            )
        except ApiValidationError as exc:
            form.add_api_errors(exc)
        except ApiError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Training has started."))
            return redirect("dashboard:model", project_id=project.pk, model_id=model.pk)
    return render(request, "dashboard/model_new.html", {"project": project, "form": form})


def _training_arguments(form: TrainingForm) -> dict:
    data = form.cleaned_data
    return {
        "display_name": data["display_name"],
        "name": data["name"],
        "language": data["language"],
        "base_id": data["base_model"],
        "mode": data["mode"],
        "pool_sessions": data["pool_sessions"],
        "train_sessions": data["train_sessions"],
        "test_sessions": data["test_sessions"],
    }


@login_required
@require_GET
def model_detail(request: HttpRequest, project_id: int, model_id: int) -> HttpResponse:
    model = selectors.model_get_for_member(
        project_id=project_id, model_id=model_id, user=request.user
    )
    context = {
        "project": model.project,
        "model": model,
        "metrics": selectors.model_metrics_for_display(metrics=model.metrics),
    }
    return render(request, "dashboard/model.html", context)


@login_required
@require_GET
def model_status(request: HttpRequest, project_id: int, model_id: int) -> HttpResponse:
    """The polled fragment (``?fragment=row`` or ``card``), read from the database only;
    286 once the model is terminal, so htmx stops polling."""
    model = selectors.model_get_for_member(
        project_id=project_id, model_id=model_id, user=request.user
    )
    fragment = request.GET.get("fragment", "card")
    context = {
        "project": model.project,
        "model": model,
        "metrics": selectors.model_metrics_for_display(metrics=model.metrics),
    }
    response = render(request, STATUS_FRAGMENTS.get(fragment, STATUS_FRAGMENTS["card"]), context)
    if model.is_terminal:
        response.status_code = HTMX_STOP_POLLING
    return response


def _model_action(
    service: Callable, success: str
) -> Callable[[HttpRequest, int, int], HttpResponse]:
    """A manager's POST on one model: gate, call the service, say what happened."""

    @login_required
    @require_POST
    def view(request: HttpRequest, project_id: int, model_id: int) -> HttpResponse:
        model = selectors.model_get_for_member(
            project_id=project_id, model_id=model_id, user=request.user, min_role=Role.MANAGER
        )
        try:
            service(model=model, user=request.user, client=TextApiClient.from_settings())
        except ApiError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, success)
        return redirect("dashboard:model", project_id=project_id, model_id=model_id)

    return view


model_activate = _model_action(services.model_activate, gettext_lazy("The model is active."))
model_publish = _model_action(services.model_publish, gettext_lazy("The model is published."))
model_cancel = _model_action(services.model_cancel, gettext_lazy("The training was cancelled."))


@login_required
@require_http_methods(["GET", "POST"])
def model_delete(request: HttpRequest, project_id: int, model_id: int) -> HttpResponse:
    """GET asks for confirmation; POST deletes at the service and here."""
    model = selectors.model_get_for_member(
        project_id=project_id, model_id=model_id, user=request.user, min_role=Role.MANAGER
    )
    if request.method == "GET":
        return render(
            request, "dashboard/model_delete.html", {"project": model.project, "model": model}
        )
    try:
        services.model_delete(model=model, user=request.user, client=TextApiClient.from_settings())
    except ApiError as exc:
        messages.error(request, exc.message)
        return redirect("dashboard:model", project_id=project_id, model_id=model_id)
    messages.success(request, _("The model was deleted."))
    return redirect("dashboard:project", project_id=project_id)
