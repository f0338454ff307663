"""The status poll's cache: who is a member of which project (their role), and each
model's state, in the cache that all web processes and workers share, so that a poll
of an unchanged model reads no database at all.

Every change reaches the cache: the sync publishes the state of each model it read
once its transaction commits (so a poll sees every pass), and any other change to a
model or a membership (a service, the admin, a cascading delete) leaves a marker in
place of the cached value, at once and again at commit. A poll that finds no value, or
the marker, reads the database and keeps what it read only where nothing is cached
(``add``): a poll that read just before a change committed cannot put back what the
change removed, since the marker is still there. So a removed member is turned away
by the very next poll, whichever process answers it.

Used only with Redis as the cache (``TRAINER_POLL_CACHE``, in settings.py): every
process shares it, and writing each model of a sync pass there is cheap; otherwise
every poll reads the database.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import partial

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

# How long a value is kept without being read again (each is also replaced or marked
# at each change), and how long the marker of a change outlives its commit.
CACHE_SECONDS = 300
CHANGED_SECONDS = 10
CHANGED = "changed"


def _member_key(project_id: int, user_id: int) -> str:
    return f"trainer:poll:member:{project_id}:{user_id}"


def _model_key(model_id: int) -> str:
    return f"trainer:poll:model:{model_id}"


def enabled() -> bool:
    return settings.TRAINER_POLL_CACHE


def read(*, project_id: int, model_id: int, user_id: int) -> tuple[int, tuple] | None:
    """The caller's role and the model's stored columns, if both are cached."""
    member_key, model_key = _member_key(project_id, user_id), _model_key(model_id)
    found = cache.get_many([member_key, model_key])
    role, columns = found.get(member_key, CHANGED), found.get(model_key, CHANGED)
    if CHANGED in (role, columns):
        return None
    return role, columns


def keep(*, project_id: int, model_id: int, user_id: int, role: int, columns: tuple) -> None:
    """What a poll read from the database, where no value nor marker is cached."""
    cache.add(_member_key(project_id, user_id), role, CACHE_SECONDS)
    cache.add(_model_key(model_id), columns, CACHE_SECONDS)


def publish(columns_by_model: Mapping[int, tuple]) -> None:
    """The models' columns as just read from the database after a commit."""
    cache.set_many(
        {_model_key(model_id): columns for model_id, columns in columns_by_model.items()},
        CACHE_SECONDS,
    )


def _mark_changed(keys: Sequence[str]) -> None:
    cache.set_many(dict.fromkeys(keys, CHANGED), CHANGED_SECONDS)


def _forget(keys: list[str]) -> None:
    if not enabled():
        return
    _mark_changed(keys)
    transaction.on_commit(partial(_mark_changed, keys))


def forget_member(*, project_id: int, user_id: int) -> None:
    _forget([_member_key(project_id, user_id)])


def forget_model(*, model_id: int) -> None:
    _forget([_model_key(model_id)])
