import joblib
import pytest

from tests.learning.synthetic import as_pairs, class_documents, split_pairs
from trainer.learning.classifier import (
    TrainingDataError,
    classification_metrics,
    predict_classes,
    train_classifier,
)

CLASS_METRICS = {"score", "test_documents", "accuracy", "macro_f1", "per_class", "confusion"}


@pytest.fixture(scope="module")
def split():
    return split_pairs(as_pairs(class_documents(per_class=15, seed=7)), seed=0)


def test_classifier_metrics_have_exactly_the_contract_class_keys(split):
    _fitted, metrics = train_classifier(*split, language="en")

    assert set(metrics) == CLASS_METRICS


def test_classifier_score_is_the_macro_f1_between_zero_and_one(split):
    _fitted, metrics = train_classifier(*split, language="en")

    assert metrics["score"] == metrics["macro_f1"]
    assert 0 < metrics["score"] <= 1


def test_classifier_counts_the_test_documents(split):
    _fitted, metrics = train_classifier(*split, language="en")

    assert metrics["test_documents"] == len(split[1])


def test_same_seed_gives_the_same_metrics(split):
    _first, first = train_classifier(*split, language="en", seed=1)
    _second, second = train_classifier(*split, language="en", seed=1)

    assert first == second


def test_progress_rises_from_zero_to_one_hundred(split):
    seen = []

    train_classifier(*split, language="en", progress=lambda p, step: seen.append((p, step)))

    percents = [percent for percent, _step in seen]
    assert percents == sorted(percents)
    assert (percents[0], percents[-1]) == (0, 100)
    assert any(step.startswith("cross-validation") for _p, step in seen)


def test_an_exception_in_progress_stops_training(split):
    def stop(percent, step):
        if percent >= 20:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        train_classifier(*split, language="en", progress=stop)


def test_predict_classes_gives_one_known_class_per_text(split):
    fitted, _metrics = train_classifier(*split, language="en")

    predictions = predict_classes(fitted, ["Heavy rain today.", "The coach praised the team."])

    assert len(predictions) == 2
    assert all(len(p) == 1 and p[0] in {"weather", "sports", "food"} for p in predictions)


def test_fitted_classifier_survives_joblib(split, tmp_path):
    fitted, _metrics = train_classifier(*split, language="en")
    joblib.dump(fitted, tmp_path / "model.joblib")

    loaded = joblib.load(tmp_path / "model.joblib")

    texts = [text for text, _classes in split[1]]
    assert predict_classes(loaded, texts) == predict_classes(fitted, texts)


def test_a_train_set_with_one_class_is_refused_with_a_clear_message():
    docs = [(f"rain number {i}", ["weather"]) for i in range(10)]

    with pytest.raises(TrainingDataError, match="only one class in the train set"):
        train_classifier(docs, docs[:2], language="en")


def test_a_test_set_without_labels_is_refused(split):
    unlabelled = [(text, []) for text, _classes in split[1]]

    with pytest.raises(TrainingDataError, match="test set has no documents with labels"):
        train_classifier(split[0], unlabelled, language="en")


def test_a_train_set_without_labels_is_refused(split):
    with pytest.raises(TrainingDataError, match="train set has no documents with labels"):
        train_classifier([("text", [])], split[1], language="en")


def test_unknown_language_is_refused(split):
    with pytest.raises(ValueError, match="unsupported language"):
        train_classifier(*split, language="fr")


def test_documents_with_several_classes_train_a_multi_label_model(split):
    train, test = split
    combined = [
        (f"{a} {b}", sorted(set(ca + cb)))
        for (a, ca), (b, cb) in zip(train, train[1:], strict=False)
    ]

    fitted, metrics = train_classifier(combined, test, language="en")

    assert fitted.multi_label
    assert set(metrics) == CLASS_METRICS


GERMAN = [
    (f"Das Wetter in München ist {word} und es regnet", ["wetter"])
    for word in ("kalt", "grau", "nass", "trüb", "kühl", "windig")
] + [
    (f"Der Verein gewann das Spiel {word} mit einem Tor", ["sport"])
    for word in ("knapp", "spät", "klar", "heute", "wieder", "zuhause")
]
ARABIC = [(f"الطقس {word} والمطر يتساقط", ["طقس"]) for word in ("بارد", "حار", "مُمطر", "غائم")] + [
    (f"فاز الفريق {word} بالمباراة", ["رياضة"]) for word in ("أمس", "اليوم", "مجددا", "بصعوبة")
]


@pytest.mark.parametrize(("language", "docs"), [("de", GERMAN), ("ar", ARABIC)])
def test_german_and_arabic_documents_train_a_model(language, docs):
    train, test = split_pairs(docs, seed=0)

    fitted, metrics = train_classifier(train, test, language=language)

    assert fitted.language == language
    assert 0 <= metrics["score"] <= 1


def test_confusion_counts_gold_against_predicted_classes():
    metrics = classification_metrics([["a"], ["a"], ["b"]], [["a"], ["b"], ["b"]])

    assert metrics["confusion"] == {"a": {"a": 1, "b": 1}, "b": {"a": 0, "b": 1}}


def test_per_class_metrics_give_precision_recall_f1_and_support():
    metrics = classification_metrics([["a"], ["a"], ["b"]], [["a"], ["b"], ["b"]])

    assert metrics["per_class"]["b"] == {
        "precision": 0.5,
        "recall": 1.0,
        "f1": 0.666667,
        "support": 1,
    }


def test_multi_label_confusion_counts_co_occurring_gold_and_predicted_classes():
    metrics = classification_metrics([["a", "b"]], [["a", "c"]])

    assert metrics["confusion"]["b"] == {"a": 1, "b": 0, "c": 1}
    assert metrics["accuracy"] == 0
