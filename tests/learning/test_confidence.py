"""How sure a fitted model is (``confidence.margins``): a text in the words the model
learnt is surer than one in words it never saw, whatever the type."""

import pytest

from tests.learning.synthetic import as_type, vendor_reviews
from trainer.learning import confidence, trainers
from trainer.learning.splits import split_documents

CLEAR = "The battery was excellent."
UNSEEN = "We went home after lunch."


@pytest.mark.parametrize("model_type", ["LABEL", "CLASS", "CLASSLABEL", "ABSA"])
def test_a_clear_text_has_a_larger_margin_than_one_of_unseen_words(model_type):
    documents = as_type(vendor_reviews(count=80, seed=1, aspects=1), model_type)
    fitted, _metrics = trainers.train(
        model_type, *split_documents(documents, seed=0), language="en"
    )

    clear, unseen = confidence.margins(fitted, [CLEAR, UNSEEN])

    assert clear > unseen >= 0


def test_no_texts_have_no_margins():
    documents = as_type(vendor_reviews(count=60, seed=1, aspects=1), "LABEL")
    fitted, _metrics = trainers.train("LABEL", *split_documents(documents, seed=0), language="en")

    assert confidence.margins(fitted, []) == []


def test_something_else_than_a_fitted_model_is_refused():
    with pytest.raises(ValueError, match="not a fitted model"):
        confidence.margins(object(), ["Hello"])
