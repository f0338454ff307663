"""The metrics of document classes that the document-level types share."""

from trainer.learning.classifier import classification_metrics


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
