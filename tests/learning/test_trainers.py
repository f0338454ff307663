"""The one interface over the learners: what ``trainers.train`` and ``trainers.predict``
do whatever the type (each type's own behaviour: test_vendor_types.py)."""

import joblib
import pytest

from tests.learning.synthetic import as_type, vendor_reviews
from trainer.learning import trainers
from trainer.learning.documents import Document, Tag, whole
from trainer.learning.splits import split_documents


def _label_documents(texts_and_labels):
    return [Document(text, whole(text, [Tag(label=label)])) for text, label in texts_and_labels]


def test_base_documents_are_learnt_before_the_train_set():
    base = as_type(vendor_reviews(count=80, seed=3, aspects=1), "LABEL")
    own = _label_documents([("Plain words.", "neutral")] * 3)
    test = as_type(vendor_reviews(count=20, seed=4, aspects=1), "LABEL")

    fitted, metrics = trainers.train("LABEL", own, test, language="en", base_documents=base)

    assert metrics["accuracy"] > 0.8
    text = "The charger was awful."
    assert trainers.predict("LABEL", fitted, [text])[0][0]["tags"] == [{"label": "negative"}]


def test_a_fitted_model_predicts_the_same_after_a_joblib_round_trip(tmp_path):
    fitted, _metrics = trainers.train(
        "ABSA", *split_documents(vendor_reviews(count=80), seed=0), language="en"
    )
    texts = ["The battery was awful.", "The hotline impressed us."]
    joblib.dump(fitted, tmp_path / "model.joblib")

    loaded = joblib.load(tmp_path / "model.joblib")

    assert trainers.predict("ABSA", loaded, texts) == trainers.predict("ABSA", fitted, texts)


def test_a_model_of_another_type_is_refused_by_predict():
    fitted, _metrics = trainers.train(
        "CLASS", *split_documents(as_type(vendor_reviews(count=60), "CLASS"), seed=0), language="en"
    )

    with pytest.raises(ValueError, match="not a fitted LABEL model"):
        trainers.predict("LABEL", fitted, ["Hello"])


def test_an_unknown_type_is_refused_by_train():
    with pytest.raises(ValueError, match="unknown model type"):
        trainers.train("SUMMARY", [], [], language="en")


def test_an_unknown_type_is_refused_by_predict():
    with pytest.raises(ValueError, match="unknown model type"):
        trainers.predict("SUMMARY", None, [])
