"""The sweep both embedded services' beats run over the work no worker will finish.

Running work without a heartbeat for too long lost its worker (killed, out of
memory, machine gone): it is put back to wait and queued again while it has tries
left, else marked failed. Work waiting for too long may have lost its queue message:
it is queued again (a message that was only slow then finds the work claimed: a
no-op). Each change is one conditional UPDATE, so work that beats meanwhile is spared.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

logger = logging.getLogger(__name__)


@dataclass
class Reaped:
    failed: list[int] = field(default_factory=list)
    requeued: list[int] = field(default_factory=list)
    # Running rows whose worker stopped, put back to wait and queued again.
    retried: list[int] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            "failed": len(self.failed),
            "requeued": len(self.requeued),
            "retried": len(self.retried),
        }


def _silent_since(moment) -> Q:
    """No heartbeat since ``moment`` (work never claimed: created before)."""
    return Q(heartbeat_at__lt=moment) | Q(heartbeat_at__isnull=True, created__lt=moment)


def reap(
    *,
    what: str,
    running: QuerySet,
    running_seconds: int,
    failed: dict[str, Any],
    waiting: QuerySet,
    waiting_seconds: int,
    requeue: Callable[[int], object],
    retried: dict[str, Any] | None = None,
    tries_left: Q | None = None,
) -> Reaped:
    """The ``running`` rows silent for ``running_seconds``: those matching
    ``tries_left`` are put back to wait (with the field values ``retried``) and
    ``requeue``d, the others marked failed (with the field values ``failed``);
    without ``retried``, all are marked failed. ``requeue`` the ``waiting`` rows
    silent for ``waiting_seconds``. ``what`` names a row in the log ("model",
    "capture task")."""
    now = timezone.now()
    reaped = Reaped()
    stale = _silent_since(now - timedelta(seconds=running_seconds))
    for pk in running.filter(stale).values_list("pk", flat=True):
        if retried is not None and running.filter(stale, tries_left or Q(), pk=pk).update(
            **retried, heartbeat_at=now
        ):
            logger.warning("%s %s: its worker stopped; queued again", what, pk)
            requeue(pk)
            reaped.retried.append(pk)
        elif running.filter(stale, pk=pk).update(**failed):
            logger.warning("%s %s: its worker stopped; marked failed", what, pk)
            reaped.failed.append(pk)
    late = _silent_since(now - timedelta(seconds=waiting_seconds))
    for pk in waiting.filter(late).values_list("pk", flat=True):
        if waiting.filter(late, pk=pk).update(heartbeat_at=now):
            logger.warning("%s %s: waiting for too long; queued again", what, pk)
            requeue(pk)
            reaped.requeued.append(pk)
    return reaped
