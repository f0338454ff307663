"""The model types with the vendor's meaning, through ``trainers.train`` and
``trainers.predict``: what each learns, predicts and measures (small synthetic
data; the figures on real data are in tests/benchmarks/bench_train.py)."""

import pickle

import pytest

from tests.learning.synthetic import as_type, vendor_reviews
from trainer.learning import trainers
from trainer.learning.common import TrainingDataError
from trainer.learning.documents import Document, Segment, Tag, whole
from trainer.learning.splits import split_documents


def _split(model_type, *, count=120, aspects=2):
    documents = as_type(vendor_reviews(count=count, aspects=aspects), model_type)
    return split_documents(documents, seed=0)


def _train(model_type, **kwargs):
    train, test = _split(model_type, **kwargs)
    return trainers.train(model_type, train, test, language="en")


def test_label_learns_one_label_per_document_and_predicts_it_on_the_whole_text():
    fitted, metrics = _train("LABEL", aspects=1)

    text = "The hotline was awful."
    assert trainers.predict("LABEL", fitted, [text]) == [
        [{"text": text, "span": [0, len(text)], "tags": [{"label": "negative"}]}]
    ]
    assert metrics["score"] == metrics["accuracy"] > 0.9
    negative = metrics["confusion"]["negative"]
    assert (
        negative["negative"] + negative["positive"] == metrics["per_label"]["negative"]["support"]
    )
    assert metrics["test_documents"] == 24


def test_class_predicts_several_classes_of_a_document():
    fitted, metrics = _train("CLASS")

    (prediction,) = trainers.predict(
        "CLASS", fitted, ["The charger broke and the display was awful."]
    )
    assert sorted(tag["class"] for tag in prediction[0]["tags"]) == ["Battery", "Screen"]
    assert metrics["score"] == metrics["micro_f1"] > 0.9
    assert set(metrics["per_class"]) == {"Battery", "Screen", "Service"}


def test_class_accepts_documents_without_classes_and_may_predict_none():
    train, test = _split("CLASS")
    nothing = [Document(f"Plain words number {n}.", ()) for n in range(30)]

    fitted, _metrics = trainers.train("CLASS", [*train, *nothing], test, language="en")

    assert trainers.predict("CLASS", fitted, ["Plain words number 99."]) == [[]]


def test_classlabel_gives_each_class_its_own_label():
    fitted, metrics = _train("CLASSLABEL")

    text = "The battery was awful and the support team was excellent."
    (prediction,) = trainers.predict("CLASSLABEL", fitted, [text])
    assert prediction[0]["span"] == [0, len(text)]
    assert sorted(prediction[0]["tags"], key=lambda t: t["class"]) == [
        {"class": "Battery", "label": "negative"},
        {"class": "Service", "label": "positive"},
    ]
    assert metrics["score"] == metrics["joint_f1"] > 0.8
    assert metrics["label_accuracy"] > 0.8
    assert set(metrics["per_label"]) == {"negative", "positive"}


def test_classlabel_measures_a_test_set_with_a_class_the_train_set_lacks():
    train, test = _split("CLASSLABEL")
    text = "The parking was awful."
    unseen = Document(text, whole(text, [Tag("Parking", "negative")]))

    fitted, metrics = trainers.train("CLASSLABEL", train, [*test, unseen], language="en")

    assert metrics["test_documents"] == len(test) + 1
    assert metrics["per_class"]["Parking"]["support"] == 1
    predicted = trainers.predict("CLASSLABEL", fitted, [text])[0]
    assert all(tag["class"] != "Parking" for segment in predicted for tag in segment["tags"])


def test_absa_puts_each_class_and_label_on_its_segment():
    fitted, metrics = _train("ABSA", count=200)

    text = "The battery was awful and the support team was excellent."
    (prediction,) = trainers.predict("ABSA", fitted, [text])
    assert {(s["text"], s["tags"][0]["class"], s["tags"][0]["label"]) for s in prediction} == {
        ("battery", "Battery", "negative"),
        ("support team", "Service", "positive"),
    }
    assert metrics["score"] == metrics["pair_f1"] > 0.8
    assert metrics["segment_f1"] > 0.7


def test_absa_without_stretches_predicts_whole_text_segments():
    train, test = _split("ABSA")
    train = [Document(d.text, whole(d.text, d.tags)) for d in train]

    fitted, _metrics = trainers.train("ABSA", train, test, language="en")

    (prediction,) = trainers.predict("ABSA", fitted, ["The screen was awful."])
    assert [s["span"] for s in prediction] == [[0, 21]]


@pytest.mark.parametrize(
    ("model_type", "document", "reason"),
    [
        ("LABEL", whole("Two labels.", [Tag(label="a"), Tag(label="b")]), "exactly one label"),
        ("CLASS", whole("A label.", [Tag(label="a")]), "a class only"),
        ("CLASSLABEL", whole("A class.", [Tag("Staff")]), "a class and a label"),
        ("ABSA", (Segment(0, 3, (Tag("Staff"),)),), "a class and a label"),
    ],
)
def test_a_document_that_does_not_fit_the_type_is_refused_naming_it(model_type, document, reason):
    train, test = _split(model_type)
    text = (
        "Two labels."
        if model_type == "LABEL"
        else "A label."
        if model_type == "CLASS"
        else "A class."
    )
    bad = Document(text, document)

    with pytest.raises(TrainingDataError, match=f"train document {len(train) + 1} .*{reason}"):
        trainers.train(model_type, [*train, bad], test, language="en")


def test_one_label_only_cannot_make_a_label_model():
    documents = [Document(f"Text {n}.", whole(f"Text {n}.", [Tag(label="a")])) for n in range(10)]

    with pytest.raises(TrainingDataError, match="at least two"):
        trainers.train("LABEL", documents[:8], documents[8:], language="en")


def test_a_vendor_model_predicts_nothing_for_no_texts():
    fitted, _metrics = _train("CLASSLABEL")

    assert trainers.predict("CLASSLABEL", fitted, []) == []


@pytest.mark.parametrize("model_type", ["LABEL", "CLASS", "CLASSLABEL", "ABSA"])
def test_a_vendor_model_predicts_the_same_after_pickling(model_type):
    fitted, _metrics = _train(model_type, aspects=1 if model_type == "LABEL" else 2)
    texts = ["The charger broke and the display was awful.", "The hotline was a delight."]

    again = pickle.loads(pickle.dumps(fitted))  # noqa: S301 - our own bytes

    assert trainers.predict(model_type, again, texts) == trainers.predict(model_type, fitted, texts)
