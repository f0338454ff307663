"""What the text and capture wings share to mirror the services' answers.

The services' answers are mirrored as they are; a model or a capture task that the
service no longer knows is kept, marked FAILED with :data:`DELETED_REMOTELY`, so
that its history stays visible and polling stops.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_noop

from trainer.apiclient.errors import ApiError

# Stored as the model's error in English (like the service's own errors); the
# template passes errors through {% translate %}, which translates this one.
DELETED_REMOTELY = gettext_noop("Deleted at the service.")


def values_apply(instance: Any, values: dict[str, Any]) -> list[str]:
    """Set the values that differ; return the names of the fields changed."""
    changed = []
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    return changed


@dataclass
class SyncResult:
    updated: int = 0
    failed: int = 0
    errors: list[ApiError] = field(default_factory=list)
