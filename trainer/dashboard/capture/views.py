"""Views of the capture wing: the document type, its documents, the page viewer with
its requests (the pages the dashboard draws, the text under what is drawn on them)
and training. The verify step is :mod:`.verification`."""

from __future__ import annotations

import csv
import itertools
import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HTMX_STOP_POLLING, HttpResponseClientRefresh

from trainer.apiclient.errors import ApiError, ApiValidationError

from .. import audit, uploads
from ..models import CAPTURE_PROCESSED_STATUSES, CaptureDocument, Role
from . import export, pages, selectors, services, words
from .connection import capture_client
from .forms import CaptureDrawingForm, CaptureTrainingForm, CaptureUploadForm

logger = logging.getLogger(__name__)

BYTE_ORDER_MARK = "\ufeff"


@login_required
@require_GET
@cache_control(private=True, max_age=24 * 60 * 60)  # a page of a file never changes
def page_image(
    request: HttpRequest, project_id: int, document_id: int, page_id: int
) -> HttpResponse:
    """A page of the document as PNG, rendered from its file at the layout's resolution."""
    document = selectors.capture_document_get_for_member(
        project_id=project_id, document_id=document_id, user=request.user
    )
    page = next((p for p in document.layout.get("pages", []) if p["id"] == page_id), None)
    if page is None:
        raise Http404
    try:
        png = pages.page_png(document=document, page=page)
    except pages.UnreadablePage as exc:
        logger.warning("Page %s of capture document %s: %s", page_id, document.pk, exc)
        raise Http404 from exc
    return HttpResponse(png, content_type="image/png")


@login_required
@require_POST
def drawing_texts(request: HttpRequest, project_id: int, document_id: int) -> JsonResponse:
    """What lies under the rectangles posted (``drawing``, as the Train button sends
    it): ``{"fields": {name: {"text", "blank"}}}``; the viewer asks after each change."""
    document = selectors.capture_document_get_for_member(
        project_id=project_id, document_id=document_id, user=request.user
    )
    form = CaptureDrawingForm(request.POST)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    texts = words.drawing_texts(document=document, drawing=form.cleaned_data["drawing"])
    return JsonResponse({"fields": texts})


CAPTURE_STATUS_FRAGMENTS = {
    "row": "dashboard/capture/documents.html#document-row",
    "card": "dashboard/capture/document.html#document-card",
}


@login_required
@require_GET
def capture_project_detail(request: HttpRequest, project_id: int) -> HttpResponse:
    """The document type: its fields and how extraction improves with training."""
    project = selectors.capture_project_get_for_member(project_id=project_id, user=request.user)
    context = {
        "project": project,
        "accuracy": selectors.capture_accuracy(project=project),
        "events": audit.audit_event_list_for_project(project=project, limit=10),
    }
    return render(request, "dashboard/capture/project.html", context)


def _capture_documents_page(
    request: HttpRequest, project, form: CaptureUploadForm, status: int = 200
) -> HttpResponse:
    context = {
        "project": project,
        "documents": selectors.capture_document_list(project=project),
        "form": form,
    }
    return render(request, "dashboard/capture/documents.html", context, status=status)


@login_required
@require_GET
def capture_documents(request: HttpRequest, project_id: int) -> HttpResponse:
    project = selectors.capture_project_get_for_member(project_id=project_id, user=request.user)
    staged = uploads.staged_get(session=request.session, purpose=_upload_purpose(project))
    return _capture_documents_page(request, project, CaptureUploadForm(staged=staged))


class _Echo:
    """A file that hands back what is written: the csv writer's rows, streamed one by
    one (Django's way to stream a large CSV file)."""

    def write(self, value: str) -> str:
        return value


@login_required
@require_GET
def capture_documents_csv(request: HttpRequest, project_id: int) -> HttpResponse:
    """The values every document of the project came out with, as CSV (:mod:`.export`),
    UTF-8 with a byte order mark so that spreadsheets read its accents right."""
    project = selectors.capture_project_get_for_member(project_id=project_id, user=request.user)
    writer = csv.writer(_Echo())
    lines = (writer.writerow(row) for row in export.rows(project=project))
    name = slugify(project.name, allow_unicode=True) or "documents"
    return StreamingHttpResponse(
        itertools.chain([BYTE_ORDER_MARK], lines),
        content_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": content_disposition_header(True, f"{name}.csv"),
        },
    )


def _upload_purpose(project) -> str:
    """What the file kept after a refused upload is kept for (:mod:`..uploads`)."""
    return f"capture-upload:{project.pk}"


@login_required
@require_POST
def capture_document_upload(request: HttpRequest, project_id: int) -> HttpResponse:
    project = selectors.capture_project_get_for_member(
        project_id=project_id, user=request.user, min_role=Role.ANNOTATOR
    )
    purpose = _upload_purpose(project)
    staged = uploads.staged_get(session=request.session, purpose=purpose)
    form = CaptureUploadForm(request.POST, request.FILES, staged=staged)
    if form.is_valid():
        try:
            document = services.capture_document_upload(
                project=project,
                user=request.user,
                file=form.cleaned_data["file"],
                client=capture_client(project=project),
            )
        except ApiError as exc:
            form.add_error("file" if exc.status in (413, 415) else None, exc.message)
        else:
            uploads.staged_forget(session=request.session, purpose=purpose)
            messages.success(request, _("The document was uploaded; its capture has started."))
            return redirect(
                "dashboard:capture-document", project_id=project.pk, document_id=document.pk
            )
    uploads.refused_file_keep(session=request.session, purpose=purpose, form=form)
    return _capture_documents_page(request, project, form, status=400)


def _capture_document_page(
    request: HttpRequest,
    document: CaptureDocument,
    *,
    drawing: list[dict],
    errors: dict | None = None,
    form: CaptureTrainingForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "project": document.project,
        "document": document,
        "form": form,
        "training_errors": errors,
        "trainings": document.trainings.select_related("user")[:10],
        "viewer": selectors.capture_viewer_state(document=document, drawing=drawing, errors=errors)
        if document.status in CAPTURE_PROCESSED_STATUSES and document.layout
        else None,
    }
    return render(request, "dashboard/capture/document.html", context, status=status)


@login_required
@require_GET
def capture_document_detail(
    request: HttpRequest, project_id: int, document_id: int
) -> HttpResponse:
    """The status of the capture and, once processed, the page viewer."""
    document = selectors.capture_document_get_for_member(
        project_id=project_id, document_id=document_id, user=request.user
    )
    return _capture_document_page(
        request, document, drawing=selectors.capture_drawing(document=document)
    )


@login_required
@require_GET
def capture_document_status(
    request: HttpRequest, project_id: int, document_id: int
) -> HttpResponse:
    """The polled fragment (``?fragment=row`` or ``card``), read from the database
    only; 286 once the capture is finished. A card whose document was just
    processed reloads the page instead, to show the page viewer."""
    document = selectors.capture_document_get_for_member(
        project_id=project_id, document_id=document_id, user=request.user
    )
    fragment = request.GET.get("fragment", "card")
    if fragment == "card" and document.status in CAPTURE_PROCESSED_STATUSES:
        return HttpResponseClientRefresh()
    context = {"project": document.project, "document": document}
    template = CAPTURE_STATUS_FRAGMENTS.get(fragment, CAPTURE_STATUS_FRAGMENTS["card"])
    response = render(request, template, context)
    if document.is_terminal:
        response.status_code = HTMX_STOP_POLLING
    return response


@login_required
@require_POST
def capture_document_train(request: HttpRequest, project_id: int, document_id: int) -> HttpResponse:
    """Send what is drawn to ``POST /v2/training``; 204 is shown as success, a 400
    next to the field or rectangle it names."""
    document = selectors.capture_document_get_for_member(
        project_id=project_id, document_id=document_id, user=request.user, min_role=Role.MANAGER
    )
    form = CaptureTrainingForm(request.POST)
    if not form.is_valid():
        drawing = selectors.capture_drawing(document=document)
        return _capture_document_page(request, document, drawing=drawing, form=form, status=400)
    drawing = form.cleaned_data["drawing"]
    try:
        training = services.capture_training_send(
            document=document,
            user=request.user,
            fields=drawing,
            client=capture_client(project=document.project),
        )
    except ApiValidationError as exc:
        errors = selectors.capture_training_errors(
            payload={"fields": drawing}, field_errors=exc.field_errors
        )
        if not exc.field_errors:
            errors["general"].append(("", exc.message))
        return _capture_document_page(
            request, document, drawing=drawing, errors=errors, form=form, status=400
        )
    except ApiError as exc:
        messages.error(request, exc.message)
        return _capture_document_page(request, document, drawing=drawing, form=form, status=502)
    messages.success(
        request,
        _("Trained: the capture model learnt %(count)d fields from this document.")
        % {"count": len(training.payload["fields"])},
    )
    return redirect("dashboard:capture-document", project_id=project_id, document_id=document_id)
