import io

import joblib
import numpy as np
import pytest

from trainer.learning import network
from trainer.learning.network import Aspect, PolarityNetwork, fit_polarity

needs_the_extra = pytest.mark.skipif(
    not network.AVAILABLE, reason="needs the embeddings extra (pip install -e '.[embeddings]')"
)

GOOD = ["great", "delicious", "lovely", "excellent", "superb", "wonderful"]
BAD = ["awful", "terrible", "cold", "horrible", "bland", "disgusting"]
THINGS = ["soup", "pasta", "service", "wine", "bread", "dessert", "staff", "music"]


def _examples(words, polarity):
    aspects, polarities = [], []
    for word in words:
        for thing in THINGS:
            text = f"The {thing} was {word}."
            aspects.append(Aspect(text, 4, 4 + len(thing)))
            polarities.append(polarity)
    return aspects, polarities


def _toy():
    """Sentences of one aspect, and pairs of sentences whose two aspects differ (the
    good one first, then the bad one first)."""
    good, good_polarities = _examples(GOOD, "positive")
    bad, bad_polarities = _examples(BAD, "negative")
    pairs, pair_polarities = [], []
    for i, (nice, nasty) in enumerate(zip(GOOD, BAD, strict=True)):
        for (first, said), (second, then) in [
            ((THINGS[i], nice), (THINGS[-1 - i], nasty)),
            ((THINGS[-1 - i], nasty), (THINGS[i], nice)),
        ]:
            text = f"The {first} was {said}. The {second} was {then}."
            second_start = text.index(second, len(first) + 4)
            pairs += [
                Aspect(text, 4, 4 + len(first)),
                Aspect(text, second_start, second_start + len(second)),
            ]
            pair_polarities += (
                ["positive", "negative"] if said == nice else ["negative", "positive"]
            )
    return good + bad + pairs, good_polarities + bad_polarities + pair_polarities


@pytest.fixture(scope="module")
def fitted():
    return fit_polarity(*_toy(), seed=0)


def test_the_term_is_marked_in_its_text():
    text = "The pasta was great but the service was slow."

    marked, start, end = network._marked(Aspect(text, 28, 35))

    assert marked == "The pasta was great but the [ service ] was slow."
    assert marked[start:end] == "service"


def test_a_long_text_is_cut_to_a_window_around_the_term():
    text = "word " * 200 + "The service was slow." + " word" * 200
    start = text.index("service")

    marked, first, last = network._marked(Aspect(text, start, start + len("service")))

    assert len(marked) == 2 * network.CONTEXT_CHARACTERS + len("[ service ]")
    assert marked[first:last] == "service"


def test_a_network_model_used_without_the_extra_says_to_install_it(monkeypatch):
    monkeypatch.setattr(network, "AVAILABLE", False)
    model = PolarityNetwork(labels=["negative", "positive"], weights={})

    with pytest.raises(network.NetworkUnavailable, match="'embeddings' extra"):
        model.predict([Aspect("The soup was great.", 4, 8)])


@needs_the_extra
def test_the_network_tells_the_polarity_of_unseen_sentences(fitted):
    texts = ["The curry was excellent.", "The curry was horrible."]

    predicted = fitted.predict([Aspect(text, 4, 9) for text in texts])

    assert predicted == ["positive", "negative"]


@needs_the_extra
def test_the_polarity_follows_the_marked_term(fitted):
    text = "The staff was awful. The soup was lovely."

    predicted = fitted.predict([Aspect(text, 4, 9), Aspect(text, 25, 29)])

    assert predicted == ["negative", "positive"]


@needs_the_extra
def test_the_same_seed_gives_the_same_weights(fitted):
    again = fit_polarity(*_toy(), seed=0)

    assert all(np.array_equal(again.weights[name], fitted.weights[name]) for name in fitted.weights)


@needs_the_extra
def test_a_stored_network_predicts_as_before(fitted):
    aspects = [Aspect("The wine was superb.", 4, 8), Aspect("The bread was bland.", 4, 9)]
    before = fitted.predict(aspects)
    buffer = io.BytesIO()
    joblib.dump(fitted, buffer)
    buffer.seek(0)

    loaded = joblib.load(buffer)

    assert loaded._network is None
    assert loaded.predict(aspects) == before


@needs_the_extra
def test_the_term_mask_covers_the_term_s_tokens_only():
    aspects = [Aspect("The pasta was great but the service was slow.", 28, 35)]

    inputs, term = network._batch(aspects)

    tokens = network.mpnet.tokenizer(network.MAX_TOKENS).id_to_token
    masked = [tokens(int(i)) for i, m in zip(inputs["input_ids"][0], term[0], strict=True) if m]
    assert "".join(masked).replace("##", "") == "service"
