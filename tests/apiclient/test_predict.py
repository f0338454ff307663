"""The DeepOpinion Studio client's predict: the contract's answer per model type as dataclasses."""

import pytest
import responses
from responses import matchers

from tests.learning.synthetic import entity_documents
from trainer.apiclient.deepopinion import (
    DeepOpinionClient,
    PredictedAspect,
    PredictedSpan,
    Prediction,
)
from trainer.apiclient.errors import (
    ApiBadResponse,
    ApiConflict,
    ApiServerError,
    ApiValidationError,
)
from trainer.textapi import services
from trainer.textapi.models import Role, Status, TextModel

BASE = "http://vendor.test/api/"
URL = BASE + "projects/1/models/7/predict"


@pytest.fixture
def client():
    return DeepOpinionClient(base_url=BASE, token="s3cret-token", retries=2)


@responses.activate
def test_predict_sends_the_texts_and_returns_one_prediction_per_text(client):
    responses.post(
        URL,
        json={"predictions": [{"classes": ["billing"]}, {"classes": []}]},
        match=[matchers.json_params_matcher({"texts": ["Refund please.", "Hello"]})],
    )

    predictions = client.predict(1, 7, ["Refund please.", "Hello"])

    assert predictions == [Prediction(classes=("billing",)), Prediction(classes=())]


@responses.activate
def test_spans_and_aspects_come_back_as_dataclasses(client):
    responses.post(
        URL,
        json={
            "predictions": [
                {
                    "classes": ["technical"],
                    "spans": [{"start": 23, "end": 29, "label": "DEVICE"}],
                },
                {"aspects": [{"start": 4, "end": 9, "term": "staff", "polarity": "negative"}]},
            ]
        },
    )

    classlabel, absa = client.predict(
        1, 7, ["The app crashes on my iPhone.", "The staff was rude."]
    )

    assert classlabel.classes == ("technical",)
    assert classlabel.spans == (PredictedSpan(start=23, end=29, label="DEVICE"),)
    assert classlabel.aspects is None
    assert absa.aspects == (PredictedAspect(start=4, end=9, term="staff", polarity="negative"),)
    assert absa.classes is None and absa.spans is None


@responses.activate
def test_a_model_that_is_not_ready_is_a_conflict_with_the_services_reason(client):
    responses.post(
        URL,
        status=409,
        json={"detail": "Only a READY, ACTIVE or PUBLISHED model can predict; this one is QUEUED."},
    )

    with pytest.raises(ApiConflict, match="this one is QUEUED"):
        client.predict(1, 7, ["Hello"])


@responses.activate
def test_a_refused_body_carries_the_field_errors(client):
    responses.post(URL, status=400, json={"errors": {"texts": ["At most 1000 texts at once."]}})

    with pytest.raises(ApiValidationError) as raised:
        client.predict(1, 7, ["Hello"])

    assert raised.value.field_errors == {"texts": ["At most 1000 texts at once."]}


@responses.activate
def test_predict_is_not_retried(client):
    responses.post(URL, status=503, json={"detail": "busy"})

    with pytest.raises(ApiServerError):
        client.predict(1, 7, ["Hello"])

    assert len(responses.calls) == 1


@pytest.mark.parametrize(
    "answer",
    [
        [],
        {"predictions": {"classes": []}},
        {"predictions": [{"classes": []}, {"classes": []}]},
        {"predictions": ["billing"]},
        {"predictions": [{"classes": "billing"}]},
        {"predictions": [{"spans": [{"start": 0, "label": "DEVICE"}]}]},
        {"predictions": [{"spans": [{"start": "0", "end": 3, "label": "DEVICE"}]}]},
        {"predictions": [{"aspects": [{"start": 0, "end": 3, "polarity": "positive"}]}]},
    ],
    ids=[
        "not an object",
        "predictions not a list",
        "more predictions than texts",
        "a prediction not an object",
        "classes not a list",
        "a span without end",
        "an offset not a number",
        "an aspect without term",
    ],
)
@responses.activate
def test_an_answer_of_the_wrong_shape_is_a_bad_response(client, answer):
    responses.post(URL, json=answer)

    with pytest.raises(ApiBadResponse):
        client.predict(1, 7, ["Hello"])


# -- over real HTTP against the embedded service ----------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_embedded_service_answers_what_the_client_reads(
    live_server, django_user_model, settings, tmp_path
):
    settings.TEXTAPI_MODEL_DIR = tmp_path
    user = django_user_model.objects.create_user(username="reader")
    project = services.project_create(name="News")
    services.member_set(project=project, user=user, role=Role.READ_ONLY)
    _token, raw = services.token_create(user=user, name="test")
    session = services.labeling_session_create(
        project=project,
        name="Batch",
        type="CLASSLABEL",
        language="en",
        owner=user,
        documents=entity_documents(count=60),
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

    [prediction] = client.predict(project.pk, model.pk, ["The app crashes on my iPhone."])

    assert prediction.aspects is None
    assert len(prediction.classes) == 1
    assert all(0 <= span.start < span.end <= 29 for span in prediction.spans)
