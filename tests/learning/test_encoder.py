"""The optional sentence encoder (the 'embeddings' extra): what a sentence means as a
whole, and the CLASS, CLASSLABEL and ABSA models that read it."""

import pickle

import numpy as np
import pytest

from tests.learning.synthetic import as_type, vendor_reviews
from trainer.learning import encoder, trainers

pytest.importorskip("sentence_transformers", reason="the 'embeddings' extra is not installed")


def test_sentences_that_mean_alike_lie_close_though_they_share_no_word():
    waited, slow, cold = encoder.vectors(
        [
            "We waited an hour before anyone took our order.",
            "The service was painfully slow.",
            "The soup arrived cold.",
        ]
    )

    assert waited.shape == (encoder.DIMENSIONS,)
    assert np.allclose([np.linalg.norm(v) for v in (waited, slow, cold)], 1.0, atol=1e-5)
    assert waited @ slow > waited @ cold + 0.1


def test_a_text_gets_the_same_vector_alone_as_among_others():
    alone = encoder.vectors(["Nice cheese plate."])[0]
    encoder._kept.clear()

    among = encoder.vectors(["The waiter was rude.", "Nice cheese plate.", "Nice cheese plate."])

    assert np.allclose(among[1], alone, atol=1e-5)
    assert np.allclose(among[2], alone, atol=1e-5)


@pytest.mark.parametrize("model_type", ["CLASS", "CLASSLABEL", "ABSA"])
def test_an_english_model_asked_for_it_reads_it_and_needs_it_to_predict(model_type, monkeypatch):
    documents = as_type(vendor_reviews(count=60, seed=3), model_type)
    fitted, metrics = trainers.train(
        model_type, documents[:45], documents[45:], language="en", encoder=True
    )
    texts = [d.text for d in documents[45:]]

    assert trainers.needs_encoder(fitted)
    assert metrics["score"] > 0.5
    predicted = trainers.predict(model_type, fitted, texts)
    again = pickle.loads(pickle.dumps(fitted))  # noqa: S301 - our own bytes
    assert trainers.predict(model_type, again, texts) == predicted

    monkeypatch.setattr(encoder, "installed", lambda: False)
    with pytest.raises(encoder.EncoderMissing, match="'embeddings' extra"):
        trainers.predict(model_type, fitted, texts)


@pytest.mark.parametrize(("model_type", "language"), [("LABEL", "en"), ("CLASS", "de")])
def test_label_models_and_other_languages_do_without_it(model_type, language):
    documents = as_type(vendor_reviews(count=40, seed=4), model_type)

    fitted, _metrics = trainers.train(
        model_type, documents[:30], documents[30:], language=language, encoder=True
    )

    assert not trainers.needs_encoder(fitted)
