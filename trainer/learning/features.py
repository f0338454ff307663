"""What the learners of the vendor's document-level types share: document features,
a linear model whose ``C`` is chosen on the train set, and micro precision/recall/F1.

Features are two TF-IDF views of a text: its words (1- to 3-grams of the normalised
words, those after a negation marked ``NOT_`` to the end of their clause, see
:func:`trainer.learning.absa.negation_marked`) and its characters (2- to 5-grams
within words); for English also its sentiment lexicon columns
(:mod:`trainer.learning.lexicon`). :func:`nb_weights` weights each column by how well it tells
labels apart: the largest absolute log-ratio, over the labels, of its smoothed
share in the texts of the label and in the others (the naive Bayes weighting of
NB-SVM, Wang and Manning 2012).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.model_selection import KFold, StratifiedKFold
from sklearn.svm import LinearSVC

from .absa import negation_marked
from .common import prf
from .lexicon import lexicon_features
from .text import check_language, normalizer_for

C_CANDIDATES = (0.1, 0.3, 1.0)
# C is chosen on a sample of this many rows at most (as classifier.py does): a few
# thousand show which C is best, and a large train set still trains in a minute.
MAX_CV_ROWS = 4000
WORD_NGRAMS = (1, 3)
FOLDS = 3


def _marked_words(text: str, language: str) -> tuple[str, ...]:
    return negation_marked(text, language)[3]


@dataclass
class DocumentFeatures:
    """Fitted TF-IDF views of whole texts; picklable."""

    language: str
    words: TfidfVectorizer
    chars: TfidfVectorizer

    @classmethod
    def fit(cls, texts: Sequence[str], *, language: str) -> DocumentFeatures:
        """The views fitted on ``texts``."""
        check_language(language)
        words = TfidfVectorizer(
            token_pattern=r"\S+",  # noqa: S106 - a regular expression, not a password
            lowercase=False,
            ngram_range=WORD_NGRAMS,
            sublinear_tf=True,
            max_features=300_000,
            dtype=np.float32,
        )
        chars = TfidfVectorizer(
            analyzer="char_wb",
            preprocessor=normalizer_for(language),
            lowercase=False,
            ngram_range=(2, 5),
            min_df=2,
            sublinear_tf=True,
            max_features=300_000,
            dtype=np.float32,
        )
        words.fit([" ".join(_marked_words(text, language)) for text in texts])
        chars.fit(texts)
        return cls(language=language, words=words, chars=chars)

    def transform(self, texts: Sequence[str]):
        marked = [_marked_words(text, self.language) for text in texts]
        return sp.hstack(
            [
                self.words.transform([" ".join(words) for words in marked]),
                self.chars.transform(texts),
                lexicon_features(texts, marked, self.language),
            ],
            format="csr",
        )


def nb_weights(matrix, labels: Sequence) -> np.ndarray:
    """The naive Bayes weight of each column of ``matrix`` for ``labels`` (one per row)."""
    present = (matrix > 0).astype(np.float32)
    labels = np.asarray(labels)
    weights = np.zeros(matrix.shape[1], dtype=np.float32)
    for label in np.unique(labels):
        inside = np.asarray(present[labels == label].sum(axis=0)).ravel() + 1.0
        outside = np.asarray(present[labels != label].sum(axis=0)).ravel() + 1.0
        ratio = np.abs(np.log((inside / inside.sum()) / (outside / outside.sum())))
        weights = np.maximum(weights, ratio)
    return weights


def weighted(matrix, weights: np.ndarray):
    return matrix.multiply(weights).tocsr()


def linear(c: float, seed: int) -> LinearSVC:
    return LinearSVC(C=c, random_state=seed, max_iter=5000)


def fit_quietly(estimator, features, targets):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return estimator.fit(features, targets)


def folds(targets: Sequence[str], *, seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Cross-validation splits of the train rows, stratified by ``targets`` when every
    target has FOLDS rows; ``[]`` when there are too few rows to split."""
    targets = list(targets)
    counts = [targets.count(t) for t in set(targets)]
    if len(targets) < 2 * FOLDS:
        return []
    if min(counts) >= FOLDS:
        splitter = StratifiedKFold(FOLDS, shuffle=True, random_state=seed)
        return list(splitter.split(np.zeros(len(targets)), targets))
    return list(KFold(FOLDS, shuffle=True, random_state=seed).split(targets))


def best_c(
    features, targets: Sequence[str], *, seed: int, score: Callable[[list, list], float]
) -> float:
    """The ``C`` of :data:`C_CANDIDATES` whose linear model scores best over folds of
    at most :data:`MAX_CV_ROWS` train rows drawn at random (1.0 when they are too few
    to split)."""
    targets = np.asarray(targets)
    if len(targets) > MAX_CV_ROWS:
        rows = np.sort(np.random.default_rng(seed).choice(len(targets), MAX_CV_ROWS, replace=False))
        features, targets = features[rows], targets[rows]
    splits = folds(list(targets), seed=seed)
    if not splits:
        return 1.0
    results = {}
    for c in C_CANDIDATES:
        predicted = np.empty(len(targets), dtype=object)
        for fit_rows, check_rows in splits:
            if len(set(targets[fit_rows])) < 2:
                return 1.0
            model = fit_quietly(linear(c, seed), features[fit_rows], targets[fit_rows])
            predicted[check_rows] = model.predict(features[check_rows])
        results[c] = score(list(targets), list(predicted))
    return max(C_CANDIDATES, key=lambda c: results[c])


def accuracy(gold: Sequence, predicted: Sequence) -> float:
    return float(np.mean(np.asarray(gold, dtype=object) == np.asarray(predicted, dtype=object)))


def micro(gold: Sequence[set], predicted: Sequence[set]) -> dict:
    """Micro ``{precision, recall, f1, support}`` of sets of items per document."""
    tp = sum(len(g & p) for g, p in zip(gold, predicted, strict=True))
    fp = sum(len(p - g) for g, p in zip(gold, predicted, strict=True))
    fn = sum(len(g - p) for g, p in zip(gold, predicted, strict=True))
    return prf(tp, fp, fn)
