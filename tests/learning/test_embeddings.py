import numpy as np
import pytest

from trainer.learning import embeddings

pytestmark = pytest.mark.skipif(
    not embeddings.AVAILABLE, reason="needs the embeddings extra (pip install -e '.[embeddings]')"
)


def test_each_text_gets_one_unit_length_row():
    vectors = embeddings.embed(["The soup was great.", "The waiter was rude."])

    assert vectors.shape == (2, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0)


def test_a_repeated_text_gets_the_same_row():
    vectors = embeddings.embed(["The soup was great.", "Slow service.", "The soup was great."])

    assert np.array_equal(vectors[0], vectors[2])


def test_texts_of_like_meaning_lie_closer_than_unlike_ones():
    good, fine, rude = embeddings.embed(
        ["The food was delicious.", "The meal tasted wonderful.", "The waiter was rude to us."]
    )

    assert good @ fine > good @ rude
