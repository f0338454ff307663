"""Every model type trains through the service: READY, the contract's metric
keys, analyses in the type's shape, base models, languages."""

import re

import joblib
import pytest

from tests.learning.synthetic import class_documents, entity_documents, review_documents
from trainer.ops.demo_data import BASE_MODELS, arabic_hotel_reviews
from trainer.textapi import services, storage
from trainer.textapi.models import ModelType, Status, TextModel

from .helpers import assert_error, post_json, url

CLASS_KEYS = {"score", "test_documents", "accuracy", "macro_f1", "per_class", "confusion"}
LABEL_KEYS = {"score", "test_documents", "span_f1", "per_label"}
ABSA_KEYS = {
    "score",
    "test_documents",
    "aspect_extraction_f1",
    "polarity_accuracy",
    "pair_f1",
    "per_polarity",
}
TYPES = {
    # type: (documents, metric keys)
    "CLASS": (lambda: class_documents(per_class=12), CLASS_KEYS),
    "LABEL": (lambda: [{**d, "classes": []} for d in entity_documents(count=60)], LABEL_KEYS),
    "ABSA": (lambda: review_documents(count=60), ABSA_KEYS),
    "CLASSLABEL": (lambda: entity_documents(count=60), CLASS_KEYS | LABEL_KEYS),
}


@pytest.fixture
def start(manager, project, eager_celery, django_capture_on_commit_callbacks):
    def run(body):
        with django_capture_on_commit_callbacks(execute=True):
            response = post_json(manager, f"projects/{project.pk}/models", body)
        assert response.status_code == 201, response.content
        return TextModel.objects.get(pk=response.json()["id"])

    return run


@pytest.fixture
def trained(start, session_factory):
    def train(model_type, *, language="en", documents=None, **body):
        session = session_factory(
            type=model_type,
            documents=documents if documents is not None else TYPES[model_type][0](),
        )
        return start({"annotation_ids": [session.pk], "language": language, **body})

    return train


def _analyze(client, model, texts):
    documents = [{"text": text} for text in texts]
    return post_json(client, "analyze", {"model": model.name, "documents": documents})


@pytest.mark.parametrize("model_type", TYPES)
def test_each_type_trains_to_ready_with_a_score(trained, model_type):
    model = trained(model_type)

    assert (model.status, model.error) == (Status.READY, "")
    assert 0 < model.score <= 1


@pytest.mark.parametrize("model_type", TYPES)
def test_each_type_returns_exactly_its_contract_metric_keys(trained, manager, model_type):
    model = trained(model_type)

    body = manager.get(url(f"projects/{model.project_id}/models/{model.pk}")).json()

    assert set(body["metrics"]) == TYPES[model_type][1]
    assert body["metrics"]["score"] == body["score"]


def test_label_training_reports_each_crf_epoch(trained, caplog):
    caplog.set_level("INFO", logger="trainer.textapi.services")

    trained("LABEL")

    steps = re.findall(r"model \d+: (.+) \((\d+)%\)", caplog.text)
    names = [step for step, _percent in steps]
    assert "feature extraction" in names
    assert sum(name.startswith("CRF epoch") for name in names) >= 5
    assert "evaluation" in names


def test_label_training_with_a_test_set_without_spans_fails_with_a_reason(start, session_factory):
    train = session_factory(type="LABEL", documents=entity_documents(count=40))
    test = session_factory(type="LABEL", documents=[{"text": "Nothing to mark."}])

    model = start({"trainset_annotation_ids": [train.pk], "testset_annotation_ids": [test.pk]})

    assert (model.status, model.error) == (Status.FAILED, "test set has no documents with labels")


def test_german_absa_trains_to_ready(trained):
    model = trained("ABSA", language="de", documents=review_documents(count=60, language="de"))

    assert model.status == Status.READY
    assert model.language == "de"


def test_arabic_absa_trains_to_ready_on_the_shipped_hotel_reviews(trained):
    model = trained("ABSA", language="ar", documents=arabic_hotel_reviews()[:120])

    assert model.status == Status.READY
    assert model.metrics["aspect_extraction_f1"] > 0


@pytest.mark.parametrize("model_type", ["LABEL", "ABSA"])
def test_training_from_a_base_model_of_the_type_starts_from_its_documents(
    trained, make_user, model_type
):
    base = services.base_model_train(
        name=f"{model_type.lower()}-base",
        display_name="Base",
        type=model_type,
        language="en",
        documents=TYPES[model_type][0](),
        owner=make_user(),
    )

    model = trained(model_type, documents=TYPES[model_type][0]()[:10], base_id=base.pk)

    assert model.status == Status.READY
    assert len(services.model_bundle(model)["train_documents"]) > len(
        services.model_bundle(base)["train_documents"]
    )


def test_a_trained_model_analyzes_the_same_after_a_restart(trained, manager):
    model = trained("ABSA")
    texts = ["The staff was rude.", "The app is great!"]
    before = _analyze(manager, model, texts).json()

    storage._artifact_cached.cache_clear()  # what a restarted process has: only the file

    assert _analyze(manager, model, texts).json() == before


def test_a_base_model_whose_file_is_gone_is_trained_again(db, settings):
    def base():
        return services.base_model_train(
            name="again-base",
            display_name="Again",
            type="LABEL",
            language="en",
            documents=entity_documents(count=40),
            owner=None,
        )

    first = base()
    (settings.TEXTAPI_MODEL_DIR / first.artifact).unlink()
    storage._artifact_cached.cache_clear()  # the next start of the service

    again = base()

    assert again.pk == first.pk
    assert again.status == Status.READY
    assert (settings.TEXTAPI_MODEL_DIR / again.artifact).is_file()


def test_the_shipped_base_models_cover_every_type():
    assert {model_type for _n, _d, model_type, _l, _docs in BASE_MODELS} == set(ModelType.values)


def test_a_model_file_of_an_older_format_cannot_predict(trained, manager, settings):
    model = trained("CLASS")
    path = settings.TEXTAPI_MODEL_DIR / model.artifact
    joblib.dump({"format": 1, "classifier": None, "train_documents": []}, path)

    response = _analyze(manager, model, ["Rain."])

    assert "older version" in assert_error(response, 409)["detail"]


# -- POST /analyze: the vendor's documents with segments and tags ------------------


@pytest.mark.parametrize("model_type", TYPES)
def test_each_type_analyzes_into_segments_tagged_as_its_type_says(trained, reader, model_type):
    model = trained(model_type)
    text = "The delivery was slow in May."

    response = _analyze(reader, model, [text])

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["model"], body["type"], len(body["documents"])) == (model.name, model_type, 1)
    [document] = body["documents"]
    assert document["text"] == text
    whole = [s for s in document["segments"] if s["span"] == [0, len(text)]]
    for segment in document["segments"]:
        start, end = segment["span"]
        assert segment["text"] == text[start:end]
    if model_type in ("CLASS", "CLASSLABEL"):
        assert whole and all(set(tag) == {"class"} for tag in whole[0]["tags"])
    parts = [s for s in document["segments"] if s not in whole[:1]]
    assert all(set(tag) == {"label"} for s in parts for tag in s["tags"])
    assert model_type in ("LABEL", "CLASSLABEL", "ABSA") or not parts


def test_an_absa_aspect_is_a_segment_tagged_with_its_polarity(trained, reader):
    model = trained("ABSA")

    [document] = _analyze(reader, model, ["The camera was awful."]).json()["documents"]

    assert document["segments"] == [
        {"text": "camera", "span": [4, 10], "tags": [{"label": "negative"}]}
    ]


def test_a_model_of_no_project_of_the_callers_is_not_found(client_for, model_factory):
    model = model_factory(status=Status.READY)

    assert_error(_analyze(client_for(None), model, ["Hello"]), 404)


def test_a_model_that_cannot_predict_yet_is_a_conflict(reader, model_factory):
    model = model_factory(status=Status.TRAINING)

    assert_error(_analyze(reader, model, ["Hello"]), 409)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"documents": [{"text": "Hello"}]}, "model"),
        ({"model": "m", "documents": ["Hello"]}, "documents"),
        ({"model": "m"}, "documents"),
        ({"model": "m", "documents": [{"text": "x"}] * 1001}, "documents"),
    ],
)
def test_an_analyze_body_without_its_fields_is_invalid_and_names_them(reader, body, field):
    assert field in assert_error(post_json(reader, "analyze", body), 400)["errors"]


def test_a_model_name_with_a_nul_is_no_model(reader):
    # PostgreSQL refuses to compare a NUL; no model's name has one.
    body = {"model": "m\x00", "documents": [{"text": "Hello"}]}

    assert_error(post_json(reader, "analyze", body), 404)
