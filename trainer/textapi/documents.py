"""A labeling session's documents in the vendor's shape, stored and read back.

A document is kept as rows (:class:`~.models.Document`, its :class:`~.models.Segment`
rows and their :class:`~.models.SegmentTag` rows, which the tagging endpoints address
by id) and handed to the rest of the service as the learning layer's
:class:`trainer.learning.documents.Document`, the vendor's LabelledDocument:
:func:`documents_add` writes them, :func:`session_documents` reads a session's
back (what training reads), :func:`vendor_document` turns one prefetched row into one.
:func:`from_old_shape` reads a document of the service's old shape (``{"text",
"classes", "spans"}``, as the demo data and the shipped base corpora still write it)
the way migration 0010 converted the stored ones.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from trainer.learning.documents import Document as VendorDocument
from trainer.learning.documents import Segment as VendorSegment
from trainer.learning.documents import Tag as VendorTag
from trainer.learning.documents import unique

from .models import (
    AnnotationStatus,
    Document,
    LabelingSession,
    ModelType,
    Segment,
    SegmentTag,
    TagStatus,
)

READ_CHUNK = 2000  # documents read at once, with their segments and tags


def _status(tagged: bool) -> str:
    """A document or segment that comes with tags is annotated."""
    return AnnotationStatus.ANNOTATED if tagged else AnnotationStatus.NOT_ANNOTATED


# The types whose documents may have no tag at all: a CLASS document with none of the
# classes, a CLASSLABEL or ABSA one that speaks of none (training learns that too). A
# LABEL document has exactly one label, so one without it is not labeled yet.
TAGLESS_LABELED = frozenset({ModelType.CLASS, ModelType.CLASSLABEL, ModelType.ABSA})


def labeled(document: VendorDocument, *, type: str) -> bool:  # noqa: A002 - the vendor's word
    """Whether a document comes labeled: it has tags, or it is given with a segment and
    an empty tag list where its type allows no tag (:data:`TAGLESS_LABELED`); a document
    without either is not labeled yet."""
    return bool(document.tags) or (type in TAGLESS_LABELED and bool(document.segments))


def _parts(document: VendorDocument) -> tuple[VendorSegment, ...]:
    """A document's segments; one over the whole text, without tags, for a document
    that has none, so that people can tag it (the tagging paths address segments)."""
    return document.segments or (VendorSegment(0, len(document.text)),)


def documents_add(
    *,
    session: LabelingSession,
    documents: Sequence[VendorDocument],
    margins: Sequence[float] | None = None,
) -> list[Document]:
    """Write ``documents`` into the session, with their segments and tags, in one
    insert each, and answer their rows. A document that comes :func:`labeled`, and a
    segment that carries tags, is ANNOTATED.

    With ``margins``, the documents are a model's predictions for a correction session
    (how sure it was of each, :func:`trainer.learning.confidence.margins`): they are
    NOT_ANNOTATED, their tags IN_CORRECTION, and each keeps the segments predicted."""
    predicted = margins is not None
    rows = Document.objects.bulk_create(
        Document(
            session=session,
            text=document.text,
            status=_status(labeled(document, type=session.type) and not predicted),
            predicted=document.to_json()["segments"] if predicted else None,
            margin=margins[number] if predicted else None,
        )
        for number, document in enumerate(documents)
    )
    segments = [
        (
            Segment(
                document=row,
                start=part.start,
                end=part.end,
                status=_status(bool(part.tags) and not predicted),
            ),
            part.tags,
        )
        for row, document in zip(rows, documents, strict=True)
        for part in _parts(document)
    ]
    Segment.objects.bulk_create(segment for segment, _tags in segments)
    tag_status = TagStatus.IN_CORRECTION if predicted else TagStatus.READY
    SegmentTag.objects.bulk_create(
        SegmentTag(
            segment=segment,
            class_name=tag.cls or "",
            label_name=tag.label or "",
            status=tag_status,
        )
        for segment, tags in segments
        for tag in tags
    )
    return rows


def from_old_shape(document: dict, *, type: str) -> VendorDocument:  # noqa: A002
    """A document ``{"text", "classes"?, "spans"?}`` of the old shape as the vendor's:
    the classes tag one segment over the whole text; an ABSA span is a segment tagged
    with its aspect and polarity, any other span (named entities) one tagged with its
    label. Tags of one stretch share its segment."""
    text, found = document["text"], {}
    for name in document.get("classes") or ():
        found.setdefault((0, len(text)), []).append(VendorTag(name))
    for span in document.get("spans") or ():
        tag = (
            VendorTag(span["label"], span.get("polarity") or None)
            if type == "ABSA"
            else VendorTag(label=span["label"])
        )
        found.setdefault((span["start"], span["end"]), []).append(tag)
    return VendorDocument(
        text,
        tuple(
            VendorSegment(start, end, unique(tags)) for (start, end), tags in sorted(found.items())
        ),
    )


def with_segments(documents: QuerySet[Document]) -> QuerySet[Document]:
    """``documents`` with their segments and the segments' tags, fetched in one query
    each (what :func:`vendor_document` and the answers read)."""
    return documents.prefetch_related(
        Prefetch(
            "segments",
            queryset=Segment.objects.order_by("start", "end", "id").prefetch_related(
                Prefetch("tags", queryset=SegmentTag.objects.order_by("id"))
            ),
        )
    )


def tag_of(row: SegmentTag) -> VendorTag:
    return VendorTag(row.class_name or None, row.label_name or None)


def vendor_document(row: Document) -> VendorDocument:
    """The vendor's document of a row fetched :func:`with_segments`."""
    return VendorDocument(
        row.text,
        tuple(
            VendorSegment(segment.start, segment.end, tuple(tag_of(t) for t in segment.tags.all()))
            for segment in row.segments.all()
        ),
    )


def done(documents: QuerySet[Document]) -> QuerySet[Document]:
    """Those of ``documents`` that are done: marked ANNOTATED, or all of whose segments
    are (a correction's segments are marked one by one)."""
    segment_left = Segment.objects.filter(
        document=OuterRef("pk"), status=AnnotationStatus.NOT_ANNOTATED
    )
    return documents.filter(Q(status=AnnotationStatus.ANNOTATED) | ~Exists(segment_left))


def session_documents(session_ids: Sequence[int]) -> Iterator[VendorDocument]:
    """The done documents (:func:`done`) of the sessions ``session_ids`` as the
    vendor's documents, by session, then in the order they were added; read
    ``READ_CHUNK`` at a time. Those not done yet are no training data."""
    rows = with_segments(done(Document.objects.filter(session_id__in=session_ids))).order_by(
        "session_id", "id"
    )
    for row in rows.iterator(chunk_size=READ_CHUNK):
        yield vendor_document(row)
