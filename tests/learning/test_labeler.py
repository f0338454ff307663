import pytest

from tests.learning.synthetic import as_documents, entity_documents
from trainer.learning.common import TrainingDataError
from trainer.learning.corpora import Document
from trainer.learning.labeler import train_labeler
from trainer.learning.splits import split_documents

LABEL_METRICS = {"score", "test_documents", "span_f1", "per_label"}


@pytest.fixture(scope="module")
def split():
    documents = [Document(d.text, (), d.spans) for d in as_documents(entity_documents(count=100))]
    return split_documents(documents, seed=0)


@pytest.fixture(scope="module")
def trained(split):
    return train_labeler(*split, language="en")


def test_labeler_metrics_have_exactly_the_contract_label_keys(trained):
    _tagger, metrics = trained

    assert set(metrics) == LABEL_METRICS


def test_labeler_score_is_the_span_f1(trained):
    _tagger, metrics = trained

    assert metrics["score"] == metrics["span_f1"]
    assert 0.5 < metrics["score"] <= 1


def test_labeler_reports_precision_recall_f1_and_support_per_label(trained):
    _tagger, metrics = trained

    assert set(metrics["per_label"]) == {"AMOUNT", "DATE", "DEVICE", "PRODUCT"}
    assert all(
        set(values) == {"precision", "recall", "f1", "support"}
        for values in metrics["per_label"].values()
    )


def test_same_seed_gives_the_same_labeler_metrics(split, trained):
    _tagger, again = train_labeler(*split, language="en", seed=0)

    assert again == trained[1]


def test_labeler_without_spans_in_the_test_set_fails_with_a_reason(split):
    unlabelled = [Document("Nothing to mark here.")]

    with pytest.raises(TrainingDataError, match="test set has no documents with labels"):
        train_labeler(split[0], unlabelled, language="en")


def test_labeler_without_spans_in_the_train_set_fails_with_a_reason(split):
    with pytest.raises(TrainingDataError, match="train set has no documents with labels"):
        train_labeler([Document("No spans.")], split[1], language="en")
