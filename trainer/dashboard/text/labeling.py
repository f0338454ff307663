"""Labeling a session in the browser, one document at a time, through the service's
labeling paths: what a document shows (its text cut into pieces by its segments, the
tags that can be picked for it), the session's progress, and the writes (a tag picked
or removed, a document marked done).

Which tags a document may carry is the project's type (a LABEL document one label, a
CLASS document classes, a CLASSLABEL or ABSA segment classes each with its label): the
options offered and what picking one does are decided here, and the service checks
the document still fits its type."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import BadRequest
from django.http import Http404
from django.utils.translation import gettext as _

from trainer.apiclient.deepopinion import (
    DeepOpinionClient,
    LabeledDocument,
    Segment,
    SegmentTag,
)

from ..models import LabelingSession

# The number keys 1 to 9 pick the first nine options.
KEYED_OPTIONS = 9
# How long a session's count of annotated documents is kept for every process: counting
# reads all its documents' statuses (the vendor's API gives no count). Documents marked
# done here count at once; those marked elsewhere within this time show up after it.
ANNOTATED_COUNT_SECONDS = 5 * 60


@dataclass(frozen=True)
class TagOption:
    """A tag that can be given: a class, a label, or a class with its label."""

    cls: str | None
    label: str | None

    @property
    def name(self) -> str:
        return " · ".join(name for name in (self.cls, self.label) if name)

    def tags(self, tag: SegmentTag) -> bool:
        return (tag.cls, tag.label) == (self.cls, self.label)


def tag_options(*, type: str, classes: list[str], labels: list[str]) -> list[TagOption]:  # noqa: A002
    """The tags of a project of ``type`` with these classes and labels, in their order."""
    if type == "LABEL":
        return [TagOption(None, label) for label in labels]
    if type == "CLASS":
        return [TagOption(cls, None) for cls in classes]
    return [TagOption(cls, label) for cls in classes for label in labels]


@dataclass(frozen=True)
class Piece:
    """A stretch of a document's text, ``segment`` the number of the segment it belongs
    to (from 1), or None between segments."""

    text: str
    segment: int | None


def text_pieces(document: LabeledDocument) -> list[Piece]:
    """The document's text cut at its segments' ends (a segment that overlaps an
    earlier one is not marked in the text; the list of segments shows it)."""
    pieces, at = [], 0
    for number, segment in enumerate(document.segments, start=1):
        if segment.start < at:
            continue
        if segment.start > at:
            pieces.append(Piece(document.text[at : segment.start], None))
        pieces.append(Piece(document.text[segment.start : segment.end], number))
        at = segment.end
    if at < len(document.text):
        pieces.append(Piece(document.text[at:], None))
    return pieces


@dataclass(frozen=True)
class SegmentRow:
    """A segment as the page lists it: its number (from 1), its text, its tags (id and
    name), and the options with their number key (the first segment's first nine) and
    whether it has them."""

    number: int
    segment: Segment
    text: str
    tags: list[tuple[int | None, str]]
    options: list[tuple[int | None, TagOption, bool]]


@dataclass(frozen=True)
class LabelingPage:
    """The document at ``position`` (from 1) of ``total``, what it shows and how far the
    session is (``annotated`` documents of ``total``)."""

    position: int
    total: int
    annotated: int
    document: LabeledDocument | None
    options: list[TagOption]

    @property
    def pieces(self) -> list[Piece]:
        return text_pieces(self.document) if self.document else []

    @property
    def segments(self) -> list[SegmentRow]:
        if self.document is None:
            return []
        return [
            SegmentRow(
                number=number,
                segment=segment,
                text=self.document.text[segment.start : segment.end],
                tags=[(tag.id, TagOption(tag.cls, tag.label).name) for tag in segment.tags],
                options=[
                    (
                        key if number == 1 and key <= KEYED_OPTIONS else None,
                        option,
                        any(option.tags(tag) for tag in segment.tags),
                    )
                    for key, option in enumerate(self.options, start=1)
                ],
            )
            for number, segment in enumerate(self.document.segments, start=1)
        ]

    @property
    def previous(self) -> int | None:
        return self.position - 1 if self.position > 1 else None

    @property
    def next(self) -> int | None:
        return self.position + 1 if self.position < self.total else None


def _options(*, session: LabelingSession, client: DeepOpinionClient) -> list[TagOption]:
    project = client.get_project(session.project.remote_id)
    return tag_options(type=session.type, classes=project.classes, labels=project.labels)


def _annotated_key(session: LabelingSession) -> str:
    return f"dashboard:labeling-annotated:{session.pk}"


def _annotated_count(*, session: LabelingSession, client: DeepOpinionClient) -> int:
    """How many of the session's documents are annotated: read page after page, kept
    :data:`ANNOTATED_COUNT_SECONDS`."""
    annotated = cache.get(_annotated_key(session))
    if annotated is None:
        annotated = _annotated_read(session=session, client=client)
        cache.set(_annotated_key(session), annotated, ANNOTATED_COUNT_SECONDS)
    return annotated


def _annotated_read(*, session: LabelingSession, client: DeepOpinionClient) -> int:
    annotated, offset, total = 0, 0, 1
    while offset < total:
        page = client.list_documents(
            session.project.remote_id, session.remote_id, offset=offset, details=("meta",)
        )
        if not page.documents:
            break
        annotated += sum(document.annotated for document in page.documents)
        offset, total = offset + len(page.documents), page.total
    return annotated


def labeling_page_get(
    *, session: LabelingSession, position: int, client: DeepOpinionClient
) -> LabelingPage:
    """The session's document at ``position`` (from 1; past the end, the last one)."""
    remote = session.project.remote_id, session.remote_id
    page = client.list_documents(*remote, offset=max(position, 1) - 1, limit=1)
    if not page.documents and page.total:
        position = page.total
        page = client.list_documents(*remote, offset=position - 1, limit=1)
    return LabelingPage(
        position=max(min(position, page.total), 1),
        total=page.total,
        annotated=_annotated_count(session=session, client=client),
        document=page.documents[0] if page.documents else None,
        options=_options(session=session, client=client),
    )


def _segment(document: LabeledDocument, segment_id: int) -> Segment:
    for segment in document.segments:
        if segment.id == segment_id:
            return segment
    raise Http404(_("No such segment."))


def tag_pick(
    *,
    session: LabelingSession,
    document_id: int,
    segment_id: int,
    option: TagOption,
    client: DeepOpinionClient,
) -> None:
    """Give the segment the tag ``option``, as the type has it: a LABEL document's one
    label is replaced; a class already there is removed again (CLASS), or given the
    new label (CLASSLABEL, ABSA); any other option is added. An option the project
    does not offer is a :class:`BadRequest` (400)."""
    if option not in _options(session=session, client=client):
        raise BadRequest(_("This project offers no such tag."))
    remote = session.project.remote_id, session.remote_id, document_id, segment_id
    segment = _segment(client.get_document(*remote[:3]), segment_id)
    if session.type == "LABEL":
        same = [tag for tag in segment.tags if tag.label]
    else:
        same = [tag for tag in segment.tags if tag.cls == option.cls]
    if not same:
        client.add_segment_tag(*remote, cls=option.cls, label=option.label)
    elif session.type == "CLASS" or option.tags(same[0]):
        client.delete_segment_tag(*remote, same[0].id)
    else:
        client.change_segment_tag(*remote, same[0].id, cls=option.cls, label=option.label)


def tag_remove(
    *,
    session: LabelingSession,
    document_id: int,
    segment_id: int,
    tag_id: int,
    client: DeepOpinionClient,
) -> None:
    client.delete_segment_tag(
        session.project.remote_id, session.remote_id, document_id, segment_id, tag_id
    )


def document_done(*, session: LabelingSession, document_id: int, client: DeepOpinionClient) -> None:
    """Mark the document annotated; the kept count grows by it if it was not."""
    remote = session.project.remote_id, session.remote_id, document_id
    was_annotated = client.get_document(*remote).annotated
    client.mark_document_annotated(*remote)
    if not was_annotated:
        with contextlib.suppress(ValueError):  # not kept (any more): counted when next shown
            cache.incr(_annotated_key(session))
