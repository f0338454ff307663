"""The DeepOpinion Studio client's correction paths: a session a model pre-labels,
made, listed, read and deleted; its documents and tags under ``corrections``; a
model's tag confirmed and a segment marked corrected."""

import pytest
import responses
from responses import matchers

from trainer.apiclient.deepopinion import (
    CORRECTION,
    Correction,
    DeepOpinionClient,
    LabeledDocument,
    Segment,
    SegmentTag,
)
from trainer.apiclient.errors import ApiValidationError

BASE = "http://vendor.test/api/"
CORRECTIONS = BASE + "projects/7/corrections"
SEGMENT = CORRECTIONS + "/5/documents/21/segments/40/"

ANSWER = {
    "id": 5,
    "name": "Check v2",
    "type": "CLASS",
    "status": "PREDICTING",
    "mode": "CORRECTION",
    "document_count": 30,
    "progress": 0,
    "model": {"id": 11, "display_name": "Support v2"},
    "predicted_score": 81,
}


@pytest.fixture
def client():
    return DeepOpinionClient(base_url=BASE, token="s3cret-token", retries=2)


@responses.activate
def test_create_correction_posts_the_model_name_and_sample_size(client):
    responses.post(
        CORRECTIONS,
        json=ANSWER,
        status=201,
        match=[
            matchers.json_params_matcher({"model_id": 11, "name": "Check v2", "sample_size": 30})
        ],
    )

    correction = client.create_correction(7, model_id=11, name="Check v2", sample_size=30)

    assert correction == Correction(
        id=5,
        name="Check v2",
        type="CLASS",
        status="PREDICTING",
        document_count=30,
        progress=0,
        mode=CORRECTION,
        model_id=11,
        model={"id": 11, "display_name": "Support v2"},
        predicted_score=81,
    )


@responses.activate
def test_create_correction_leaves_out_what_is_not_given(client):
    responses.post(
        CORRECTIONS, json=ANSWER, status=201, match=[matchers.json_params_matcher({"model_id": 11})]
    )

    assert client.create_correction(7, model_id=11).id == 5


@responses.activate
def test_create_correction_raises_the_services_field_errors(client):
    responses.post(
        CORRECTIONS,
        json={"message": "Invalid", "errors": {"sample_size": ["Too many."]}},
        status=400,
    )

    with pytest.raises(ApiValidationError) as refused:
        client.create_correction(7, model_id=11, sample_size=10**6)

    assert "sample_size" in refused.value.field_errors


@responses.activate
def test_get_and_delete_a_correction(client):
    responses.get(CORRECTIONS + "/6", json={**ANSWER, "id": 6, "status": "ANNOTATING"})
    responses.delete(CORRECTIONS + "/6", status=204)

    assert client.get_correction(7, 6).status == "ANNOTATING"
    client.delete_correction(7, 6)
    assert responses.calls[-1].request.method == "DELETE"


@responses.activate
def test_a_correction_sessions_documents_are_read_under_corrections_with_the_tags_status(
    client,
):
    document = {
        "id": 21,
        "text": "Refund please.",
        "status": "NOT_ANNOTATED",
        "segments": [
            {
                "id": 40,
                "span": [0, 14],
                "tags": [{"id": 90, "class": "billing", "status": "IN_CORRECTION"}],
            }
        ],
    }
    responses.get(CORRECTIONS + "/5/documents", json={"documents": [document], "document_total": 3})

    page = client.list_documents(7, 5, offset=0, limit=1, mode=CORRECTION)

    tag = page.documents[0].segments[0].tags[0]
    assert tag == SegmentTag(cls="billing", id=90, status="IN_CORRECTION")
    assert tag.suggested


@responses.activate
def test_a_tag_added_in_a_correction_session_is_read_from_its_answer(client):
    responses.post(
        SEGMENT + "tags",
        json={
            "tag": {"id": 91, "class": "refund", "status": "READY"},
            "progress": 10,
            "predicted_score": 80,
        },
        status=201,
        match=[matchers.json_params_matcher({"class": "refund"})],
    )

    tag = client.add_segment_tag(7, 5, 21, 40, cls="refund", mode=CORRECTION)

    assert tag == SegmentTag(cls="refund", id=91, status="READY")
    assert not tag.suggested


@responses.activate
def test_confirm_a_tag_and_mark_a_segment_corrected(client):
    responses.post(
        SEGMENT + "tags/90/statuses",
        json={},
        status=201,
        match=[matchers.json_params_matcher({"status": "READY"})],
    )
    responses.post(
        SEGMENT + "statuses",
        json={"progress": 10},
        status=201,
        match=[matchers.json_params_matcher({"name": "ANNOTATED"})],
    )

    client.confirm_segment_tag(7, 5, 21, 40, 90)
    client.mark_segment_corrected(7, 5, 21, 40)

    assert len(responses.calls) == 2


@responses.activate
def test_change_delete_and_mark_done_go_under_corrections(client):
    responses.put(SEGMENT + "tags/90", json={"id": 90, "class": "refund", "status": "READY"})
    responses.delete(SEGMENT + "tags/90", status=204)
    responses.post(CORRECTIONS + "/5/documents/21/statuses", json={}, status=201)

    client.change_segment_tag(7, 5, 21, 40, 90, cls="refund", mode=CORRECTION)
    client.delete_segment_tag(7, 5, 21, 40, 90, mode=CORRECTION)
    client.mark_document_annotated(7, 5, 21, mode=CORRECTION)

    assert [call.request.method for call in responses.calls] == ["PUT", "DELETE", "POST"]


def test_an_unknown_mode_is_a_programming_error(client):
    with pytest.raises(ValueError):
        client.list_documents(7, 5, mode="REVIEW")


def test_a_document_whose_segments_are_all_corrected_is_done():
    segment = Segment(start=0, end=4, id=40, status="ANNOTATED")
    pending = Segment(start=5, end=9, id=41, status="NOT_ANNOTATED")

    assert LabeledDocument(id=1, text="Good. Bad.", segments=(segment,)).annotated
    assert not LabeledDocument(id=1, text="Good. Bad.", segments=(segment, pending)).annotated
    assert not LabeledDocument(id=1, text="Good. Bad.").annotated
