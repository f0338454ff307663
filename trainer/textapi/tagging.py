"""Writes of the vendor's tagging paths: a segment's tags added, changed and removed,
and a segment or document marked annotated (or not).

A tag names a class and/or a label of the project (400 otherwise, naming the field),
and the document it leaves must still fit the project's type
(:func:`trainer.learning.documents.problem`: a LABEL document's one label, a CLASS
document's classes, every CLASSLABEL and ABSA tag a class with its label); a document
left with no tag at all is simply not annotated yet. A change that breaks either rule
is a 400 that changes nothing. The session's class and label names gain the names
its tags use.

A change may move a tag (``span``, see :func:`tag_change`): to the document's segment of
exactly that stretch of its text, made if there is none; the segment it leaves is
removed once no tag is left on it (a move always leaves the document another segment).
Only an ABSA document's segments are parts of its text: any other type's tags stand
on the whole text."""

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
    ModelType,
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


def _segment_at(*, segment: Segment, body: TagBody) -> Segment:
    """The segment a changed tag of ``segment`` stands on: ``segment`` itself without a
    ``span``, else the document's segment of exactly that span, made if there is none.
    ``Invalid`` naming ``span`` or ``text`` when the span is not in the document's
    text, is a part of it where the type has none, or the text there is another."""
    document = segment.document
    start, end = body.span or (segment.start, segment.end)
    if end > len(document.text):
        raise Invalid(
            errors={
                "span": [
                    _("The span must lie within the document's text (%(length)d characters).")
                    % {"length": len(document.text)}
                ]
            }
        )
    if body.text is not None and body.text != document.text[start:end]:
        raise Invalid(errors={"text": [_("This is not the document's text at the span.")]})
    if (start, end) == (segment.start, segment.end):
        return segment
    type_ = document.session.type
    if type_ != ModelType.ABSA and (start, end) != (0, len(document.text)):
        raise Invalid(
            errors={
                "span": [
                    _(
                        "A %(type)s document's tags stand on its whole text, [0, %(length)d]; "
                        "only an ABSA document's segments are parts of it."
                    )
                    % {"type": type_, "length": len(document.text)}
                ]
            }
        )
    found = document.segments.filter(start=start, end=end).order_by("id").first()
    return found or Segment.objects.create(document=document, start=start, end=end)


def tag_change(*, tag: SegmentTag, body: TagBody) -> SegmentTag:
    """The tag's class and label, as ``body`` gives them (an absent one is removed),
    on the segment of ``body.span`` if it gives one (module doc); a tag people changed
    is READY (no longer in correction), and one moved is changed for the correction's
    measures (they compare spans too)."""

    def write() -> SegmentTag:
        left = tag.segment
        tag.segment = _segment_at(segment=left, body=body)
        tag.class_name, tag.label_name = body.cls or "", body.label or ""
        tag.status = TagStatus.READY
        tag.save(update_fields=["segment", "class_name", "label_name", "status"])
        if tag.segment.pk != left.pk and not SegmentTag.objects.filter(segment=left).exists():
            left.delete()
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
