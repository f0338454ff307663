"""Views of labeling a session in the browser: the page of one document (``?n=``, its
position from 1), and the writes on it (a tag picked or removed, the document marked
done). Every member sees the page; annotators and above write. htmx swaps the
document's part of the page and pushes its URL; without JavaScript each write
redirects back to the page."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import push_url

from trainer.apiclient.errors import ApiError

from ..models import LabelingSession, Role
from . import labeling, selectors
from .connection import text_client

PART = "labeling"  # the id of the document's part of the page, which htmx swaps


class PositionForm(forms.Form):
    n = forms.IntegerField(min_value=1, required=False)

    def position(self) -> int:
        return (self.cleaned_data.get("n") or 1) if self.is_valid() else 1


class TagPickForm(PositionForm):
    segment = forms.IntegerField(min_value=1)
    cls = forms.CharField(required=False)
    label = forms.CharField(required=False)

    def option(self) -> labeling.TagOption:
        data = self.cleaned_data
        return labeling.TagOption(data["cls"] or None, data["label"] or None)


def _session(request: HttpRequest, project_id: int, session_id: int, *, write: bool = False):
    return selectors.session_get_for_member(
        project_id=project_id,
        session_id=session_id,
        user=request.user,
        min_role=Role.ANNOTATOR if write else Role.READ_ONLY,
    )


def _page_url(session: LabelingSession, position: int) -> str:
    url = reverse("dashboard:session-label", args=[session.project.pk, session.pk])
    return f"{url}?n={position}"


def _partial(request: HttpRequest) -> bool:
    """Whether htmx asks for the document's part of the page only."""
    return bool(request.htmx) and request.htmx.target == PART


def _render(request: HttpRequest, session: LabelingSession, position: int, *, error: str = ""):
    page = None
    try:
        page = labeling.labeling_page_get(session=session, position=position, client=text_client())
    except ApiError as exc:
        error = error or exc.message
    context = {
        "project": session.project,
        "session": session,
        "page": page,
        "error": error,
    }
    template = "dashboard/session_label.html" + (f"#{PART}" if _partial(request) else "")
    return render(request, template, context)


def _after_write(request: HttpRequest, session: LabelingSession, position: int, error: str = ""):
    """htmx: the document's part again (its URL pushed), with ``error`` if the service
    refused; otherwise a redirect to the page."""
    if _partial(request):
        return push_url(
            _render(request, session, position, error=error), _page_url(session, position)
        )
    if error:
        messages.error(request, error)
    return redirect(_page_url(session, position))


@login_required
@require_GET
@vary_on_headers("HX-Request", "HX-Target")
def session_label(request: HttpRequest, project_id: int, session_id: int) -> HttpResponse:
    session = _session(request, project_id, session_id)
    return _render(request, session, PositionForm(request.GET).position())


@login_required
@require_POST
def session_label_tag(
    request: HttpRequest, project_id: int, session_id: int, document_id: int
) -> HttpResponse:
    """Pick a tag for a segment of the document (:func:`.labeling.tag_pick`)."""
    session = _session(request, project_id, session_id, write=True)
    form = TagPickForm(request.POST)
    if not form.is_valid():
        raise BadRequest(_("Pick a tag of the project for a segment."))
    error = ""
    try:
        labeling.tag_pick(
            session=session,
            document_id=document_id,
            segment_id=form.cleaned_data["segment"],
            option=form.option(),
            user=request.user,
            client=text_client(),
        )
    except ApiError as exc:
        error = exc.message
    return _after_write(request, session, form.position(), error)


@login_required
@require_POST
def session_label_untag(
    request: HttpRequest,
    project_id: int,
    session_id: int,
    document_id: int,
    segment_id: int,
    tag_id: int,
) -> HttpResponse:
    session = _session(request, project_id, session_id, write=True)
    error = ""
    try:
        labeling.tag_remove(
            session=session,
            document_id=document_id,
            segment_id=segment_id,
            tag_id=tag_id,
            user=request.user,
            client=text_client(),
        )
    except ApiError as exc:
        error = exc.message
    return _after_write(request, session, PositionForm(request.POST).position(), error)


@login_required
@require_POST
def session_label_done(
    request: HttpRequest, project_id: int, session_id: int, document_id: int
) -> HttpResponse:
    """Mark the document done and move on to the next one."""
    session = _session(request, project_id, session_id, write=True)
    position = PositionForm(request.POST).position()
    try:
        labeling.document_done(
            session=session, document_id=document_id, user=request.user, client=text_client()
        )
    except ApiError as exc:
        return _after_write(request, session, position, exc.message)
    return _after_write(request, session, position + 1)
