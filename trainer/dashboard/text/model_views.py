"""Views of one model of the text wing: the training form (a new model, or one trained
again), the model's page, trying it, comparing two, correcting with it, and its
lifecycle actions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from trainer.apiclient.deepopinion import CANCEL_EXTENSION, DeepOpinionClient
from trainer.apiclient.errors import ApiError, ApiValidationError

from ..metrics import type_meaning
from ..models import Project, Role, TrainedModel, TrainingRequest
from . import analysis, scores, selectors, services
from .connection import text_client
from .forms import CorrectionForm, ModelCompareForm, ModelTryForm, TrainingForm


@login_required
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def model_new(request: HttpRequest, project_id: int) -> HttpResponse:
    project = selectors.project_get_for_member(
        project_id=project_id, user=request.user, min_role=Role.MANAGER
    )
    client = text_client()
    # htmx asks for the base models of one language when the language changes.
    language = request.GET.get("language") if request.htmx else None
    try:
        base_models = selectors.base_model_list(client=client, language=language)
    except ApiError as exc:
        base_models = []
        messages.warning(request, _("Base models are not available: %s") % exc.message)
    # "Train again" of a model opens the form with the settings that trained it.
    again = request.GET.get("again", "")
    form = TrainingForm(
        request.POST if request.method == "POST" else None,
        initial=selectors.training_settings_of(project=project, model_id=int(again))
        if again.isdigit()
        else None,
        sessions=selectors.session_list_for_training(project=project),
        base_models=base_models,
    )
    if request.htmx and request.htmx.target == "base-model-field":
        return render(request, "dashboard/model_new.html#base-model-field", {"form": form})
    if request.method == "POST" and form.is_valid():
        try:
            model = services.training_start(
                project=project, user=request.user, **_training_arguments(form), client=client
            )
        except services.TrainingAlreadyRequested as exc:
            return _training_already_requested(request, project=project, earlier=exc.request)
        except ApiValidationError as exc:
            form.add_api_errors(exc)
        except ApiError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Training has started."))
            return redirect("dashboard:model", project_id=project.pk, model_id=model.pk)
    context = {"project": project, "form": form, "summary": _training_summary(form)}
    return render(request, "dashboard/model_new.html", context)


@login_required
@require_GET
def model_new_summary(request: HttpRequest, project_id: int) -> HttpResponse:
    """The training form's live summary of the sessions ticked (htmx, on each change)."""
    project = selectors.project_get_for_member(
        project_id=project_id, user=request.user, min_role=Role.MANAGER
    )
    form = TrainingForm(
        request.GET, sessions=selectors.session_list_for_training(project=project), base_models=[]
    )
    return render(
        request, "dashboard/model_new.html#training-summary", {"summary": _training_summary(form)}
    )


def _training_summary(form: TrainingForm) -> dict:
    chosen = form.sessions_ticked()
    return selectors.training_summary(
        mode=form["mode"].value(),
        pool=chosen["pool_sessions"],
        train=chosen["train_sessions"],
        test=chosen["test_sessions"],
    )


def _training_already_requested(
    request: HttpRequest, *, project: Project, earlier: TrainingRequest
) -> HttpResponse:
    """A second submit of the same form: show what the first one started."""
    messages.info(request, _("This form was sent already; it started one training."))
    if earlier.model_id:
        return redirect("dashboard:model", project_id=project.pk, model_id=earlier.model_id)
    return redirect("dashboard:project", project_id=project.pk)


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
        "idempotency_key": data["idempotency_key"],
    }


def _model_page(
    request: HttpRequest,
    model: TrainedModel,
    *,
    try_form: ModelTryForm | None = None,
    results: list[dict] | None = None,
) -> HttpResponse:
    client = text_client()
    context = {
        "project": model.project,
        "model": model,
        "type_meaning": type_meaning(model.type),
        "metrics": selectors.model_metrics(model=model, client=client),
        "try_form": try_form or ModelTryForm(),
        "results": results,
        "cancel_offered": selectors.model_cancel_offered(model=model, client=client),
    }
    return render(request, "dashboard/model.html", context)


@login_required
@require_GET
def model_detail(request: HttpRequest, project_id: int, model_id: int) -> HttpResponse:
    model = selectors.model_get_for_member(
        project_id=project_id, model_id=model_id, user=request.user
    )
    return _model_page(request, model)


@login_required
@require_http_methods(["GET", "POST"])
def model_correct(request: HttpRequest, project_id: int, model_id: int) -> HttpResponse:
    """A correction session of a usable model: annotators and up, as for uploading a
    session. The new session's page follows the model's pre-labeling."""
    model = selectors.model_get_for_member(
        project_id=project_id, model_id=model_id, user=request.user, min_role=Role.ANNOTATOR
    )
    if not model.is_usable:
        messages.error(request, _("Only a trained model can pre-label documents."))
        return redirect("dashboard:model", project_id=project_id, model_id=model.pk)
    form = CorrectionForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            session = services.correction_session_create(
                model=model, user=request.user, **form.cleaned_data, client=text_client()
            )
        except ApiError as exc:
            form.add_api_errors(exc)
        else:
            messages.success(
                request,
                _("%(name)s was started: %(model)s labels its documents for you to check.")
                % {"name": session.name, "model": model},
            )
            return redirect(reverse("dashboard:session-label", args=[project_id, session.pk]))
    context = {"project": model.project, "model": model, "form": form}
    status = 400 if form.errors else 200
    return render(request, "dashboard/model_correct.html", context, status=status)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def model_try(request: HttpRequest, project_id: int, model_id: int) -> HttpResponse:
    """Any member tries a usable model on a few texts: htmx swaps in the "try it" box
    with what the model found; without JavaScript the whole page comes back with it."""
    model = selectors.model_get_for_member(
        project_id=project_id, model_id=model_id, user=request.user
    )
    form, results = ModelTryForm(request.POST), None
    if not model.is_usable:
        form.add_error(
            None,
            _("Only a ready, active or published model can be tried; this one is %(status)s.")
            % {"status": model.get_status_display()},
        )
    elif form.is_valid():
        try:
            results = analysis.model_analysis(
                model=model,
                texts=form.cleaned_data["texts"],
                client=text_client(),
            )
        except ApiError as exc:
            form.add_api_errors(exc)
    if not request.htmx:
        return _model_page(request, model, try_form=form, results=results)
    context = {"project": model.project, "model": model, "try_form": form, "results": results}
    return render(request, "dashboard/model.html#try-it", context)


@login_required
@require_GET
def model_compare(request: HttpRequest, project_id: int) -> HttpResponse:
    """Two models of one type side by side on that type's figures; first the project's
    newest scored model and the newest of its type before it."""
    project = selectors.project_get_for_member(project_id=project_id, user=request.user)
    if "first" in request.GET:
        data = request.GET
    else:
        newest = scores.model_pair_newest(project=project)
        data = {"first": newest[-1].pk, "second": newest[0].pk} if len(newest) == 2 else None
    form = ModelCompareForm(data, models=selectors.model_list_for_project(project=project))
    comparison = None
    if data and form.is_valid():
        detail = selectors.metrics_detail_offered(client=text_client())
        comparison = scores.model_comparison(**form.cleaned_data, detail=detail)
    context = {"project": project, "form": form, "comparison": comparison}
    return render(request, "dashboard/model_compare.html", context)


@dataclass(frozen=True)
class LifecycleStep:
    """What a lifecycle action is called on its confirmation page and after it."""

    service: Callable
    title: str  # "Activate" …; the page asks "<title> “<model>”?"
    explanation: str
    success: str
    extension: str = ""  # the one the service must announce in /info, if any


def _model_step_take(
    request: HttpRequest, step: LifecycleStep, *, model: TrainedModel, client: DeepOpinionClient
) -> None:
    try:
        step.service(model=model, user=request.user, client=client)
    except ApiError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, step.success)


def _model_action(step: LifecycleStep) -> Callable[[HttpRequest, int, int], HttpResponse]:
    """A manager's action on one model: GET asks for confirmation, naming the model;
    POST gates, calls the service and says what happened. An action that needs an
    extension the service does not announce only says so."""

    @login_required
    @require_http_methods(["GET", "POST"])
    def view(request: HttpRequest, project_id: int, model_id: int) -> HttpResponse:
        model = selectors.model_get_for_member(
            project_id=project_id, model_id=model_id, user=request.user, min_role=Role.MANAGER
        )
        client = text_client()
        if step.extension and step.extension not in selectors.text_extensions(client=client):
            messages.error(request, _("The training service does not offer this action."))
        elif request.method == "GET":
            context = {"project": model.project, "model": model, "step": step}
            return render(request, "dashboard/model_confirm.html", context)
        else:
            _model_step_take(request, step, model=model, client=client)
        return redirect("dashboard:model", project_id=project_id, model_id=model_id)

    return view


model_activate = _model_action(
    LifecycleStep(
        services.model_activate,
        gettext_lazy("Activate"),
        gettext_lazy("It becomes the model this project uses; the audit log records when."),
        gettext_lazy("The model is active."),
    )
)


model_publish = _model_action(
    LifecycleStep(
        services.model_publish,
        gettext_lazy("Publish"),
        gettext_lazy("Everyone who uses the project's models can use it; it cannot be deleted."),
        gettext_lazy("The model is published."),
    )
)


model_cancel = _model_action(
    LifecycleStep(
        services.model_cancel,
        gettext_lazy("Cancel the training of"),
        gettext_lazy("The training stops and the model is marked as failed."),
        gettext_lazy("The training was cancelled."),
        extension=CANCEL_EXTENSION,
    )
)


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
        services.model_delete(model=model, user=request.user, client=text_client())
    except ApiError as exc:
        messages.error(request, exc.message)
        return redirect("dashboard:model", project_id=project_id, model_id=model_id)
    messages.success(request, _("The model was deleted."))
    return redirect("dashboard:project", project_id=project_id)
