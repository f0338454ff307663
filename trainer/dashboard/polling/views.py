"""The status poll's view: the model's fragment, answered 304 while unchanged (its
ETag a digest of what it shows), rendered once per state, role and language."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import quote_etag
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from django_htmx.http import HTMX_STOP_POLLING

from .. import sync_health
from ..text import selectors as text_selectors
from . import cache as poll_cache
from .selectors import ModelPoll, model_poll_get

STATUS_FRAGMENTS = {
    "row": "dashboard/project.html#model-row",
    "card": "dashboard/model.html#model-card",
}

# How long a rendered status fragment is kept for whoever polls the same model in the
# same state, role and language: its key is a digest of all that it shows.
STATUS_FRAGMENT_SECONDS = 60


def _status_digest(request: HttpRequest, poll: ModelPoll, template: str) -> str:
    """What the polled fragment shows, for this role and language: the model's columns,
    the ages of the model and of its last sync in whole minutes (the words shown
    for an age, "3 minutes", "just now", change with those alone) and whether its
    updates are paused."""
    now = timezone.now()
    ages = [
        None if when is None else (now - when) // timedelta(minutes=1)
        for when in (poll.created, poll.last_synced_at)
    ]
    paused = sync_health.paused_reason(last_synced_at=poll.last_synced_at, service=sync_health.TEXT)
    shown = [*poll.shown, *ages, paused, poll.role, request.LANGUAGE_CODE, template]
    return hashlib.blake2b(repr(shown).encode(), digest_size=16).hexdigest()


def _status_fragment(request: HttpRequest, project_id: int, model_id: int, template: str) -> str:
    model = text_selectors.model_get_for_member(
        project_id=project_id, model_id=model_id, user=request.user
    )
    context = {
        "project": model.project,
        "model": model,
        "metrics": text_selectors.model_metrics(model=model),
        "cancel_offered": text_selectors.model_cancel_offered(model=model),
    }
    return render_to_string(template, context, request)


@poll_cache.read_together
@login_required
@require_GET
@cache_control(private=True, no_cache=True)
def model_status(request: HttpRequest, project_id: int, model_id: int) -> HttpResponse:
    """The polled fragment (``?fragment=row`` or ``card``). Every request passes the
    access gate, in the one query that also reads the model's state; 304 while what
    the fragment shows is unchanged, else the fragment, rendered once per state, role
    and language and then taken from the cache; 286 once the model is terminal (the
    final fragment, whatever the ETag), so htmx stops polling."""
    template = STATUS_FRAGMENTS.get(request.GET.get("fragment"), STATUS_FRAGMENTS["card"])
    poll = model_poll_get(project_id=project_id, model_id=model_id, user=request.user)
    if poll.is_terminal:
        html = _status_fragment(request, project_id, model_id, template)
        return HttpResponse(html, status=HTMX_STOP_POLLING)
    digest = _status_digest(request, poll, template)
    etag = quote_etag(digest)
    response = get_conditional_response(request, etag=etag)  # 304 when unchanged
    if response is None:
        html = caches["status-fragments"].get_or_set(
            f"dashboard:model-status:{digest}",
            lambda: _status_fragment(request, project_id, model_id, template),
            STATUS_FRAGMENT_SECONDS,
        )
        response = HttpResponse(html)
    response.headers["ETag"] = etag
    return response
