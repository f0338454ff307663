"""Labeling a session in the browser, one document at a time, through the service's
labeling paths: what a document shows (its text cut into pieces by its segments, the
tags that can be picked for it), the session's progress, and the writes (a tag picked
or removed, a document marked done).

A correction session is labeled the same way, under the service's correction paths,
in its order (the model's least sure documents first): the model's tags are
suggestions; picking a suggestion confirms it, picking another option changes or adds
one, and marking the document done confirms the suggestions left. What each person
did is recorded (:mod:`.marks`).

Which tags a document may carry is the project's type (a LABEL document one label, a
CLASS document classes, a CLASSLABEL or ABSA segment classes each with its label): the
options offered and what picking one does are decided here, and the service checks
the document still fits its type.

One segment is active (the first unless the page asks for another): the number keys
pick its options. Where an option is a class with its label (CLASSLABEL, ABSA: a
project's classes times its labels, too many for nine keys), a pick takes two steps:
the page offers the classes, and once one is picked (``c=`` in the page's URL, as the
active segment is ``s=``) that class's labels, which give the tag as picking the pair
would (:attr:`LabelingPage.choices`).

In an ABSA session (the one type whose segments are parts of the text) a stretch of
the text, given by its character offsets, can be tagged as a new segment, and a
segment's tags can be moved to another stretch (:func:`tag_pick`, :func:`segment_move`);
the service keeps the segments and checks the stretch. The class step draws the page
again (the browser's selection is gone with the old text), so the selection's offsets
go with the class picked, in the URL beside it, and the labels offered carry them as
plain form fields (:attr:`LabelingPage.selection` shows the text they tag): no script
has to select the text again, a reload keeps them, and going back to the classes
drops them with the class."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field

from django.contrib.auth.base_user import AbstractBaseUser
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
from trainer.apiclient.errors import ApiError

from ..models import PREDICTING_STATUSES, LabelingSession
from . import marks, selectors

# The number keys 1 to 9 pick the first nine options of the active segment.
KEYED_OPTIONS = 9
# The one type whose segments are stretches of the text people choose.
SEGMENTED_TYPE = "ABSA"
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
    """A segment as the page lists it: its number (from 1), its text, its tags (id,
    name, and whether it is the model's suggestion still to confirm), the choices
    (:attr:`LabelingPage.choices`) with their number key (the active segment's first
    nine) and whether it has them, and whether it is the active one."""

    number: int
    segment: Segment
    text: str
    tags: list[tuple[int | None, str, bool]]
    options: list[tuple[int | None, TagOption, bool]]
    active: bool


@dataclass(frozen=True)
class LabelingPage:
    """The document at ``position`` (from 1) of ``total``, what it shows and how far the
    session is (``annotated`` documents of ``total``; ``people``: the documents each
    person marked done here). A correction session's page also has the model's
    ``quality`` as people found it and the service's ``predicted_score``; while the
    model pre-labels (``predicting``) it has no document yet. ``segment_id`` asks for
    the active segment (the first when it is not the document's), ``cls`` for the class
    whose labels it offers (:attr:`choices`); ``selectable``: a stretch of the text may
    be tagged as a segment (ABSA), ``span`` the one selected before the class was
    picked (offsets of the text as the browser shows it)."""

    position: int
    total: int
    annotated: int
    document: LabeledDocument | None
    options: list[TagOption]
    people: list[tuple[str, int]] = field(default_factory=list)
    quality: marks.Quality | None = None
    predicted_score: int | None = None
    predicting: bool = False
    segment_id: int | None = None
    cls: str | None = None
    selectable: bool = False
    span: tuple[int, int] | None = None

    @property
    def pieces(self) -> list[Piece]:
        return text_pieces(self.document) if self.document else []

    @property
    def active(self) -> int | None:
        """The number (from 1) of the active segment; None without segments."""
        segments = self.document.segments if self.document else ()
        numbers = [n for n, s in enumerate(segments, start=1) if s.id == self.segment_id]
        return numbers[0] if numbers else (1 if segments else None)

    @property
    def paired(self) -> bool:
        """Whether the options pair a class with a label (CLASSLABEL, ABSA): a pick
        takes a class first, then its label."""
        return any(option.cls and option.label for option in self.options)

    @property
    def picked_class(self) -> str | None:
        """The class asked for (``cls``) when its labels are what is offered; None
        where the options are no pairs or the project has no such class."""
        offered = self.paired and any(option.cls == self.cls for option in self.options)
        return self.cls if offered else None

    @property
    def choosing_class(self) -> bool:
        return self.paired and self.picked_class is None

    @property
    def choices(self) -> list[TagOption]:
        """What the active segment's buttons offer: the options; where they are pairs,
        the classes (a class alone, which gives no tag) or the picked class's pairs."""
        if self.picked_class:
            return [option for option in self.options if option.cls == self.picked_class]
        if self.paired:
            return [TagOption(cls, None) for cls in dict.fromkeys(o.cls for o in self.options)]
        return self.options

    def _chosen(self, choice: TagOption, segment: Segment) -> bool:
        """Whether the segment has the tag ``choice`` gives (a class to choose: a tag of
        that class)."""
        if self.choosing_class:
            return any(tag.cls == choice.cls for tag in segment.tags)
        return any(choice.tags(tag) for tag in segment.tags)

    @property
    def selection(self) -> str:
        """The text of the stretch selected before the class was picked, which the
        labels offered tag as a segment of its own; empty without one."""
        if not (self.selectable and self.picked_class and self.span and self.document):
            return ""
        start, end = stored_span(self.document.text, self.span)
        return self.document.text[start:end]

    @property
    def segments(self) -> list[SegmentRow]:
        if self.document is None:
            return []
        active = self.active
        return [
            SegmentRow(
                number=number,
                segment=segment,
                text=self.document.text[segment.start : segment.end],
                tags=[
                    (tag.id, TagOption(tag.cls, tag.label).name, tag.suggested)
                    for tag in segment.tags
                ],
                options=[
                    (
                        key if number == active and key <= KEYED_OPTIONS else None,
                        choice,
                        self._chosen(choice, segment),
                    )
                    for key, choice in enumerate(self.choices, start=1)
                ],
                active=number == active,
            )
            for number, segment in enumerate(self.document.segments, start=1)
        ]

    def _segment_near(self, step: int) -> int | None:
        """The id of the segment ``step`` away from the active one, if there is one."""
        segments = self.document.segments if self.document else ()
        number = (self.active or 0) + step
        return segments[number - 1].id if 1 <= number <= len(segments) else None

    @property
    def segment_previous(self) -> int | None:
        return self._segment_near(-1)

    @property
    def segment_next(self) -> int | None:
        return self._segment_near(1)

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


def _done_details(session: LabelingSession) -> tuple[str, ...]:
    """What a document's answer must hold to tell whether it is done: its status, and a
    correction session's segments (done when they are)."""
    return ("segments", "meta") if session.is_correction else ("meta",)


def _annotated_read(*, session: LabelingSession, client: DeepOpinionClient) -> int:
    details = _done_details(session)
    documents = selectors.session_documents(session=session, client=client, details=details)
    return sum(document.annotated for document in documents)


def _open_position(
    *, session: LabelingSession, client: DeepOpinionClient, after: int = 0
) -> int | None:
    """The position (from 1) of the session's first document not done yet after the
    position ``after``, read page after page up to it; none when there is none."""
    details = _done_details(session)
    documents = selectors.session_documents(
        session=session, client=client, details=details, start=after
    )
    for position, document in enumerate(documents, start=after + 1):
        if not document.annotated:
            return position
    return None


def _resume_position(*, session: LabelingSession, client: DeepOpinionClient) -> int:
    """Where a session opens: its first document not done; the first one when every
    document is done, known without reading them all again while the count of those
    done is kept (a finished session is opened to be read)."""
    if cache.get(_annotated_key(session)) == session.documents:
        return 1
    return _open_position(session=session, client=client) or 1


def next_open_position(*, session: LabelingSession, client: DeepOpinionClient, after: int) -> int:
    """Where to go once the document at ``after`` is done: the next document not done
    yet (others may have done those between), else the first one before it; when every
    document is done, the one after it."""
    return (
        _open_position(session=session, client=client, after=after)
        or _open_position(session=session, client=client)
        or after + 1
    )


def labeling_page_get(
    *,
    session: LabelingSession,
    position: int | None,
    client: DeepOpinionClient,
    segment_id: int | None = None,
    cls: str | None = None,
    span: tuple[int, int] | None = None,
) -> LabelingPage:
    """The session's document at ``position`` (from 1; past the end, the last one; none:
    the first not done yet, where the people labeling it left off), its segment
    ``segment_id`` active, the labels of the class ``cls`` offered with the stretch
    ``span`` selected (:class:`LabelingPage`)."""
    people = marks.session_people(session=session)
    correction = quality = None
    if session.is_correction:
        correction = client.get_correction(session.project.remote_id, session.remote_id)
        quality = marks.session_quality(session=session)
        if correction.status in PREDICTING_STATUSES:
            return LabelingPage(
                position=1,
                total=correction.document_count,
                annotated=0,
                document=None,
                options=[],
                people=people,
                quality=quality,
                predicted_score=correction.predicted_score,
                predicting=True,
            )
    if position is None:
        position = _resume_position(session=session, client=client)
    remote = session.project.remote_id, session.remote_id
    page = client.list_documents(*remote, offset=max(position, 1) - 1, limit=1, mode=session.mode)
    if not page.documents and page.total:
        position = page.total
        page = client.list_documents(*remote, offset=position - 1, limit=1, mode=session.mode)
    return LabelingPage(
        position=max(min(position, page.total), 1),
        total=page.total,
        annotated=_annotated_count(session=session, client=client),
        document=page.documents[0] if page.documents else None,
        options=_options(session=session, client=client),
        people=people,
        quality=quality,
        predicted_score=correction.predicted_score if correction else None,
        segment_id=segment_id,
        cls=cls,
        selectable=session.type == SEGMENTED_TYPE,
        span=span,
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
    user: AbstractBaseUser,
    client: DeepOpinionClient,
    span: tuple[int, int] | None = None,
) -> None:
    """Give the segment the tag ``option``, as the type has it: a LABEL document's one
    label is replaced; a class already there is removed again (CLASS), or given the
    new label (CLASSLABEL, ABSA); any other option is added. The model's suggestion
    picked is confirmed instead; one replaced or removed counts as changed. An option
    the project does not offer is a :class:`BadRequest` (400).

    With ``span``, the tag goes to that stretch of the text as a segment of its own
    (:func:`_selection_tag`)."""
    if option not in _options(session=session, client=client):
        raise BadRequest(_("This project offers no such tag."))
    document = client.get_document(session.project.remote_id, session.remote_id, document_id)
    if span is not None:
        span = stored_span(document.text, span)
        _selection_tag(session=session, document=document, option=option, span=span, client=client)
        marks.mark_record(session=session, document_id=document_id, user=user, added=1)
        return
    remote = session.project.remote_id, session.remote_id, document_id, segment_id
    segment = _segment(document, segment_id)
    if session.type == "LABEL":
        same = [tag for tag in segment.tags if tag.label]
    else:
        same = [tag for tag in segment.tags if tag.cls == option.cls]
    mark = {"session": session, "document_id": document_id, "user": user}
    if not same:
        client.add_segment_tag(*remote, cls=option.cls, label=option.label, mode=session.mode)
        marks.mark_record(**mark, added=1)
    elif same[0].suggested and option.tags(same[0]):
        client.confirm_segment_tag(*remote, same[0].id)
        marks.mark_record(**mark, confirmed=1)
    elif session.type == "CLASS" or option.tags(same[0]):
        client.delete_segment_tag(*remote, same[0].id, mode=session.mode)
        marks.mark_record(**mark, removed=int(same[0].suggested))
    else:
        client.change_segment_tag(
            *remote, same[0].id, cls=option.cls, label=option.label, mode=session.mode
        )
        marks.mark_record(**mark, changed=int(same[0].suggested))


def stored_span(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """The stretch of ``text`` that is ``span`` of it as a browser shows it: HTML reads
    a CR LF line break as one LF (the page's offsets count it once, the service's
    text twice). Offsets past the shown text are left for the service to refuse."""
    shown = [i for i, c in enumerate(text) if not (c == "\r" and text[i + 1 : i + 2] == "\n")]
    start, end = span
    if not 0 <= start < end <= len(shown):
        return span
    return shown[start], shown[end - 1] + 1


def _selection_tag(
    *,
    session: LabelingSession,
    document: LabeledDocument,
    option: TagOption,
    span: tuple[int, int],
    client: DeepOpinionClient,
) -> None:
    """Tag the stretch ``span`` with ``option``, the vendor's way: add the tag to a
    segment, then move it there (the service makes the segment). The service removes
    the segment a move leaves bare, so the tag is added to one that keeps tags of its
    own; only a document without any tag loses its first segment (the whole text, as
    a document comes without segments), which the new one replaces. If the service
    refuses the move, the tag is removed again and the refusal raised."""
    host = next((s for s in document.segments if s.tags), document.segments[0])
    remote = session.project.remote_id, session.remote_id, document.id, host.id
    tag = client.add_segment_tag(*remote, cls=option.cls, label=option.label, mode=session.mode)
    try:
        client.change_segment_tag(
            *remote, tag.id, cls=option.cls, label=option.label, span=span, mode=session.mode
        )
    except ApiError:
        client.delete_segment_tag(*remote, tag.id, mode=session.mode)
        raise


def segment_move(
    *,
    session: LabelingSession,
    document_id: int,
    segment_id: int,
    span: tuple[int, int],
    user: AbstractBaseUser,
    client: DeepOpinionClient,
) -> None:
    """Move the segment to the stretch ``span`` of the text: each of its
    tags goes there; the model's suggestions moved count as changed. A segment without
    tags has nothing to move (a :class:`BadRequest`)."""
    remote = session.project.remote_id, session.remote_id, document_id, segment_id
    document = client.get_document(*remote[:3])
    segment = _segment(document, segment_id)
    if not segment.tags:
        raise BadRequest(_("This segment has no tag to move; select text and pick a tag."))
    span = stored_span(document.text, span)
    for tag in segment.tags:
        client.change_segment_tag(
            *remote, tag.id, cls=tag.cls, label=tag.label, span=span, mode=session.mode
        )
    changed = sum(tag.suggested for tag in segment.tags)
    marks.mark_record(session=session, document_id=document_id, user=user, changed=changed)


def tag_remove(
    *,
    session: LabelingSession,
    document_id: int,
    segment_id: int,
    tag_id: int,
    user: AbstractBaseUser,
    client: DeepOpinionClient,
) -> None:
    """Remove the tag; the model's suggestion removed counts as changed."""
    remote = session.project.remote_id, session.remote_id, document_id, segment_id
    suggested = False
    if session.is_correction:
        segment = _segment(client.get_document(*remote[:3]), segment_id)
        suggested = any(tag.id == tag_id and tag.suggested for tag in segment.tags)
    client.delete_segment_tag(*remote, tag_id, mode=session.mode)
    marks.mark_record(session=session, document_id=document_id, user=user, removed=int(suggested))


def document_done(
    *,
    session: LabelingSession,
    document_id: int,
    user: AbstractBaseUser,
    client: DeepOpinionClient,
) -> None:
    """Mark the document annotated (a correction session's: its suggestions left
    confirmed, each segment marked corrected); the kept count grows by it if it was
    not."""
    remote = session.project.remote_id, session.remote_id, document_id
    document = client.get_document(*remote)
    confirmed = 0
    if session.is_correction:
        for segment in document.segments:
            for tag in segment.tags:
                if tag.suggested:
                    client.confirm_segment_tag(*remote, segment.id, tag.id)
                    confirmed += 1
            client.mark_segment_corrected(*remote, segment.id)
    else:
        client.mark_document_annotated(*remote)
    marks.mark_record(
        session=session, document_id=document_id, user=user, done=True, confirmed=confirmed
    )
    if not document.annotated:
        with contextlib.suppress(ValueError):  # not kept (any more): counted when next shown
            cache.incr(_annotated_key(session))
