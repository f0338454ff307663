"""Rows copied into the cache that every process shares, which no change may leave
stale: a change marks its keys "changed", at once and again when it commits, and a
reader that missed fills a key only where nothing is cached (``add``). So a reader
that read the database just before a change committed cannot put back, after it,
what the change marked: the mark is still there. A marked key reads as missing.

Used by :mod:`.backends` (signed-in users) and :mod:`.poll_cache` (status polls).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import partial
from typing import Any

from django.core.cache import cache
from django.db import transaction

# How long the mark of a change outlives its commit.
CHANGED_SECONDS = 10
_CHANGED = "trainer:changed"


def read_many(keys: Sequence[str]) -> dict[str, Any]:
    """The values of ``keys`` that are cached and not marked changed."""
    return {key: value for key, value in cache.get_many(keys).items() if value != _CHANGED}


def keep(key: str, value: Any, timeout: float) -> None:
    """What a reader read from the database, where no value nor mark is cached."""
    cache.add(key, value, timeout)


def put_many(values: Mapping[str, Any], timeout: float) -> None:
    """Values just read from the database after a commit, replacing any mark."""
    cache.set_many(dict(values), timeout)


def _mark(keys: Sequence[str]) -> None:
    cache.set_many(dict.fromkeys(keys, _CHANGED), CHANGED_SECONDS)


def forget(keys: Sequence[str]) -> None:
    """Mark ``keys`` changed now (for this transaction's own reads) and at commit."""
    _mark(keys)
    transaction.on_commit(partial(_mark, list(keys)))
