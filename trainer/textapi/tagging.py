"""Writes of the vendor's tagging paths: a segment's tags added, changed and removed,
and a segment or document marked annotated (or not).

A tag names a class and/or a label of the project (400 otherwise, naming the field),
and the document it leaves must still fit the project's type
(:func:`trainer.learning.documents.problem`: a LABEL document's one label, a CLASS
document's classes, every CLASSLABEL and ABSA tag a class with its label); a document
left with no tag at all is simply not annotated yet. A change that breaks either rule
is a 400 that changes nothing. The session's class and label names gain the names
its tags use."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trainer.learning.documents import problem

from .corrections import correction_measure
from .documents import vendor_document, with_segments
from .errors import Invalid
from .models import (
    AnnotationStatus,
    Document,
    LabelingSession,
    ProjectClass,
    ProjectLabel,
    Segment,
    SegmentTag,
    TagStatus,
)
from .session_bodies import TagBody


def _names_checked(*, session: LabelingSession, body: TagBody) -> None:
    errors = {}
    for field, value, kind, message in (
        ("class", body.cls, ProjectClass, _("%(name)s is not a class of this project.")),
        ("label", body.label, ProjectLabel, _("%(name)s is not a label of this project.")),
    ):
        if (
            value is not None
            and not kind.objects.filter(project_id=session.project_id, name=value).exists()
        ):
            errors[field] = [message % {"name": value}]
    if errors:
        raise Invalid(errors=errors)


def _fits(*, document_id: int, type: str) -> None:  # noqa: A002 - the vendor's word
    """``Invalid`` when the document, as it now stands, does not fit ``type``."""
    document = vendor_document(with_segments(Document.objects.filter(pk=document_id)).get())
    reason = problem(document, type) if document.tags else None
    if reason:
        raise Invalid(errors={"tags": [_("The document would not fit its type: %s.") % reason]})


def _session_names_add(session: LabelingSession, body: TagBody) -> None:
    classes = sorted({*session.classes, *([body.cls] if body.cls else [])})
    labels = sorted({*session.labels, *([body.label] if body.label else [])})
    if (classes, labels) != (session.classes, session.labels):
        LabelingSession.objects.filter(pk=session.pk).update(classes=classes, labels=labels)


def _tag_write(*, segment: Segment, body: TagBody, write: Callable[[], SegmentTag]) -> SegmentTag:
    session = segment.document.session
    _names_checked(session=session, body=body)
    with transaction.atomic():
        tag = write()
        _fits(document_id=segment.document_id, type=session.type)
        _session_names_add(session, body)
        correction_measure(session=session)
    return tag


def tag_add(*, segment: Segment, body: TagBody) -> SegmentTag:
    """A new tag of ``segment``."""
    return _tag_write(
        segment=segment,
        body=body,
        write=lambda: SegmentTag.objects.create(
            segment=segment, class_name=body.cls or "", label_name=body.label or ""
        ),
    )


def tag_change(*, tag: SegmentTag, body: TagBody) -> SegmentTag:
    """The tag's class and label, as ``body`` gives them (an absent one is removed);
    a tag people changed is READY (no longer in correction)."""

    def write() -> SegmentTag:
        tag.class_name, tag.label_name = body.cls or "", body.label or ""
        tag.status = TagStatus.READY
        tag.save(update_fields=["class_name", "label_name", "status"])
        return tag

    return _tag_write(segment=tag.segment, body=body, write=write)


@transaction.atomic
def tag_remove(*, tag: SegmentTag) -> None:
    """Remove a tag (no document stops fitting its type by losing one: a LABEL document
    without its label is not annotated yet)."""
    tag.delete()
    correction_measure(session=tag.segment.document.session)


@transaction.atomic
def tag_status_set(*, tag: SegmentTag, status: str) -> SegmentTag:
    """Confirm a tag (READY) or put it back IN_CORRECTION."""
    SegmentTag.objects.filter(pk=tag.pk).update(status=status)
    tag.status = status
    correction_measure(session=tag.segment.document.session)
    return tag


@transaction.atomic
def status_set(*, target: Document | Segment, name: str) -> Document | Segment:
    """Mark a document or segment ANNOTATED or NOT_ANNOTATED (a segment keeps when)."""
    fields = {"status": name}
    if isinstance(target, Segment):
        fields["annotated_at"] = timezone.now() if name == AnnotationStatus.ANNOTATED else None
    type(target).objects.filter(pk=target.pk).update(**fields)
    for field, value in fields.items():
        setattr(target, field, value)
    session = target.session if isinstance(target, Document) else target.document.session
    correction_measure(session=session)
    return target
