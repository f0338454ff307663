import joblib
import pytest

from tests.learning.synthetic import (
    as_documents,
    class_documents,
    entity_documents,
    review_documents,
)
from trainer.learning import trainers
from trainer.learning.common import TrainingDataError
from trainer.learning.corpora import Document
from trainer.learning.splits import split_documents

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
DATA = {
    "CLASS": lambda: class_documents(per_class=12),
    "LABEL": lambda: entity_documents(count=60),
    "ABSA": lambda: review_documents(count=60),
    "CLASSLABEL": lambda: entity_documents(count=60),
}
KEYS = {
    "CLASS": CLASS_KEYS,
    "LABEL": LABEL_KEYS,
    "ABSA": ABSA_KEYS,
    "CLASSLABEL": CLASS_KEYS | LABEL_KEYS,
}
SHAPES = {
    "CLASS": {"classes"},
    "LABEL": {"spans"},
    "ABSA": {"aspects"},
    "CLASSLABEL": {"classes", "spans"},
}


@pytest.fixture(scope="module")
def trained():
    result = {}
    for model_type, data in DATA.items():
        split = split_documents(as_documents(data()), seed=0)
        result[model_type] = trainers.train(model_type, *split, language="en")
    return result


@pytest.mark.parametrize("model_type", trainers.MODEL_TYPES)
def test_each_type_has_exactly_its_contract_metric_keys(trained, model_type):
    _fitted, metrics = trained[model_type]

    assert set(metrics) == KEYS[model_type]


@pytest.mark.parametrize("model_type", trainers.MODEL_TYPES)
def test_each_type_predicts_one_prediction_per_text_in_its_shape(trained, model_type):
    fitted, _metrics = trained[model_type]

    predictions = trainers.predict(model_type, fitted, ["The app was slow in May.", "Hi"])

    assert [set(p) for p in predictions] == [SHAPES[model_type]] * 2


def test_predicted_aspects_carry_their_offsets_terms_and_polarity(trained):
    text = "The screen was great."

    (prediction,) = trainers.predict("ABSA", trained["ABSA"][0], [text])

    assert prediction["aspects"] == [
        {"start": 4, "end": 10, "term": "screen", "polarity": "positive"}
    ]


def test_predicted_spans_carry_their_offsets_and_labels(trained):
    seen = next(d for d in DATA["LABEL"]() if d["spans"])

    (prediction,) = trainers.predict("LABEL", trained["LABEL"][0], [seen["text"]])

    assert prediction["spans"] == seen["spans"]


def test_classlabel_score_is_the_mean_of_its_two_scores(trained):
    _fitted, metrics = trained["CLASSLABEL"]

    assert metrics["score"] == pytest.approx((metrics["macro_f1"] + metrics["span_f1"]) / 2)


def test_classlabel_without_spans_says_it_needs_both():
    split = split_documents(as_documents(class_documents(per_class=10)), seed=0)

    with pytest.raises(TrainingDataError, match="needs classes and spans"):
        trainers.train("CLASSLABEL", *split, language="en")


def test_base_documents_are_learnt_before_the_train_set():
    base = as_documents(entity_documents(count=60, seed=3))
    own = [Document("Please call Mia.")] * 3
    test = [d for d in as_documents(entity_documents(count=10, seed=4)) if d.spans]

    fitted, metrics = trainers.train("LABEL", own, test, language="en", base_documents=base)

    assert metrics["span_f1"] > 0.5
    assert "PRODUCT" in fitted.labels


def test_a_fitted_model_predicts_the_same_after_a_joblib_round_trip(trained, tmp_path):
    fitted, _metrics = trained["ABSA"]
    texts = ["The delivery was awful.", "The staff is friendly."]
    joblib.dump(fitted, tmp_path / "model.joblib")

    loaded = joblib.load(tmp_path / "model.joblib")

    assert trainers.predict("ABSA", loaded, texts) == trainers.predict("ABSA", fitted, texts)


def test_an_unknown_type_is_refused():
    with pytest.raises(ValueError, match="unknown model type"):
        trainers.train("SUMMARY", [], [], language="en")
