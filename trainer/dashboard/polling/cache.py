"""The status poll's cache: who is a member of which project (their role), and each
model's state, in the cache that all web processes and workers share, so that a poll
of an unchanged model reads no database at all.

Every change reaches the cache: the sync publishes the state of each model it read
once its transaction commits (so a poll sees every pass), and any other change to a
model or a membership (a service, the admin, a cascading delete) marks it changed
(:mod:`..caching`: a poll that read just before the change cannot put it back after).
So a removed member is turned away by the very next poll, whichever process answers.

Used only with Redis as the cache (``TRAINER_POLL_CACHE``, in settings.py): every
process shares it, and writing each model of a sync pass there is cheap; otherwise
every poll reads the database.

A poll reads its user (:mod:`..backends`), the caller's role and the model's state in
one round trip (:func:`read_together`), its session in another.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import wraps

from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.http import HttpRequest, HttpResponse

from .. import caching
from ..backends import user_cache_key

# How long a value is kept without being read again (each is also replaced or marked
# at each change).
CACHE_SECONDS = 300


def _member_key(project_id: int, user_id: int) -> str:
    return f"trainer:poll:member:{project_id}:{user_id}"


def _model_key(model_id: int) -> str:
    return f"trainer:poll:model:{model_id}"


def enabled() -> bool:
    return settings.TRAINER_POLL_CACHE


def read_together(
    view: Callable[[HttpRequest, int, int], HttpResponse],
) -> Callable[[HttpRequest, int, int], HttpResponse]:
    """``view(request, project_id, model_id)``, with the signed-in user, their role in
    the project and the model read from the cache at once, before the view reads each."""

    @wraps(view)
    def reading_together(request: HttpRequest, project_id: int, model_id: int) -> HttpResponse:
        if not enabled() or (session_user := request.session.get(SESSION_KEY)) is None:
            return view(request, project_id, model_id)
        user_id = get_user_model()._meta.pk.to_python(session_user)
        keys = [user_cache_key(user_id), _member_key(project_id, user_id), _model_key(model_id)]
        with caching.read_together(keys):
            return view(request, project_id, model_id)

    return reading_together


def read(*, project_id: int, model_id: int, user_id: int) -> tuple[int, tuple] | None:
    """The caller's role and the model's stored columns, if both are cached."""
    member_key, model_key = _member_key(project_id, user_id), _model_key(model_id)
    found = caching.read_many([member_key, model_key])
    if member_key not in found or model_key not in found:
        return None
    return found[member_key], found[model_key]


def keep(*, project_id: int, model_id: int, user_id: int, role: int, columns: tuple) -> None:
    """What a poll read from the database."""
    caching.keep(_member_key(project_id, user_id), role, CACHE_SECONDS)
    caching.keep(_model_key(model_id), columns, CACHE_SECONDS)


def publish(columns_by_model: Mapping[int, tuple]) -> None:
    """The models' columns as just read from the database after a commit. They are
    kept for a few sync intervals only (each pass publishes them again): a change
    that commits between a pass's read and its publication (a cancellation) is then
    hidden for seconds at most, not for :data:`CACHE_SECONDS`."""
    caching.put_many(
        {_model_key(model_id): columns for model_id, columns in columns_by_model.items()},
        5 * settings.TRAINER_SYNC_INTERVAL,
    )


def forget_member(*, project_id: int, user_id: int) -> None:
    if enabled():
        caching.forget([_member_key(project_id, user_id)])


def forget_model(*, model_id: int) -> None:
    if enabled():
        caching.forget([_model_key(model_id)])
