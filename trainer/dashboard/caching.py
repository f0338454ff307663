"""Rows copied into the cache that every process shares, which no change may leave
stale: a change marks its keys "changed", at once and again when it commits, and a
reader that missed fills a key only where nothing is cached (``add``). So a reader
that read the database just before a change committed cannot put back, after it,
what the change marked: the mark is still there. A marked key reads as missing.

Used by :mod:`.backends` (signed-in users) and :mod:`.polling.cache` (status polls).
A request that knows which keys it will read can read them in one round trip
(:func:`read_together`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial
from typing import Any

from django.core.cache import cache
from django.db import transaction

# How long the mark of a change outlives its commit.
CHANGED_SECONDS = 10
_CHANGED = "trainer:changed"
# The keys read by the enclosing read_together(), with what the cache held for them.
_read_together: ContextVar[dict[str, Any] | None] = ContextVar("read_together", default=None)


@contextmanager
def read_together(keys: Sequence[str]) -> Iterator[None]:
    """Read ``keys`` in one round trip now: in this block, :func:`read_many` of any of
    them answers from it, until this process writes the key."""
    found = cache.get_many(keys)
    token = _read_together.set({key: found.get(key, _CHANGED) for key in keys})
    try:
        yield
    finally:
        _read_together.reset(token)


def read_many(keys: Sequence[str]) -> dict[str, Any]:
    """The values of ``keys`` that are cached and not marked changed."""
    read = _read_together.get()
    if read is None or not read.keys() >= set(keys):
        read = cache.get_many(keys)
    return {key: read[key] for key in keys if read.get(key, _CHANGED) != _CHANGED}


def _written(keys: Sequence[str]) -> None:
    if (read := _read_together.get()) is not None:
        for key in keys:
            read.pop(key, None)


def keep(key: str, value: Any, timeout: float) -> None:
    """What a reader read from the database, where no value nor mark is cached."""
    _written([key])
    cache.add(key, value, timeout)


def put_many(values: Mapping[str, Any], timeout: float) -> None:
    """Values just read from the database after a commit, replacing any mark."""
    _written(list(values))
    cache.set_many(dict(values), timeout)


def _mark(keys: Sequence[str]) -> None:
    _written(keys)
    cache.set_many(dict.fromkeys(keys, _CHANGED), CHANGED_SECONDS)


def forget(keys: Sequence[str]) -> None:
    """Mark ``keys`` changed now (for this transaction's own reads) and at commit."""
    _mark(keys)
    transaction.on_commit(partial(_mark, list(keys)))
