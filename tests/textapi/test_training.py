import re

import pytest

from tests.learning.synthetic import class_documents
from trainer.celery import app as celery_app
from trainer.learning import trainers
from trainer.learning.documents import Document, Segment, Tag, whole
from trainer.textapi import services, tasks
from trainer.textapi.models import Status, TextModel

from .helpers import as_vendor, post_json, url

# The vendor's CLASS (docs/text-types.md, "Metrics"); per_class is the metrics-detail extension.
CLASS_METRICS = {"score", "test_documents", "micro_f1", "macro_f1", "per_class"}


@pytest.fixture
def start(manager, project, eager_celery, django_capture_on_commit_callbacks):
    """POST a train request and run the queued task in-process; the model after it."""

    def run(body):
        with django_capture_on_commit_callbacks(execute=True):
            response = post_json(manager, f"projects/{project.pk}/models", body)
        assert response.status_code == 201, response.content
        return TextModel.objects.get(pk=response.json()["id"])

    return run


@pytest.fixture
def base(make_user):
    return services.base_model_train(
        name="finance-base",
        display_name="Finance (base)",
        type="CLASS",
        language="en",
        documents=as_vendor(
            [
                {"text": f"The bank raised interest rates on loans by {n} percent.", "classes": [c]}
                for n in range(12)
                for c in ("finance",)
            ]
            + class_documents(per_class=6, classes=("sports",), seed=5),
            type="CLASS",
        ),
        owner=make_user("base-owner"),
    )


def test_training_a_class_model_reaches_ready_with_a_score(start, session):
    model = start({"annotation_ids": [session.pk]})

    assert model.status == Status.READY
    assert 0 < model.score <= 1
    assert model.progress == 100


def test_trained_model_has_the_vendor_class_metrics(start, session):
    model = start({"annotation_ids": [session.pk]})

    assert set(model.metrics) >= CLASS_METRICS
    assert model.metrics["score"] == model.metrics["micro_f1"] == model.score


def test_trained_model_metrics_are_in_its_json(start, manager, session):
    model = start({"annotation_ids": [session.pk]})

    body = manager.get(url(f"projects/{model.project_id}/models/{model.pk}")).json()

    assert set(body["metrics"]) >= CLASS_METRICS
    assert body["score"] == model.score


def test_training_stores_the_model_file_in_the_model_folder(start, session, settings):
    model = start({"annotation_ids": [session.pk]})

    assert (settings.TEXTAPI_MODEL_DIR / model.artifact).is_file()
    assert model.artifact == f"{model.uuid}.joblib"


def test_training_with_a_train_set_only_holds_out_a_fifth_for_testing(start, session):
    model = start({"trainset_annotation_ids": [session.pk]})

    assert model.metrics["test_documents"] == pytest.approx(session.document_count / 5, abs=3)


def test_training_with_a_test_set_evaluates_on_all_of_it(start, session_factory):
    train_set = session_factory(documents=class_documents(per_class=10, seed=1))
    test_set = session_factory(documents=class_documents(per_class=4, seed=2))

    model = start(
        {"trainset_annotation_ids": [train_set.pk], "testset_annotation_ids": [test_set.pk]}
    )

    assert model.metrics["test_documents"] == test_set.document_count


def test_training_twice_on_the_same_data_gives_the_same_metrics(start, session):
    first = start({"annotation_ids": [session.pk]})
    second = start({"annotation_ids": [session.pk]})

    assert first.metrics == second.metrics


def test_training_reports_rising_progress_through_its_steps(start, session, caplog):
    caplog.set_level("INFO", logger="trainer.textapi.services")

    start({"annotation_ids": [session.pk]})

    steps = re.findall(r"model \d+: (.+) \((\d+)%\)", caplog.text)
    percents = [int(percent) for _step, percent in steps]
    assert percents == sorted(percents)
    assert len(set(percents)) >= 5
    names = " ".join(step for step, _percent in steps)
    assert all(word in names for word in ("loading", "features", "cross-validation", "evaluation"))


def test_training_a_session_without_classes_fails_with_a_readable_reason(start, session_factory):
    no_class = session_factory(
        documents=[
            Document(text, (Segment(0, len(text)),))
            for text in (f"Nothing to say, {n}." for n in range(10))
        ]
    )

    model = start({"annotation_ids": [no_class.pk]})

    assert (model.status, model.error) == (Status.FAILED, "the train set has no classes")


def test_a_label_test_set_without_labels_fails_naming_the_sessions(start, session_factory):
    labelled = [
        Document(text, whole(text, [Tag(label=label)]))
        for n in range(6)
        for text, label in ((f"Sunny {n}.", "good"), (f"Rainy {n}.", "bad"))
    ]
    train = session_factory(type="LABEL", documents=labelled)
    unlabelled = session_factory(type="LABEL", documents=[Document("No label here.")])

    model = start(
        {"trainset_annotation_ids": [train.pk], "testset_annotation_ids": [unlabelled.pk]}
    )

    assert model.status == Status.FAILED
    assert model.error == f"the labeling session {unlabelled.pk} has no annotated document"


def test_only_annotated_documents_are_trained_on(start, session_factory):
    labelled = [
        Document(text, whole(text, [Tag(label=label)]))
        for n in range(6)
        for text, label in ((f"Sunny {n}.", "good"), (f"Rainy {n}.", "bad"))
    ]
    session = session_factory(type="LABEL", documents=[*labelled, Document("No label here.")])

    model = start({"annotation_ids": [session.pk]})

    assert model.status == Status.READY, model.error
    learnt = [d.text for d in services.model_bundle(model)["train_documents"]]
    assert "No label here." not in learnt
    assert len(learnt) + model.metrics["test_documents"] == len(labelled)


def test_unexpected_training_error_fails_the_model_with_a_reason(start, session, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("out of cheese")

    monkeypatch.setattr(trainers, "train", broken)

    model = start({"annotation_ids": [session.pk]})

    assert model.status == Status.FAILED
    assert "RuntimeError" in model.error


def test_cancel_during_training_stops_it_and_keeps_no_file(start, session, monkeypatch, settings):
    real = trainers.train

    def cancelled_midway(model_type, train, test, *, progress, **kwargs):
        def progress_and_cancel(percent, step):
            if step == "evaluation":
                services.model_cancel(model=TextModel.objects.get(status=Status.TRAINING))
            progress(percent, step)

        return real(model_type, train, test, progress=progress_and_cancel, **kwargs)

    monkeypatch.setattr(trainers, "train", cancelled_midway)

    model = start({"annotation_ids": [session.pk]})

    assert (model.status, model.error) == (Status.FAILED, "cancelled")
    assert model.progress < 100
    assert not any(settings.TEXTAPI_MODEL_DIR.glob("*"))


def test_training_task_leaves_a_model_that_is_not_queued_alone(model_factory):
    model = model_factory(status=Status.FAILED, error="cancelled")

    tasks.model_train(model_id=model.pk)

    model.refresh_from_db()
    assert (model.status, model.error) == (Status.FAILED, "cancelled")


def test_training_task_is_named_and_routed_to_the_training_queue():
    route = celery_app.amqp.router.route({}, tasks.model_train.name)

    assert tasks.model_train.name == "trainer.textapi.tasks.model_train"
    assert route["queue"].name == "training"


def test_a_trained_model_analyzes_each_text_into_classes_it_learnt(start, reader, session):
    model = start({"annotation_ids": [session.pk]})
    texts = ["Snow and ice closed the roads near Berlin today.", "The striker scored twice."]
    documents = [{"text": text} for text in texts]

    response = post_json(reader, "analyze", {"model": model.name, "documents": documents})

    assert response.status_code == 200, response.content
    analyzed = response.json()["documents"]
    assert [document["text"] for document in analyzed] == texts
    found = {tag["class"] for d in analyzed for s in d["segments"] for tag in s["tags"]}
    assert found and found <= set(model.metrics["per_class"])


def test_base_model_training_reaches_ready(base):
    assert base.status == Status.READY
    assert base.is_base
    assert base.project is None


def test_base_model_training_is_idempotent_by_name(base, make_user):
    again = services.base_model_train(
        name=base.name,
        display_name="other",
        type="CLASS",
        language="en",
        documents=(),
        owner=make_user(),
    )

    assert again.pk == base.pk
    assert TextModel.objects.filter(is_base=True).count() == 1


def test_trained_base_model_is_listed(base, reader):
    names = [item["name"] for item in reader.get(url("models?type=BASE")).json()["models"]]

    assert names == [base.name]


def test_training_from_a_base_model_adds_its_documents_to_the_train_set(start, session, base):
    own = start({"annotation_ids": [session.pk]})
    with_base = start({"annotation_ids": [session.pk], "base_id": base.pk})

    own_train = services.model_bundle(own)["train_documents"]
    base_train = services.model_bundle(base)["train_documents"]
    assert len(services.model_bundle(with_base)["train_documents"]) == len(own_train) + len(
        base_train
    )
