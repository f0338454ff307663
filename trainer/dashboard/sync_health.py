"""Whether the status sync is keeping the live parts of the pages up to date, and if
not, why: what lets a page say "status updates are paused" instead of promising
updates that are not coming.

Each sync pass stamps the in-flight models and capture documents it reached
(``last_synced_at``), so one not stamped for ``TRAINER_SYNC_PAUSED_SECONDS`` is not
being followed. The pass that could not reach its service (the training service for
models, the capture service for documents) leaves a note in the cache that every
process shares (:func:`unreachable_record`); without that note, no pass ran at all:
the sync worker or beat is not running.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _

# The services a sync pass reaches: models are followed at the training service,
# capture documents at the capture service.
TEXT = "text"
CAPTURE = "capture"


def _unreachable_key(service: str) -> str:
    return f"trainer:sync:unreachable:{service}"


def unreachable_record(*, service: str, unreachable: bool) -> None:
    """After a sync pass: note that ``service`` could not be reached (kept twice as
    long as it takes a model to count as paused), or clear an earlier note."""
    if unreachable:
        cache.set(_unreachable_key(service), True, 2 * settings.TRAINER_SYNC_PAUSED_SECONDS)
    else:
        cache.delete(_unreachable_key(service))


def paused_reason(*, last_synced_at: datetime | None, service: str) -> str | None:
    """Why the status shown of an in-flight model or capture document (followed at
    ``service``) last synced at ``last_synced_at`` is no longer updated, or None
    while the sync follows it (or never has: a model is stamped when its training
    starts, a document when it is uploaded)."""
    if last_synced_at is None or (
        (timezone.now() - last_synced_at).total_seconds() < settings.TRAINER_SYNC_PAUSED_SECONDS
    ):
        return None
    if cache.get(_unreachable_key(service)):
        if service == CAPTURE:
            return _(
                "Status updates are paused: the capture service cannot be reached. "
                "They resume by themselves once it answers."
            )
        return _(
            "Status updates are paused: the training service cannot be reached. "
            "They resume by themselves once it answers."
        )
    return _(
        "Status updates are paused: the background worker that fetches them is not "
        "running. They resume once it runs again."
    )
