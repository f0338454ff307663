import json

import pytest
from sklearn.calibration import CalibratedClassifierCV

from tests.learning.synthetic import as_documents, review_documents
from trainer.learning import network
from trainer.learning.absa import (
    LinearPolarity,
    NetworkPolarity,
    predict_aspects,
    train_absa,
)
from trainer.learning.common import TrainingDataError
from trainer.learning.corpora import Document, Span
from trainer.learning.splits import split_documents
from trainer.ops.demo_data import ARABIC_HOTELS

ABSA_METRICS = {
    "score",
    "test_documents",
    "aspect_extraction_f1",
    "polarity_accuracy",
    "pair_f1",
    "per_polarity",
}


def _split(language, count=80, seed=0):
    return split_documents(
        as_documents(review_documents(count=count, seed=seed, language=language)), seed=0
    )


def _with_one_conflict():
    """Reviews and one sentence whose term has two polarities."""
    text = "The food was good and bad."
    spans = (Span(4, 8, "ASPECT", "positive"), Span(4, 8, "FOOD", "negative"))
    return [*as_documents(review_documents(count=40)), Document(text, (), spans)]


@pytest.fixture(scope="module")
def trained():
    split = _split("en")
    return split, train_absa(*split, language="en")


def test_absa_metrics_have_exactly_the_contract_absa_keys(trained):
    _split_, (_fitted, metrics) = trained

    assert set(metrics) == ABSA_METRICS


def test_absa_score_is_the_pair_f1(trained):
    _split_, (_fitted, metrics) = trained

    assert metrics["score"] == metrics["pair_f1"]
    assert metrics["pair_f1"] <= metrics["aspect_extraction_f1"]
    assert 0.5 < metrics["aspect_extraction_f1"] <= 1


def test_absa_reports_each_gold_polarity(trained):
    _split_, (_fitted, metrics) = trained

    assert {"positive", "negative", "neutral"} <= set(metrics["per_polarity"])


def test_same_seed_gives_the_same_absa_metrics(trained):
    split, (_fitted, metrics) = trained

    assert train_absa(*split, language="en", seed=0)[1] == metrics


def test_absa_finds_an_aspect_and_its_polarity(trained):
    _split_, (fitted, _metrics) = trained
    text = "The battery life was terrible."

    (aspects,) = predict_aspects(fitted, [text])

    assert [(text[a.start : a.end], a.polarity) for a in aspects] == [("battery life", "negative")]


def test_german_reviews_train_an_absa_model():
    _fitted, metrics = train_absa(*_split("de"), language="de")

    assert metrics["aspect_extraction_f1"] > 0.5


def test_arabic_hotel_reviews_train_an_absa_model():
    lines = ARABIC_HOTELS.read_text(encoding="utf-8").splitlines()[:150]
    documents = [
        Document(
            d["text"],
            tuple(d["classes"]),
            tuple(Span(s["start"], s["end"], s["label"], s["polarity"]) for s in d["spans"]),
        )
        for d in map(json.loads, lines)
    ]

    fitted, metrics = train_absa(*split_documents(documents, seed=0), language="ar")

    assert fitted.language == "ar"
    assert 0 < metrics["aspect_extraction_f1"] <= 1


def test_two_polarities_of_one_term_make_a_conflict():
    train = _with_one_conflict()

    fitted, _metrics = train_absa(train, train[:5], language="en")

    assert "conflict" in fitted.polarities


def test_absa_with_one_polarity_fails_with_a_reason():
    only_positive = [Document("The soup was great.", (), (Span(4, 8, "ASPECT", "positive"),))] * 5

    with pytest.raises(TrainingDataError, match="at least two are needed"):
        train_absa(only_positive, only_positive, language="en")


def test_absa_without_aspects_in_the_test_set_fails_with_a_reason(trained):
    split, _trained = trained

    with pytest.raises(TrainingDataError, match="test set has no documents with labels"):
        train_absa(split[0], [Document("No aspects here.")], language="en")


def test_english_polarity_is_fine_tuned_where_the_extra_is_installed(trained):
    _split_, (fitted, _metrics) = trained

    assert isinstance(fitted.polarity, NetworkPolarity if network.AVAILABLE else LinearPolarity)


@pytest.mark.skipif(not network.AVAILABLE, reason="needs the embeddings extra")
def test_the_network_stands_beside_the_calibrated_linear_model(trained):
    _split_, (fitted, _metrics) = trained

    assert isinstance(fitted.polarity.linear.estimator, CalibratedClassifierCV)


@pytest.mark.skipif(not network.AVAILABLE, reason="needs the embeddings extra")
def test_a_polarity_of_one_example_leaves_the_network_alone():
    train = _with_one_conflict()

    fitted, _metrics = train_absa(train, train[:5], language="en")

    assert fitted.polarity.linear is None


def test_german_polarity_is_learnt_by_the_linear_model():
    fitted, _metrics = train_absa(*_split("de", count=40), language="de")

    assert isinstance(fitted.polarity, LinearPolarity)
