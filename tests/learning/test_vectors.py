"""The word vectors of English text and what they give CLASS: a class found from a word
no train text has."""

import pickle

import numpy as np

from trainer.learning import multi_label, vectors
from trainer.learning.features import DocumentFeatures


def _vector(word: str) -> np.ndarray:
    return vectors.text_vectors([[word]], "en")[0]


def test_a_text_is_the_unit_mean_of_its_known_words_and_related_words_lie_close():
    (both,) = vectors.text_vectors([["pasta", "pizza", "qqqzzzx"]], "en")

    index, table = vectors._table()
    mean = (table[index["pasta"]] + table[index["pizza"]]) / 2
    assert np.allclose(both, mean / np.linalg.norm(mean), atol=1e-6)
    # Line i of the vocabulary is row i of the vectors: related words lie close.
    assert _vector("sushi") @ _vector("pasta") > _vector("sushi") @ _vector("waiter")
    assert _vector("bartender") @ _vector("waiter") > _vector("bartender") @ _vector("pasta")


def test_a_text_of_unknown_words_gets_zeros_and_another_language_no_columns():
    assert not vectors.text_vectors([["qqqzzzx"], []], "en").any()
    assert vectors.text_vectors([["pasta"]], "de").shape == (1, 0)


FOOD = ["The pizza was tasty.", "Great pasta here.", "The burger was cold.", "Loved the salad.",
        "The steak was tough.", "Fresh bread and soup.", "The dessert was sweet.",
        "Their noodles are the best.", "The chicken was dry.", "Nice cheese plate."]  # fmt: skip
SERVICE = ["The waiter was rude.", "Friendly staff.", "The waitress ignored us.",
           "The manager apologized.", "The hostess was kind.", "Our server forgot us.",
           "The staff were helpful.", "A polite waiter.", "The manager was rude.",
           "The waitress smiled."]  # fmt: skip


def test_class_finds_a_class_from_a_word_no_train_text_has():
    fitted = multi_label.fit_multi_label(
        FOOD + SERVICE,
        [["food"]] * len(FOOD) + [["service"]] * len(SERVICE),
        language="en",
        seed=0,
    )

    assert fitted.predict(["The sushi.", "The bartender."]) == [["food"], ["service"]]


def test_a_class_model_trained_before_the_word_vectors_still_predicts():
    texts, classes = FOOD + SERVICE, [["food"]] * len(FOOD) + [["service"]] * len(SERVICE)
    features = DocumentFeatures.fit(texts, language="en")
    targets = np.array([[name == ["food"], name == ["service"]] for name in classes], dtype=int)
    models = multi_label._fit_all(features.transform(texts), targets, vectors=0, seed=0)
    before = multi_label.MultiLabel(features, models, ["food", "service"], np.zeros(2), True)
    del before.__dict__["word_vectors"]  # the state pickled before the field was there

    again = pickle.loads(pickle.dumps(before))  # noqa: S301 - our own bytes

    assert again.predict(["The steak was cold.", "The waiter was rude."]) == [["food"], ["service"]]
