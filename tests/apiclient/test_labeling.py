"""The DeepOpinion Studio client's labeling paths: a session's documents with their
segments and tags, a segment's tags added, changed and removed, a document marked done."""

import pytest
import responses
from responses import matchers

from trainer.apiclient.deepopinion import (
    DeepOpinionClient,
    DocumentPage,
    LabeledDocument,
    Segment,
    SegmentTag,
)
from trainer.apiclient.errors import ApiBadResponse, ApiValidationError

BASE = "http://vendor.test/api/"
SESSION = BASE + "projects/7/annotations/3/"
SEGMENT = SESSION + "documents/21/segments/40/"


@pytest.fixture
def client():
    return DeepOpinionClient(base_url=BASE, token="s3cret-token", retries=2)


def _session_with(documents, **extra):
    return {"id": 3, "name": "Batch 1", "type": "CLASS", "documents": documents, **extra}


DOCUMENT = {
    "id": 21,
    "text": "Refund please.",
    "status": "NOT_ANNOTATED",
    "segments": [
        {
            "id": 40,
            "text": "Refund please.",
            "span": [0, 14],
            "status": "NOT_ANNOTATED",
            "tags": [{"id": 90, "class": "billing"}],
        }
    ],
}


@responses.activate
def test_list_documents_reads_a_page_with_segments_tags_and_statuses(client):
    responses.get(
        SESSION + "documents",
        json=_session_with([DOCUMENT], document_total=12),
        match=[
            matchers.query_param_matcher(
                {"offset": "4", "limit": "1", "details": "segments,tags,meta"}
            )
        ],
    )

    page = client.list_documents(7, 3, offset=4, limit=1)

    assert page == DocumentPage(
        documents=(
            LabeledDocument(
                id=21,
                text="Refund please.",
                segments=(
                    Segment(
                        start=0,
                        end=14,
                        tags=(SegmentTag(cls="billing", id=90),),
                        id=40,
                        status="NOT_ANNOTATED",
                    ),
                ),
                status="NOT_ANNOTATED",
            ),
        ),
        total=12,
    )
    assert not page.documents[0].annotated


@responses.activate
def test_list_documents_counts_by_the_sessions_document_count_where_no_total_is_given(client):
    responses.get(
        SESSION + "documents",
        json=_session_with([{**DOCUMENT, "status": "ANNOTATED"}], document_count=5),
    )

    page = client.list_documents(7, 3, details=("meta",))

    assert page.total == 5
    assert page.documents[0].annotated
    assert responses.calls[0].request.params["details"] == "meta"


@pytest.mark.parametrize(
    "documents",
    [
        None,
        [{"text": "no id"}],
        [{**DOCUMENT, "segments": [{"span": [0], "tags": []}]}],
        [{**DOCUMENT, "segments": [{**DOCUMENT["segments"][0], "id": "40"}]}],
    ],
)
@responses.activate
def test_list_documents_refuses_a_malformed_answer(client, documents):
    responses.get(SESSION + "documents", json=_session_with(documents, document_total=1))

    with pytest.raises(ApiBadResponse):
        client.list_documents(7, 3)


@responses.activate
def test_get_document_reads_one_document_with_all_its_details(client):
    responses.get(
        SESSION + "documents/21",
        json=DOCUMENT,
        match=[matchers.query_param_matcher({"details": "segments,tags,meta"})],
    )

    document = client.get_document(7, 3, 21)

    assert document.id == 21
    assert document.segments[0].tags == (SegmentTag(cls="billing", id=90),)


@responses.activate
def test_add_segment_tag_posts_the_class_and_label_given_and_reads_the_new_tag(client):
    responses.post(
        SEGMENT + "tags",
        json={"id": 91, "class": "Staff", "label": "negative"},
        status=201,
        match=[matchers.json_params_matcher({"class": "Staff", "label": "negative"})],
    )

    tag = client.add_segment_tag(7, 3, 21, 40, cls="Staff", label="negative")

    assert tag == SegmentTag(cls="Staff", label="negative", id=91)


@responses.activate
def test_add_segment_tag_sends_a_label_alone_and_raises_the_services_field_errors(client):
    responses.post(
        SEGMENT + "tags",
        json={"detail": "Invalid.", "errors": {"label": ["happy is not a label of this project."]}},
        status=400,
        match=[matchers.json_params_matcher({"label": "happy"})],
    )

    with pytest.raises(ApiValidationError) as raised:
        client.add_segment_tag(7, 3, 21, 40, label="happy")

    assert raised.value.field_errors == {"label": ["happy is not a label of this project."]}


@responses.activate
def test_change_segment_tag_puts_the_new_names(client):
    responses.put(
        SEGMENT + "tags/90",
        json={"id": 90, "label": "positive"},
        match=[matchers.json_params_matcher({"label": "positive"})],
    )

    assert client.change_segment_tag(7, 3, 21, 40, 90, label="positive") == SegmentTag(
        label="positive", id=90
    )


@responses.activate
def test_change_segment_tag_with_a_span_moves_it(client):
    responses.put(
        SEGMENT + "tags/90",
        json={"id": 90, "class": "food", "label": "positive"},
        match=[
            matchers.json_params_matcher({"class": "food", "label": "positive", "span": [4, 8]})
        ],
    )

    tag = client.change_segment_tag(7, 3, 21, 40, 90, cls="food", label="positive", span=(4, 8))

    assert tag == SegmentTag(cls="food", label="positive", id=90)


@responses.activate
def test_a_refused_span_is_a_validation_error_naming_it(client):
    responses.put(
        SEGMENT + "tags/90",
        status=400,
        json={"detail": "Invalid.", "errors": {"span": ["Outside the text."]}},
    )

    with pytest.raises(ApiValidationError) as raised:
        client.change_segment_tag(7, 3, 21, 40, 90, cls="food", label="positive", span=(4, 99))

    assert raised.value.field_errors == {"span": ["Outside the text."]}


@responses.activate
def test_delete_segment_tag_deletes_it(client):
    responses.delete(SEGMENT + "tags/90", status=204)

    client.delete_segment_tag(7, 3, 21, 40, 90)

    assert len(responses.calls) == 1


@responses.activate
def test_mark_document_annotated_posts_the_status(client):
    responses.post(
        SESSION + "documents/21/statuses",
        json={"annotation_id": 3, "document_id": 21, "name": "ANNOTATED"},
        status=201,
        match=[matchers.json_params_matcher({"name": "ANNOTATED"})],
    )

    client.mark_document_annotated(7, 3, 21)

    assert len(responses.calls) == 1
