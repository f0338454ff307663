"""Sentiment lexicon features of English text, as the SemEval-2014 winners used them
(NRC-Canada: how many words of a text a sentiment lexicon scores, their sum, their
largest, the last one).

The lexicon is VADER's (Hutto and Gilbert 2014; the ``vaderSentiment`` package, MIT),
7,500 English words and emoticons, each with a valence from -4 to 4. A text gets
:data:`COLUMNS` non-negative columns, positive and negative apart: VADER's own
scores of the text (its ``compound``, ``pos`` and ``neg``, which weigh boosters,
"but" and capitals), then over its words (negated ones, marked ``NOT_``, count
reversed and damped as VADER damps them) the sum, the count, the largest and the
last valence, each divided by 4. Other languages get no columns: the lexicon is
English.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import numpy as np
import scipy.sparse as sp
from vaderSentiment.vaderSentiment import N_SCALAR, SentimentIntensityAnalyzer

LANGUAGES = {"en"}
COLUMNS = 12
NEGATED = "NOT_"
SCALE = 4.0  # the largest valence of the lexicon


@cache
def _analyzer() -> SentimentIntensityAnalyzer:
    return SentimentIntensityAnalyzer()


def _valences(marked: Sequence[str]) -> np.ndarray:
    lexicon = _analyzer().lexicon
    found = []
    for word in marked:
        negated = word.startswith(NEGATED)
        valence = lexicon.get(word.removeprefix(NEGATED), 0.0)
        if valence:
            found.append(valence * N_SCALAR if negated else valence)
    return np.array(found or [0.0]) / SCALE


def _row(text: str, marked: Sequence[str]) -> list[float]:
    scores = _analyzer().polarity_scores(text)
    compound = scores["compound"]
    row = [max(compound, 0.0), max(-compound, 0.0), scores["pos"], scores["neg"]]
    valences = _valences(marked)
    for side in (valences, -valences):
        row += [side[side > 0].sum(), (side > 0).sum() / SCALE, max(side.max(), 0.0),
                max(side[-1], 0.0)]  # fmt: skip
    return row


def lexicon_features(texts: Sequence[str], marked: Sequence[Sequence[str]], language: str):
    """The lexicon columns of ``texts`` (``marked``: the words of each, negated ones
    marked ``NOT_``), a sparse matrix; no columns for a language other than English."""
    if language not in LANGUAGES:
        return sp.csr_matrix((len(texts), 0), dtype=np.float32)
    rows = [_row(text, words) for text, words in zip(texts, marked, strict=True)]
    return sp.csr_matrix(np.array(rows, dtype=np.float32).reshape(len(texts), COLUMNS))
