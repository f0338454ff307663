"""Every model type trains through the service with the vendor's meaning
(docs/text-types.md): READY, the type's metrics, analyses in the vendor's
segments, base models, languages, and what becomes of a model of an older version."""

import re

import joblib
import pytest

from tests.learning.synthetic import as_type, vendor_reviews
from trainer.learning import encoder, trainers
from trainer.ops.demo_data import BASE_MODELS, arabic_hotel_reviews, review_aspects
from trainer.textapi import services, storage
from trainer.textapi.models import ModelType, Status, TextModel

from .helpers import assert_error, post_json, url

# Each type's headline and detail metrics (the detail is the metrics-detail extension).
TYPE_METRICS = {
    "LABEL": {"accuracy", "macro_f1", "per_label", "confusion"},
    "CLASS": {"micro_f1", "macro_f1", "per_class"},
    "CLASSLABEL": {"joint_f1", "label_accuracy", "class_f1", "per_class", "per_label"},
    "ABSA": {"pair_f1", "segment_f1", "label_accuracy", "class_f1", "per_class", "per_label"},
}
SCORE = {"LABEL": "accuracy", "CLASS": "micro_f1", "CLASSLABEL": "joint_f1", "ABSA": "pair_f1"}


def documents_of(model_type, *, count=60):
    """Reviews of one or two opinions ("The battery was awful and the display impressed
    us."), as documents of ``model_type``."""
    return as_type(
        vendor_reviews(count=count, aspects=1 if model_type == "LABEL" else 2), model_type
    )


def _file_path(model, settings):
    return settings.TEXTAPI_MODEL_DIR / model.artifact


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
            documents=documents if documents is not None else documents_of(model_type),
        )
        return start({"annotation_ids": [session.pk], "language": language, **body})

    return train


def _analyze(client, model, texts):
    documents = [{"text": text} for text in texts]
    return post_json(client, "analyze", {"model": model.name, "documents": documents})


@pytest.mark.parametrize("model_type", ModelType.values)
def test_each_type_trains_to_ready_with_a_score(trained, model_type):
    model = trained(model_type)

    assert (model.status, model.error) == (Status.READY, "")
    assert 0 < model.score <= 1


@pytest.mark.parametrize("model_type", ModelType.values)
def test_each_type_answers_its_metrics_with_the_score_among_them(trained, manager, model_type):
    model = trained(model_type)

    body = manager.get(url(f"projects/{model.project_id}/models/{model.pk}")).json()

    assert set(body["metrics"]) >= {"score", "test_documents", *TYPE_METRICS[model_type]}
    assert body["metrics"]["score"] == body["metrics"][SCORE[model_type]] == body["score"]


def test_absa_training_reports_each_crf_epoch_of_its_stretch_finder(trained, caplog):
    caplog.set_level("INFO", logger="trainer.textapi.services")

    trained("ABSA")

    names = [step for step, _percent in re.findall(r"model \d+: (.+) \((\d+)%\)", caplog.text)]
    assert sum(name.startswith("CRF epoch") for name in names) >= 5
    assert "evaluation" in names


def test_german_absa_trains_to_ready(trained):
    documents = review_aspects(count=80, seed=1, language="de", model_type="ABSA")

    model = trained("ABSA", language="de", documents=documents)

    assert (model.status, model.language) == (Status.READY, "de")


def test_arabic_absa_trains_to_ready_on_the_shipped_hotel_reviews(trained):
    model = trained("ABSA", language="ar", documents=arabic_hotel_reviews())

    assert model.status == Status.READY
    assert model.metrics["pair_f1"] > 0


@pytest.mark.parametrize("model_type", ["LABEL", "ABSA"])
def test_training_from_a_base_model_of_the_type_starts_from_its_documents(
    trained, make_user, model_type
):
    base = services.base_model_train(
        name=f"{model_type.lower()}-base",
        display_name="Base",
        type=model_type,
        language="en",
        documents=documents_of(model_type),
        owner=make_user(),
    )

    model = trained(model_type, documents=documents_of(model_type)[:10], base_id=base.pk)

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
            documents=documents_of("LABEL", count=40),
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


def test_the_shipped_base_models_include_the_vendors_hotel_pre_trained():
    assert "Hotel Pre-Trained" in {display_name for _n, display_name, *_rest in BASE_MODELS}


def test_a_base_model_of_an_older_version_is_trained_again_under_its_new_display_name(db, settings):
    def base(display_name):
        return services.base_model_train(
            name="hotels-base",
            display_name=display_name,
            type="ABSA",
            language="en",
            documents=documents_of("ABSA"),
            owner=None,
        )

    first = base("Hotels (base)")
    joblib.dump({"format": 5, "model": None, "train_documents": []}, _file_path(first, settings))
    storage._artifact_cached.cache_clear()

    again = base("Hotel Pre-Trained")

    assert (again.pk, again.status, again.display_name) == (
        first.pk,
        Status.READY,
        "Hotel Pre-Trained",
    )
    assert services.model_bundle(again)["format"] == services.ARTIFACT_FORMAT


def _outdated(model, settings):
    """Give a trained model the file a model of the old meaning has (format 5: a LABEL
    model labelled spans) and the metrics it was given then."""
    joblib.dump(
        {"format": 5, "type": model.type, "model": None, "train_documents": []},
        _file_path(model, settings),
    )
    storage._artifact_cached.cache_clear()
    old_metrics = {"score": 0.71, "test_documents": 12, "span_f1": 0.71, "per_label": {}}
    TextModel.objects.filter(pk=model.pk).update(score=0.71, metrics=old_metrics)
    return old_metrics


def test_a_model_of_an_older_version_keeps_its_record_score_and_metrics(trained, manager, settings):
    model = trained("LABEL")
    old_metrics = _outdated(model, settings)

    body = manager.get(url(f"projects/{model.project_id}/models/{model.pk}")).json()

    assert (body["status"], body["score"], body["metrics"]) == ("READY", 0.71, old_metrics)


def test_a_model_of_an_older_version_cannot_analyze_until_trained_again(trained, manager, settings):
    model = trained("LABEL")
    _outdated(model, settings)

    response = _analyze(manager, model, ["The battery was awful."])

    assert assert_error(response, 409)["detail"] == (
        "This model was trained by an older version of the service; train it again."
    )


def test_a_model_cannot_start_from_a_base_model_of_an_older_version(trained, make_user, settings):
    base = services.base_model_train(
        name="old-base",
        display_name="Old",
        type="CLASS",
        language="en",
        documents=documents_of("CLASS"),
        owner=make_user(),
    )
    _outdated(base, settings)

    model = trained("CLASS", base_id=base.pk)

    assert (model.status, model.error) == (
        Status.FAILED,
        "the base model was trained by an older version of the service; train it again",
    )


# -- POST /analyze: the vendor's documents with segments and tags ------------------


# The tags of each type (docs/text-types.md): LABEL {label}, CLASS {class}, CLASSLABEL
# and ABSA {class, label}.
TAG_KEYS = {
    "LABEL": {"label"},
    "CLASS": {"class"},
    "CLASSLABEL": {"class", "label"},
    "ABSA": {"class", "label"},
}


@pytest.mark.parametrize("model_type", ModelType.values)
def test_each_type_analyzes_into_the_vendors_segments_tagged_as_its_type_says(
    trained, reader, model_type
):
    model = trained(model_type)
    text = "The battery was awful and the display impressed us."

    response = _analyze(reader, model, [text])

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["model"], body["type"]) == (model.name, model_type)
    [document] = body["documents"]
    assert document["text"] == text
    assert document["segments"]
    for segment in document["segments"]:
        start, end = segment["span"]
        assert segment["text"] == text[start:end]
        assert segment["tags"] and all(set(tag) == TAG_KEYS[model_type] for tag in segment["tags"])
    if model_type != "ABSA":
        assert [segment["span"] for segment in document["segments"]] == [[0, len(text)]]


def test_a_label_model_analyzes_a_text_into_its_one_label(trained, reader):
    model = trained("LABEL")
    text = "The hotline was awful."

    [document] = _analyze(reader, model, [text]).json()["documents"]

    assert document["segments"] == [
        {"text": text, "span": [0, len(text)], "tags": [{"label": "negative"}]}
    ]


def test_an_absa_model_puts_each_class_and_label_on_its_stretch(trained, reader):
    model = trained("ABSA", documents=documents_of("ABSA", count=200))
    text = "The battery was awful and the support team was excellent."

    [document] = _analyze(reader, model, [text]).json()["documents"]

    assert {
        (s["text"], s["tags"][0]["class"], s["tags"][0]["label"]) for s in document["segments"]
    } == {
        ("battery", "Battery", "negative"),
        ("support team", "Service", "positive"),
    }


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


def test_a_base_model_name_of_another_type_is_refused(db):
    def base(model_type):
        return services.base_model_train(
            name="one-name-base",
            display_name="One name",
            type=model_type,
            language="en",
            documents=documents_of(model_type),
            owner=None,
        )

    base("CLASS")

    with pytest.raises(ValueError, match="is of type CLASS, not LABEL"):
        base("LABEL")


def test_with_the_sentence_encoder_on_an_english_model_reads_it_and_analyzes(
    trained, manager, settings, monkeypatch
):
    pytest.importorskip("sentence_transformers", reason="the 'embeddings' extra is not installed")
    settings.TEXTAPI_SENTENCE_ENCODER = True
    model = trained("CLASSLABEL")
    assert model.status == Status.READY, model.error
    assert trainers.needs_encoder(services.model_fitted(model=model))

    assert _analyze(manager, model, ["The battery was awful."]).status_code == 200
    monkeypatch.setattr(encoder, "installed", lambda: False)
    response = _analyze(manager, model, ["The battery was awful."])
    assert "the 'embeddings' extra" in assert_error(response, 409)["detail"]


def test_with_the_sentence_encoder_off_a_model_does_without_it(trained):
    model = trained("CLASS")

    assert not trainers.needs_encoder(services.model_fitted(model=model))
