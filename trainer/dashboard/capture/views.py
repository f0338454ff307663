"""The page viewer's requests: the pages the dashboard draws, and the text under
what is drawn on them."""

from __future__ import annotations

import logging

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_POST

from .. import selectors
from ..forms import CaptureDrawingForm
from . import pages, words

logger = logging.getLogger(__name__)


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
