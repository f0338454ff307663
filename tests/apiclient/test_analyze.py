"""The DeepOpinion Studio client's analyze: each text's segments with their tags."""

import pytest
import responses
from responses import matchers

from tests.learning.synthetic import as_type, vendor_reviews
from trainer.apiclient.deepopinion import DeepOpinionClient, Segment, SegmentTag
from trainer.apiclient.errors import (
    ApiBadResponse,
    ApiConflict,
    ApiServerError,
    ApiValidationError,
)
from trainer.textapi import labeling, services
from trainer.textapi.models import Role, Status, TextModel

BASE = "http://vendor.test/api/"
URL = BASE + "analyze"


@pytest.fixture
def client():
    return DeepOpinionClient(base_url=BASE, token="s3cret-token", retries=2)


def _document(*segments):
    return {
        "text": "",
        "segments": [
            {"text": "", "span": [start, end], "tags": tags} for start, end, tags in segments
        ],
    }


@responses.activate
def test_analyze_sends_the_model_and_the_texts_and_reads_each_documents_segments(client):
    responses.post(
        URL,
        json={
            "model": "support-v1",
            "type": "CLASSLABEL",
            "documents": [
                _document((0, 14, [{"class": "billing"}]), (0, 6, [{"label": "ACTION"}])),
                _document((4, 9, [{"class": "Staff", "label": "negative"}])),
            ],
        },
        match=[
            matchers.json_params_matcher(
                {"model": "support-v1", "documents": [{"text": "Refund please."}, {"text": "x"}]}
            )
        ],
    )

    first, second = client.analyze("support-v1", ["Refund please.", "x"])

    assert first == (
        Segment(start=0, end=14, tags=(SegmentTag(cls="billing"),)),
        Segment(start=0, end=6, tags=(SegmentTag(label="ACTION"),)),
    )
    assert second == (Segment(start=4, end=9, tags=(SegmentTag(cls="Staff", label="negative"),)),)


@responses.activate
def test_each_tag_keeps_its_class_with_its_label(client):
    tags = [{"class": "Staff", "label": "positive"}, {"class": "Room", "label": "negative"}]
    responses.post(URL, json={"documents": [_document((0, 5, tags))]})

    [[segment]] = client.analyze("m", ["Hello"])

    assert segment.tags == (SegmentTag("Staff", "positive"), SegmentTag("Room", "negative"))


@responses.activate
def test_a_model_that_cannot_analyze_is_a_conflict_with_the_services_reason(client):
    responses.post(
        URL,
        status=409,
        json={"detail": "Only a READY, ACTIVE or PUBLISHED model can predict; this one is QUEUED."},
    )

    with pytest.raises(ApiConflict, match="this one is QUEUED"):
        client.analyze("m", ["Hello"])


@responses.activate
def test_a_refused_body_carries_the_field_errors(client):
    responses.post(URL, status=400, json={"errors": {"documents": ["At most 1000."]}})

    with pytest.raises(ApiValidationError) as raised:
        client.analyze("m", ["Hello"])

    assert raised.value.field_errors == {"documents": ["At most 1000."]}


@responses.activate
def test_analyze_is_not_retried(client):
    responses.post(URL, status=503, json={"detail": "busy"})

    with pytest.raises(ApiServerError):
        client.analyze("m", ["Hello"])

    assert len(responses.calls) == 1


@pytest.mark.parametrize(
    "answer",
    [
        [],
        {"documents": {"segments": []}},
        {"documents": [_document(), _document()]},
        {"documents": [{"text": "Hello"}]},
        {"documents": [{"segments": ["billing"]}]},
        {"documents": [_document((0, "3", []))]},
        {"documents": [{"segments": [{"span": [0], "tags": []}]}]},
        {"documents": [_document((0, 3, ["billing"]))]},
        {"documents": [_document((0, 3, [{"class": 7}]))]},
        {"documents": [_document((0, 3, [{"label": None}]))]},
    ],
    ids=[
        "not an object",
        "documents not a list",
        "more documents than texts",
        "a document without segments",
        "a segment not an object",
        "an offset not a number",
        "a span without end",
        "a tag not an object",
        "a class not a string",
        "a tag with neither class nor label",
    ],
)
@responses.activate
def test_an_answer_of_the_wrong_shape_is_a_bad_response(client, answer):
    responses.post(URL, json=answer)

    with pytest.raises(ApiBadResponse):
        client.analyze("m", ["Hello"])


# -- over real HTTP against the embedded service ----------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_embedded_service_answers_what_the_client_reads(
    live_server, django_user_model, settings, tmp_path
):
    settings.TEXTAPI_MODEL_DIR = tmp_path
    user = django_user_model.objects.create_user(username="reader")
    project = services.project_create(name="Reviews", type="CLASSLABEL")
    services.member_set(project=project, user=user, role=Role.READ_ONLY)
    _token, raw = services.token_create(user=user, name="test")
    session = labeling.labeling_session_create(
        project=project,
        name="Batch",
        owner=user,
        documents=as_type(vendor_reviews(count=60), "CLASSLABEL"),
    )
    model = TextModel.objects.create(
        project=project,
        name="topics",
        type="CLASSLABEL",
        language="en",
        owner=user,
        status=Status.QUEUED,
        annotation_ids=[session.pk],
    )
    services.model_train(model_id=model.pk)
    client = DeepOpinionClient(base_url=f"{live_server.url}/api/text/", token=raw)

    [segments] = client.analyze("topics", ["The battery was awful and the display impressed us."])

    [whole] = segments
    assert (whole.start, whole.end) == (0, 51)
    assert whole.tags and all(tag.cls and tag.label for tag in whole.tags)
