"""Views of labeling a session in the browser: the page of one document (``?n=``, its
position from 1; ``&s=``, its active segment's id; ``&c=``, the class whose labels it
offers, with ``&start=&end=``, the stretch of the text selected before), and the writes
on it (a tag picked or removed, a segment moved to a stretch of the text, the document
marked done). Every member sees the page; annotators and above write. htmx swaps the
document's part of the page and pushes its URL; without JavaScript each write redirects
back to the page, and a class picked is a plain GET form."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, ValidationError
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
    """The document's position (``n``) and the active segment's id (``s``)."""

    n = forms.IntegerField(min_value=1, required=False)
    s = forms.IntegerField(min_value=1, required=False)

    def position(self) -> int:
        return self.given_position() or 1

    def given_position(self) -> int | None:
        return self.cleaned_data.get("n") if self.is_valid() else None

    def segment_id(self) -> int | None:
        return self.cleaned_data.get("s") if self.is_valid() else None


class PageForm(PositionForm):
    """The page's state: its position, the class picked (``c``; one the project does not
    have is ignored by :attr:`.labeling.LabelingPage.picked_class`)."""

    c = forms.CharField(required=False)

    def cls(self) -> str | None:
        return (self.cleaned_data.get("c") or None) if self.is_valid() else None


class SpanForm(PositionForm):
    """A stretch of the document's text selected on the page: its offsets in characters
    (``start`` before ``end``); both or neither, and required where ``span_required``.
    The service checks it lies in the text."""

    start = forms.IntegerField(required=False)
    end = forms.IntegerField(required=False)
    span_required = False

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        given = start is not None and end is not None
        if (start is None) != (end is None) or (given and not 0 <= start < end):
            raise ValidationError(_("The selection is not a stretch of the document's text."))
        if self.span_required and not given:
            raise ValidationError(_("Select the stretch of the document's text first."))
        return data

    def span(self) -> tuple[int, int] | None:
        start, end = self.cleaned_data.get("start"), self.cleaned_data.get("end")
        return None if start is None else (start, end)


class SegmentMoveForm(SpanForm):
    span_required = True


class TagPickForm(SpanForm):
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


def _page_url(session: LabelingSession, position: int, segment_id: int | None = None) -> str:
    url = reverse("dashboard:session-label", args=[session.project.pk, session.pk])
    return f"{url}?n={position}" + (f"&s={segment_id}" if segment_id else "")


def _partial(request: HttpRequest) -> bool:
    """Whether htmx asks for the document's part of the page only."""
    return bool(request.htmx) and request.htmx.target == PART


def _render(
    request: HttpRequest,
    session: LabelingSession,
    position: int | None,
    *,
    segment_id: int | None = None,
    cls: str | None = None,
    span: tuple[int, int] | None = None,
    error: str = "",
):
    page = None
    try:
        page = labeling.labeling_page_get(
            session=session,
            position=position,
            client=text_client(),
            segment_id=segment_id,
            cls=cls,
            span=span,
        )
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


def _after_write(
    request: HttpRequest,
    session: LabelingSession,
    position: int,
    error: str = "",
    *,
    segment_id: int | None = None,
):
    """htmx: the document's part again (its URL pushed), with ``error`` if the service
    refused; otherwise a redirect to the page; ``segment_id`` active."""
    url = _page_url(session, position, segment_id)
    if _partial(request):
        return push_url(
            _render(request, session, position, segment_id=segment_id, error=error), url
        )
    if error:
        messages.error(request, error)
    return redirect(url)


@login_required
@require_GET
@vary_on_headers("HX-Request", "HX-Target")
def session_label(request: HttpRequest, project_id: int, session_id: int) -> HttpResponse:
    """The page; a selection that is no stretch of the text is left out. Without a
    position, the first document not done yet."""
    session = _session(request, project_id, session_id)
    form, selection = PageForm(request.GET), SpanForm(request.GET)
    return _render(
        request,
        session,
        form.given_position(),
        segment_id=form.segment_id(),
        cls=form.cls(),
        span=selection.span() if selection.is_valid() else None,
    )


@login_required
@require_POST
def session_label_tag(
    request: HttpRequest, project_id: int, session_id: int, document_id: int
) -> HttpResponse:
    """Pick a tag for a segment of the document, or for the stretch of its text selected
    (:func:`.labeling.tag_pick`)."""
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
            span=form.span(),
        )
    except ApiError as exc:
        error = exc.message
    return _after_write(request, session, form.position(), error, segment_id=form.segment_id())


@login_required
@require_POST
def session_label_move(
    request: HttpRequest, project_id: int, session_id: int, document_id: int, segment_id: int
) -> HttpResponse:
    """Move a segment to the stretch of the text selected (:func:`.labeling.segment_move`)."""
    session = _session(request, project_id, session_id, write=True)
    form = SegmentMoveForm(request.POST)
    if not form.is_valid():
        error = " ".join(message for errors in form.errors.values() for message in errors)
        return _after_write(request, session, PositionForm(request.POST).position(), error)
    error = ""
    try:
        labeling.segment_move(
            session=session,
            document_id=document_id,
            segment_id=segment_id,
            span=form.span(),
            user=request.user,
            client=text_client(),
        )
    except ApiError as exc:
        error = exc.message
    return _after_write(request, session, form.position(), error, segment_id=form.segment_id())


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
    form = PositionForm(request.POST)
    return _after_write(request, session, form.position(), error, segment_id=form.segment_id())


@login_required
@require_POST
def session_label_done(
    request: HttpRequest, project_id: int, session_id: int, document_id: int
) -> HttpResponse:
    """Mark the document done and move on to the next one not done yet."""
    session = _session(request, project_id, session_id, write=True)
    position = PositionForm(request.POST).position()
    client = text_client()
    try:
        labeling.document_done(
            session=session, document_id=document_id, user=request.user, client=client
        )
    except ApiError as exc:
        return _after_write(request, session, position, exc.message)
    try:
        position = labeling.next_open_position(session=session, client=client, after=position)
    except ApiError:  # done all the same: on to the next one
        position += 1
    return _after_write(request, session, position)
