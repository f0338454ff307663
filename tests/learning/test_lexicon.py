"""The sentiment lexicon columns (trainer/learning/lexicon.py)."""

from trainer.learning.absa import negation_marked
from trainer.learning.lexicon import COLUMNS, lexicon_features

TEXTS = ["The pasta was great.", "The pasta was not great.", "The pasta was awful.", "A table."]


def columns(texts, language="en"):
    marked = [negation_marked(text, language)[3] for text in texts]
    return lexicon_features(texts, marked, language).toarray()


def test_positive_negated_and_negative_words_land_on_their_side():
    great, not_great, awful, table = columns(TEXTS)

    assert columns(TEXTS).shape == (4, COLUMNS)
    # Columns 4-7 sum the positive valences of the words, 8-11 the negative ones.
    assert great[4] > 0 and great[8] == 0
    assert not_great[4] == 0 and not_great[8] > 0  # "great" after "not" counts reversed
    assert awful[8] > 0 and awful[4] == 0
    assert not table.any()


def test_other_languages_get_no_columns():
    assert columns(["Das Essen war gut."], "de").shape == (1, 0)
