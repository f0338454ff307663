"""Moving a tag: a change (PUT …/tags/{t}, the vendor's ChangeAnnotationTag) with a
``span`` puts the tag on the document's segment of that stretch of its text, under
annotations and corrections."""

import pytest

from trainer.learning.documents import Document, Segment, Tag
from trainer.textapi import labeling
from trainer.textapi.documents import documents_add
from trainer.textapi.models import (
    LabelingSession,
    ProjectClass,
    Role,
    SegmentTag,
    SessionMode,
    SessionStatus,
    TextProject,
)
from trainer.textapi.models import Segment as SegmentRow

from .helpers import assert_error, url

TEXT = "The soup was cold but the staff were kind."
SOUP, STAFF, KIND = (4, 8), (26, 31), (37, 41)


@pytest.fixture
def annotator(client_for):
    return client_for(Role.ANNOTATOR)


def _absa(project) -> None:
    TextProject.objects.filter(pk=project.pk).update(type="ABSA")
    project.type = "ABSA"


@pytest.fixture
def absa(project):
    _absa(project)
    session = labeling.labeling_session_create(
        project=project,
        name="Reviews",
        owner=None,
        documents=[
            Document(
                TEXT,
                (
                    Segment(*SOUP, (Tag("food", "negative"), Tag("food", "positive"))),
                    Segment(*STAFF, (Tag("service", "positive"),)),
                ),
            )
        ],
    )
    return session.documents.get()


def _tag(document, span, label):
    return SegmentTag.objects.get(
        segment__document=document,
        segment__start=span[0],
        segment__end=span[1],
        label_name=label,
    )


def _put(client, project, document, tag, body, *, under="annotations"):
    path = (
        f"projects/{project.pk}/{under}/{document.session_id}/documents/{document.pk}"
        f"/segments/{tag.segment_id}/tags/{tag.pk}"
    )
    return client.put(url(path), body, content_type="application/json")


def _spans(document):
    return {
        (segment.start, segment.end): sorted(str(tag) for tag in segment.tags.all())
        for segment in document.segments.all()
    }


def test_a_tag_moves_to_a_new_segment_of_its_span(annotator, project, absa):
    tag = _tag(absa, SOUP, "positive")

    moved = _put(
        annotator,
        project,
        absa,
        tag,
        {"class": "food", "label": "positive", "span": list(KIND), "text": "kind"},
    )

    assert moved.status_code == 200, moved.content
    assert moved.json() == {"id": tag.pk, "class": "food", "label": "positive", "status": "READY"}
    assert _spans(absa) == {
        SOUP: ["food/negative"],
        STAFF: ["service/positive"],
        KIND: ["food/positive"],
    }
    answer = annotator.get(
        url(f"projects/{project.pk}/annotations/{absa.session_id}/documents/{absa.pk}")
    ).json()
    assert [s["text"] for s in answer["segments"]] == ["soup", "staff", "kind"]


def test_a_tag_moves_to_the_segment_already_there_and_the_one_left_bare_goes(
    annotator, project, absa
):
    tag = _tag(absa, STAFF, "positive")

    moved = _put(
        annotator, project, absa, tag, {"class": "service", "label": "positive", "span": [4, 8]}
    )

    assert moved.status_code == 200, moved.content
    assert _spans(absa) == {SOUP: ["food/negative", "food/positive", "service/positive"]}


def test_the_text_given_must_be_the_text_at_the_span(annotator, project, absa):
    tag = _tag(absa, SOUP, "negative")

    refused = _put(
        annotator,
        project,
        absa,
        tag,
        {"class": "food", "label": "negative", "span": list(KIND), "text": "soup"},
    )

    assert_error(refused, 400, field="text")
    assert _spans(absa)[SOUP] == ["food/negative", "food/positive"]
    assert KIND not in _spans(absa)


@pytest.mark.parametrize(
    "span", [[5, 5], [9, 4], [-1, 3], [0], [0, 1, 2], ["0", "3"], [0.0, 3], [True, 3], "0-3"]
)
def test_a_span_that_is_no_stretch_is_refused_naming_span(annotator, project, absa, span):
    tag = _tag(absa, SOUP, "negative")

    refused = _put(annotator, project, absa, tag, {"class": "food", "label": "x", "span": span})

    body = assert_error(refused, 400, field="span")
    assert "span" in body["errors"]
    assert _spans(absa)[SOUP] == ["food/negative", "food/positive"]


def test_a_span_past_the_end_of_the_text_is_refused(annotator, project, absa):
    tag = _tag(absa, SOUP, "negative")

    refused = _put(
        annotator,
        project,
        absa,
        tag,
        {"class": "food", "label": "negative", "span": [30, len(TEXT) + 1]},
    )

    body = assert_error(refused, 400, field="span")
    assert str(len(TEXT)) in body["errors"]["span"][0]
    assert not SegmentRow.objects.filter(document=absa, start=30).exists()


def test_a_document_level_type_keeps_its_tags_on_the_whole_text(
    annotator, project, session_factory
):
    session = session_factory(
        type="CLASS", documents=[Document(TEXT, (Segment(0, len(TEXT), (Tag("food"),)),))]
    )
    document = session.documents.get()
    tag = SegmentTag.objects.get(segment__document=document)

    refused = _put(annotator, project, document, tag, {"class": "food", "span": list(SOUP)})
    kept = _put(annotator, project, document, tag, {"class": "food", "span": [0, len(TEXT)]})

    body = assert_error(refused, 400, field="span")
    assert "ABSA" in body["errors"]["span"][0]
    assert kept.status_code == 200, kept.content
    assert _spans(document) == {(0, len(TEXT)): ["food"]}


def test_a_new_tag_ignores_a_span(annotator, project, absa):
    segment = SegmentRow.objects.get(document=absa, start=STAFF[0])
    path = (
        f"projects/{project.pk}/annotations/{absa.session_id}/documents/{absa.pk}"
        f"/segments/{segment.pk}/tags"
    )

    added = annotator.post(
        url(path),
        {"class": "service", "label": "negative", "span": list(KIND)},
        content_type="application/json",
    )

    assert added.status_code == 201, added.content
    assert _spans(absa)[STAFF] == ["service/negative", "service/positive"]


def test_a_moved_model_tag_counts_as_changed_in_a_correction(annotator, project):
    _absa(project)
    ProjectClass.objects.create(project=project, name="food")
    session = LabelingSession.objects.create(
        project=project,
        name="Correction",
        type="ABSA",
        mode=SessionMode.CORRECTION,
        status=SessionStatus.ANNOTATING,
        document_count=1,
        labels=["negative"],
        classes=["food"],
    )
    project.labels.create(name="negative")
    [document] = documents_add(
        session=session,
        documents=[Document(TEXT, (Segment(0, 8, (Tag("food", "negative"),)),))],
        margins=[0.1],
    )
    tag = SegmentTag.objects.get(segment__document=document)

    moved = _put(
        annotator,
        project,
        document,
        tag,
        {"class": "food", "label": "negative", "span": list(SOUP), "text": "soup"},
        under="corrections",
    )
    status = annotator.post(
        url(f"projects/{project.pk}/annotations/{session.pk}/documents/{document.pk}/statuses"),
        {"name": "ANNOTATED"},
        content_type="application/json",
    )

    assert moved.status_code == 200, moved.content
    new_segment = SegmentRow.objects.get(document=document)
    assert (new_segment.start, new_segment.end) == SOUP
    assert moved.json()["segment"]["id"] == new_segment.pk
    assert moved.json()["tag"]["status"] == "READY"
    assert status.status_code == 201, status.content
    session.refresh_from_db()
    assert session.predicted_score == 0


def test_a_text_without_a_span_is_checked_against_the_tags_segment(annotator, project, absa):
    tag = _tag(absa, STAFF, "positive")
    body = {"class": "service", "label": "negative"}

    refused = _put(annotator, project, absa, tag, {**body, "text": "kind"})
    changed = _put(annotator, project, absa, tag, {**body, "text": "staff"})

    assert_error(refused, 400, field="text")
    assert changed.status_code == 200, changed.content
    assert _spans(absa)[STAFF] == ["service/negative"]
