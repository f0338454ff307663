"""What people do to a session's documents through the dashboard, per session,
document and person (:class:`~trainer.dashboard.models.LabelingMark`): the documents
each person marked done, and in a correction session how many of the model's tags
they confirmed, changed or removed: a live signal of the model's quality before any
test set exists. Only what was done here counts; the service does not say who tagged
what."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Count, F, Sum
from django.utils import timezone

from ..models import LabelingMark, LabelingSession

COUNTS = ("confirmed", "changed", "removed", "added")


def mark_record(
    *,
    session: LabelingSession,
    document_id: int,
    user: AbstractBaseUser,
    done: bool = False,
    **counts: int,
) -> None:
    """Add ``counts`` (of :data:`COUNTS`) to what ``user`` did to the document, and
    note the time if ``done``."""
    if unknown := set(counts) - set(COUNTS):
        raise ValueError(f"no such count: {sorted(unknown)}")
    changes = {name: F(name) + number for name, number in counts.items() if number}
    if done:
        changes["done"] = timezone.now()
    if not changes:
        return
    mark, _created = LabelingMark.objects.get_or_create(
        session=session, document_id=document_id, user=user
    )
    LabelingMark.objects.filter(pk=mark.pk).update(**changes)


@dataclass(frozen=True)
class Quality:
    """The model's tags people checked in a correction session and how many of those
    they changed or removed."""

    checked: int
    changed: int

    @property
    def percent(self) -> float:
        return 100 * self.changed / self.checked if self.checked else 0.0


def session_quality(*, session: LabelingSession) -> Quality:
    totals = LabelingMark.objects.filter(session=session).aggregate(
        confirmed=Sum("confirmed", default=0),
        changed=Sum("changed", default=0),
        removed=Sum("removed", default=0),
    )
    changed = totals["changed"] + totals["removed"]
    return Quality(checked=totals["confirmed"] + changed, changed=changed)


def session_people(*, session: LabelingSession) -> list[tuple[str, int]]:
    """Each person who marked documents of the session done here, with how many, most
    first."""
    rows = (
        LabelingMark.objects.filter(session=session, done__isnull=False, user__isnull=False)
        .values("user__username")
        .annotate(documents=Count("pk"))
        .order_by("-documents", "user__username")
    )
    return [(row["user__username"], row["documents"]) for row in rows]
